#!/usr/bin/env bash
# tests/handout.sh - checks `make handout` (tools/handout.sh, tools/handout.awk):
#   1. the extractor refuses every malformed marker (nested, unbalanced,
#      empty, unterminated, code on a marker's line, an unknown -r id), says
#      FILE:LINE, and writes nothing; a small region comes out as documented;
#   2. the handout: no marker survives, each region is one TODO(id); what
#      its TODOs, README.md, Makefile and docs/ name is in it; every C
#      file in it compiles with gcc (exercises at -O2) and clang, -std=c99
#      -Wall -Wextra -Wpedantic -Werror; every exercise's self-check exits
#      non-zero, and each FAILED line names a TODO of the handout;
#   3. one region at a time (tools/handout.sh -r ID): some self-check fails,
#      every FAILED line names TODO(ID), and every other exercise passes;
#   4. the solutions put back: replacing each TODO block of the handout by
#      its region's code from the sources gives the solution (-s) line for
#      line, which compiles and passes every self-check; so do the sources
#      as they are, markers and all.
# Ends with "N passed, M failed"; exit status 1 if any failed.
set -u
cd "$(dirname "$0")/.." || exit 1
OUT=${BUILD:-build}/tests/handout
rm -rf "$OUT"
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd) # tools/handout.sh runs from its own tree
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   handout: $1"; }
bad() { failed=$((failed + 1)); echo "FAIL handout: $1"; }
have() { command -v "$1" >/dev/null 2>&1; }
WARN="-std=c99 -Wall -Wextra -Wpedantic -Werror -ffp-contract=off"

# ---- 1. the extractor refuses malformed markers ----
# refuse NAME LINE PHRASE: tools/handout.awk on $OUT/bad.c must fail, naming bad.c:LINE and PHRASE
refuse() {
    local err
    if err=$(awk -v name=bad.c -f tools/handout.awk "$OUT/bad.c" 2>&1 >/dev/null); then
        bad "$1: accepted"
    elif echo "$err" | grep -q "^handout: bad.c:$2: .*$3"; then
        ok "$1: refused ($err)"
    else bad "$1: refused, but not with bad.c:$2 and '$3': $err"; fi
}
printf '%s\n' 'int f(void)' '{' '    /* BEGIN SOLUTION a: outer */' '    /* BEGIN SOLUTION b: inner */' \
    '    return 1;' '    /* END SOLUTION */' '    /* END SOLUTION */' '}' >"$OUT/bad.c"
refuse "nested regions" 4 "regions do not nest"
printf '%s\n' 'int x;' '/* END SOLUTION */' >"$OUT/bad.c"
refuse "END without BEGIN" 2 "without a BEGIN"
printf '%s\n' '/* BEGIN SOLUTION a: x */' 'int x;' 'int y;' >"$OUT/bad.c"
refuse "BEGIN without END" 3 "region a (line 1) has no END SOLUTION"
printf '%s\n' '/* BEGIN SOLUTION a: x */' '/* END SOLUTION */' >"$OUT/bad.c"
refuse "empty region" 2 "is empty"
printf '%s\n' '/* BEGIN SOLUTION a x */' 'int x;' '/* END SOLUTION */' >"$OUT/bad.c"
refuse "BEGIN without id:" 1 "malformed marker"
printf '%s\n' '/* BEGIN SOLUTION a: */' 'int x;' '/* END SOLUTION */' >"$OUT/bad.c"
refuse "BEGIN with no TODO text" 1 "says nothing to implement"
printf '%s\n' '/* BEGIN SOLUTION a: x */' 'int x; /* END SOLUTION */' >"$OUT/bad.c"
refuse "code on an END line" 2 "malformed marker"
printf '%s\n' '/* BEGIN SOLUTION a: x */ int y;' 'int x;' '/* END SOLUTION */' >"$OUT/bad.c"
refuse "code after a BEGIN comment" 1 "code after the"
printf '%s\n' '/* BEGIN SOLUTION a: x */' 'int x;' '/* END SOLUTION stub: x = 0; */' >"$OUT/bad.c"
refuse "END with a malformed stub" 3 "malformed marker"
printf '%s\n' '/* BEGIN SOLUTION a: a text that' '   never closes' 'int x;' >"$OUT/bad.c"
refuse "unterminated BEGIN comment" 3 "never closes"

