#!/usr/bin/env bash
# tests/run.sh - everything `make test` checks, needing only a C compiler.
#
#   1. compile checks: gcc and clang, -std=c99 and -std=c11, -Wall -Wextra
#      -Wpedantic -Werror; C++; MLP_STATIC; two translation units; the float
#      build; the all-or-none allocator rule; the manual's example program
#      (which is examples/01_xor.c); the README's quick start, cut from
#      README.md, compiled and run; MLP_VERSION;
#      every example and exercise;
#   2. the test programs in double and float, as C++, and under
#      AddressSanitizer + UndefinedBehaviorSanitizer; test_data also with the
#      saver in plain C (MLP_NO_POSIX, C11);
#   3. the gdb walkthrough, replayed by gdb and checked (tests/gdb_walkthrough.sh);
#   4. `make handout`, built and checked (tests/handout.sh); every mistake
#      of tests/handout_mistakes.txt fails a self-check naming its TODO
#      (tests/handout_mistakes.sh); every exercise's self-check, built by
#      `make debug SANITIZE=1` from the sources and from the handout, leaves
#      nothing for ASan, LeakSanitizer and UBSan to report (tests/sanitized_checks.sh);
#   5. the same bits from every compiler and flag set (tests/same_bits.sh);
#      the book: mlp.h woven, its blocks giving back mlp.h byte for byte, and
#      with pandoc its HTML edition's links and listings (tests/book.sh);
#   6. every chapter of the course in quick mode (MLP_QUICK=1): each of its
#      claims is a test, and a failed one is reported as
#      `FAIL chapter NN_topic: claim NAME FAILED (value vs bound)`; and every
#      chapter has the frame COURSE.md asks for (tests/course.sh);
#   7. mlp.h for 32-bit targets and WebAssembly, and the playground page in
#      headless Chromium against the native program (tests/playground.sh;
#      what is not installed is reported as skipped).
#
# Each compile check counts as one test; each test program reports its own
# count. The last line is the total: `N passed, M failed` (exit 1 if M > 0).
# Usage: tests/run.sh [substring]  (only test programs' tests and chapters
# matching it run; the compile checks always run).
# Environment: BUILD (default build); TEST_JOBS, how many jobs run at once
# (default: the number of processors). The jobs are independent builds and
# runs; each one's output is printed whole, in a fixed order, so the log
# reads the same however many run at once.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
OUT="$BUILD/tests"
mkdir -p "$OUT"
FILTER=${1:-}
passed=0
failed=0
skipped=0
STRICT="-Wall -Wextra -Wpedantic -Werror"
FP="-ffp-contract=off"
SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
# Tests make allocations fail on purpose; let the sanitizer's allocator
# return NULL as the real one does, instead of aborting.
export ASAN_OPTIONS="allocator_may_return_null=1:detect_leaks=1"
export UBSAN_OPTIONS="print_stacktrace=1"

ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }
skip() { skipped=$((skipped + 1)); echo "skip $1"; }
have() { command -v "$1" >/dev/null 2>&1; }

