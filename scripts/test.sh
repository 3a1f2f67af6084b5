#!/usr/bin/env bash
# Runs every test of PoolDash (domain, web, browser, XAPI emulator) and ends with one line "N passed, N failed".
# Installs what the tests need when it is missing: Debian's Chromium for the browser tests, the outside XAPI clients
# that check the emulator (Debian's python3-os-xenapi; Xen Orchestra's npm xen-api from its lock file), and a real
# SMTP server for the e-mail notifications (Debian's python3-aiosmtpd).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -f /usr/lib/python3/dist-packages/os_xenapi/client/XenAPI.py ] || missing+=(python3-os-xenapi)
[ -d /usr/lib/python3/dist-packages/aiosmtpd ] || missing+=(python3-aiosmtpd)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian's ${missing[*]} for the tests..."
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
(cd tools/xapi-clients && npm ci --silent --no-audit --no-fund)

dotnet restore PoolDash.sln
dotnet build PoolDash.sln --no-restore -warnaserror
dotnet format PoolDash.sln --no-restore --verify-no-changes

results=$(mktemp -d)
status=0
# A hung test fails the run after five minutes instead of eating CI's whole budget. One test project at a time (-m:1):
# the web tests' fake clocks and the browser tests' real servers, emulators and Chromium no longer fight for two cores.
dotnet test PoolDash.sln --no-build -m:1 --logger trx --results-directory "$results" --blame-hang-timeout 5m || status=$?

read -r passed failed < <(python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = 0
for f in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(c.get("passed", 0))
    failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
print(passed, failed)
PY
)
rm -rf "$results"
echo "${passed} passed, ${failed} failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
