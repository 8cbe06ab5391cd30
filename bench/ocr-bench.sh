#!/usr/bin/env bash
# ocr-bench.sh -- on-demand speed and recall benchmark of OCR of burned-in text (NOT part of the tests).
#
# Usage: bench/ocr-bench.sh [--cine FRAMES] [--work DIR] [--keep]
#   --cine FRAMES  frames of the cine timed whole (default 100)
#   --work DIR     scratch folder (default /tmp/dropbox-ocr-bench); deleted at the end unless --keep
#
# Runs tesseract the way TesseractFrameTextReader does (the frame enlarged bilinearly by the scale, piped in as
# PGM/PPM on stdin, `tesseract stdin stdout --psm 11 -l eng tsv`, OMP_THREAD_LIMIT=1, one process per frame)
# through bench/ocr_recall.py, over the 640x480 synthetic burned-in frames of
# tests/DropBox.Testing/pixelgen/burned_in.py, and prints for scale 1 and 2:
#   ms per 640x480 frame single-threaded (jobs 1) and with frames in parallel across the cores (jobs = nproc),
#   how many planted words (by kind and font size) were read back,
#   the seconds for a cine of FRAMES 640x480 frames read across the cores.
# A shared machine's load only adds time: run it on a quiet machine for the numbers in bench/README.md.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
cine=100; work=/tmp/dropbox-ocr-bench; keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --cine) cine=$2; shift 2;;
    --work) work=$2; shift 2;;
    --keep) keep=1; shift;;
    -h|--help) sed -n '2,16p' "$0"; exit 0;;
    *) echo "ocr-bench: unknown argument $1" >&2; exit 2;;
  esac
done
for tool in tesseract /usr/bin/python3; do
  command -v "$tool" >/dev/null || { echo "ocr-bench: $tool is missing (apt-get install tesseract-ocr)" >&2; exit 2; }
done

rm -rf "$work"; mkdir -p "$work/frames" "$work/cine"
[ $keep -eq 1 ] || trap 'rm -rf "$work"' EXIT
gen="$repo/tests/DropBox.Testing/pixelgen/burned_in.py"
cores=$(nproc)
/usr/bin/python3 "$gen" "$work/frames" --case us-grey-band --case us-rgb-band --case us-ybr-band \
  --case us-grey-small-font --case us-grey-tiny-font --case us-grey-cine --case us-rgb-cine --case sc-no-rule
/usr/bin/python3 "$gen" "$work/cine" --cine "$cine"
echo "# tesseract $(tesseract --version 2>&1 | head -1 | cut -d' ' -f2); $cores cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for scale in 1 2; do
  /usr/bin/python3 "$here/ocr_recall.py" "$work/frames" --psm 11 --scale "$scale" --jobs 1
  /usr/bin/python3 "$here/ocr_recall.py" "$work/frames" --psm 11 --scale "$scale" --jobs "$cores"
  echo -n "cine: "
  /usr/bin/python3 "$here/ocr_recall.py" "$work/cine" --psm 11 --scale "$scale" --jobs "$cores"
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
