#!/usr/bin/env bash
# big-zip-rss.sh -- peak memory of `dropbox once` on one ~2 GB zip upload (issue 13: "peak RSS stays under 200 MB
# for a 2 GB zip"; on demand, NOT part of the tests).
#
# Usage: bench/big-zip-rss.sh [--gb 2] [--kind small,large] [--dropbox PROG] [--work DIR] [--keep]
#   --gb N         zip size in GB (GiB of member data; default 2)
#   --kind LIST    which zips to run, one upload and one pass each (default both, one after the other):
#                    small  members of ~130-520 kB (make-scale-set MR and CT): the streamed path, members read
#                           from the claimed zip into memory a window at a time
#                    large  multi-frame members of ~96 MiB: over the 64 MiB in-memory limit, so the zip takes
#                           the unpack-to-disk path
#   --dropbox PROG a dropbox program published earlier (default: publish one with scripts/publish.sh)
#   --work DIR     scratch folder (default /tmp/dropbox-big-zip); deleted at the end unless --keep
#
# Each case: a stored zip (bench/big_zip.py; every member carries a unique marker in its pixel data) dropped as
# ONE upload, `dropbox once --no-sync` under /usr/bin/time -v, then the check that it was published: exit 0, one
# ciphertext in the outbox, which decrypts (TEST-ONLY private key, throwaway GNUPGHOME) to a zip holding every
# member once. Prints peak RSS (target < 200 MB), wall time and MB/s. Needs ~6x the zip size free on disk
# (zip, package, ciphertext, outbox copy, decrypted copy); it checks `df` first.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
corpus="$repo/../shared/dicom-corpus"
gb=2; kinds=small,large; work=/tmp/dropbox-big-zip; keep=0; prebuilt=""; target_mb=200
while [ $# -gt 0 ]; do
  case "$1" in
    --gb) gb=$2; shift 2;;
    --kind) kinds=$2; shift 2;;
    --work) work=$2; shift 2;;
    --keep) keep=1; shift;;
    --dropbox) prebuilt=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2;;
    -h|--help) sed -n '2,21p' "$0"; exit 0;;
    *) echo "big-zip-rss: unknown argument $1 (see --help)" >&2; exit 2;;
  esac
