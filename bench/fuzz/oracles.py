"""The corpus's independent oracles over the outputs: dcmdump, a strict pydicom read and phi-scan.py.
None of them uses the product's code."""
import json
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON = "/usr/bin/python3"


def dcmdump(paths, jobs, timeout=60):
    """path -> list of complaint lines ([] = clean). `-dc` turns off dcmtk's silent corrections; a non-zero exit
    or any W:/E: line is a rejection (corpus README, oracle 1)."""
    def one(path):
        try:
            r = subprocess.run(["dcmdump", "-dc", "--log-level", "warn", path], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, timeout=timeout)
        except subprocess.TimeoutExpired:
            return path, ["dcmdump timed out after %d s" % timeout]
        lines = [l.replace(path, "FILE") for l in r.stderr.decode("utf-8", "replace").splitlines()
                 if l.startswith(("W:", "E:", "F:"))]
        if r.returncode != 0:
            lines.insert(0, "exit %d" % r.returncode)
        return path, lines
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return dict(pool.map(one, paths))


def pydicom_strict(paths, timeout=1800):
    """path -> "ok" or "ExceptionName: message": one interpreter for all files (pydicom's import dominates)."""
    if not paths:
        return {}
    r = subprocess.run([PYTHON, os.path.join(HERE, "pydicom_strict.py")], input="\n".join(paths).encode(),
                       stdout=subprocess.PIPE, timeout=timeout)
    out = {}
    for line in r.stdout.decode("utf-8", "replace").splitlines():
        parts = line.split("\t", 2)
        if len(parts) == 3:
            out[parts[1]] = parts[0] if parts[0] == "ok" else parts[0] + ": " + parts[2]
    for p in paths:
        out.setdefault(p, "no verdict (the reader died: exit %d)" % r.returncode)
    return out


def phi_scan(corpus, out_dir, originals_dir, names, jobs, work, clean="struct_cont", timeout=3600):
    """name -> phi-scan.py record (phi_hits, profile) for the outputs, scanned for EVERY planted value
    (--global: a mutant's name is not the manifest's key) and profile-checked against its mutant input."""
    chunks = [names[i::jobs] for i in range(jobs)]

    def one(k):
        if not chunks[k]:
            return []
        report = os.path.join(work, "phi-scan-%d.json" % k)
        cmd = [PYTHON, os.path.join(corpus, "phi-scan.py"), "--manifest", os.path.join(corpus, "synthetic",
               "manifest.json"), "--global", "--root", out_dir, "--original", originals_dir, "--json", report,
               "--quiet"]
        if clean:
            cmd += ["--clean", clean]
        if profile_table(corpus):
            cmd += ["--profile", profile_table(corpus)]
        with open(os.path.join(work, "phi-scan-%d.log" % k), "wb") as log:
            subprocess.run(cmd + [os.path.join(out_dir, n) for n in chunks[k]], stdout=log, stderr=log,
                           timeout=timeout)
        with open(report, encoding="utf-8") as f:
            return json.load(f)
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        records = [rec for part in pool.map(one, range(jobs)) for rec in part]
    return {rec["rel"]: rec for rec in records}


def profile_table(corpus):
    """PS3.15 Table E.1-1 where phi-scan.py looks for it (../dicom beside the corpus), or None: then only the
    planted values are scanned for, and the report says the profile was not checked."""
    path = os.path.join(corpus, "..", "dicom", "ps3.15-table-E.1-1.tsv")
    return os.path.abspath(path) if os.path.exists(path) else None


def needle_in(path, needle_hex):
    """Whether the exact bytes phi-scan found also occur in this file (the mutant input), inflated if deflated."""
    import dicom_walk
    try:
        with open(path, "rb") as f:
            raw = f.read()
        needle = bytes.fromhex(needle_hex)
        return needle in raw or needle in dicom_walk.parse(raw).data
    except (OSError, ValueError):
        return None