# The whole script writes nothing when one file is bad: a copy of the tree
# whose mlp.h has nested regions.
fake=$OUT/fake
mkdir -p "$fake/tools" "$fake/exercises" "$fake/examples"
cp tools/handout.sh tools/handout.awk tools/handout.Makefile tools/handout.README.md "$fake/tools/"
printf '%s\n' '/* BEGIN SOLUTION a: outer */' '/* BEGIN SOLUTION b: inner */' 'int x;' \
    '/* END SOLUTION */' '/* END SOLUTION */' >"$fake/mlp.h"
if err=$(sh "$fake/tools/handout.sh" -o "$fake/out" 2>&1); then bad "tools/handout.sh with nested regions: succeeded"
elif [ -e "$fake/out" ] || ls -d "$fake"/out.tmp* >/dev/null 2>&1; then bad "tools/handout.sh with nested regions: left files behind"
elif echo "$err" | grep -q "mlp.h:2: .*do not nest"; then ok "tools/handout.sh with nested regions: fails, writes nothing"
else bad "tools/handout.sh with nested regions: unexpected message: $err"; fi
if err=$(sh tools/handout.sh -o "$OUT/none" -r no-such-region 2>&1); then bad "-r no-such-region: succeeded"
elif [ -e "$OUT/none" ]; then bad "-r no-such-region: wrote $OUT/none"
elif echo "$err" | grep -q "no-such-region: no region has that id"; then ok "-r with an unknown id: fails, writes nothing"
else bad "-r no-such-region: unexpected message: $err"; fi
mkdir -p "$OUT/precious" && echo keep >"$OUT/precious/file"
if sh tools/handout.sh -o "$OUT/precious" >/dev/null 2>&1 || [ "$(cat "$OUT/precious/file")" != keep ]; then
    bad "-o onto a directory that is not a handout: it was replaced"
else ok "-o onto a directory that is not a handout: refused, left alone"; fi

# What a region becomes, exactly as tools/handout.awk documents it.
printf '%s\n' 'int f(int n)' '{' '    int i, s = 0;' '    /* BEGIN SOLUTION sum: s = 0 + 1 + ... + (n - 1),' \
    '         as a loop */' '    for (i = 0; i < n; i++) s += i;' '    /* END SOLUTION; stub: (void)i, (void)n; */' \
    '    return s;' '}' >"$OUT/good.c"
printf '%s\n' 'int f(int n)' '{' '    int i, s = 0;' '    /* TODO(sum): s = 0 + 1 + ... + (n - 1),' '         as a loop' \
    '       (The next line only keeps the program compiling: replace it.) */' '    (void)i, (void)n;' \
    '    return s;' '}' >"$OUT/good.expected"
if awk -f tools/handout.awk "$OUT/good.c" >"$OUT/good.out" 2>&1 && cmp -s "$OUT/good.out" "$OUT/good.expected"; then
    ok "a region with a two-line TODO and a stub becomes the documented TODO block"
else bad "a region's TODO block differs from the documented one:"; diff "$OUT/good.expected" "$OUT/good.out"; fi

# ---- 2. the handout ----
# Others may edit the sources while this runs: work on a snapshot, so that
# the handout, the solution and the sources compared below are one version.
T=$OUT/tree
mkdir -p "$T/tools/gdb" "$T/docs" "$T/tests" "$T/reports"
cp -R mlp.h exercises examples "$T/"
cp tools/handout.* "$T/tools/"
cp tools/gdb/* "$T/tools/gdb/" 2>/dev/null
cp docs/debugging.md "$T/docs/" 2>/dev/null
cp tests/gdb_walkthrough.sh "$T/tests/" 2>/dev/null
cp -R .vscode "$T/" 2>/dev/null
for f in reports/[0-9][0-9]_*.md reports/*/*.tsv; do
    [ -f "$f" ] && mkdir -p "$T/$(dirname "$f")" && cp "$f" "$T/$f"
done
HANDOUT="sh $T/tools/handout.sh"
EXERCISES=$(cd "$T/exercises" && ls *.c | sed 's/\.c$//')
H=$OUT/handout
if ! $HANDOUT -o "$H" >"$OUT/handout.log" 2>&1; then
    bad "tools/handout.sh failed: $(cat "$OUT/handout.log")"
    echo "$passed passed, $failed failed"
    exit 1