# ---- jobs: independent parts of the suite, run TEST_JOBS at a time ----
# job FUNCTION ARGS...: runs FUNCTION in the background with its own counters
# and log; finish_jobs prints the logs in the order the jobs were started
# and adds up the counters. A job that dies without writing its counters is a
# failure.
TEST_JOBS=${TEST_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}
JOBDIR=$OUT/jobs
rm -rf "$JOBDIR"
mkdir -p "$JOBDIR"
njobs=0
pids=()
job() {
    local id
    # Wait for a free slot first: the job is counted (njobs) only once it
    # starts, so that flush_jobs never looks for one that has not.
    while [ "$(jobs -rp | wc -l)" -ge "$TEST_JOBS" ]; do
        wait -n 2>/dev/null || true
        flush_jobs 0
    done
    njobs=$((njobs + 1))
    id=$(printf '%03d' "$njobs")
    (
        passed=0 failed=0 skipped=0 started=$(date +%s%N)
        "$@"
        echo "$passed $failed $skipped" >"$JOBDIR/$id.counts"
        # wall seconds, then the processor time of the job's programs
        times >"$JOBDIR/$id.cpu"
        echo "$((($(date +%s%N) - started) / 1000000)) $(tail -1 "$JOBDIR/$id.cpu") $*" >"$JOBDIR/$id.time"
    ) >"$JOBDIR/$id.log" 2>&1 &
    pids+=("$!")
}
# flush_jobs WAIT: print the logs of the jobs that have ended, in order, up
# to the first one still running (WAIT=1: wait for every job).
shown=0
flush_jobs() {
    local id p f s
    while [ "$shown" -lt "$njobs" ]; do
        id=$(printf '%03d' $((shown + 1)))
        if [ "$1" = 0 ] && [ ! -e "$JOBDIR/$id.counts" ] && kill -0 "${pids[$shown]}" 2>/dev/null; then return; fi
        wait "${pids[$shown]}" 2>/dev/null
        cat "$JOBDIR/$id.log"
        if [ -s "$JOBDIR/$id.counts" ]; then
            read -r p f s <"$JOBDIR/$id.counts"
            passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
        else
            bad "job $id died without a result (its log is above)"
        fi
        shown=$((shown + 1))
    done
}
finish_jobs() { flush_jobs 1; }

# compile NAME COMMAND...: one compile check; shows the compiler's output on failure.
compile() {
    local name=$1 log
    shift
    if log=$("$@" 2>&1); then ok "compile: $name"; else bad "compile: $name"; echo "$log" | head -20; fi
}

# Can this compiler build and run a sanitized program? (needs libasan/libubsan,
# which Debian's gcc and clang packages bring)
san_works() {
    printf 'int main(void){return 0;}\n' >"$OUT/san_probe.c"
    "$1" $SAN "$OUT/san_probe.c" -o "$OUT/san_probe" >/dev/null 2>&1 && "$OUT/san_probe"
}

