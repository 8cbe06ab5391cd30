#!/usr/bin/env bash
# codec-bench.sh -- on-demand throughput and memory benchmark of the DropBox codec (NOT part of the tests).
#
# Usage: bench/codec-bench.sh [STUDIES] [SLICES] [--big-mb N] [--work DIR] [--keep]
#   STUDIES, SLICES  size of the scale set (default 20 x 25 = 500 files, ~170 MB, MR/CT mix)
#   --big-mb N       size of the single multi-frame file for the peak-RSS run (default 1024; 0 skips it)
#   --work DIR       scratch folder (default /tmp/dropbox-bench); deleted at the end unless --keep
#
# Prints files/s and MB/s for, over the same scale set:
#   dropbox   `dropbox dicom rewrite SET OUT` (one process, scripts/publish.sh build: native)
#   dcmconv   dcmtk identity rewrite, one process per file, `xargs -P2`
#   cp -r     plain copy: the I/O bound on this machine
# then the peak RSS (/usr/bin/time -v) of `dropbox dicom rewrite` on one big multi-frame file.
# All runs read a hot page cache (the set was just written), so this compares CPU cost, not the disk.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
corpus="$repo/../shared/dicom-corpus"
studies=20; slices=25; big_mb=1024; work=/tmp/dropbox-bench; keep=0
positional=()
while [ $# -gt 0 ]; do
  case "$1" in
    --big-mb) big_mb=$2; shift 2;;
    --work) work=$2; shift 2;;
    --keep) keep=1; shift;;
    -h|--help) sed -n '2,15p' "$0"; exit 0;;
    *) positional+=("$1"); shift;;
  esac
done
[ ${#positional[@]} -ge 1 ] && studies=${positional[0]}
[ ${#positional[@]} -ge 2 ] && slices=${positional[1]}

for tool in dotnet dcmconv /usr/bin/python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "codec-bench: $tool is missing" >&2; exit 2; }
done
[ -x "$corpus/make-scale-set.sh" ] || { echo "codec-bench: $corpus/make-scale-set.sh not found" >&2; exit 2; }

rm -rf "$work"; mkdir -p "$work"
[ $keep -eq 1 ] || trap 'rm -rf "$work"' EXIT
. "$here/common.sh"
publish_cli
make_scale_set
echo "# set: $files files, $mb MB"

now() { date +%s.%N; }
report() { # name seconds
  awk -v n="$1" -v s="$2" -v f="$files" -v b="$bytes" \
    'BEGIN { printf "| %-8s | %8.2f | %9.1f | %8.1f |\n", n, s, f / s, b / 1e6 / s }'
}

sync
t0=$(now)
"$dropbox" dicom rewrite "$set_dir" "$work/out-dropbox"
t_dropbox=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { print b - a }')

t0=$(now)
(cd "$set_dir" && find . -type d -exec mkdir -p "$work/out-dcmconv/{}" \; \
  && find . -type f -print0 | OUT="$work/out-dcmconv" xargs -0 -P2 -n1 sh -c 'dcmconv "$1" "$OUT/$1"' sh)
t_dcmconv=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { print b - a }')

t0=$(now)
cp -r "$set_dir" "$work/out-cp"
t_cp=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { print b - a }')

echo
echo "| tool     | seconds  | files/s   | MB/s     |"
echo "|----------|----------|-----------|----------|"
report dropbox "$t_dropbox"
report dcmconv "$t_dcmconv"
report "cp -r" "$t_cp"
rm -rf "$work/out-dropbox" "$work/out-dcmconv" "$work/out-cp"

if [ "$big_mb" -gt 0 ]; then
  echo
  echo "# making a ${big_mb} MB multi-frame file (512x512 16-bit frames, Explicit VR LE)"
  big="$work/big.dcm"
  /usr/bin/python3 "$here/make-big-multiframe.py" "$big" "$big_mb"
  /usr/bin/time -v "$dropbox" dicom rewrite "$big" "$work/big-out.dcm" 2> "$work/time.txt" || {
    cat "$work/time.txt" >&2; exit 1; }
  rss_kb=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$work/time.txt")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$work/time.txt")
  cmp -s <(tail -c 1048576 "$big") <(tail -c 1048576 "$work/big-out.dcm") || echo "WARNING: pixel tail differs" >&2
  echo "| file | size | peak RSS | wall |"
  echo "|------|------|----------|------|"
  echo "| big.dcm | $(du -m "$big" | cut -f1) MB | $((rss_kb / 1024)) MB | $wall |"
fi
