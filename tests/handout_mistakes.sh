#!/usr/bin/env bash
# tests/handout_mistakes.sh - the self-checks catch the mistakes students make.
#
# tests/handout_mistakes.txt lists, for every solution region of the handout
# (`sh tools/handout.sh -l`), the mistakes a student is likely to make there,
# each as sed commands applied to the region's code. For each mistake this
# script puts it into a copy of the sources, builds the exercises that check
# the region (the region's own exercise, or for a region of mlp.h every
# exercise whose self-check names it: `TODO(region)` or
# `course_selfcheck("region"`), runs their self-checks
# (MLP_CHECK_ONLY=1) and requires that one of them fails, exits non-zero, and
# names the region in every FAILED line: `see TODO(region)`. Also:
#   - every region has at least MIN_MISTAKES mistakes listed (a new region
#     fails here until its mistakes are written: see the table's header);
#   - every mistake names a region that exists and changes its code (a
#     mistake whose sed no longer matches is stale, not caught);
#   - the sources as they are pass every self-check (the yardstick);
#   - a misuse (mlp.h's MLP_ASSERT) or a crash while a self-check runs
#     prints the TODO being checked (course.h's signal handlers).
# A mlp.h region's mistakes run the exercises in name order and stop at the
# first that fails (each mistake needs one check that catches it; section 3
# of tests/handout.sh runs every exercise for every region).
# Output: one line per mistake, a count per region, then "N passed, M failed".
# Environment: BUILD (default build); MISTAKE_JOBS, mistakes tried at once
# (default 1: tests/run.sh already runs its jobs side by side).
set -u
cd "$(dirname "$0")/.."
OUT=${BUILD:-build}/tests/mistakes
TABLE=${MISTAKES_TABLE:-tests/handout_mistakes.txt}
MIN_MISTAKES=3
JOBS=${MISTAKE_JOBS:-1}
rm -rf "$OUT"
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   mistakes: $1"; }
bad() { failed=$((failed + 1)); echo "FAIL mistakes: $1"; }
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
}
CFLAGS="-std=c99 -O0 -ffp-contract=off -w"
TIMEOUT=120

# ---- a snapshot of the sources (others may edit them while this runs) ----
T=$OUT/tree
mkdir -p "$T/tools"
cp -R mlp.h exercises "$T/"
cp tools/handout.sh tools/handout.awk tools/handout.Makefile tools/handout.README.md "$T/tools/"
regions=$(sh "$T/tools/handout.sh" -l) || { bad "tools/handout.sh -l failed"; finish; }
ids=$(echo "$regions" | sed -n 's/^[^:]*:[0-9]*: \([A-Za-z0-9_-]*\): .*/\1/p' | sort -u)

# ---- a misuse or a crash inside a TODO is blamed on it ----
# course.h's signal handlers, on a product of the wrong shape (mlp.h's
# MLP_ASSERT aborts) and on a crash, while a self-check of TODO(probe-todo) runs.
cat >"$OUT/probe.c" <<'PROBE'
#define MLP_IMPLEMENTATION
#include "mlp.h"
#include "exercises/course.h"
int main(int argc, char **argv)
{
    mlp_mat A = {0}, B = {0}, C = {0};
    course_start(argc, argv, "probe", "probe");
    course_selfcheck("probe-todo", "probe.c, f");
    if (getenv("PROBE_CRASH")) raise(SIGSEGV);
    mlp_mat_init(&A, 2, 3), mlp_mat_init(&B, 2, 3);
    mlp_mat_mul(&C, &A, &B, 0); /* X dZ where X^T dZ was meant */
    return 0;
}
PROBE
if gcc $CFLAGS -I"$T" "$OUT/probe.c" -o "$OUT/probe" -lm 2>"$OUT/probe.log"; then
    for how in misuse crash; do
        if [ $how = crash ]; then log=$(cd "$OUT" && PROBE_CRASH=1 MLP_CHECK_ONLY=1 ./probe . 2>&1)
        else log=$(cd "$OUT" && MLP_CHECK_ONLY=1 ./probe . 2>&1); fi
        want="probe: FAILED: stopped by the misuse above, during the self-check of TODO(probe-todo) in probe.c, f"
        [ $how = crash ] && want="probe: FAILED: crashed during the self-check of TODO(probe-todo) in probe.c, f"
        if echo "$log" | grep -qF -- "$want"; then ok "a $how during a self-check names its TODO ($want)"
        else bad "a $how during a self-check does not name its TODO: $log"; fi
    done
