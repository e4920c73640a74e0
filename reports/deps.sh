#!/bin/sh
# usage: sh reports/deps.sh
#
# Makes sure the report tools are here: pandoc, gnuplot, pdflatex, and the
# fonts and TeX packages that the PDF bytes depend on, and the one data set a
# chapter reads from disk (dataset-fashion-mnist: Fashion-MNIST, for
# 15_capstone). Installs them as root on Debian; otherwise prints the command
# to run and fails.
#
# Every machine gets exactly this package list (CI included): optional TeX
# packages change the PDF bytes and installed fonts change the plots, so the
# byte-identity of two builds only means something on the same list.
set -eu
PKGS="pandoc gnuplot-nox fonts-dejavu-core texlive-latex-base texlive-latex-recommended lmodern dataset-fashion-mnist"
LINE="apt-get install -y --no-install-recommends $PKGS"

missing() {
  m=""
  for c in pandoc gnuplot pdflatex; do
    command -v "$c" >/dev/null 2>&1 || m="$m $c"
  done
  if command -v dpkg-query >/dev/null 2>&1; then
    for p in $PKGS; do
      s=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
      [ "$s" = "install ok installed" ] || m="$m $p"
    done
  fi
  echo "$m"
}

m=$(missing)
[ -z "$m" ] && exit 0

echo "report: missing:$m" >&2
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  # -o DPkg::Lock::Timeout: wait for an apt run already in progress.
  apt_get() { apt-get -q -o DPkg::Lock::Timeout=600 "$@"; }
  if ! ls /var/lib/apt/lists/*_Packages >/dev/null 2>&1; then
    apt_get update
  fi
  echo "report: $LINE" >&2
  if ! apt_get install -y --no-install-recommends $PKGS; then
    # The package lists may be stale: refresh them once and retry.
    apt_get update
    apt_get install -y --no-install-recommends $PKGS
  fi
  m=$(missing)
  if [ -n "$m" ]; then
    echo "report: still missing after apt-get install:$m" >&2
    exit 1
  fi
  exit 0
fi

echo "report: to build the reports, install the tools as root:" >&2
echo "  $LINE" >&2
exit 1
