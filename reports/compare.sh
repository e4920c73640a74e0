#!/bin/sh
# usage: sh reports/compare.sh DIR_A DIR_B
#
# Two report builds must hold the same HTML and PDF files, byte for byte.
set -eu
a=$1 b=$2
list() { (cd "$1" && find . -type f \( -name '*.html' -o -name '*.pdf' \) | LC_ALL=C sort); }

la=$(list "$a")
lb=$(list "$b")
if [ -z "$la" ]; then
  echo "report-check: no HTML or PDF files in $a" >&2
  exit 1
fi
if [ "$la" != "$lb" ]; then
  echo "report-check: the two builds made different sets of files:" >&2
  printf '%s\n' "$la" > "${TMPDIR:-/tmp}/rpt-list-a.$$"
  printf '%s\n' "$lb" > "${TMPDIR:-/tmp}/rpt-list-b.$$"
  diff "${TMPDIR:-/tmp}/rpt-list-a.$$" "${TMPDIR:-/tmp}/rpt-list-b.$$" >&2 || true
  rm -f "${TMPDIR:-/tmp}/rpt-list-a.$$" "${TMPDIR:-/tmp}/rpt-list-b.$$"
  exit 1
fi

n=0 bad=0
for f in $la; do
  n=$((n + 1))
  if ! cmp "$a/$f" "$b/$f"; then
    bad=$((bad + 1))
  fi
done
if [ "$bad" -ne 0 ]; then
  echo "report-check: $bad of $n files differ between $a and $b" >&2
  exit 1
fi
echo "report-check: $n HTML and PDF files byte-identical in $a and $b"
