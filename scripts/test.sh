#!/usr/bin/env bash
# Runs every test of DropBox. Installs the Debian packages the tests use as independent oracles or real
# peers, and gcc for the native build that scripts/publish.sh makes and the tests run, when they are missing
# (apt-get as root, sudo otherwise), then runs `dotnet test` on the solution
# and ends with one line "N passed, N failed[, N skipped]" summed over all test projects.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
for pkg in dcmtk python3-pydicom python3-numpy python3-pil fonts-dejavu-core gnupg openssh-server openssh-client gcc tesseract-ocr python3-aiosmtpd; do
  have "$pkg" || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing test dependencies: ${need[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

results=$(mktemp -d /tmp/dropbox-test-results.XXXXXX)
status=0
# One test assembly at a time (-m:1): the suites drive real gpg, sshd and dcmtk processes, and running them
# side by side on a 2-core machine turns generous timeouts into flaky ones. Failures print their messages.
dotnet test DropBox.sln --nologo -v quiet -m:1 --results-directory "$results" "$@" || status=$?

# Sum the counters of every .trx file (one per test project).
/usr/bin/python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
p = f = s = 0
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    c = ET.parse(path).getroot().find(".//{*}Counters")
    if c is None: continue
    p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0))
    # Skipped tests are counted in total but not in executed.
    s += int(c.get("total", 0)) - int(c.get("executed", 0))
print(f"{p} passed, {f} failed, {s} skipped")
PY
rm -rf "$results"
exit $status
