#!/usr/bin/env bash
# usage: bash tests/same_bits.sh      (from the repository root; part of make test)
#
# The same bits from every build. tests/test_kernels.c --digest prints a hash
# of many products of every shape class and of two short training runs, and
# tools/math_accuracy.c --digest one of mlp.h's exp, log, log1p, sin, cos and
# powers at 2.7 million points; each must be the same whatever the compiler,
# the optimization level, the vector width (16 bytes with MLP_NO_DISPATCH, 32
# when the default build finds AVX at run time, whatever -march=native lets
# the compiler use, 16 in WebAssembly), the word size (-m32 with SSE2
# arithmetic, wasm32) or the language, and with MLP_REFERENCE_LOOPS (the
# debug build of `make debug`, -O0, in which the plain loops of mlp.h's
# teaching path do all the work), because mlp.h fixes the order of every sum,
# computes its own elementary functions, and the default flags forbid FMA
# contraction (-ffp-contract=off). A build WITH contraction gives a different
# hash: that is what this check would catch. WebAssembly runs in Node.js
# (tests/wasi_run.js); what is not installed is skipped.
# Prints one line per precision and `N passed, M failed`.
OUT=${BUILD:-build}/same-bits
mkdir -p "$OUT"
FP="-ffp-contract=off"
passed=0 failed=0
# WebAssembly with the playground's flags (mk/playground.mk), run by Node.js;
# 32-bit x86 with SSE2 arithmetic (with the x87's long double, the bits differ)
WASM="clang --target=wasm32-wasi -O2 -msimd128 -fno-vectorize -fno-slp-vectorize"
printf '#include <stdio.h>\nint main(void) { return 0; }\n' >"$OUT/m32.c"
have() { command -v "$1" >/dev/null 2>&1; }
for prec in double float; do
    real=""; [ $prec = float ] && real="-DMLP_REAL=float"
    ref="" same=1 seen=""
    for cfg in "gcc -O2" "gcc -O0" "clang -O2" "gcc -O2 -DMLP_NO_DISPATCH" "gcc -O2 -march=native" \
               "clang -O2 -march=native" "gcc -O2 -DMLP__NO_VECTORS" "g++ -x c++ -O2" \
               "gcc -O0 -g3 -DMLP_REFERENCE_LOOPS" "clang -O0 -DMLP_REFERENCE_LOOPS" \
               "gcc -m32 -msse2 -mfpmath=sse -O2" "$WASM"; do
        cc=${cfg%% *}
        if ! have "$cc"; then echo "skip $cfg: $cc is not installed"; continue; fi
        run=("$OUT/digest")
        case $cfg in
        *-m32*) $cc -m32 -c "$OUT/m32.c" -o "$OUT/m32.o" 2>/dev/null || { echo "skip $cfg: no 32-bit C library (gcc-multilib)"; continue; } ;;
        *wasm32*)
            if ! have node || ! sh playground/deps.sh --check build >/dev/null; then echo "skip wasm32: needs Node.js and clang for wasm32-wasi"; continue; fi
            run=(node tests/wasi_run.js "$OUT/digest") ;;
        esac
        # and, in the double pass, mlp.h's exp, log, sin, ... at 2.7 million points (tools/math_accuracy.c)
        if $cfg $FP $real -I. tests/test_kernels.c -o "$OUT/digest" -lm 2>"$OUT/log" && d=$("${run[@]}" --digest) &&
            { [ $prec = float ] || { $cfg $FP -I. tools/math_accuracy.c -o "$OUT/digest" -lm 2>"$OUT/log" &&
                d="$d, $("${run[@]}" --digest)"; }; }; then
            [ -z "$ref" ] && ref=$d
            [ "$d" = "$ref" ] || { same=0; echo "  $cfg: $d, not $ref"; }
            seen="$seen, $cfg"
        else
            same=0; echo "  $cfg: did not build or run"; head -5 "$OUT/log"
        fi
    done
    if [ $same = 1 ]; then
        echo "ok   same bits in $prec ($ref) from ${seen#, }"; passed=$((passed + 1))
    else
        echo "FAIL same bits in $prec"; failed=$((failed + 1))
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
