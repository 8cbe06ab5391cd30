#!/usr/bin/python3
"""fuzz.py -- mutants of the corpus through `dropbox deid`, judged by the corpus's independent oracles.
Called by bench/fuzz.sh (which builds the program); see bench/README.md, "Fuzzing (issue 11)".

Writes into --out: mutants/ (the inputs), out/ (deid's outputs, same names), report.json (machine-readable)
and summary.txt (for people). Exit 0: no finding; 1: findings; 2: the run itself failed.
"""
import argparse
import json
import os
import platform
import shlex
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import deid_batches  # noqa: E402
import mutate  # noqa: E402
import oracles  # noqa: E402
import report  # noqa: E402

DEFAULT_DEID = "--option CleanStructuredContent --relax burned-in-annotation"


def arguments():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--dropbox", required=True, help="the program, e.g. 'dotnet /path/dropbox.dll' or a native path")
    ap.add_argument("--corpus", required=True, help="../shared/dicom-corpus")
    ap.add_argument("--out", required=True, help="work and report folder (emptied first)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--replay", action="append", default=[],
                    help="run only these mutant ids (s<seed>-<index>), repeatable; the mutants are kept in --out")
    ap.add_argument("--baseline", action="store_true", help="run the unmutated corpus instead (a control)")
    ap.add_argument("--timeout", type=float, default=20.0, help="seconds per file (default 20)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=25)
    ap.add_argument("--deid-args", default=DEFAULT_DEID, help="settings passed to deid (default: %(default)s)")
    ap.add_argument("--sample-daemon", type=int, default=0, help="also send N mutants through `dropbox once` in zips")
    ap.add_argument("--max-rss-mb", type=float, default=300.0)
    return ap.parse_args()


def write_mutants(a, mutant_dir):
    """-> list of mutant info dicts (mutate.make's), files written into mutant_dir."""
    corpus = mutate.Corpus(a.corpus)
    if a.baseline:
        infos = []
        for i, rel in enumerate(sorted(corpus.real + [p for u in corpus.synthetic_units for p in u])):
            data = corpus.read(rel)
            infos.append(({"id": "base-%05d" % i, "name": "base-%05d-identity-%s" % (i, rel.replace("/", "~")),
                           "source": rel, "kind": "identity", "detail": "unchanged", "size": len(data)}, data))
    else:
        wanted = [mutate.parse_id(r) for r in a.replay] or [(a.seed, i) for i in range(a.count)]
        infos = [mutate.make(corpus, seed, index) for seed, index in wanted]
    for info, data in infos:
        with open(os.path.join(mutant_dir, info["name"]), "wb") as f:
            f.write(data)
    with open(os.path.join(mutant_dir, "..", "mutants.jsonl"), "w", encoding="utf-8") as log:
        for info, _ in infos:
            log.write(json.dumps(info) + "\n")
    return [info for info, _ in infos]


def main():
    a = arguments()
    if os.path.isdir(a.out) and os.listdir(a.out):
        if not any(os.path.exists(os.path.join(a.out, x)) for x in ("mutants.jsonl", "mutants")):
            sys.exit("fuzz.py: %s is not empty and holds no earlier fuzz run; give a new or empty folder" % a.out)
        shutil.rmtree(a.out)
    mutant_dir, out_dir = os.path.join(a.out, "mutants"), os.path.join(a.out, "out")
    for d in (mutant_dir, out_dir, os.path.join(a.out, "batches"), os.path.join(a.out, "state")):
        os.makedirs(d)
    t0 = time.monotonic()
    infos = write_mutants(a, mutant_dir)
    t_mutate = time.monotonic() - t0
    print("# %d mutants in %.1f s" % (len(infos), t_mutate), flush=True)

    runner = deid_batches.BatchRunner(shlex.split(a.dropbox), a.out, out_dir, shlex.split(a.deid_args),
                                      a.timeout, a.jobs)
    t1 = time.monotonic()
    runner.run_all(mutant_dir, [i["name"] for i in infos], a.batch_size)
    t_deid = time.monotonic() - t1
    outputs = sorted(n for n in os.listdir(out_dir) if os.path.isfile(os.path.join(out_dir, n)))
    print("# deid: %d outputs, %d quarantined, %d crashes, %d hangs in %.1f s (%d processes)" % (
        len(outputs), len(runner.quarantined), len(runner.crashes), len(runner.hangs), t_deid, runner.runs),
        flush=True)

    t2 = time.monotonic()
    out_paths = [os.path.join(out_dir, n) for n in outputs]
    dumps = oracles.dcmdump(out_paths, a.jobs)
    reads = oracles.pydicom_strict(out_paths)
    scans = oracles.phi_scan(a.corpus, out_dir, mutant_dir, outputs, a.jobs, a.out)
    rejected = [n for n in outputs if dumps[os.path.join(out_dir, n)] or reads[os.path.join(out_dir, n)] != "ok"]
    in_paths = [os.path.join(mutant_dir, n) for n in rejected]
    input_dumps = oracles.dcmdump(in_paths, a.jobs)
    input_reads = oracles.pydicom_strict(in_paths)
    t_oracles = time.monotonic() - t2
    print("# oracles in %.1f s" % t_oracles, flush=True)

    daemon = None
    if a.sample_daemon > 0:
        import daemon_sample
        daemon = daemon_sample.run(a, shlex.split(a.dropbox), infos, mutant_dir)

    doc = report.build(a, infos, runner, outputs, out_dir, mutant_dir, dumps, reads, scans, input_dumps,
                       input_reads, daemon)
    doc["timing_seconds"] = {"mutate": round(t_mutate, 1), "deid": round(t_deid, 1), "oracles": round(t_oracles, 1),
                             "total": round(time.monotonic() - t0, 1)}
    doc["machine"] = {"cores": os.cpu_count(), "load_average": open("/proc/loadavg").read().split()[:3],
                      "python": platform.python_version()}
    with open(os.path.join(a.out, "report.json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
    summary = report.summary(doc)
    with open(os.path.join(a.out, "summary.txt"), "w", encoding="utf-8") as f:
        f.write(summary)
    print(summary)
    shutil.rmtree(os.path.join(a.out, "batches"), ignore_errors=True)
    sys.exit(0 if doc["clean"] else 1)


if __name__ == "__main__":
    main()