else bad "the probe of course.h's signal handlers does not compile: $(head -5 "$OUT/probe.log")"; fi

# ---- the table: one directory per mistake, NNN/{id,text,sed} ----
# A mistake is a line "ID: what the mistake is" followed by indented sed
# commands; '#' lines and blank lines are comments.
M=$OUT/m
mkdir -p "$M"
if ! awk -v dir="$M" '
    /^[ \t]*#/ || /^[ \t]*$/ { next }
    /^[A-Za-z0-9_-]+: / {
        n++
        f = sprintf("%s/%03d", dir, n)
        system("mkdir -p " f)
        id = $0; sub(/: .*/, "", id)
        text = $0; sub(/^[A-Za-z0-9_-]+: /, "", text)
        print id > (f "/id"); close(f "/id")
        print text > (f "/text"); close(f "/text")
        printf "" > (f "/sed"); close(f "/sed")
        next
    }
    /^[ \t]+/ {
        if (!n) { print "line " NR ": a sed command before the first mistake" > "/dev/stderr"; exit 1 }
        l = $0; sub(/^[ \t]+/, "", l)
        print l >> (f "/sed"); close(f "/sed")
        next
    }
    { print "line " NR ": neither \"ID: text\", an indented sed command, a comment nor blank" > "/dev/stderr"; exit 1 }
' "$TABLE" 2>"$OUT/table.err"; then
    bad "$TABLE: $(cat "$OUT/table.err")"
    finish
fi
mistakes=$(cd "$M" && ls)

