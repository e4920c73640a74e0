#!/bin/sh
# usage: sh reports/index.sh OUTDIR QUICK NAME...
#
# Writes OUTDIR/index.html, the course's table of contents: the chapters in
# order, grouped in the course's four parts, each with its question, what its
# run found (the report's `answer:`, with that run's numbers), the course
# material it draws on, how many of its claims held, and links to its HTML
# and PDF, and a link to the book of mlp.h (make book, ../book/ from OUTDIR).
# Every chapter NN_topic must have run already: its numbers come
# from OUTDIR/NN_topic/results.yaml, all of which are put together into
# OUTDIR/index-results.yaml for the results filter.
set -eu
out=$1 quick=$2
shift 2

# A report's YAML block must have these; the index shows them.
for n in "$@"; do
  for field in title question answer seeds; do
    if ! grep -q "^$field:" "reports/$n.md"; then
      echo "index.sh: reports/$n.md has no '$field:' in its YAML block (see reports/README.md)" >&2
      exit 1
    fi
  done
  [ -s "$out/$n/results.yaml" ] || { echo "index.sh: $out/$n/results.yaml is missing: run the chapter first" >&2; exit 1; }
done

part() {
  case $1 in
  01) printf -- '## Part 1. First principles\n\nDerivatives by hand and by machine, one neuron, backpropagation through one and through many layers, and gradient descent itself.\n\n' ;;
  06) printf -- '## Part 2. Training deep networks\n\nWhat makes deep networks trainable: activation functions, initialization, momentum and adaptive optimizers, learning rates and their schedules.\n\n' ;;
  10) printf -- '## Part 3. Generalization\n\nWhen a network that fits its training data also fits new data: capacity, regularization, and three regimes in which wide networks overfit or do not (chapters 10, 12 and 13 each say which regime they are in).\n\n' ;;
  15) printf -- '## Part 4. Real data\n\n' ;;
  esac
}

cat /dev/null > "$out/index-results.yaml"
{
  printf -- '---\ntitle: "mlp.h: a course on multi-layer perceptrons"\n---\n\n'
  printf -- 'Each chapter is one C program in `exercises/` and one report in `reports/`. '
  printf -- 'Every plot and every number on these pages comes from the run that built them, '
  printf -- 'and every chapter ends by checking its own claims: a change to `mlp.h` that breaks '
  printf -- 'what a chapter teaches makes `make report` and `make test` fail, naming the chapter and the claim.\n\n'
  printf -- 'The seed letters point into the course material the chapters come from: '
  printf -- 'A, a practical session on the simplicity bias of wide ReLU networks; '
  printf -- 'B, an exercise sheet on optimization and generalization; '
  printf -- 'C, a student report on implementing MLPs; D, the lecture slides; '
  printf -- 'E, a student report introducing neural networks.\n\n'
  printf -- 'The library every chapter uses, mlp.h, reads as a book: the header itself, typeset from its manual '
  printf -- 'through the teaching path to its appendices, with its formulas as math and its code with line numbers '
  printf -- '([HTML](../book/mlp.html), [PDF](../book/mlp.pdf)). In the chapters, the name of an mlp.h function '
  printf -- 'links to where the book defines it.\n\n'
  names="$*"
  printed=""
  for n in "$@"; do
    num=${n%%_*}
    ns=$(sed -n '1s/^\([A-Za-z0-9_-]*\):[[:space:]]*$/\1/p' "$out/$n/results.yaml")
    [ -n "$ns" ] || { echo "index.sh: $out/$n/results.yaml does not start with its namespace" >&2; exit 1; }
    cat "$out/$n/results.yaml" >> "$out/index-results.yaml"
    # A part's heading comes before the first of its chapters that exists.
    cur=""
    for p in 01 06 10 15; do
      if [ "$num" = "$p" ] || [ "$num" \> "$p" ]; then cur=$p; fi
    done
    if [ "$cur" != "$printed" ]; then part "$cur"; printed=$cur; fi
    pandoc --quiet -f markdown -t markdown --wrap=none --template=reports/templates/index-entry.md \
      -V name="$n" -V ns="$ns" -V number="$num" "reports/$n.md"
    printf '\n'
  done
  # "Chapter NN", a link when that chapter is part of this build
  chap() {
    for c in $names; do
      case $c in "$1"_*) printf '[Chapter %s](%s.html)' "$1" "$c"; return ;; esac
    done
    printf 'Chapter %s' "$1"
  }
  printf -- '## Where the course material disagrees\n\n'
  printf -- 'Three chapters ask when wide networks overfit, and the course material gives three answers: '
  printf -- 'the student report (C) finds that wide networks overfit, the practical session (A) that wide ReLU '
  printf -- 'networks do not, and the exercise sheet (B) that the test error peaks and then falls again as the '
  printf -- 'network grows. These are different regimes, not contradictions. %s (tanh units, Adam, ' "$(chap 10)"
  printf -- 'twenty noisy points, long full-batch training) sees overfitting once the parameters outnumber the '
  printf -- 'points, and no further growth of it up to a thousand units. %s (the session'"'"'s ReLU network, ' "$(chap 12)"
  printf -- 'per-sample SGD with a step of 1/m) sees none: a wide network barely moves its hidden layer and fits '
  printf -- 'like a smooth random-feature model. %s trains every width until it interpolates, and sees the ' "$(chap 13)"
  printf -- 'test error peak where the network can just interpolate its training set, then fall again. '
  printf -- 'Which one you see depends on the data, the range of widths, the initialization, the optimizer and '
  printf -- 'how long you train.\n'
} > "$out/index.md"

quick_meta=""
[ "$quick" = 1 ] && quick_meta="-M mlp-quick=true"
pandoc "$out/index.md" -f markdown -t html5 -s --mathml --fail-if-warnings --lua-filter=reports/filters/results.lua \
  --metadata-file="$out/index-results.yaml" -M results-file="$out/index-results.yaml" -M course-index=true \
  $quick_meta -o "$out/index.html.tmp"
mv "$out/index.html.tmp" "$out/index.html"
