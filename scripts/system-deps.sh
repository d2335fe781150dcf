#!/usr/bin/env bash
# Install the Debian packages the build and the tests need, when missing.
# Usage: scripts/system-deps.sh [test|pdf|all]
set -euo pipefail
want=()
need() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed" || want+=("$1"); }

case "${1:-all}" in
  test) need chromium ;;
  all) need chromium ;;
esac

if [ ${#want[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${want[*]}. Install them (sudo apt-get install ${want[*]}) and re-run." >&2
  exit 1
fi
echo "Installing Debian packages: ${want[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