done
[ -x /usr/bin/time ] || { echo "big-zip-rss: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
command -v gpg >/dev/null || { echo "big-zip-rss: gpg is missing" >&2; exit 2; }
/usr/bin/python3 -c 'import pydicom, numpy' 2>/dev/null || { echo "big-zip-rss: needs python3-pydicom python3-numpy" >&2; exit 2; }
mb=$(awk -v g="$gb" 'BEGIN { printf "%d", g * 1024 }')

rm -rf "$work"; mkdir -p "$work"; work=$(cd "$work" && pwd)
free_mb=$(df -Pm "$work" | awk 'NR == 2 { print $4 }')
if [ "$free_mb" -lt $((mb * 6 + 1024)) ]; then
  echo "big-zip-rss: $free_mb MB free under $work, needs about $((mb * 6 + 1024)) MB; use --work elsewhere or a smaller --gb" >&2
  rmdir "$work"; exit 2
fi
. "$here/common.sh"
receiver_and_program
mkdir -p "$receiver_home"; chmod 700 "$receiver_home"
gpg --homedir "$receiver_home" --batch --quiet --import "$repo/samples/keys/TEST-ONLY-receiver.secret.asc" 2>/dev/null

templates=()
if [[ ",$kinds," == *,small,* ]]; then
  [ -x "$corpus/make-scale-set.sh" ] || { echo "big-zip-rss: $corpus/make-scale-set.sh not found (needed for --kind small)" >&2; exit 2; }
  "$corpus/make-scale-set.sh" "$work/templates" 2 4 --modality mix >/dev/null
  while IFS= read -r f; do templates+=(--template "$f"); done < <(find "$work/templates" -name '*.dcm' | sort)
fi

results=()
fail=0
for kind in ${kinds//,/ }; do
  case_dir="$work/$kind"
  root="$case_dir/root"
  mkdir -p "$root/SITE/gpg" "$root/club_house/From_A_To_B/gpg-SITE" "$case_dir/far"
  cat >"$case_dir/appsettings.json" <<EOF
{ "DropBox": {
    "StateDirectory": "state", "LogDirectory": "log", "LogLevel": "Information",
    "Projects": { "bigzip": {
        "Root": "root", "Direction": "From_A_To_B", "Senders": [ "SITE" ],
        "ReceiverKeys": [ "$repo/samples/keys/TEST-ONLY-receiver.pub.asc" ],
        "Intake": { "QuietPeriod": "00:00:01", "ClaimSettleDelay": "00:00:00" },
        "Sync": { "Target": { "Type": "local", "Directory": "far" } } } } } }
EOF
  echo "# $kind: making a ${gb} GB stored zip"
  members=$(/usr/bin/python3 "$here/big_zip.py" make "$case_dir/upload.zip" --mb "$mb" --kind "$kind" "${templates[@]}")
  zip_bytes=$(stat -c %s "$case_dir/upload.zip")
  mv "$case_dir/upload.zip" "$root/SITE/gpg/upload.zip"
  touch -d '1 minute ago' "$root/SITE/gpg/upload.zip"
  sleep 1.2   # the quiet period also counts from ctime
  sync
  echo "# $kind: $members members, $zip_bytes bytes; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  rc=0
  (cd "$case_dir" && /usr/bin/time -v "$dropbox" once --config appsettings.json --no-sync) >"$case_dir/once.log" 2>"$case_dir/time.txt" || rc=$?
  rss_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$case_dir/time.txt")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$case_dir/time.txt")
  seconds=$(awk -v w="$wall" 'BEGIN { n = split(w, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }')
  outputs=$(find "$root/club_house" -type f | wc -l)
  verdict=published
  if [ $rc -ne 0 ] || [ "$outputs" -ne 1 ]; then
    verdict="NOT published (exit $rc, $outputs outbox files)"; tail -5 "$case_dir/once.log" | sed 's/^/#   /'
  else
    out=$(find "$root/club_house" -type f -name '*.zip.gpg')
    if [ -z "$out" ] || ! gpg --homedir "$receiver_home" --batch --yes --quiet --output "$case_dir/opened.zip" --decrypt "$out" 2>/dev/null; then
      verdict="NOT published (the ciphertext does not decrypt to a zip)"
    else
      read -r got distinct < <(/usr/bin/python3 "$here/big_zip.py" count "$case_dir/opened.zip")
      rm -f "$case_dir/opened.zip"
      [ "$got" -eq "$members" ] && [ "$distinct" -eq "$members" ] \
        || verdict="published WRONG: $got members, $distinct distinct markers, $members dropped"
    fi
  fi
  rss_mb=$(awk -v k="$rss_kb" 'BEGIN { printf "%.0f", k / 1024 }')
  [ "$verdict" = published ] && [ "$rss_mb" -lt $target_mb ] || fail=1
  results+=("$(awk -v k="$kind" -v m="$members" -v b="$zip_bytes" -v r="$rss_mb" -v s="$seconds" -v v="$verdict" -v t=$target_mb \
    'BEGIN { printf "| %s | %d | %.0f | %d%s | %.1f | %.0f | %s |", k, m, b / 1e6, r, (r < t ? "" : " (over target)"), s, b / 1e6 / s, v }')")
  echo "# $kind: peak RSS $rss_mb MB, wall $wall, $verdict"
  rm -rf "$root" "$case_dir/state"   # free the disk before the next case
done

echo
echo "# build: $build_kind; commit $commit; $(nproc) cores; load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| zip | members | MB | peak RSS MB (target < $target_mb) | wall s | MB/s | outcome |"
echo "|-----|---------|----|------------------------------|--------|------|---------|"
printf '%s\n' "${results[@]}"
if [ $fail -eq 0 ]; then echo "PASS"; else echo "FAIL"; exit 1; fi
