#!/usr/bin/env bash
# e2e-bench.sh -- on-demand end-to-end throughput benchmark of the daemon (issue 13; NOT part of the tests).
#
# Usage: bench/e2e-bench.sh [STUDIES] [SLICES] [--runs N] [--work DIR] [--keep] [--dropbox PROGRAM]
#   STUDIES, SLICES  size of the scale set (default 20 x 25 = 500 files, ~160 MB, MR/CT mix)
#   --runs N         time each contender N times, round-robin, and keep its fastest run (default 2)
#   --work DIR       scratch folder (default /tmp/dropbox-e2e-bench); deleted at the end unless --keep
#   --dropbox PROG   use this dropbox program instead of publishing one with scripts/publish.sh
#
# Two cases over the same scale set, each run side by side with the shell pipeline a site would write:
#   loose  the 500 files as 500 uploads in one sender's inbox
#          dropbox: `dropbox once --no-sync` (quiet period 1 s, claim settle delay 0)
#          shell:   gdcmanon -e over the folder, then `gpg --encrypt --recipient-file K` per file, xargs -P2
#   zip    the same files as ONE stored zip (zip -0) upload
#          dropbox: `dropbox once --no-sync`
#          shell:   unzip, gdcmanon -e over the folder, zip -0 the result, one gpg --recipient-file
# and prints seconds, files/s and the ratio (shell seconds / dropbox seconds: above 1 means dropbox is faster).
# The receiver key is a throwaway ed25519/cv25519 key made for the run (gpg's default kind). Every run gets a
# fresh project root (inbox filled and left quiet for the quiet period outside the timing) and a fresh state
# folder, so no run sees another's journal or pseudonyms; all runs read a hot page cache.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
shared="$repo/../shared"
corpus="$shared/dicom-corpus"
studies=20; slices=25; runs=2; work=/tmp/dropbox-e2e-bench; keep=0; prebuilt=""
positional=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2;;
    --work) work=$2; shift 2;;
    --keep) keep=1; shift;;
    --dropbox) prebuilt=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2;;
    -h|--help) sed -n '2,22p' "$0"; exit 0;;
    *) positional+=("$1"); shift;;
  esac
