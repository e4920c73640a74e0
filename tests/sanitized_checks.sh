#!/usr/bin/env bash
# tests/sanitized_checks.sh - what a student sees under the sanitizers.
#
# The handout's README and docs/debugging.md tell students to build with
# `make debug SANITIZE=1` (AddressSanitizer with LeakSanitizer, and UBSan)
# and to run an exercise's self-check (MLP_CHECK_ONLY=1). This script does
# exactly that and requires that no sanitizer has anything to say, on every
# path a self-check can take:
#   1. the sources: every exercise built as `make debug SANITIZE=1` builds
#      it (the examples it also builds have no self-check); every check passes;
#   2. the handout, every TODO blank, built by its own Makefile the same way:
#      every exercise's check fails (exit 1, a FAILED line), having freed all;
#   3. the handout with one region of mlp.h blank at a time (the others
#      solved): the exercises whose checks judge that region, which then
#      fail part of their checks and pass the rest.
# A report from LeakSanitizer ("detected memory leaks"), AddressSanitizer or
# UBSan ("runtime error") is a failure. Skipped when the compiler cannot
# build sanitized programs. Ends with "N passed, M failed".
set -u
cd "$(dirname "$0")/.."
OUT=${BUILD:-build}/tests/sanitized
rm -rf "$OUT"
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   sanitized: $1"; }
bad() { failed=$((failed + 1)); echo "FAIL sanitized: $1"; }
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
}
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1"

printf 'int main(void){return 0;}\n' >"$OUT/probe.c"
if ! cc -fsanitize=address,undefined "$OUT/probe.c" -o "$OUT/probe" >/dev/null 2>&1 || ! "$OUT/probe"; then
    echo "skip sanitized: the compiler cannot build sanitized programs here"
    finish
fi

# A snapshot: others may edit the sources while this runs.
T=$OUT/tree
mkdir -p "$T/tools" "$T/mk" "$T/reports"
cp -R mlp.h Makefile exercises examples "$T/"
cp mk/*.mk "$T/mk/"
cp reports/reports.mk "$T/reports/"
cp tools/handout.* "$T/tools/"
EXERCISES=$(cd "$T/exercises" && ls [0-9][0-9]_*.c | sed 's/\.c$//')

# check DIR LABEL WANT [EXERCISES]: run each exercise of DIR/build/debug in
# check-only mode; WANT is pass or fail.
check() {
    local dir=$1 label=$2 want=$3 list=${4:-$EXERCISES} e log rc report
    for e in $list; do
        if [ ! -x "$dir/build/debug/$e" ]; then bad "$label: $e was not built"; continue; fi
        mkdir -p "$dir/out/$e"
        log=$(cd "$dir" && MLP_CHECK_ONLY=1 "build/debug/$e" "out/$e" 2>&1)
        rc=$?
        report=$(echo "$log" | grep -E 'ERROR: (LeakSanitizer|AddressSanitizer)|runtime error|SUMMARY: ' | head -3)
        if [ -n "$report" ]; then bad "$label: $e: the sanitizers report: $report"; echo "$log" | sed 's/^/   /' | head -40
        elif [ "$want" = pass ] && [ "$rc" -ne 0 ]; then bad "$label: $e fails its self-check (exit $rc)"; echo "$log" | tail -5 | sed 's/^/   /'
        elif [ "$want" = fail ] && { [ "$rc" -ne 1 ] || ! echo "$log" | grep -q FAILED; }; then
            bad "$label: $e: exit $rc without a FAILED line (a crash?)"; echo "$log" | tail -5 | sed 's/^/   /'
        elif [ "$want" = pass ]; then ok "$label: $e passes its self-check; the sanitizers report nothing"
        else ok "$label: $e fails its self-check (exit 1), having freed everything; the sanitizers report nothing"; fi
    done
}

# The exercises' targets of `make debug` (the examples it also builds have
# no self-check).
targets() { for e in ${1:-$EXERCISES}; do printf 'build/debug/%s ' "$e"; done; }

# 1. the sources, built as the top-level Makefile's `make debug SANITIZE=1` builds them
if ! make -s -C "$T" SANITIZE=1 BUILD=build $(targets) >"$OUT/sources.log" 2>&1; then
    bad "make debug SANITIZE=1 failed:"; tail -20 "$OUT/sources.log"
else check "$T" "sources" pass; fi

# 2. the handout, every TODO blank
H=$OUT/handout
if ! sh "$T/tools/handout.sh" -o "$H" >/dev/null 2>"$OUT/handout.log" ||
    ! make -s -C "$H" SANITIZE=1 BUILD=build $(targets) >>"$OUT/handout.log" 2>&1; then
    bad "the handout's make debug SANITIZE=1 failed:"; tail -20 "$OUT/handout.log"
else check "$H" "handout" fail; fi

# 3. one region of mlp.h at a time
for id in $(sh "$T/tools/handout.sh" -l | sed -n 's/^mlp\.h:[0-9]*: \([A-Za-z0-9_-]*\): .*/\1/p' | sort -u); do
    D=$OUT/only-$id
    list=$(cd "$T/exercises" && grep -l -e "TODO($id)" -e "course_selfcheck(\"$id\"" $(printf '%s.c ' $EXERCISES) | sed 's/\.c$//')
    if ! sh "$T/tools/handout.sh" -o "$D" -r "$id" >/dev/null 2>"$OUT/only-$id.log" ||
        ! make -s -C "$D" SANITIZE=1 BUILD=build $(targets "$list") >>"$OUT/only-$id.log" 2>&1; then
        bad "only TODO($id) blank: the build failed:"; tail -20 "$OUT/only-$id.log"
        continue
    fi
    check "$D" "only TODO($id) blank" fail "$list"
done
finish