# Every region has its mistakes; every mistake has a region and a sed.
for id in $ids; do
    n=$(cat "$M"/*/id 2>/dev/null | grep -cx -- "$id")
    if [ "$n" -ge "$MIN_MISTAKES" ]; then ok "region $id has $n mistakes listed"
    else bad "region $id has $n mistakes in $TABLE (at least $MIN_MISTAKES: see the top of the file for how to add them)"; fi
done
for m in $mistakes; do
    id=$(cat "$M/$m/id")
    if ! printf '%s\n' "$ids" | grep -qx -- "$id"; then bad "$id: $(cat "$M/$m/text"): no region has that id"; fi
    [ -s "$M/$m/sed" ] || bad "$id: $(cat "$M/$m/text"): no sed command under it"
done

# ---- building: mlp.h's implementation once, each exercise without it ----
# An exercise defines MLP_IMPLEMENTATION before including mlp.h; compiled
# with -DMLP_IMPLEMENTATION_DONE (mlp.h's guard against a second copy) it
# keeps only the declarations, and links with an mlp.o built from the mlp.h
# to test. So a mistake in mlp.h compiles mlp.h once, not once per exercise.
build_impl() { # DIR: DIR/mlp.o from DIR/mlp.h
    printf '#define MLP_IMPLEMENTATION\n#include "mlp.h"\n' >"$1/impl.c"
    gcc $CFLAGS -I"$1" -c "$1/impl.c" -o "$1/mlp.o"
}
# A program that sets mlp.h's options itself (#define MLP_REAL float before
# including it) does not fit an mlp.o built without them: it is compiled
# whole, and linked alone.
own_options() { grep -q '^#define MLP_REAL' "$1"; }
build_exercise() { # SRC OBJ
    if own_options "$1"; then gcc $CFLAGS -c "$1" -o "$2"
    else gcc $CFLAGS -DMLP_IMPLEMENTATION_DONE -c "$1" -o "$2"; fi
}
impl_for() { # SRC MLP_O: the mlp.o to link SRC's object with (none if own_options)
    own_options "$1" || echo "$2"
}
# run_check BIN: the self-check; sets rc and log
run_check() {
    local dir
    dir=$(mktemp -d "$OUT/run.XXXXXX")
    log=$(cd "$dir" && MLP_CHECK_ONLY=1 timeout $TIMEOUT "$1" "$dir" 2>&1)
    rc=$?
    rm -rf "$dir"
}

EXERCISES=$(cd "$T/exercises" && ls [0-9][0-9]_*.c | sed 's/\.c$//')
B=$OUT/base
mkdir -p "$B"
if ! build_impl "$T" 2>"$B/impl.log"; then bad "mlp.h does not compile: $(head -5 "$B/impl.log")"; finish; fi
cp "$T/mlp.o" "$B/mlp.o"
for e in $EXERCISES; do
    if ! build_exercise "$T/exercises/$e.c" "$B/$e.o" 2>"$B/$e.log" ||
        ! gcc "$B/$e.o" $(impl_for "$T/exercises/$e.c" "$B/mlp.o") -o "$B/$e" -lm 2>>"$B/$e.log"; then
        echo "skip mistakes: $e does not compile from the sources: $(head -3 "$B/$e.log")"
        rm -f "$B/$e"
        continue
    fi
    run_check "$B/$e"
    if [ "$rc" -eq 0 ]; then ok "the sources: $e passes its self-check"
    else bad "the sources: $e fails its self-check (exit $rc), so no mistake can be judged there:"; echo "$log" | sed 's/^/   /'; fi
done

# ---- one mistake ----
# region_lines FILE ID: "BEGIN END" line numbers of every region ID in FILE
region_lines() {
    awk -v want="$2" '
        /^[ \t]*\/\* BEGIN SOLUTION [A-Za-z0-9_-]+:/ {
            id = $0; sub(/^[ \t]*\/\* BEGIN SOLUTION /, "", id); sub(/:.*/, "", id)
            if (id == want) begin = NR
            next
        }
        /^[ \t]*\/\* END SOLUTION/ { if (begin) print begin, NR; begin = 0 }' "$1"
}
# try M: writes $OUT/result/M: "ok TEXT" or "FAIL TEXT", and the log
try() {
    local m=$1 id text file D script e tried="" named first out=$OUT/result/$m
    id=$(cat "$M/$m/id")
    text=$(cat "$M/$m/text")
    D=$OUT/try/$m
    mkdir -p "$D/exercises"
    file=$(printf '%s\n' "$regions" | awk -F: -v id="$id" '{ split($3, a, " "); if (a[1] == id) print $1 }' | sort -u)
    if [ -z "$file" ]; then echo "FAIL $id: $text: no region $id" >"$out"; return; fi
    if [ "$(echo "$file" | wc -l)" -ne 1 ]; then echo "FAIL $id: $text: regions $id in several files ($file)" >"$out"; return; fi
    # the sed commands, for the lines of each region with that id
    script=$D/script.sed
    region_lines "$T/$file" "$id" | while read -r b e; do
        echo "$b,$e{"
        cat "$M/$m/sed"
        echo "}"
    done >"$script"
    cp "$T/mlp.h" "$D/mlp.h"
    cp "$T/exercises/course.h" "$D/exercises/"
    if ! sed -f "$script" "$T/$file" >"$D/$file.new" 2>"$D/sed.log"; then
        echo "FAIL $id: $text: the sed commands do not run: $(cat "$D/sed.log")" >"$out"
        return
    fi
    if cmp -s "$D/$file.new" "$T/$file"; then
        echo "FAIL $id: $text: the sed commands change nothing in the region (stale: update the mistake)" >"$out"
        return
    fi
    mv "$D/$file.new" "$D/$file"
    if [ "$file" = mlp.h ]; then
        if ! build_impl "$D" 2>"$D/build.log"; then
            echo "ok   $id: $text: caught by the compiler" >"$out"
            return
        fi
        candidates=$(cd "$T/exercises" && grep -l -e "TODO($id)" -e "course_selfcheck(\"$id\"" $(printf '%s.c ' $EXERCISES) 2>/dev/null | sed 's/\.c$//')
    else
        cp "$B/mlp.o" "$D/mlp.o"
        candidates=$(basename "$file" .c)
    fi
    for e in $candidates; do
        [ -x "$B/$e" ] || continue # does not compile from the sources (reported above)
        if [ "$file" = mlp.h ] && own_options "$T/exercises/$e.c"; then
            # built whole with the mlp.h that has the mistake
            obj=$D/$e.o
            cp "$T/exercises/$e.c" "$D/exercises/"
            build_exercise "$D/exercises/$e.c" "$obj" 2>"$D/build.log" ||
                { echo "FAIL $id: $text: $e does not compile: $(head -3 "$D/build.log")" >"$out"; return; }
        elif [ "$file" = mlp.h ]; then obj=$B/$e.o
        else
            obj=$D/$e.o
            if ! build_exercise "$D/$file" "$obj" 2>"$D/build.log"; then
                echo "ok   $id: $text: caught by the compiler" >"$out"
                return
            fi
        fi
        gcc "$obj" $(impl_for "$T/exercises/$e.c" "$D/mlp.o") -o "$D/$e" -lm 2>"$D/link.log" || { echo "FAIL $id: $text: $e does not link: $(head -3 "$D/link.log")" >"$out"; return; }
        run_check "$D/$e"
        tried="$tried $e"
        echo "== $e (exit $rc)" >>"$D/log"
        echo "$log" >>"$D/log"
        [ "$rc" -eq 0 ] && continue
        named=$(echo "$log" | grep FAILED | grep -c "TODO($id)")
        other=$(echo "$log" | grep FAILED | grep -v "TODO($id)" | head -1)
        first=$(echo "$log" | grep FAILED | head -1 | sed "s/^[^:]*: FAILED: //")
        if [ "$rc" -eq 124 ]; then echo "FAIL $id: $text: $e ran for more than ${TIMEOUT}s" >"$out"
        elif [ "$named" -eq 0 ]; then echo "FAIL $id: $text: $e fails (exit $rc) without naming TODO($id)" >"$out"
        elif [ -n "$other" ]; then echo "FAIL $id: $text: $e blames another TODO: $other" >"$out"
        else echo "ok   $id: $text: $e: $first" >"$out"; fi
        return
    done
    echo "FAIL $id: $text: not caught: the self-checks of${tried:- no exercise} pass with it" >"$out"
}

mkdir -p "$OUT/result" "$OUT/try"
for m in $mistakes; do
    if [ "$JOBS" -gt 1 ]; then
        while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n 2>/dev/null || true; done
        try "$m" &
    else try "$m"; fi
done
wait

# ---- the results, region by region ----
for id in $ids; do
    n=0 caught=0
    for m in $mistakes; do
        [ "$(cat "$M/$m/id")" = "$id" ] || continue
        n=$((n + 1))
        r=$(cat "$OUT/result/$m" 2>/dev/null || echo "FAIL $id: $(cat "$M/$m/text"): no result")
        case $r in
        ok*) passed=$((passed + 1)) caught=$((caught + 1)); echo "ok   mistakes: ${r#ok   }" ;;
        *) failed=$((failed + 1)); echo "FAIL mistakes: ${r#FAIL }"; [ -f "$OUT/try/$m/log" ] && sed 's/^/   /' "$OUT/try/$m/log" | head -40 ;;
        esac
    done
    echo "     region $id: $caught of $n mistakes caught"
done
finish
