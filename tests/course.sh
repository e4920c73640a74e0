#!/usr/bin/env bash
# tests/course.sh - every chapter of the course has what COURSE.md asks of it
# ("What every chapter has"), checked by reading its files:
#   - exercises/NN_topic.c includes course.h, starts with course_start naming
#     itself, ends with course_end (the claims), and has at least one
#     handout solution region of its own or a self-check naming one in mlp.h;
#   - reports/NN_topic.md has title, question, answer and seeds in its YAML
#     block, shows the claims table (::: claims), has a "Try it yourself"
#     section, and has a gnuplot script for every figure it links.
# (The claims themselves are checked by running each chapter: tests/run.sh.)
# Ends with "N passed, M failed".
set -u
cd "$(dirname "$0")/.."
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   course: $1"; }
bad() { failed=$((failed + 1)); echo "FAIL course: $1"; }

n=0
for src in exercises/[0-9][0-9]_*.c; do
    [ -f "$src" ] || continue
    n=$((n + 1))
    name=$(basename "$src" .c)
    md=reports/$name.md
    problems=""
    grep -q '#include "course.h"' "$src" || problems="$problems; does not include course.h"
    grep -q "course_start(argc, argv, \"$name\"," "$src" || problems="$problems; no course_start(argc, argv, \"$name\", ...)"
    grep -q 'return course_end();' "$src" || problems="$problems; does not end with return course_end()"
    grep -q 'course_claim_[a-z]*(' "$src" || problems="$problems; checks no claim"
    if ! grep -q 'BEGIN SOLUTION [A-Za-z0-9_-]*:' "$src" && ! grep -q -e 'TODO([A-Za-z0-9_-]*)' -e 'course_selfcheck("' "$src"; then
        problems="$problems; has no handout region and names none in a self-check"
    fi
    [ -z "$problems" ] && ok "$src has the frame" || bad "$src${problems}"

    problems=""
    if [ ! -f "$md" ]; then
        bad "$src has no report $md"
        continue
    fi
    head=$(awk 'NR == 1 && $0 != "---" { exit } NR > 1 && $0 == "---" { exit } NR > 1' "$md")
    for field in title question answer seeds; do
        echo "$head" | grep -q "^$field: ." || problems="$problems; no '$field:' in the YAML block"
    done
    grep -q '^::: *{*\.*claims' "$md" || problems="$problems; no '::: claims' div"
    grep -qi '^# Try it yourself' "$md" || problems="$problems; no '# Try it yourself' section"
    # Figures are linked without an extension: ![Caption.](FIG)
    for fig in $(grep -o '](\([A-Za-z0-9_-]*\))' "$md" | sed 's/^](\(.*\))$/\1/' | sort -u); do
        [ -f "reports/$name/$fig.gp" ] || problems="$problems; figure $fig has no reports/$name/$fig.gp"
    done
    [ -z "$problems" ] && ok "$md has the frame" || bad "$md${problems}"
done
[ "$n" -gt 0 ] && ok "$n chapters found" || bad "no chapter found in exercises/"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
