#!/usr/bin/env bash
# Runs DropBox's main job on the bundled sample project, in local folders only (no server needed):
# two senders drop synthetic DICOM (a loose file and a zip) into their inboxes; one pass de-identifies,
# encrypts for the TEST-ONLY receiver key into club_house, and syncs club_house to a local "far site".
set -euo pipefail
cd "$(dirname "$0")/.."
run=samples/run
rm -rf "$run"
dotnet build src/DropBox.Cli -nologo -v quiet -clp:ErrorsOnly >/dev/null
dropbox() { dotnet src/DropBox.Cli/bin/Debug/net10.0/dropbox.dll "$@"; }

# The folder tree `dropbox project init` would make for this project (appsettings.json names it).
root=$run/ji_sample
for sender in PKUHSC PKUPH; do
  mkdir -p "$root/$sender/gpg" "$root/club_house/From_PKUHSC_To_UM/gpg-$sender"
done
mkdir -p "$run/far-site/ji_sample"

# Synthetic uploads, made by the project's own generator (invented values only).
dropbox dicom make-sample "$root/PKUHSC/gpg/scan-0001.dcm" --seed 1 >/dev/null
dropbox dicom make-sample-series "$run/series.zip" --seed 2 --count 3 >/dev/null
mv "$run/series.zip" "$root/PKUPH/gpg/series.zip"
echo "note for the receivers" > "$root/club_house/From_PKUHSC_To_UM/README-from-PKUHSC.txt"

sleep 3   # the sample project's quiet period is 2 s: uploads count as complete once they stop changing
status=0
dropbox once --config appsettings.json || status=$?

echo
echo "Outbox (encrypted, de-identified):"
find "$root/club_house" -type f | sort | sed 's/^/  /'
echo "Far site (after sync):"
find "$run/far-site" -type f | sort | sed 's/^/  /'
first=$(find "$root/club_house" -name '*.gpg' | sort | head -1)
if [ -n "$first" ]; then
  echo
  echo "Open one with the TEST-ONLY receiver key (a throwaway keyring, never your own):"
  echo "  export GNUPGHOME=\$(mktemp -d) && gpg --batch --import samples/keys/TEST-ONLY-receiver.secret.asc && gpg --decrypt $first > /tmp/sample-out"
fi
exit $status
