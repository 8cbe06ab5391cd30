#!/usr/bin/env bash
# pixel-bench.sh -- on-demand speed benchmark of Clean Pixel Data through `dropbox deid` (NOT part of the tests).
#
# Usage: bench/pixel-bench.sh [--cine FRAMES] [--runs N] [--work DIR] [--keep] [--dropbox PROGRAM] [--no-batch]
#   --cine FRAMES    frames of the 640x480 cine (default 100)
#   --runs N         time each case N times and keep the fastest (default 3; load only ever adds time)
#   --work DIR       scratch folder (default /tmp/dropbox-pixel-bench); deleted at the end unless --keep
#   --dropbox PROG   use this dropbox program instead of publishing one with scripts/publish.sh
#   --no-batch       skip the tesseract batching measurement (bench/ocr_batch.py)
#
# Times the whole clean-then-verify flow, `dropbox deid FILE OUT --option CleanPixelData` (every frame read by
# tesseract, words no rule covers blanked, rule regions blanked, the cleaned frame read again), on the synthetic
# burned-in images of tests/DropBox.Testing/pixelgen/burned_in.py: (a) one 640x480 grey frame (us-grey-band),
# (b) one 640x480 RGB frame (us-rgb-band), (c) a cine of FRAMES 640x480 grey frames. Frames run in parallel across
# the cores the process may use (Environment.ProcessorCount), so each case runs pinned to one core
# (`taskset -c 0`: dropbox and its tesseract children share it) and on all cores. Then, for comparison, the OCR-only
# cost of the same frames (bench/ocr_recall.py, scale 2 as TesseractSettings' default, one read per frame), and
# what one tesseract process reading many frames (a list file, or a multi-page TIFF on stdin) saves over one process
# per frame (bench/ocr_batch.py). CPU seconds (user + system of dropbox and its tesseract children, /usr/bin/time)
# are printed beside wall time: a loaded machine stretches wall time far more than CPU time. Prints the 1-minute load
# average with every figure: on a shared machine compare ratios, not absolutes.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
cine=100; runs=3; work=/tmp/dropbox-pixel-bench; keep=0; prebuilt=""; batch=1
while [ $# -gt 0 ]; do
  case "$1" in
    --cine) cine=$2; shift 2;;
    --runs) runs=$2; shift 2;;
    --work) work=$2; shift 2;;
    --keep) keep=1; shift;;
    --dropbox) prebuilt=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2;;
    --no-batch) batch=0; shift;;
    -h|--help) sed -n '2,21p' "$0"; exit 0;;
    *) echo "pixel-bench: unknown argument $1" >&2; exit 2;;
  esac
done
for tool in tesseract taskset /usr/bin/python3; do
  command -v "$tool" >/dev/null || { echo "pixel-bench: $tool is missing (apt-get install tesseract-ocr util-linux)" >&2; exit 2; }
done
[ -n "$prebuilt" ] || command -v dotnet >/dev/null || { echo "pixel-bench: dotnet is missing" >&2; exit 2; }

rm -rf "$work"; mkdir -p "$work"; work=$(cd "$work" && pwd)
[ $keep -eq 1 ] || trap 'rm -rf "$work"' EXIT
. "$here/common.sh"
if [ -n "$prebuilt" ]; then
  dropbox=$prebuilt; build_kind="given ($prebuilt)"
else
  publish_cli
fi

gen="$repo/tests/DropBox.Testing/pixelgen/burned_in.py"
cores=$(nproc)
for case in us-grey-band us-rgb-band; do
  /usr/bin/python3 "$gen" "$work/$case" --case "$case" >/dev/null
done
/usr/bin/python3 "$gen" "$work/cine" --cine "$cine" >/dev/null
echo "# tesseract $(tesseract --version 2>&1 | head -1 | cut -d' ' -f2); $cores cores; build: $build_kind"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

