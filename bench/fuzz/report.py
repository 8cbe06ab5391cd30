"""report.json and summary.txt: counts per category and per mutation kind, and every finding with what is
needed to reproduce it (seed + mutant id + source file + mutation) and what was found."""
import os
from collections import Counter, defaultdict

import attribution
import oracles

UNPARSEABLE = "unparseable by pydicom"


def _finding_base(info):
    return {"id": info["id"], "name": info["name"], "source": info["source"], "kind": info["kind"],
            "mutation": info["detail"]}


def build(a, infos, runner, outputs, out_dir, mutant_dir, dumps, reads, scans, input_dumps, input_reads, daemon):
    by_name = {i["name"]: i for i in infos}
    hits, profile, rejected = [], [], []
    for name in outputs:
        info = by_name[name]
        rec = scans.get(name, {"phi_hits": [], "profile": [{"level": "FAIL", "what": "phi-scan gave no verdict"}]})
        for h in rec["phi_hits"]:
            f = _finding_base(info)
            if h.get("error"):
                f.update({"scan_error": h["stream"]})
            else:
                needle_hex = h["needle"].encode(h["encoding"]).hex()
                f.update({"value": h["value"], "value_kind": h["kind"], "needle": h["needle"],
                          "encoding": h["encoding"], "stream": h["stream"], "offset": h["offset"],
                          "count": h["count"], "manifest_key": h["manifest_key"],
                          "attribute": attribution.locate(os.path.join(out_dir, name), h["offset"],
                                                          inflated=h["stream"] != "file"),
                          "in_mutant_input": oracles.needle_in(os.path.join(mutant_dir, name), needle_hex)})
            hits.append(f)
        for x in rec["profile"]:
            if x["level"] == "FAIL" and not x["what"].startswith(UNPARSEABLE):
                f = _finding_base(info)
                f.update({"path": x.get("path", ""), "attribute": x.get("attribute", ""),
                          "action": x.get("action", ""), "what": x["what"]})
                profile.append(f)
        out_path = os.path.join(out_dir, name)
        dump, read = dumps[out_path], reads[out_path]
        unparseable = [x["what"] for x in rec["profile"] if x["what"].startswith(UNPARSEABLE)]
        if dump or read != "ok" or unparseable:
            in_path = os.path.join(mutant_dir, name)
            f = _finding_base(info)
            f.update({"dcmdump": dump[:6], "pydicom": read, "pydicom_force_read": unparseable[:1],
                      "input_dcmdump": input_dumps.get(in_path, [])[:6],
                      "input_pydicom": input_reads.get(in_path, "ok"),
                      "input_also_rejected": bool(input_dumps.get(in_path)) or input_reads.get(in_path, "ok") != "ok"})
            rejected.append(f)

    quarantines = Counter(reason for reason, _ in runner.quarantined.values())
    crashes = [dict(_finding_base(by_name[c["name"]]), **c) for c in runner.crashes]
    hangs = [dict(_finding_base(by_name[h["name"]]), **h) for h in runner.hangs]
    per_kind = defaultdict(Counter)
    for info in infos:
        per_kind[info["kind"]]["mutants"] += 1
    out_set = set(outputs)
    for name in out_set:
        per_kind[by_name[name]["kind"]]["outputs"] += 1
    for name in runner.quarantined:
        per_kind[by_name[name]["kind"]]["quarantined"] += 1
    for label, items in (("crashes", crashes), ("hangs", hangs), ("rejected_outputs", rejected)):
        for f in items:
            per_kind[f["kind"]][label] += 1
    for label, items in (("outputs_with_planted_values", hits), ("outputs_with_profile_findings", profile)):
        for name in {f["name"] for f in items}:
            per_kind[by_name[name]["kind"]][label] += 1
    peak_mb = round(runner.peak_rss_kb / 1024.0, 1)
    hit_outputs = {f["name"] for f in hits}
    profile_outputs = {f["name"] for f in profile}
    counts = {
        "mutants": len(infos), "outputs": len(outputs), "quarantined": len(runner.quarantined),
        "missing_without_reason": len([i for i in infos if i["name"] not in out_set
                                       and i["name"] not in runner.quarantined]),
        "crashes": len(crashes), "hangs": len(hangs), "peak_rss_mb": peak_mb,
        "peak_rss_batch": getattr(runner, "peak_rss_batch", []),
        "outputs_with_planted_values": len(hit_outputs), "planted_value_hits": len(hits),
        "outputs_with_profile_findings": len(profile_outputs), "profile_findings": len(profile),
        "rejected_outputs": len(rejected),
        "rejected_outputs_whose_input_was_also_rejected": sum(1 for f in rejected if f["input_also_rejected"]),
        "rejected_by_dcmdump": sum(1 for f in rejected if f["dcmdump"]),
        "rejected_by_pydicom": sum(1 for f in rejected if f["pydicom"] != "ok"),
    }
    clean = (oracles.profile_table(a.corpus) is not None and counts["crashes"] == 0 and counts["hangs"] == 0 and not hits and not profile and not rejected
             and peak_mb < a.max_rss_mb)
    return {
        "format": "dropbox-fuzz-report", "version": 1,
        "seed": a.seed, "count": a.count, "baseline": a.baseline, "replay": a.replay,
        "deid_args": a.deid_args, "dropbox": a.dropbox, "timeout_per_file": a.timeout, "jobs": a.jobs,
        "batch_size": a.batch_size, "max_rss_mb": a.max_rss_mb,
        "profile_table": oracles.profile_table(a.corpus), "counts": counts, "clean": clean,
        "quarantines_by_reason": dict(sorted(quarantines.items())),
        "per_kind": {k: dict(v) for k, v in sorted(per_kind.items())},
        "crashes": crashes, "hangs": hangs, "planted_value_hits": hits, "profile_findings": profile,
        "rejected_outputs": rejected, "daemon_sample": daemon,
    }


