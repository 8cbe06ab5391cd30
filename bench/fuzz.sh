#!/usr/bin/env bash
# fuzz.sh -- mutation fuzzer for the de-identifier (issue 11): seeded, reproducible mutants of
# ../shared/dicom-corpus through `dropbox deid`, judged by the corpus's own oracles (dcmdump, strict pydicom,
# phi-scan.py with the planted-PHI manifest and PS3.15 Table E.1-1). Part of the tests (a small seed) and a
# benchmark (10,000+ mutants): see bench/README.md, "Fuzzing (issue 11)".
#
# Usage: bench/fuzz.sh [--seed S] [--count N] [--out DIR] [--timeout SEC] [--jobs N] [--batch-size N]
#                      [--sample-daemon N] [--deid-args "ARGS"] [--baseline] [--replay ID]... [--keep ID]
#                      [--dropbox PROGRAM] [--native]
#   --seed S          mutant i of seed S is the same bytes on every run (default 1)
#   --count N         mutants (default 300)
#   --out DIR         work + report folder, emptied first (default /tmp/dropbox-fuzz): report.json, summary.txt,
#                     mutants/ (inputs), out/ (outputs under the same names)
#   --timeout SEC     per file (default 20); batches get files x SEC, a timed-out batch is bisected to the file
#   --jobs N          deid processes and oracle workers in parallel (default 2)
#   --sample-daemon N also send N of the mutants through `dropbox once` inside zips (a generated local project)
#   --deid-args ARGS  deid settings (default "--option CleanStructuredContent --relax burned-in-annotation";
#                     "" for default settings)
#   --baseline        run the unmutated corpus instead (control: what the engine does on well-formed files)
#   --replay ID       run only this mutant (s<seed>-<index>, repeatable): regenerates it byte-identically
#   --keep ID         only write this mutant into --out/mutants and print its path and mutation (no deid run)
#   --dropbox PROG    use this program (a native `dropbox` or a dropbox.dll) instead of building one
#   --native          build with scripts/publish.sh (the native program README installs) instead of `dotnet build`
# Exit: 0 no finding, 1 findings (see summary.txt / report.json), 2 the run could not be made.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
corpus="$repo/../shared/dicom-corpus"
out=/tmp/dropbox-fuzz; dropbox=""; native=0; keep=""
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2;;
    --dropbox) dropbox=$2; shift 2;;
    --native) native=1; shift;;
    --keep) keep=$2; shift 2;;
    -h|--help) sed -n '2,27p' "$0"; exit 0;;
    --baseline) args+=("$1"); shift;;
    --seed|--count|--timeout|--jobs|--batch-size|--sample-daemon|--deid-args|--replay|--max-rss-mb)
      args+=("$1" "$2"); shift 2;;
    *) echo "fuzz.sh: unknown argument $1 (see --help)" >&2; exit 2;;
  esac
done
export PYTHONDONTWRITEBYTECODE=1

[ -f "$corpus/catalog.json" ] || { echo "fuzz.sh: $corpus not found (../shared/dicom-corpus beside the repo)" >&2; exit 2; }
if [ -n "$keep" ]; then
  exec /usr/bin/python3 "$here/fuzz/mutate.py" --corpus "$corpus" --replay "$keep" --out "$out/mutants"
fi
for tool in /usr/bin/python3 dcmdump; do
  command -v "$tool" >/dev/null || { echo "fuzz.sh: $tool is missing (apt-get install dcmtk python3-pydicom)" >&2; exit 2; }
done
/usr/bin/python3 -c "import pydicom" 2>/dev/null || { echo "fuzz.sh: python3-pydicom is missing" >&2; exit 2; }

# The program under test: given, or built here (managed Release build by default; --native: publish.sh).
if [ -z "$dropbox" ]; then
  if [ $native -eq 1 ]; then
    mkdir -p "$out.bin"
    echo "# building the native program with scripts/publish.sh" >&2
    bash "$repo/scripts/publish.sh" "$out.bin" >&2
    dropbox="$out.bin/dropbox"
  else
    echo "# building src/DropBox.Cli (Release)" >&2
    dotnet build "$repo/src/DropBox.Cli" -c Release -nologo -v quiet -clp:ErrorsOnly >&2
    dropbox="$repo/src/DropBox.Cli/bin/Release/net10.0/dropbox.dll"
  fi
fi
case "$dropbox" in
  *.dll) command=("dotnet" "$(realpath "$dropbox")");;
  *) command=("$(realpath "$dropbox")");;
esac
[ -e "${command[-1]}" ] || { echo "fuzz.sh: ${command[-1]} not found" >&2; exit 2; }

exec /usr/bin/python3 "$here/fuzz/fuzz.py" --dropbox "$(printf "%q " "${command[@]}")" --corpus "$corpus" --out "$out" "${args[@]}"
