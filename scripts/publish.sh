#!/usr/bin/env bash
# Publishes the `dropbox` program into OUTDIR, the way README's install and the benchmarks use it.
#
# Usage: scripts/publish.sh OUTDIR [--native-only | --ready-to-run]
#
# By default it builds ONE NATIVE PROGRAM (Native AOT): OUTDIR/dropbox plus libe_sqlite3.so, no .NET runtime needed
# on the server, no JIT (so a short `dropbox deid` starts in milliseconds, and systemd may deny writable+executable
# memory). The CPU level is this machine's: x86-64-v3 (AVX2) when /proc/cpuinfo lists avx2, else x86-64-v2; a v3
# build refuses to start on a CPU without AVX2, so publish on (a machine like) the server it will run on.
#
# The native build needs a C toolchain (gcc or clang) and the NuGet packages of the .NET ILCompiler. When either is
# missing it says so and falls back to a ReadyToRun build (precompiled, needs the .NET 10 runtime), unless
# --native-only is given (the tests use that: they check the native program itself). --ready-to-run skips the try.
# Prints the kind it built ("native" or "ready-to-run") as its last line on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

out=""; mode=auto
for arg in "$@"; do
  case "$arg" in
    --native-only) mode=native;;
    --ready-to-run) mode=r2r;;
    -h|--help) sed -n '2,14p' "$0"; exit 0;;
    -*) echo "publish.sh: unknown option $arg (see --help)" >&2; exit 2;;
    *) out=$arg;;
  esac
done
[ -n "$out" ] || { echo "publish.sh: OUTDIR is missing (see --help)" >&2; exit 2; }
# OUTDIR is emptied first (a native build must not sit beside a previous build's .dll files), so refuse a folder
# that holds anything but an earlier publish.
if [ -d "$out" ] && [ -n "$(ls -A "$out")" ] && [ ! -f "$out/dropbox" ]; then
  echo "publish.sh: $out is not empty and holds no earlier dropbox publish; give a new or empty folder" >&2
  exit 2
fi

case "$(uname -m)" in
  x86_64) rid=linux-x64
          if grep -qw avx2 /proc/cpuinfo; then level=x86-64-v3; else level=x86-64-v2; fi;;
  aarch64) rid=linux-arm64; level="";;
  *) echo "publish.sh: no build for CPU $(uname -m); DropBox is published for x86_64 and aarch64 Linux" >&2; exit 2;;
esac
props=(-p:IlcInstructionSet="$level")
[ -n "$level" ] || props=()

log=$(mktemp /tmp/dropbox-publish.XXXXXX)
trap 'rm -f "$log"' EXIT
native() {
  # The native compiler's intermediate files are not always rebuilt when only a property changes (a stripped or
  # unstripped link was seen reused): start them from nothing, at the cost of a full native compile (~1 minute).
  rm -rf "src/DropBox.Cli/obj/Release/net10.0/$rid/native"
  command -v gcc >/dev/null || command -v clang >/dev/null || {
    echo "no C toolchain: install gcc (apt-get install gcc) or clang" >"$log"; return 1; }
  dotnet publish src/DropBox.Cli/DropBox.Cli.csproj -c Release -r "$rid" -p:PublishAot=true "${props[@]}" \
    --nologo -v q -o "$out" >"$log" 2>&1
}
ready_to_run() {
  # ReadyToRun images left by an earlier self-contained or composite publish would be taken as they are, and such a
  # program aborts at start without a message.
  rm -rf src/*/obj/Release/net10.0/"$rid"/R2R
  dotnet publish src/DropBox.Cli/DropBox.Cli.csproj -c Release -r "$rid" -p:PublishAot=false --self-contained false \
    -p:PublishReadyToRun=true "${props[@]}" --nologo -v q -o "$out" >"$log" 2>&1
}

rm -rf "$out"
if [ "$mode" != r2r ]; then
  if native; then
    # The debug symbols (dropbox.dbg, ~30 MB) stay in obj/: a server does not need them.
    rm -f "$out"/*.dbg "$out"/*.pdb
    echo native
    exit 0
  fi
  echo "publish.sh: the native build failed:" >&2
  grep -E 'error|no C toolchain' "$log" | sed 's/^/  /' | head -5 >&2
  if [ "$mode" = native ]; then exit 1; fi
  echo "publish.sh: building the ReadyToRun program instead (it needs the .NET 10 runtime on the server)" >&2
  rm -rf "$out"
fi
if ready_to_run; then
  echo ready-to-run
else
  echo "publish.sh: the ReadyToRun build failed:" >&2
  grep -E 'error' "$log" | sed 's/^/  /' | head -10 >&2
  exit 1
fi
