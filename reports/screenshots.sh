#!/bin/sh
# usage: sh reports/screenshots.sh OUTDIR
#
# Pictures of the reports as a reader sees them, to check that math and
# plots render, into OUTDIR/screenshots/: each OUTDIR/*.html through
# headless Chromium (NAME.html.png, the window as a reader first sees it;
# NAME.html-K.png, the whole page as Chromium prints it), and the first pages
# of each OUTDIR/*.pdf through pdftoppm (NAME.pdf-K.png).
# The window is SHOT_SIZE pixels (default 1000,1500: the top of the page);
# pass e.g. SHOT_SIZE=1000,6000 to see a whole report. PDF_PAGES (default 3)
# pages of each PDF are rendered.
# Needs the Debian packages chromium and poppler-utils; installs them as root.
set -eu
out=$1
size=${SHOT_SIZE:-1000,1500}
pages=${PDF_PAGES:-3}
PKGS="chromium poppler-utils"

need=""
command -v chromium >/dev/null 2>&1 || need="$need chromium"
command -v pdftoppm >/dev/null 2>&1 || need="$need poppler-utils"
if [ -n "$need" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get -q -o DPkg::Lock::Timeout=600 update
    apt-get -q -o DPkg::Lock::Timeout=600 install -y --no-install-recommends $need
  else
    echo "report-screenshots: install as root: apt-get install -y --no-install-recommends$need" >&2
    exit 1
  fi
fi

shots=$(cd "$out" && pwd)/screenshots
mkdir -p "$shots"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT INT TERM

for html in "$out"/*.html; do
  [ -e "$html" ] || continue
  name=$(basename "$html" .html)
  abs=$(cd "$(dirname "$html")" && pwd)/$(basename "$html")
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --no-first-run --disable-component-update --disable-sync \
    --user-data-dir="$profile" --window-size="$size" \
    --screenshot="$shots/$name.html.png" "file://$abs" >/dev/null 2>&1 || {
      echo "report-screenshots: chromium failed on $html" >&2; exit 1; }
  echo "  $shots/$name.html.png"
  # The whole page, printed to PDF by the same browser, page by page.
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --no-first-run --disable-component-update --disable-sync \
    --user-data-dir="$profile" --no-pdf-header-footer \
    --print-to-pdf="$profile/$name.print.pdf" "file://$abs" >/dev/null 2>&1 || {
      echo "report-screenshots: chromium could not print $html" >&2; exit 1; }
  rm -f "$shots/$name.html-"*.png
  pdftoppm -r 70 -png "$profile/$name.print.pdf" "$shots/$name.html"
  ls "$shots/$name".html-*.png | sed 's/^/  /'
done

for pdf in "$out"/*.pdf; do
  [ -e "$pdf" ] || continue
  name=$(basename "$pdf" .pdf)
  rm -f "$shots/$name.pdf-"*.png
  pdftoppm -r 70 -f 1 -l "$pages" -png "$pdf" "$shots/$name.pdf"
  ls "$shots/$name".pdf*.png | sed 's/^/  /'
done