# ---- 1. compile checks ----
compile_checks() {
    echo "== compile checks"
    for cc in gcc clang; do
        if ! have $cc; then skip "compile: $cc is not installed"; continue; fi
        for std in c99 c11; do
            compile "$cc -std=$std $STRICT" $cc -std=$std $STRICT $FP -c tests/compile/header_only.c -o "$OUT/h_${cc}_$std.o"
            compile "$cc -std=$std $STRICT, float build" $cc -std=$std $STRICT $FP -DMLP_REAL=float -c tests/compile/header_only.c -o "$OUT/hf_${cc}_$std.o"
        done
        compile "$cc MLP_STATIC" $cc -std=c99 $STRICT $FP tests/compile/static.c -o "$OUT/static_$cc" -lm
        compile "$cc -std=c99 $STRICT, MLP_NO_POSIX (the saver in plain C)" $cc -std=c99 $STRICT $FP -DMLP_NO_POSIX -c tests/compile/header_only.c -o "$OUT/hnp_$cc.o"
    done
    for cxx in g++ clang++; do
        if ! have $cxx; then skip "compile: $cxx is not installed"; continue; fi
        compile "$cxx -x c++ -Wall -Wextra -Wpedantic -Werror" $cxx -x c++ $STRICT $FP -c tests/compile/header_only.c -o "$OUT/h_$cxx.o"
    done
    if gcc -std=c99 $STRICT $FP -c tests/compile/tu_impl.c -o "$OUT/tu_impl.o" 2>&1 &&
        gcc -std=c99 $STRICT $FP -c tests/compile/tu_user.c -o "$OUT/tu_user.o" 2>&1 &&
        gcc "$OUT/tu_impl.o" "$OUT/tu_user.o" -o "$OUT/two_tu" -lm && "$OUT/two_tu" >/dev/null; then
        ok "compile: two translation units linked together"
    else bad "compile: two translation units linked together"; fi
    if log=$(gcc -std=c99 -c tests/compile/half_allocator.c -o "$OUT/half.o" 2>&1); then
        bad "compile: MLP_MALLOC alone must be a compile error (it compiled)"
    elif echo "$log" | grep -q "define all of MLP_MALLOC, MLP_REALLOC and MLP_FREE, or none"; then
        ok "compile: MLP_MALLOC alone is a compile error naming the rule"
    else bad "compile: MLP_MALLOC alone failed, but without mlp.h's message"; echo "$log" | head; fi

    # The manual's complete program: cut from between its markers; it must be
    # examples/01_xor.c word for word, compile, run and print its predictions.
    sed -n '/^#if 0 \/\* EXAMPLE PROGRAM/,/^#endif \/\* EXAMPLE PROGRAM/p' mlp.h | sed '1d;$d' >"$OUT/manual_example.c"
    if [ -s "$OUT/manual_example.c" ] && cmp -s "$OUT/manual_example.c" examples/01_xor.c &&
        gcc -std=c99 $STRICT $FP -I. "$OUT/manual_example.c" -o "$OUT/manual_example" -lm 2>&1 &&
        "$OUT/manual_example" >"$OUT/manual_example.out" && grep -q "^P(y = 1 | x) (4x1) =" "$OUT/manual_example.out"; then
        ok "compile: the manual's example program is examples/01_xor.c, compiles and runs"
    else
        bad "compile: the manual's example program (it must be examples/01_xor.c word for word, and run)"
        diff "$OUT/manual_example.c" examples/01_xor.c | head -10
    fi
    # The README's quick start: its first C block, cut from README.md as a
    # student would paste it, compiles with the strict flags, runs, and ends
    # with the line the README says it ends with.
    awk '/^## Quick start/ { on = 1 } on && /^```c$/ { code = 1; next } code && /^```$/ { exit } code' README.md >"$OUT/quick_start.c"
    said=$(awk '/^## Quick start/ { on = 1 } on && /ends with "/' README.md | head -1 | sed 's/.*ends with "\(.*\)".*/\1/')
    if [ -s "$OUT/quick_start.c" ] && grep -q 'int main' "$OUT/quick_start.c" &&
        gcc -std=c99 $STRICT $FP -I. "$OUT/quick_start.c" -o "$OUT/quick_start" -lm 2>&1 &&
        "$OUT/quick_start" >"$OUT/quick_start.out" && [ -n "$said" ] && [ "$(tail -1 "$OUT/quick_start.out")" = "$said" ]; then
        ok "compile: the README's quick start compiles, runs and ends with \"$said\""
    else
        bad "compile: the README's quick start (its first C block must compile, run and end with the line the README quotes: \"$said\")"
        tail -3 "$OUT/quick_start.out" 2>/dev/null
    fi
    # MLP_VERSION and MLP_VERSION_STRING say the same, and the banner line too.
    v=$(sed -n 's/^#define MLP_VERSION \([0-9]*\)$/\1/p' mlp.h)
    vs=$(sed -n 's/^#define MLP_VERSION_STRING "\(.*\)"$/\1/p' mlp.h)
    if [ -n "$v" ] && [ "$(echo "$vs" | awk -F. '{ print $1 * 10000 + $2 * 100 + $3 }')" = "$v" ] &&
        head -1 mlp.h | grep -q "^/\* mlp.h $vs - "; then
        ok "compile: MLP_VERSION $v, MLP_VERSION_STRING $vs and the banner agree"
    else bad "compile: MLP_VERSION ($v), MLP_VERSION_STRING ($vs) and the first line of mlp.h disagree"; fi
}

