#!/bin/sh
# usage: sh reports/index.sh OUTDIR QUICK NAME...
#
# Writes OUTDIR/index.html: a link to the HTML and the PDF of every report
# NAME, under its title (read from the YAML block of reports/NAME.md).
set -eu
out=$1 quick=$2
shift 2

{
  printf -- '---\ntitle: "mlp.h: exercise reports"\n---\n\n'
  if [ "$quick" = 1 ]; then
    printf -- '*Quick run (`MLP_QUICK=1`): fewer epochs and data points than the full reports.*\n\n'
  fi
  printf -- 'Every plot and every number in these reports comes from the run of its exercise that built them.\n\n'
  for n in "$@"; do
    title=$(pandoc --quiet -f markdown -t plain --wrap=none --template=reports/templates/title.txt "reports/$n.md")
    [ -n "$title" ] || title=$n
    case $title in *"{{"*)
      echo "index.sh: reports/$n.md: no {{placeholders}} in the title, please (the index has no results)" >&2
      exit 1 ;;
    esac
    printf -- '- [%s](%s.html) ([PDF](%s.pdf))\n' "$title" "$n" "$n"
  done
} > "$out/index.md"

pandoc -f markdown -t html5 -s -o "$out/index.html.tmp" "$out/index.md"
mv "$out/index.html.tmp" "$out/index.html"
