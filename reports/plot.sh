#!/bin/sh
# usage: sh reports/plot.sh svg|pdf SCRIPT.gp OUTPUT
#
# Runs one gnuplot script with OUTPUT's directory (the exercise's output
# directory) as working directory, after choosing the terminal and output
# file: the scripts themselves never say `set terminal` or `set output`, so
# one script makes both the SVG (for HTML) and the PDF (for LaTeX).
# The gnuplot string variable FORMAT is "svg" or "pdf", for the rare script
# that must tell them apart. The function fs(n) gives the font option for a
# size of n points in the PDF: the HTML page shows the SVG narrower than the
# PDF shows its figure, so the SVG gets 1.3 times the size (e.g.
# `f9 = fs(9); set key font f9`: gnuplot's font options take a variable). A line "# canvas: 5 5" in the script asks for
# a canvas of 5 x 5 inches instead of the default 5.5 x 3.4.
set -eu
fmt=$1 script=$2 out=$3
case $script in /*) ;; *) script=$(pwd)/$script ;; esac
dir=$(dirname "$out")
name=$(basename "$out")

# The canvas is 5.5 x 3.4 inches unless the script has a line
# "# canvas: WIDTH HEIGHT" (inches); the SVG gets 130 pixels per inch.
w=5.5 h=3.4
canvas=$(sed -n 's/^# *canvas: *\([0-9.]*\) *x* *\([0-9.]*\) *$/\1 \2/p' "$script" | head -n 1)
if [ -n "$canvas" ]; then
  set -- $canvas
  w=$1 h=$2
fi
px() { awk -v x="$1" 'BEGIN { printf "%d", x * 130 + 0.5 }'; }

case $fmt in
svg) term="set terminal svg size $(px $w),$(px $h) enhanced font 'DejaVu Sans,13' linewidth 1.5 background rgb 'white'" ;;
pdf) term="set terminal pdfcairo size ${w}in,${h}in enhanced font 'DejaVu Sans,10' linewidth 1.5" ;;
*) echo "plot.sh: unknown format '$fmt'" >&2; exit 2 ;;
esac

cd "$dir"
rm -f "$name.tmp"
helpers="fs(n) = sprintf(',%g', FORMAT eq 'svg' ? 1.3 * n : n)"
if ! gnuplot -e "FORMAT='$fmt'; $helpers; $term; set output '$name.tmp'" "$script"; then
  rm -f "$name.tmp"
  echo "plot.sh: gnuplot failed on $script (working directory $dir)" >&2
  exit 1
fi

if [ "$fmt" = pdf ]; then
  # cairo stamps the PDF with the clock time and ignores SOURCE_DATE_EPOCH.
  # Put the reproducible date in its place, keeping the length so that the
  # byte offsets in the cross-reference table stay right.
  stamp=$(date -u -d "@${SOURCE_DATE_EPOCH:-1704067200}" +%Y%m%d%H%M%S 2>/dev/null || echo 20240101000000)
  perl -pi -e 's{/CreationDate \(D:\d{14}}{/CreationDate (D:'"$stamp"'}g' "$name.tmp"
fi
mv "$name.tmp" "$name"
