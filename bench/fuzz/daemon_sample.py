"""--sample-daemon N: N mutants through the real daemon path, `dropbox once`, inside zips, on a generated
local-folder project laid out like samples/run-sample.sh's (a sender's inbox, club_house, a local far site,
the TEST-ONLY receiver key). The encrypted packages are decrypted with the TEST-ONLY secret key in a throwaway
keyring and their DICOM files judged by the same oracles (phi-scan without --original: the daemon renames)."""
import json
import os
import subprocess
import tempfile
import time
import zipfile

import oracles

SENDER, DIRECTION, PER_ZIP = "FUZZ", "From_FUZZ_To_LAB", 10


def _config(work, repo, deid_args):
    options = [x for i, x in enumerate(deid_args) if i > 0 and deid_args[i - 1] == "--option"]
    relax = [x for i, x in enumerate(deid_args) if i > 0 and deid_args[i - 1] == "--relax"]
    return {"DropBox": {
        "StateDirectory": os.path.join(work, "state"), "LogDirectory": os.path.join(work, "log"),
        "LogLevel": "Information",
        "Projects": {"fuzz": {
            "Root": os.path.join(work, "root"), "Direction": DIRECTION, "Senders": [SENDER],
            "ReceiverKeys": [os.path.join(repo, "samples", "keys", "TEST-ONLY-receiver.pub.asc")],
            "Deidentify": {"Options": options, "Relax": relax, "PseudonymFormat": "FUZZ-{0:0000}"},
            "Intake": {"QuietPeriod": "00:00:01", "ClaimSettleDelay": "00:00:00.2", "PollInterval": "00:00:10",
                       "IncompleteDeadline": "00:10:00"},
            "Sync": {"Schedule": "0 0/5 * * * ?", "QuietPeriod": "00:00:00",
                     "Target": {"Type": "local", "Directory": os.path.join(work, "far-site")}}}}}}


def run(a, dropbox, infos, mutant_dir):
    repo = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    work = os.path.join(a.out, "daemon")
    step = max(1, len(infos) // a.sample_daemon)
    chosen = infos[::step][:a.sample_daemon]
    inbox = os.path.join(work, "root", SENDER, "gpg")
    outbox = os.path.join(work, "root", "club_house", DIRECTION, "gpg-" + SENDER)
    for d in (inbox, outbox, os.path.join(work, "far-site")):
        os.makedirs(d)
    zips = {}
    for k in range(0, len(chosen), PER_ZIP):
        name = "fuzz-%03d.zip" % (k // PER_ZIP)
        with zipfile.ZipFile(os.path.join(inbox, name), "w", zipfile.ZIP_DEFLATED) as z:
            for info in chosen[k:k + PER_ZIP]:
                z.write(os.path.join(mutant_dir, info["name"]), info["name"])
        zips[name] = [i["id"] for i in chosen[k:k + PER_ZIP]]
    config = os.path.join(work, "appsettings.json")
    with open(config, "w", encoding="utf-8") as f:
        json.dump(_config(work, repo, __import__("shlex").split(a.deid_args)), f, indent=1)
    time.sleep(1.5)  # the intake's quiet period: an upload counts as complete once it stops changing
    t0 = time.monotonic()
    try:
        once = subprocess.run(dropbox + ["once", "--config", config], capture_output=True,
                              timeout=60 + a.timeout * len(chosen))
        exit_code, stderr = once.returncode, once.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        exit_code, stderr = None, "dropbox once did not finish: killed (hang)"
    seconds = round(time.monotonic() - t0, 1)
    listing = subprocess.run(dropbox + ["quarantine", "list", "--config", config], capture_output=True)
    quarantine_lines = [l for l in listing.stdout.decode("utf-8", "replace").splitlines() if l.strip()]
    reasons = {}
    for line in quarantine_lines[1:]:  # PROJECT ID SENDER CODE TIME ...: the header line first
        fields = line.split()
        if len(fields) >= 4:
            reasons[fields[3]] = reasons.get(fields[3], 0) + 1
    files = _decrypt(work, repo, outbox)
    dumps = oracles.dcmdump(files, a.jobs)
    reads = oracles.pydicom_strict(files)
    scans = _scan(a.corpus, files, work)
    hits = [dict(file=os.path.relpath(p, work), value=h["value"], kind=h["kind"], encoding=h["encoding"])
            for p, rec in scans.items() for h in rec["phi_hits"] if not h.get("error")]
    profile = [dict(file=os.path.relpath(p, work), **x) for p, rec in scans.items() for x in rec["profile"]
               if x["level"] == "FAIL"]
    rejected = [dict(file=os.path.relpath(p, work), dcmdump=dumps[p][:4], pydicom=reads[p]) for p in files
                if dumps[p] or reads[p] != "ok"]
    crashed = exit_code not in (0, 3) or "Unhandled exception" in stderr
    result = {"mutants": [i["id"] for i in chosen], "zips": zips, "exit": exit_code, "seconds": seconds,
              "crash": crashed, "stderr_tail": stderr[-1500:] if crashed else "",
              "quarantines_by_reason": reasons,
              "pipeline_errors": [l for l in stderr.splitlines() if "[ERR]" in l or "[FTL]" in l][:20], "outputs": len(files),
              "planted_value_hits": hits, "profile_findings": profile, "rejected_outputs": rejected}
    result["summary"] = ("%d mutants in %d zips: exit %s in %s s%s, %d DICOM files delivered, quarantined %s, "
                         "%d planted-value hits, %d profile findings, %d rejected outputs" % (
                             len(chosen), len(zips), exit_code, seconds, " (CRASH)" if crashed else "", len(files),
                             reasons, len(hits), len(profile), len(rejected)))
    print("# daemon sample: " + result["summary"], flush=True)
    return result


def _decrypt(work, repo, outbox):
    """The delivered packages (club_house/.../*.zip.gpg) opened with the TEST-ONLY key; -> DICOM file paths."""
    out = os.path.join(work, "decrypted")
    os.makedirs(out, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="fuzz-gnupg-") as home:
        env = dict(os.environ, GNUPGHOME=home)
        subprocess.run(["gpg", "--batch", "--quiet", "--import",
                        os.path.join(repo, "samples", "keys", "TEST-ONLY-receiver.secret.asc")],
                       env=env, capture_output=True, check=True)
        for name in sorted(os.listdir(outbox)):
            if not name.endswith(".gpg"):
                continue
            target = os.path.join(out, name[:-4])
            subprocess.run(["gpg", "--batch", "--quiet", "--yes", "--decrypt", "-o", target,
                            os.path.join(outbox, name)], env=env, capture_output=True, check=True)
            with zipfile.ZipFile(target) as z:
                z.extractall(target + ".d")
            os.remove(target)
    return sorted(os.path.join(dp, f) for dp, _, fs in os.walk(out) for f in fs)


def _scan(corpus, files, work):
    if not files:
        return {}
    report = os.path.join(work, "phi-scan.json")
    cmd = [oracles.PYTHON, os.path.join(corpus, "phi-scan.py"), "--manifest",
           os.path.join(corpus, "synthetic", "manifest.json"), "--global", "--clean", "struct_cont",
           "--json", report, "--quiet"]
    if oracles.profile_table(corpus):
        cmd += ["--profile", oracles.profile_table(corpus)]
    with open(os.path.join(work, "phi-scan.log"), "wb") as log:
        subprocess.run(cmd + files, stdout=log, stderr=log)
    with open(report, encoding="utf-8") as f:
        return {rec["file"]: rec for rec in json.load(f)}