load1() { cut -d' ' -f1 /proc/loadavg; }
now() { date +%s.%N; }
# One clean-then-verify run; every run gets a fresh state folder (secret, pseudonyms) and output folder. A run
# that does not exit 0 (a file held in quarantine counts) stops the bench: its time would not be the flow's.
declare -A best best_load best_cpu
deid_once() { # KEY CPUS FILE ROUND
  local key=$1 cpus=$2 file=$3 round=$4 t0 t l cpu
  local out="$work/out/$key-$round" state="$work/state/$key-$round"
  mkdir -p "$out" "$state"
  l=$(load1)
  t0=$(now)
  /usr/bin/time -o "$work/$key.cpu" -f "%U %S" taskset -c "$cpus" "$dropbox" deid "$file" "$out" --option CleanPixelData --state "$state" --jobs 1 \
    >"$work/$key.log" 2>&1 || { echo "pixel-bench: $key failed (exit $?):" >&2; tail -5 "$work/$key.log" >&2; exit 1; }
  t=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { print b - a }')
  cpu=$(awk '{ print $1 + $2 }' "$work/$key.cpu")
  [ "$(find "$out" -name '*.dcm' | wc -l)" -eq 1 ] || { echo "pixel-bench: $key wrote no output" >&2; exit 1; }
  echo "#   $key round $round: $t s, CPU $cpu s (load $l)"
  if [ -z "${best[$key]:-}" ] || awk -v t="$t" -v b="${best[$key]}" 'BEGIN { exit !(t < b) }'; then
    best[$key]=$t; best_load[$key]=$l; best_cpu[$key]=$cpu
  fi
}

all="0-$((cores - 1))"
for ((round = 1; round <= runs; round++)); do
  for cpus in 0 "$all"; do
    deid_once "grey@$cpus" "$cpus" "$work/us-grey-band/us-grey-band.dcm" "$round"
    deid_once "rgb@$cpus" "$cpus" "$work/us-rgb-band/us-rgb-band.dcm" "$round"
    deid_once "cine@$cpus" "$cpus" "$work/cine/cine.dcm" "$round"
  done
done

row() { # LABEL KEY CORES FRAMES
  awk -v n="$1" -v s="${best[$2]}" -v c="$3" -v f="$4" -v l="${best_load[$2]}" -v u="${best_cpu[$2]}" \
    'BEGIN { printf "| %-30s | %5s | %6d | %8.2f | %12.0f | %16.0f | %5s |\n", n, c, f, s, 1000 * s / f, 1000 * u / f, l }'
}
echo
echo "# dropbox deid --option CleanPixelData (clean then verify: two OCR reads per frame), best of $runs"
echo "| case                           | cores | frames | seconds  | ms per frame | CPU ms per frame | load  |"
echo "|--------------------------------|-------|--------|----------|--------------|------------------|-------|"
for cpus in 0 "$all"; do
  n=1; [ "$cpus" = "$all" ] && n=$cores
  row "640x480 grey, 1 frame" "grey@$cpus" "$n" 1
  row "640x480 RGB, 1 frame" "rgb@$cpus" "$n" 1
  row "640x480 grey cine" "cine@$cpus" "$n" "$cine"
done
for key in grey rgb cine; do
  awk -v k="$key" -v a="${best[$key@0]}" -v b="${best[$key@$all]}" -v c="$cores" \
    'BEGIN { printf "%s: %d cores %.2fx faster than 1\n", k, c, a / b }'
done

echo
echo "# OCR only (bench/ocr_recall.py: one tesseract read per frame, scale 2, no .NET, no cleaning); load $(load1)"
for case in us-grey-band us-rgb-band cine; do
  /usr/bin/python3 "$here/ocr_recall.py" "$work/$case" --psm 11 --scale 2 --jobs 1
  /usr/bin/python3 "$here/ocr_recall.py" "$work/$case" --psm 11 --scale 2 --jobs "$cores"
done

if [ $batch -eq 1 ]; then
  echo
  echo "# one tesseract process per frame vs one process reading a list of frames (bench/ocr_batch.py); load $(load1)"
  /usr/bin/python3 "$here/ocr_batch.py" "$work/cine" --scale 2 --frames "$(( cine < 10 ? cine : 10 ))" --work "$work/batch"
fi
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
