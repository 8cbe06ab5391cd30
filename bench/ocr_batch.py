#!/usr/bin/python3
"""Whether one tesseract process reading several frames beats one process per frame (bench/pixel-bench.sh).

Usage: ocr_batch.py GENERATED_DIR --scale N --frames N --work DIR

Takes the first FRAMES frame renderings of GENERATED_DIR (tests/DropBox.Testing/pixelgen/burned_in.py output),
enlarges each bilinearly by SCALE (as TesseractFrameTextReader does) and writes them as PGM/PPM files, 0600, into
WORK (the daemon would use its private work folder). Then, single-threaded (OMP_THREAD_LIMIT=1), one after another:
  per-frame  one `tesseract stdin stdout --psm 11 -l eng tsv` per frame, the frame on stdin (what the reader does);
  list       one `tesseract LIST stdout --psm 11 -l eng tsv`, LIST a text file naming the frame files;
  tiff       one `tesseract stdin stdout --psm 11 -l eng tsv`, the frames as one multi-page TIFF on stdin (no file);
and prints ms per frame (wall and CPU: CPU time is what a loaded machine distorts least) for each, and whether the
list and TIFF runs gave every frame the same words with the same boxes (their tsv's page_num says which frame).
"""
import io
import os
import resource
import subprocess
import sys
import time
import json

from PIL import Image

ENV = dict(os.environ, OMP_THREAD_LIMIT="1")
ARGS = ["--psm", "11", "-l", "eng", "tsv"]


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def words_by_page(tsv, first_page):
    pages = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) == 12 and cols[0] == "5" and cols[11].strip():
            page = int(cols[1]) - first_page
            pages.setdefault(page, set()).add((cols[11].strip(), int(cols[6]), int(cols[7]), int(cols[8]), int(cols[9])))
    return pages


def main(argv):
    folder = argv[1]
    scale = int(argv[argv.index("--scale") + 1])
    count = int(argv[argv.index("--frames") + 1])
    work = argv[argv.index("--work") + 1]
    os.makedirs(work, mode=0o700, exist_ok=True)
    cases = json.load(open(os.path.join(folder, "manifest.json")))["cases"]
    renderings = [os.path.join(folder, r) for case in cases for r in case["renderings"]][:count]
    paths = []
    for i, source in enumerate(renderings):
        image = Image.open(source)
        image = image.resize((image.width * scale, image.height * scale), Image.BILINEAR)
        path = os.path.join(work, "frame-%04d.%s" % (i, "pgm" if image.mode == "L" else "ppm"))
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            image.save(f, format="PPM")
        paths.append(path)

    started, cpu0 = time.monotonic(), children_cpu()
    single = {}
    for i, path in enumerate(paths):
        out = subprocess.run(["tesseract", "stdin", "stdout"] + ARGS, input=open(path, "rb").read(),
                             capture_output=True, check=True, env=ENV).stdout.decode()
        single[i] = words_by_page(out, 1).get(0, set())
    per_frame, per_frame_cpu = time.monotonic() - started, children_cpu() - cpu0

    listing = os.path.join(work, "frames.txt")
    fd = os.open(listing, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write("".join(p + "\n" for p in paths))
    started, cpu0 = time.monotonic(), children_cpu()
    out = subprocess.run(["tesseract", listing, "stdout"] + ARGS, capture_output=True, check=True, env=ENV).stdout.decode()
    batched, batched_cpu = time.monotonic() - started, children_cpu() - cpu0
    pages = words_by_page(out, min((int(r.split("\t")[1]) for r in out.splitlines()[1:] if r[:2] == "5\t"), default=1))

    # The same frames as one multi-page TIFF on stdin: no frame file on disk at all.
    buffer = io.BytesIO()
    images = [Image.open(p) for p in paths]
    images[0].save(buffer, format="TIFF", save_all=True, append_images=images[1:])
    started, cpu0 = time.monotonic(), children_cpu()
    out = subprocess.run(["tesseract", "stdin", "stdout"] + ARGS, input=buffer.getvalue(), capture_output=True, check=True,
                         env=ENV).stdout.decode()
    tiff, tiff_cpu = time.monotonic() - started, children_cpu() - cpu0
    tiff_pages = words_by_page(out, min((int(r.split("\t")[1]) for r in out.splitlines()[1:] if r[:2] == "5\t"), default=1))

    same = sum(1 for i in range(len(paths)) if pages.get(i, set()) == single[i])
    tiff_same = sum(1 for i in range(len(paths)) if tiff_pages.get(i, set()) == single[i])
    words = sum(len(w) for w in single.values())
    print("per-frame: %d frames in %.1f s, %.0f ms per frame, %.0f ms CPU per frame (%d words)" % (
        len(paths), per_frame, 1000 * per_frame / len(paths), 1000 * per_frame_cpu / len(paths), words))
    print("list:      %d frames in %.1f s, %.0f ms per frame, %.0f ms CPU per frame; frames with the same words and boxes: %d/%d" % (
        len(paths), batched, 1000 * batched / len(paths), 1000 * batched_cpu / len(paths), same, len(paths)))
    print("tiff:      %d frames in %.1f s, %.0f ms per frame, %.0f ms CPU per frame; frames with the same words and boxes: %d/%d" % (
        len(paths), tiff, 1000 * tiff / len(paths), 1000 * tiff_cpu / len(paths), tiff_same, len(paths)))
    print("list vs per-frame: %.2fx wall, %.2fx CPU" % (per_frame / batched, per_frame_cpu / batched_cpu))
    print("tiff vs per-frame: %.2fx wall, %.2fx CPU" % (per_frame / tiff, per_frame_cpu / tiff_cpu))


if __name__ == "__main__":
    main(sys.argv)
