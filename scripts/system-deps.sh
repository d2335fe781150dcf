#!/usr/bin/env bash
# Install the Debian packages the build and the tests need, when missing.
# Usage: scripts/system-deps.sh [test|pdf|node|all]
set -euo pipefail
want=()
need() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed" || want+=("$1"); }

# The PDF is typeset by XeLaTeX from Debian's TeX Live. Sphinx's own LaTeX style
# is used rather than Jupyter Book's jupyterBook.cls, which needs bbm.sty from the
# 500 MB texlive-fonts-extra; these packages are about a fifth of that.
pdf_packages=(texlive-xetex texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended
              tex-gyre latexmk fonts-dejavu-core fonts-noto-core poppler-utils)

case "${1:-all}" in
  test) need chromium; command -v npm >/dev/null || want+=(nodejs npm); for p in "${pdf_packages[@]}"; do need "$p"; done ;;
  pdf) for p in "${pdf_packages[@]}"; do need "$p"; done ;;
  node) command -v npm >/dev/null || want+=(nodejs npm) ;;
  all) need chromium; command -v npm >/dev/null || want+=(nodejs npm); for p in "${pdf_packages[@]}"; do need "$p"; done ;;
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