def summary(doc):
    c = doc["counts"]
    lines = [
        "dropbox fuzz: seed %s, %d mutants, deid %s" % (doc["seed"], c["mutants"], doc["deid_args"]),
        "  outputs %d, quarantined %d %s, missing without a reason %d" % (
            c["outputs"], c["quarantined"], doc["quarantines_by_reason"], c["missing_without_reason"]),
        "  crashes %d, hangs %d, peak RSS %.1f MB (limit %.0f)" % (c["crashes"], c["hangs"], c["peak_rss_mb"],
                                                                  doc["max_rss_mb"]),
        "  planted-value hits %d in %d outputs; profile findings %d in %d outputs" % (
            c["planted_value_hits"], c["outputs_with_planted_values"], c["profile_findings"],
            c["outputs_with_profile_findings"]),
        "  outputs a reader rejects %d (dcmdump %d, pydicom %d; input also rejected for %d)" % (
            c["rejected_outputs"], c["rejected_by_dcmdump"], c["rejected_by_pydicom"],
            c["rejected_outputs_whose_input_was_also_rejected"]),
        "  verdict: %s" % ("CLEAN" if doc["clean"] else "FINDINGS"),
        "",
        "  %-15s %7s %7s %7s %6s %5s %6s %7s %8s" % ("kind", "mutants", "outputs", "quarant", "crash", "hang",
                                                      "planted", "profile", "rejected"),
    ]
    for kind, v in doc["per_kind"].items():
        lines.append("  %-15s %7d %7d %7d %6d %5d %6d %7d %8d" % (
            kind, v.get("mutants", 0), v.get("outputs", 0), v.get("quarantined", 0), v.get("crashes", 0),
            v.get("hangs", 0), v.get("outputs_with_planted_values", 0), v.get("outputs_with_profile_findings", 0),
            v.get("rejected_outputs", 0)))
    for title, items, fmt in (
            ("crashes", doc["crashes"], lambda f: "exit %s: %s" % (f["exit"], f["stderr_tail"][-200:].strip())),
            ("hangs", doc["hangs"], lambda f: "killed after %s s" % f["seconds"]),
            ("planted-value hits", doc["planted_value_hits"],
             lambda f: f.get("scan_error") or "%s %r (%s) in %s%s" % (
                 f["value_kind"], f["needle"], f["encoding"], f["attribute"],
                 "" if f["in_mutant_input"] else " [not in the input bytes]")),
            ("profile findings", doc["profile_findings"],
             lambda f: "%s %s %s: %s" % (f["path"], f["attribute"], f["action"], f["what"])),
            ("rejected outputs", doc["rejected_outputs"],
             lambda f: "dcmdump %s; pydicom %s; input %s" % (
                 (f["dcmdump"] or ["ok"])[0], f["pydicom"][:120],
                 "also rejected" if f["input_also_rejected"] else "accepted by both"))):
        if items:
            lines.append("")
            lines.append("%s (%d, first 10):" % (title, len(items)))
            for f in items[:10]:
                lines.append("  %s [%s from %s: %s]" % (f["id"], f["kind"], f["source"], f["mutation"]))
                lines.append("      %s" % fmt(f))
    if doc.get("daemon_sample"):
        lines += ["", "daemon sample: %s" % doc["daemon_sample"].get("summary", "")]
    return "\n".join(lines) + "\n"