done
[ ${#positional[@]} -ge 1 ] && studies=${positional[0]}
[ ${#positional[@]} -ge 2 ] && slices=${positional[1]}

for tool in dotnet gdcmanon gpg zip unzip openssl xargs; do
  command -v "$tool" >/dev/null || { echo "e2e-bench: $tool is missing" >&2; exit 2; }
done
[ -x "$corpus/make-scale-set.sh" ] || { echo "e2e-bench: $corpus/make-scale-set.sh not found" >&2; exit 2; }

rm -rf "$work"; mkdir -p "$work"; work=$(cd "$work" && pwd)
deleted_at=$(date +%s)
[ $keep -eq 1 ] || trap 'rm -rf "$work"' EXIT
. "$here/common.sh"
if [ -n "$prebuilt" ]; then
  dropbox=$prebuilt; build_kind="given ($prebuilt)"
else
  publish_cli
fi
make_scale_set
echo "# set: $files files, $mb MB; $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# The receiver: a throwaway key (never a user's keyring); the shell pipeline and dropbox both get its public file.
keyhome="$work/receiver-home"; mkdir -p "$keyhome"; chmod 700 "$keyhome"
gpg --homedir "$keyhome" --batch --passphrase '' --quick-gen-key "e2e-bench receiver <bench@example.invalid>" \
  future-default default never 2>/dev/null
gpg --homedir "$keyhome" --batch --armor --export bench@example.invalid >"$work/receiver.pub.asc"
gpgconf --homedir "$keyhome" --kill gpg-agent 2>/dev/null || true
shellhome="$work/shell-gnupg"; mkdir -p "$shellhome"; chmod 700 "$shellhome"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 1 \
  -subj "/CN=e2e-bench" >/dev/null 2>&1
(cd "$set_dir" && zip -0 -r -q "$work/set.zip" .)

# One project, sender SITE; QuietPeriod 1 s and no settle delay so that the timing is the work, not the waiting.
write_config() { # DIR
  local dir=$1
  mkdir -p "$dir/root/SITE/gpg" "$dir/root/club_house/From_A_To_B/gpg-SITE" "$dir/far"
  cat >"$dir/appsettings.json" <<EOF
{ "DropBox": {
    "StateDirectory": "state", "LogDirectory": "log", "LogLevel": "Warning",
    "Projects": { "bench": {
        "Root": "root", "Direction": "From_A_To_B", "Senders": [ "SITE" ],
        "ReceiverKeys": [ "$work/receiver.pub.asc" ],
        "Intake": { "QuietPeriod": "00:00:01", "ClaimSettleDelay": "00:00:00" },
        "Sync": { "Target": { "Type": "local", "Directory": "far" } } } } } }
EOF
}

# Fills a fresh project's inbox outside the timing: loose = every file under its own name, zip = the one zip.
prepare_dropbox() { # CASE DIR
  local kind=$1 dir=$2
  write_config "$dir"
  if [ "$kind" = loose ]; then
    local n=0 f
    while IFS= read -r -d '' f; do
      n=$((n + 1)); cp "$f" "$dir/root/SITE/gpg/$(printf 'f%05d.dcm' $n)"
    done < <(find "$set_dir" -type f -print0 | sort -z)
  else
    cp "$work/set.zip" "$dir/root/SITE/gpg/upload.zip"
  fi
}

shell_loose() { # OUT
  gdcmanon -e --certificate "$work/cert.pem" -i "$set_dir" -o "$1" --recursive --continue
  find "$1" -type f -print0 | xargs -0 -P2 -n1 gpg --homedir "$shellhome" --batch --yes --no-tty \
    --trust-model always --recipient-file "$work/receiver.pub.asc" --encrypt
}

shell_zip() { # OUT
  mkdir -p "$1/in" "$1/anon"
  unzip -q "$work/set.zip" -d "$1/in"
  gdcmanon -e --certificate "$work/cert.pem" -i "$1/in" -o "$1/anon" --recursive --continue
  (cd "$1/anon" && zip -0 -r -q "$1/anon.zip" .)
  gpg --homedir "$shellhome" --batch --yes --no-tty --trust-model always \
    --recipient-file "$work/receiver.pub.asc" --encrypt "$1/anon.zip"
}

run_dropbox() { # DIR
  (cd "$1" && "$dropbox" once --config appsettings.json --no-sync) || [ $? -eq 3 ]
}

now() { date +%s.%N; }
declare -A best
# As deid-bench.sh: a `sync` before each timed run, a new folder per run, nothing deleted until the end.
time_once() { # NAME COMMAND...
  local name=$1; shift
  local t0 t
  sync
  t0=$(now)
  "$@" >"$work/$name.log" 2>&1 || { echo "e2e-bench: $name failed (exit $?):" >&2; tail -5 "$work/$name.log" >&2; exit 1; }
  t=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { print b - a }')
  if [ -z "${best[$name]:-}" ] || awk -v t="$t" -v b="${best[$name]}" 'BEGIN { exit !(t < b) }'; then
    best[$name]=$t
  fi
}

wait=$((deleted_at + 31 - $(date +%s)))
if [ "$wait" -gt 0 ]; then echo "# waiting ${wait}s for ext4's recently-deleted window"; sleep "$wait"; fi

for ((round = 1; round <= runs; round++)); do
  for kind in loose zip; do
    prepare_dropbox $kind "$work/dropbox-$kind-$round"
    sleep 1.2   # the inbox files' quiet period
    time_once "dropbox-$kind" run_dropbox "$work/dropbox-$kind-$round"
    published=$(find "$work/dropbox-$kind-$round/root/club_house" -name '*.gpg' | wc -l)
    echo "# round $round, $kind: dropbox published $published file(s); $(tail -1 "$work/dropbox-$kind.log")"
    mkdir -p "$work/shell-$kind-$round"
    time_once "shell-$kind" "shell_$kind" "$work/shell-$kind-$round"
  done
done

echo
echo "# best of $runs run(s) each; build: $build_kind; load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| case | DropBox s | DropBox files/s | shell s | shell files/s | ratio (shell s / DropBox s) |"
echo "|------|-----------|-----------------|---------|---------------|-----------------------------|"
for kind in loose zip; do
  awk -v k="$kind" -v d="${best[dropbox-$kind]}" -v s="${best[shell-$kind]}" -v f="$files" \
    'BEGIN { printf "| %s | %.2f | %.0f | %.2f | %.0f | %.2fx |\n", k, d, f / d, s, f / s, s / d }'
done