compile_programs() {
    echo "== compile checks: every example (each chapter's exercise is compiled by its own job)"
    for src in examples/*.c; do
        [ -f "$src" ] || continue
        compile "$src" gcc -std=c99 $STRICT $FP -I. "$src" -o "$OUT/$(basename "$src" .c)" -lm
    done
}

# run NAME BINARY: a test program; its `N passed, M failed` line is added up.
run() {
    local name=$1 bin=$2 log line p f
    shift 2
    echo "== $name"
    log=$("$bin" ${FILTER:+"$FILTER"} 2>&1)
    local status=$?
    echo "$log" | grep -v '^[0-9]* passed, [0-9]* failed$' | grep -v '^test_' | sed 's/^/   /'
    line=$(echo "$log" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -1)
    if [ -z "$line" ]; then
        bad "$name: crashed or printed no result (exit $status)"
        echo "$log" | tail -20
        return
    fi
    p=${line%% passed*}
    f=${line#*passed, }
    f=${f%% failed*}
    passed=$((passed + p))
    failed=$((failed + f))
    echo "   $line"
    if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then bad "$name: exit status $status with no failed test"; fi
}

# build NAME COMMAND...: build a test program, counting a failure to build.
build() {
    local name=$1 log
    shift
    if ! log=$("$@" 2>&1); then bad "build: $name"; echo "$log" | head -20; return 1; fi
}

# test_program T VARIANT: build tests/T.c one way and run it.
test_program() {
    local t=$1 v=$2 src=tests/$1.c cc
    case $v in
    double) build "$t (double)" gcc -std=c99 $STRICT -O2 $FP -I. "$src" -o "$OUT/$t" -lm &&
        run "$t, double, gcc -O2" "$OUT/$t" ;;
    float) build "$t (float)" gcc -std=c99 $STRICT -O2 $FP -DMLP_REAL=float -I. "$src" -o "$OUT/${t}_float" -lm &&
        run "$t, float, gcc -O2" "$OUT/${t}_float" ;;
    cxx) build "$t (C++)" g++ -x c++ -Wall -Wextra -Wno-missing-field-initializers -Werror -O2 $FP -I. "$src" -o "$OUT/${t}_cxx" -lm &&
        run "$t, double, compiled as C++" "$OUT/${t}_cxx" ;;
    noposix) build "$t (MLP_NO_POSIX)" gcc -std=c11 $STRICT -O2 $FP -DMLP_NO_POSIX -I. "$src" -o "$OUT/${t}_noposix" -lm &&
        run "$t, double, the saver in plain C (MLP_NO_POSIX, C11)" "$OUT/${t}_noposix" ;;
    san-gcc | san-clang | san-float-gcc | san-float-clang)
        cc=${v##*-}
        if ! have $cc || ! san_works $cc; then skip "$t under $cc sanitizers (unavailable)"; return; fi
        if [ "${v#san-float}" != "$v" ]; then
            build "$t float ($cc sanitizers)" $cc -std=c99 $STRICT -O1 -g $FP $SAN -DMLP_REAL=float -I. "$src" -o "$OUT/${t}_float_san_$cc" -lm &&
                run "$t, float, $cc -fsanitize=address,undefined" "$OUT/${t}_float_san_$cc"
        else
            build "$t ($cc sanitizers)" $cc -std=c99 $STRICT -O1 -g $FP $SAN -I. "$src" -o "$OUT/${t}_san_$cc" -lm &&
                run "$t, double, $cc -fsanitize=address,undefined" "$OUT/${t}_san_$cc"
        fi ;;
    esac
}

# chapter NN_topic: the chapter's program in quick mode; each claim is a test.
chapter() {
    local name=$1 dir=$OUT/chapters/$1 status line id rest
    echo "== chapter $name in quick mode (MLP_QUICK=1)"
    rm -rf "$dir" && mkdir -p "$dir/out"
    # The compile check of the exercise (warnings are errors) and the program that runs.
    compile "exercises/$name.c" gcc -std=c99 $STRICT -O2 $FP -o "$dir/prog" "exercises/$name.c" -lm
    [ -x "$dir/prog" ] || return
    # MLP_FASHION_DIR: where `make test` (through make fashion-data) put
    # Fashion-MNIST for chapter 15, if its package is installed.
    MLP_QUICK=1 MLP_FASHION_DIR=${MLP_FASHION_DIR:-$BUILD/fashion-mnist} "$dir/prog" "$dir/out" >"$dir/stdout" 2>"$dir/stderr"
    status=$?
    # 77: the chapter's data set is not installed (15_capstone reads
    # Fashion-MNIST); the first line of its message is the reason.
    if [ "$status" -eq 77 ]; then
        skip "chapter $name: $(head -1 "$dir/stderr")"
        return
    fi
    while IFS= read -r line; do
        id=${line#check }
        id=${id%%:*}
        rest=${line#*: }
        case $rest in
        ok*) ok "chapter $name: claim $id${rest#ok}" ;;
        FAILED*) bad "chapter $name: claim $id FAILED${rest#FAILED}" ;;
        *) echo "     chapter $name: claim $id: $rest" ;;
        esac
    done < <(grep '^check ' "$dir/stdout")
    if ! grep -q '^check [A-Za-z0-9_]*: ok' "$dir/stdout"; then
        bad "chapter $name: no claim was checked in quick mode"
    fi
    if [ "$status" -ne 0 ]; then
        bad "chapter $name: exit status $status"
        tail -5 "$dir/stderr" | sed 's/^/     /'
    fi
}

# ---- the jobs: the quick compile checks, then the slowest first ----
job compile_checks
job run "make handout: blanked regions fail their self-checks, solutions pass (tests/handout.sh)" tests/handout.sh
job run "handout mistakes: each fails a self-check that names its TODO (tests/handout_mistakes.sh)" tests/handout_mistakes.sh
job run "self-checks under make debug SANITIZE=1: nothing leaks, passing or failing (tests/sanitized_checks.sh)" tests/sanitized_checks.sh
job run "same bits from every compiler and flag (tests/same_bits.sh)" tests/same_bits.sh
job run "the book: mlp.h woven, and given back byte for byte (tests/book.sh)" tests/book.sh
job run "32-bit targets, WebAssembly and the playground page (tests/playground.sh)" tests/playground.sh
for src in tests/test_*.c; do
    t=$(basename "$src" .c)
    # Sanitizers: double with gcc and clang, float with gcc (float with clang
    # as well found nothing the other three do not look at).
    for v in double float cxx san-gcc san-clang san-float-gcc noposix; do
        # PyTorch's fixtures are double: test_reference runs in double only.
        case $t/$v in test_reference/float | test_reference/cxx | test_reference/san-float-*) continue ;; esac
        # The plain-C saver (MLP_NO_POSIX) matters to the tests of files only.
        case $t/$v in test_data/noposix) ;; */noposix) continue ;; esac
        job test_program "$t" "$v"
    done
done
for src in exercises/[0-9][0-9]_*.c; do
    [ -f "$src" ] || continue
    name=$(basename "$src" .c)
    if [ -n "$FILTER" ] && [ "${name#*"$FILTER"}" = "$name" ]; then continue; fi
    job chapter "$name"
done
job compile_programs
job run "every chapter has the course's frame (tests/course.sh)" tests/course.sh
# The gdb walkthrough of docs/debugging.md, replayed and checked.
job run "gdb walkthrough (docs/debugging.md)" tests/gdb_walkthrough.sh
finish_jobs

# The slowest jobs, to know where the time goes (not a test: times vary).
echo
echo "the slowest jobs (wall ms, processor time user and system of their programs):"
cat "$JOBDIR"/*.time 2>/dev/null | sort -rn | head -8 | sed 's/^/  /'
echo
[ "$skipped" -gt 0 ] && echo "($skipped checks skipped, see above)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
