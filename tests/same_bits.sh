#!/usr/bin/env bash
# usage: bash tests/same_bits.sh      (from the repository root; part of make test)
#
# The same bits from every build. tests/test_kernels.c --digest prints a hash
# of many products of every shape class and of two short training runs; it
# must be the same whatever the compiler, the optimization level, the vector
# width (16 bytes with MLP_NO_DISPATCH, 32 when the default build finds AVX
# at run time, whatever -march=native lets the compiler use) or the
# language, and with MLP_REFERENCE_LOOPS (the debug build of `make debug`,
# -O0, in which the plain loops of mlp.h's teaching path do all the work),
# because mlp.h fixes the order of every sum and the default flags forbid FMA
# contraction (-ffp-contract=off). A build WITH contraction gives a different
# hash: that is what this check would catch.
# Prints one line per precision and `N passed, M failed`.
OUT=${BUILD:-build}/same-bits
mkdir -p "$OUT"
FP="-ffp-contract=off"
passed=0 failed=0
have() { command -v "$1" >/dev/null 2>&1; }
for prec in double float; do
    real=""; [ $prec = float ] && real="-DMLP_REAL=float"
    ref="" same=1 seen=""
    for cfg in "gcc -O2" "gcc -O0" "clang -O2" "gcc -O2 -DMLP_NO_DISPATCH" "gcc -O2 -march=native" \
               "clang -O2 -march=native" "gcc -O2 -DMLP__NO_VECTORS" "g++ -x c++ -O2" \
               "gcc -O0 -g3 -DMLP_REFERENCE_LOOPS" "clang -O0 -DMLP_REFERENCE_LOOPS"; do
        cc=${cfg%% *}
        if ! have "$cc"; then echo "skip $cfg: $cc is not installed"; continue; fi
        if $cfg $FP $real -I. tests/test_kernels.c -o "$OUT/digest" -lm 2>"$OUT/log" && d=$("$OUT/digest" --digest); then
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
