#!/usr/bin/python3
"""How many planted words tesseract reads back, and how fast, for one way of running it (bench/ocr-bench.sh).

Usage: ocr_recall.py GENERATED_DIR --psm N --scale N [--jobs N]

GENERATED_DIR is the output of tests/DropBox.Testing/pixelgen/burned_in.py. Each frame rendering is enlarged
(bilinear, as TesseractFrameTextReader does), piped to `tesseract stdin stdout --psm N tsv` with
OMP_THREAD_LIMIT=1, JOBS frames at once; a planted word counts as read when a word of the output equals it
(case and trailing punctuation aside). Prints recall per word kind and per font size, and ms per frame.
"""
import io
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from PIL import Image


def read(path, psm, scale):
    image = Image.open(path)
    if scale > 1:
        image = image.resize((image.width * scale, image.height * scale), Image.BILINEAR)
    buffer = io.BytesIO()
    image.save(buffer, format="PPM")
    out = subprocess.run(["tesseract", "stdin", "stdout", "--psm", str(psm), "-l", "eng", "tsv"],
                         input=buffer.getvalue(), capture_output=True, check=True,
                         env=dict(os.environ, OMP_THREAD_LIMIT="1")).stdout.decode()
    return {row.split("\t")[11].strip().rstrip(",.:;").upper() for row in out.splitlines()[1:]
            if row.startswith("5\t") and len(row.split("\t")) == 12}


def main(argv):
    folder = argv[1]
    psm = int(argv[argv.index("--psm") + 1])
    scale = int(argv[argv.index("--scale") + 1])
    jobs = int(argv[argv.index("--jobs") + 1]) if "--jobs" in argv else 1
    cases = json.load(open(os.path.join(folder, "manifest.json")))["cases"]
    frames = [(case, f) for case in cases for f in range(len(case["renderings"]))]
    started = time.monotonic()
    with ThreadPoolExecutor(jobs) as pool:
        words = list(pool.map(lambda cf: read(os.path.join(folder, cf[0]["renderings"][cf[1]]), psm, scale), frames))
    elapsed = time.monotonic() - started
    found, total = {}, {}
    for (case, f), read_words in zip(frames, words):
        for word in (w for w in case["words"] if w["frame"] == f):
            for key in (word["kind"], "font %dpx" % word["font_px"]):
                total[key] = total.get(key, 0) + 1
                hit = word["text"].rstrip(",.:;").upper() in read_words
                found[key] = found.get(key, 0) + hit
            if not hit and "--misses" in argv and word["kind"] != "other":
                print("missed: %s frame %d: %s %s (%dpx)" % (case["name"], f, word["kind"], word["text"], word["font_px"]))
    print("psm %d scale %d jobs %d: %d frames in %.1f s, %.0f ms per frame; read back: %s" % (
        psm, scale, jobs, len(frames), elapsed, 1000 * elapsed / len(frames),
        ", ".join("%s %d/%d" % (k, found[k], total[k]) for k in sorted(total))))


if __name__ == "__main__":
    main(sys.argv)