fi
regions=$($HANDOUT -l)
ids=$(echo "$regions" | sed -n 's/^[^:]*:[0-9]*: \([A-Za-z0-9_-]*\): .*/\1/p' | sort -u)
n_regions=$(echo "$regions" | grep -c .)
n_todos=$(grep -rc '^[[:space:]]*/\* TODO([A-Za-z0-9_-]*):' "$H" --include='*.c' --include='*.h' | awk -F: '{ s += $2 } END { print s }')
if grep -rq 'BEGIN SOLUTION\|END SOLUTION' "$H"; then bad "a solution marker is left in the handout"
elif [ "$n_todos" -ne "$n_regions" ]; then bad "$n_regions regions but $n_todos TODO blocks in the handout"
else ok "$n_regions regions ($(echo $ids)) became $n_todos TODO blocks, no marker left"; fi
missing=
for id in $ids; do grep -q "TODO($id)" "$H/README.md" || missing="$missing $id"; done
if [ -z "$missing" ]; then ok "README.md lists every TODO"; else bad "README.md does not list:$missing"; fi

# Nothing the student reads first refers outside the handout: every file or
# directory that a TODO, the README, the Makefile or docs/ names (a word
# with a file extension, or a path under one of the handout's folders)
# exists in the handout, and a TODO that points at a report names its file.
todo_text() { # the TODO comment blocks of the handout's sources
    for f in "$H"/mlp.h "$H"/exercises/*.c "$H"/examples/*.c; do
        awk '/\/\* TODO\([A-Za-z0-9_-]*\):/ { on = 1 } on { print } on && /\*\// { on = 0 }' "$f"
    done
}
{ todo_text; cat "$H/README.md" "$H/Makefile" "$H"/docs/*.md; } >"$OUT/student_text"
outside=
# (perl for the look-behind: not a piece of a longer path such as
# build/exercises/NAME, nor a system header such as <math.h>)
for ref in $(perl -ne 'while (m{(?<![A-Za-z0-9_./<-])((?:\.?[A-Za-z0-9_-]+/)*[A-Za-z0-9_.-]+\.(?:md|c|h|py|gdb|sh|json|tsv)\b|(?:docs|tools|exercises|examples|reports|tests)/[A-Za-z0-9_./-]*)}g) { print "$1\n" }' \
    "$OUT/student_text" | sort -u); do
    case $ref in
    */*) [ -e "$H/$ref" ] || outside="$outside $ref" ;;
    *) [ -n "$(find "$H" -name "$ref" -print -quit)" ] || outside="$outside $ref" ;;
    esac
