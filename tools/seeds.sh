#!/bin/sh
# tools/seeds.sh - a chapter's claims over several seeds, before fixing a bound.
#
# usage: sh tools/seeds.sh NN_topic [N [FIRST]]   (from the repository root)
#   QUICK=1 in the environment runs the chapter in quick mode.
#
# Builds exercises/NN_topic.c, runs it N times (default 10) with MLP_SEED =
# FIRST, FIRST+1, ... (default 1), and prints, for every claim, how often it
# held and the smallest, median and largest value it measured. A bound is
# about the teaching point: it should hold for every seed with a margin, not
# be fitted to the run that happens to build the report (COURSE.md).
# The runs' outputs stay in build/seeds/NN_topic/SEED/ (SEEDS_OUT=DIR: elsewhere,
# e.g. to run a quick and a full study at once).
set -eu
cd "$(dirname "$0")/.."
name=${1:?usage: sh tools/seeds.sh NN_topic [N [FIRST]]}
n=${2:-10}
first=${3:-1}
src=exercises/$name.c
[ -f "$src" ] || { echo "seeds: no $src" >&2; exit 1; }
out=${SEEDS_OUT:-build/seeds/$name}
mkdir -p "$out"
${CC:-cc} -std=c99 -O2 -ffp-contract=off -o "$out/prog" "$src" -lm
quick=${QUICK:-0}
: >"$out/checks.txt"
s=$first
while [ "$s" -lt $((first + n)) ]; do
    rm -rf "$out/$s" && mkdir -p "$out/$s"
    if MLP_SEED=$s MLP_QUICK=$quick "$out/prog" "$out/$s" >"$out/$s/stdout.txt" 2>"$out/$s/stderr.txt"; then
        st=ok
    else
        st="exit $?"
    fi
    printf 'seed %s: %s\n' "$s" "$st" >&2
    # check ID: STATUS (VALUE vs BOUND)
    sed -n "s/^check \([A-Za-z0-9_]*\): \(.*\) (\(.*\) vs \(.*\))\$/$s	\1	\2	\3	\4/p" "$out/$s/stdout.txt" >>"$out/checks.txt"
    s=$((s + 1))
done
echo "$name over seeds $first..$((first + n - 1))$( [ "$quick" = 1 ] && echo ', quick mode'):"
awk -F'\t' '
    function isnum(x) { return x ~ /^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/ }
    { id = $2; if (!(id in seen)) { seen[id] = 1; order[++k] = id; bound[id] = $5 }
      runs[id]++; if ($3 ~ /^ok/) held[id]++
      if (isnum($4)) { nv[id]++; vals[id, nv[id]] = $4 + 0 }
      else if (index(texts[id], "\"" $4 "\"") == 0) texts[id] = texts[id] (texts[id] == "" ? "" : ", ") "\"" $4 "\"" }
    END {
      printf "%-28s %-7s %-12s %-12s %-12s %s\n", "claim", "held", "min", "median", "max", "bound"
      for (i = 1; i <= k; i++) {
        id = order[i]; m = nv[id] + 0
        if (m == 0) { printf "%-28s %3d/%-3d values: %s; bound %s\n", id, held[id] + 0, runs[id], texts[id], bound[id]; continue }
        for (a = 1; a <= m; a++) v[a] = vals[id, a]
        for (a = 2; a <= m; a++) { x = v[a]; b = a - 1; while (b >= 1 && v[b] > x) { v[b + 1] = v[b]; b-- } v[b + 1] = x }
        med = (m % 2) ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
        printf "%-28s %3d/%-3d %-12.4g %-12.4g %-12.4g %s%s\n", id, held[id] + 0, runs[id], v[1], med, v[m], bound[id],
            texts[id] == "" ? "" : "  (also: " texts[id] ")"
      }
    }' "$out/checks.txt"
