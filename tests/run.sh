#!/usr/bin/env bash
# tests/run.sh - everything `make test` checks, needing only a C compiler.
#
#   1. compile checks: gcc and clang, -std=c99 and -std=c11, -Wall -Wextra
#      -Wpedantic -Werror; C++; MLP_STATIC; two translation units; the float
#      build; the all-or-none allocator rule; the manual's example program;
#      every example and exercise;
#   2. the test programs in double and float, as C++, and under
#      AddressSanitizer + UndefinedBehaviorSanitizer;
#   3. the gdb walkthrough, replayed by gdb and checked (tests/gdb_walkthrough.sh);
#   4. `make handout`, built and checked (tests/handout.sh);
#   5. the same bits from every compiler and flag set (tests/same_bits.sh).
#
# Each compile check counts as one test; each test program reports its own
# count. The last line is the total: `N passed, M failed` (exit 1 if M > 0).
# Usage: tests/run.sh [substring]  (only test programs' tests matching it run;
# the compile checks always run). Environment: BUILD (default build).
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

echo "== compile checks"
for cc in gcc clang; do
    if ! have $cc; then skip "compile: $cc is not installed"; continue; fi
    for std in c99 c11; do
        compile "$cc -std=$std $STRICT" $cc -std=$std $STRICT $FP -c tests/compile/header_only.c -o "$OUT/h_${cc}_$std.o"
        compile "$cc -std=$std $STRICT, float build" $cc -std=$std $STRICT $FP -DMLP_REAL=float -c tests/compile/header_only.c -o "$OUT/hf_${cc}_$std.o"
    done
    compile "$cc MLP_STATIC" $cc -std=c99 $STRICT $FP tests/compile/static.c -o "$OUT/static_$cc" -lm
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

# The manual's complete program: cut from between its markers, compiled, run.
sed -n '/^#if 0 \/\* EXAMPLE PROGRAM/,/^#endif \/\* EXAMPLE PROGRAM/p' mlp.h | sed '1d;$d' >"$OUT/manual_example.c"
if [ -s "$OUT/manual_example.c" ] && gcc -std=c99 $STRICT $FP -I. "$OUT/manual_example.c" -o "$OUT/manual_example" -lm 2>&1 &&
    "$OUT/manual_example" >"$OUT/manual_example.out" && grep -q "^P (4x1) =" "$OUT/manual_example.out"; then
    ok "compile: the manual's example program compiles and runs"
else bad "compile: the manual's example program"; fi

for src in examples/*.c exercises/*.c; do
    [ -f "$src" ] || continue
    compile "$src" gcc -std=c99 $STRICT $FP -I. "$src" -o "$OUT/$(basename "$src" .c)" -lm
done

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

# Every tests/test_*.c is a test program. All run in double, with both
# compilers' sanitizers; all but test_reference (PyTorch fixtures are double)
# also run in the float build.
for src in tests/test_*.c; do
    t=$(basename "$src" .c)
    build "$t (double)" gcc -std=c99 $STRICT -O2 $FP -I. "$src" -o "$OUT/$t" -lm && run "$t, double, gcc -O2" "$OUT/$t"
    if [ "$t" != test_reference ]; then
        build "$t (float)" gcc -std=c99 $STRICT -O2 $FP -DMLP_REAL=float -I. "$src" -o "$OUT/${t}_float" -lm &&
            run "$t, float, gcc -O2" "$OUT/${t}_float"
        build "$t (C++)" g++ -x c++ -Wall -Wextra -Wno-missing-field-initializers -Werror -O2 $FP -I. "$src" -o "$OUT/${t}_cxx" -lm &&
            run "$t, double, compiled as C++" "$OUT/${t}_cxx"
    fi
    for cc in gcc clang; do
        if ! have $cc || ! san_works $cc; then skip "$t under $cc sanitizers (unavailable)"; continue; fi
        build "$t ($cc sanitizers)" $cc -std=c99 $STRICT -O1 -g $FP $SAN -I. "$src" -o "$OUT/${t}_san_$cc" -lm &&
            run "$t, double, $cc -fsanitize=address,undefined" "$OUT/${t}_san_$cc"
        if [ "$t" != test_reference ]; then
            build "$t float ($cc sanitizers)" $cc -std=c99 $STRICT -O1 -g $FP $SAN -DMLP_REAL=float -I. "$src" -o "$OUT/${t}_float_san_$cc" -lm &&
                run "$t, float, $cc -fsanitize=address,undefined" "$OUT/${t}_float_san_$cc"
        fi
    done
done

# The gdb walkthrough of docs/debugging.md, replayed and checked.
run "gdb walkthrough (docs/debugging.md)" tests/gdb_walkthrough.sh

# The same bits from gcc and clang, -O0 to -march=native, C and C++.
run "same bits from every compiler and flag (tests/same_bits.sh)" tests/same_bits.sh

# make handout: the student version compiles, its self-checks fail naming
# each TODO, and putting the solutions back makes them pass.
run "make handout: blanked regions fail their self-checks, solutions pass (tests/handout.sh)" tests/handout.sh

echo
[ "$skipped" -gt 0 ] && echo "($skipped checks skipped, see above)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