done
reportless=$(todo_text | awk '/\/\* TODO\(/ { if (block ~ /report/ && block !~ /reports\//) print id; block = ""; id = $0; sub(/:.*/, "", id); sub(/.*TODO/, "TODO", id) }
    { block = block " " $0 } END { if (block ~ /report/ && block !~ /reports\//) print id }' | sort -u | tr '\n' ' ')
if [ -n "$outside" ]; then bad "the TODOs, README.md, Makefile or docs/ of the handout name what it does not have:$outside"
elif [ -n "$reportless" ]; then bad "a TODO speaks of a report without naming its file (reports/NN_topic.md): $reportless"
else ok "everything the TODOs, README.md, Makefile and docs/ name is in the handout"; fi

# own_options FILE: the program sets mlp.h's options itself (#define MLP_REAL
# float before including it), so a shared mlp.o does not fit it: compile it whole.
own_options() { grep -q '^#define MLP_REAL' "$1"; }
# mlp_o CC FLAGS... -- DIR OUT: mlp.h's implementation alone, from DIR/mlp.h.
mlp_o() {
    local args=()
    while [ "$1" != -- ]; do args+=("$1"); shift; done
    "${args[@]}" -DMLP_IMPLEMENTATION -x c -c -o "$3" "$2/mlp.h"
}
# split_build CC FLAGS... -- MLP_O SRC OUT: SRC compiled without mlp.h's
# implementation and linked with MLP_O, or whole (own_options).
split_build() {
    local args=() mlpo src out
    while [ "$1" != -- ]; do args+=("$1"); shift; done
    mlpo=$2 src=$3 out=$4
    if own_options "$src"; then "${args[@]}" -o "$out" "$src" -lm
    else "${args[@]}" -DMLP_IMPLEMENTATION_DONE -c -o "$out.o" "$src" && "${args[0]}" -o "$out" "$out.o" "$mlpo" -lm; fi
}
# compile_tree OUTDIR COMMAND...: compile every program of the handout with
# COMMAND (then -I, -o and the file); prints "ok NAME", "FAIL NAME" + the
# compiler's words, or "SKIP NAME" when the file does not compile from the
# sources either (someone's work in progress: not the handout's doing, and
# tests/run.sh reports it).
compile_tree() {
    local bin=$1 src name base log fast
    shift
    mkdir -p "$bin"
    # mlp.h's implementation is compiled once, into mlp.o, with the same
    # flags; each program is then compiled without it (mlp.h's guard
    # MLP_IMPLEMENTATION_DONE keeps the declarations only) and linked with
    # mlp.o. The same warnings are looked for, in far less time.
    if ! log=$(mlp_o "$@" -- "$H" "$bin/mlp.o" 2>&1); then echo "FAIL mlp.h"; echo "$log" | head -10; return; fi
    for src in "$H"/exercises/*.c "$H"/examples/*.c; do
        name=${src#"$H"/}
        base=$(basename "$name" .c)
        # examples have no regions of their own: -O0 is enough for them, and fast
        case $name in examples/*) fast=-O0 ;; *) fast= ;; esac
        if log=$(split_build "$@" $fast -I"$H" -- "$bin/mlp.o" "$src" "$bin/$base" 2>&1); then echo "ok $name"
        elif ! "$@" $fast -I"$T" -o "$bin/source_$base" "$T/$name" -lm >/dev/null 2>&1; then echo "SKIP $name"
        else echo "FAIL $name"; echo "$log" | head -10; fi
    done
}
compile_report() { # LABEL LOGFILE
    local n_ok
    n_ok=$(grep -c '^ok' "$2")
    if grep -q '^FAIL' "$2"; then bad "$1: $(grep -c '^FAIL' "$2") files do not compile"; grep -v '^ok' "$2" | sed 's/^/   /'
    elif [ "$n_ok" -gt 0 ]; then ok "$1: $n_ok files compile"; fi
    grep '^SKIP' "$2" | sed 's/^SKIP \(.*\)/skip handout: \1 does not compile from the sources either/'
}
compile_tree "$H/bin" gcc $WARN -O2 >"$OUT/gcc.log" &
if have clang; then compile_tree "$OUT/clang-bin" clang $WARN -O0 >"$OUT/clang.log"; fi
wait
compile_report "handout, gcc $WARN (-O2 exercises, -O0 examples)" "$OUT/gcc.log"
if have clang; then compile_report "handout, clang -O0 $WARN" "$OUT/clang.log"; else echo "skip handout: clang is not installed"; fi

# selfcheck DIR NAME: run exercise NAME of tree DIR in check-only mode; sets rc and log
selfcheck() {
    mkdir -p "$1/out/$2"
    log=$(MLP_CHECK_ONLY=1 "$1/bin/$2" "$1/out/$2" 2>&1)
    rc=$?
}
# An exercise that does not compile from the sources was skipped above.
source_broken() { grep -q "^SKIP exercises/$1.c" "$OUT/gcc.log"; }
for e in $EXERCISES; do
    source_broken "$e" && continue
    [ -x "$H/bin/$e" ] || continue # did not compile: reported above
    selfcheck "$H" "$e"
    named=$(echo "$log" | grep FAILED | grep -o 'TODO([A-Za-z0-9_-]*)' | sort -u | tr '\n' ' ' | sed 's/ $//')
    unnamed=$(echo "$log" | grep FAILED | grep -v 'TODO([A-Za-z0-9_-]*)')
    if [ "$rc" -eq 0 ]; then bad "$e in the handout: self-check passed (exit 0)"
    elif ! echo "$log" | grep -q FAILED; then bad "$e in the handout: exit $rc without a FAILED line: $log"
    elif [ -n "$unnamed" ]; then bad "$e in the handout: a FAILED line names no TODO: $unnamed"
    else ok "$e in the handout: self-check fails (exit $rc), naming $named"; fi
    echo "$log" | sed 's/^/   /'
done

# ---- 3. one region at a time ----
# The solution (-s) is written here already: an exercise whose files are the
# same as in the solution with one region blanked (the region is in another
# file) is the solution's program, which section 4 runs; it is not compiled
# and run again for every region.
S=$OUT/solution
$HANDOUT -s -o "$S" >/dev/null 2>&1 || bad "tools/handout.sh -s failed"
for id in $ids; do
    D=$OUT/only-$id
    $HANDOUT -o "$D" -r "$id" >/dev/null 2>&1 || { bad "-r $id: tools/handout.sh failed"; continue; }
    mkdir -p "$D/bin"
    mlp_o gcc $WARN -O0 -- "$D" "$D/bin/mlp.o" 2>"$D/mlp.log" ||
        { bad "-r $id: mlp.h does not compile"; sed 's/^/   /' "$D/mlp.log" | head; continue; }
    fails=0 passes=0 wrong=0
    for e in $EXERCISES; do
        source_broken "$e" && continue
        if cmp -s "$D/mlp.h" "$S/mlp.h" && cmp -s "$D/exercises/$e.c" "$S/exercises/$e.c" &&
            cmp -s "$D/exercises/course.h" "$S/exercises/course.h"; then
            passes=$((passes + 1)) # the solution's own program (section 4)
            continue
        fi
        if ! split_build gcc $WARN -O0 -- "$D/bin/mlp.o" "$D/exercises/$e.c" "$D/bin/$e" 2>"$D/$e.log"; then
            wrong=1; bad "-r $id: $e does not compile"; sed 's/^/   /' "$D/$e.log" | head; continue
        fi
        selfcheck "$D" "$e"
        if [ "$rc" -eq 0 ] && echo "$log" | grep -q "self-check passed"; then passes=$((passes + 1)); continue; fi
        if [ "$rc" -eq 0 ]; then wrong=1; bad "-r $id: $e exits 0 without 'self-check passed'"; continue; fi
        other=$(echo "$log" | grep FAILED | grep -v "TODO($id)")
        if [ -n "$other" ] || ! echo "$log" | grep -q FAILED; then wrong=1; bad "-r $id: $e fails without naming TODO($id): $log"
        else fails=$((fails + 1)); fi
    done
    if [ $((fails + passes + wrong)) -eq 0 ]; then echo "skip handout: -r $id: no exercise compiles from the sources"
    elif [ "$fails" -eq 0 ] && [ "$wrong" -eq 0 ]; then bad "only TODO($id) blank: no self-check notices"
    elif [ "$wrong" -eq 0 ]; then ok "only TODO($id) blank: $fails exercise(s) fail naming it, $passes pass"; fi
done

# ---- 4. the solutions put back ----
# refill SOURCE HANDOUT_FILE: the handout file with each TODO block replaced,
# in order, by the code of the matching region of SOURCE.
refill() {
    awk '
        NR == FNR {
            if (state == 0 && /^[ \t]*\/\* BEGIN SOLUTION /) { r++; state = index($0, "*/") ? 2 : 1; next }
            if (state == 1) { if (index($0, "*/")) state = 2; next }
            if (state == 2 && /^[ \t]*\/\* END SOLUTION/) { stub[r] = /; stub:/; state = 0; next }
            if (state == 2) body[r] = body[r] $0 "\n"
            next
        }
        skip == 0 && /^[ \t]*\/\* TODO\([A-Za-z0-9_-]*\):/ { t++; skip = 1 }
        skip == 1 { if (index($0, "*/")) { skip = stub[t] ? 2 : 0; printf "%s", body[t] } ; next }
        skip == 2 { skip = 0; next }
        { print }' "$1" "$2"
}
if [ ! -f "$S/mlp.h" ]; then bad "no solution to compare with (tools/handout.sh -s failed above)"; else
    same=1
    for f in $(cd "$T" && ls mlp.h exercises/*.c examples/*.c); do
        refill "$T/$f" "$H/$f" >"$OUT/refilled.c"
        if ! cmp -s "$OUT/refilled.c" "$S/$f"; then same=0; bad "$f: the handout with its solutions put back differs from the solution:"; diff "$OUT/refilled.c" "$S/$f" | head; fi
    done
    [ "$same" = 1 ] && ok "the handout with every solution put back is the solution, line for line"
    for tree in solution sources; do
        if [ "$tree" = solution ]; then D=$S src=$S/exercises label="the solution"
        else D=$OUT/sources src=$T/exercises label="the sources, markers and all"; fi
        mkdir -p "$D/bin"
        if ! mlp_o gcc $WARN -O0 -- "$src/.." "$D/bin/mlp.o" 2>"$OUT/sol.log"; then
            bad "$label: mlp.h does not compile"; sed 's/^/   /' "$OUT/sol.log" | head; continue
        fi
        for e in $EXERCISES; do
            source_broken "$e" && continue
            if ! split_build gcc $WARN -O0 -I"$src/.." -- "$D/bin/mlp.o" "$src/$e.c" "$D/bin/$e" 2>"$OUT/sol.log"; then
                bad "$label: $e does not compile"; sed 's/^/   /' "$OUT/sol.log" | head; continue
            fi
            selfcheck "$D" "$e"
            if [ "$rc" -eq 0 ] && echo "$log" | grep -q "self-check passed"; then ok "$label: $e self-check passes"
            else bad "$label: $e self-check fails (exit $rc): $log"; fi
        done
    done
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
