#!/usr/bin/env bash
# usage: bash tests/playground.sh      (from the repository root; part of make test)
#
# mlp.h on 32-bit targets and in WebAssembly, and the playground page:
#   1. mlp.h compiles without a warning (-Wall -Wextra -Wpedantic -Werror) for
#      wasm32-wasi, whose long has 32 bits, in double and float; and with
#      gcc -m32 and clang -m32 (x87, and -msse2 -mfpmath=sse) where the
#      32-bit C library is installed (Debian: gcc-multilib);
#   2. tests/test_reference.c (PyTorch's numbers, 1e-10) passes when built
#      for wasm32 and run by Node.js (its own WASI);
#   3. make playground builds the page, and tests/playground.js drives it in
#      headless Chromium against the native program: the same weights to
#      the last bit for every configuration it tries, the inspector, the
#      gradient check, export and import, the speed of both; screenshots in
#      $BUILD/tests/playground/build/playground/test/.
# What cannot run here (no clang for wasm32, no Node.js, no Chromium, no
# 32-bit C library) is reported as skipped, with what to install.
# Prints one line per check and `N passed, M failed`.
set -u
cd "$(dirname "$0")/.."
OUT=${BUILD:-build}/tests/playground
mkdir -p "$OUT"
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }
skip() { echo "skip $1"; }
have() { command -v "$1" >/dev/null 2>&1; }
STRICT="-std=c99 -Wall -Wextra -Wpedantic -Werror -ffp-contract=off"
# The flags of the playground's module (mk/playground.mk says why the
# vectorizers are off).
WASM="--target=wasm32-wasi -O2 -msimd128 -fno-vectorize -fno-slp-vectorize"

compile() {
    local name=$1 log
    shift
    if log=$("$@" 2>&1); then ok "compile: $name"; else bad "compile: $name"; echo "$log" | head -20; fi
}

# ---- 1. 32-bit targets ----
if apt_line=$(sh playground/deps.sh --check build); then
    wasm=1
    compile "clang --target=wasm32-wasi $STRICT" clang --target=wasm32-wasi $STRICT -c tests/compile/header_only.c -o "$OUT/h_wasm.o"
    compile "clang --target=wasm32-wasi $STRICT, float build" clang --target=wasm32-wasi $STRICT -DMLP_REAL=float -c tests/compile/header_only.c -o "$OUT/hf_wasm.o"
    compile "playground/playground.c, clang $WASM $STRICT" clang $WASM $STRICT -c playground/playground.c -o "$OUT/pg_wasm.o"
else
    wasm=0
    skip "WebAssembly: clang cannot build for wasm32-wasi here; install as root: $apt_line"
fi
compile "playground/playground.c, gcc $STRICT" gcc $STRICT -O2 -c playground/playground.c -o "$OUT/pg_native.o"
printf '#include <stdio.h>\nint main(void) { return 0; }\n' >"$OUT/m32.c"
for cc in gcc clang; do
    if have $cc && $cc -m32 -c "$OUT/m32.c" -o "$OUT/m32.o" >/dev/null 2>&1; then
        compile "$cc -m32 $STRICT (x87)" $cc -m32 $STRICT -c tests/compile/header_only.c -o "$OUT/h_m32_$cc.o"
        compile "$cc -m32 -msse2 -mfpmath=sse $STRICT" $cc -m32 -msse2 -mfpmath=sse $STRICT -c tests/compile/header_only.c -o "$OUT/h_m32sse_$cc.o"
    else
        skip "$cc -m32: no 32-bit C library here (Debian: apt-get install -y --no-install-recommends gcc-multilib)"
    fi
done

# ---- 2. the PyTorch reference test, in WebAssembly ----
if [ $wasm = 1 ] && have node; then
    if clang $WASM -std=c99 -ffp-contract=off -I. tests/test_reference.c -o "$OUT/test_reference.wasm" 2>"$OUT/ref.log"; then
        line=$(node tests/wasi_run.js "$OUT/test_reference.wasm" 2>&1 | tail -1)
        case $line in
        "0 failed"* | *" passed, 0 failed") ok "tests/test_reference.c in WebAssembly (Node.js): $line" ;;
        *) bad "tests/test_reference.c in WebAssembly (Node.js): $line" ;;
        esac
    else
        bad "tests/test_reference.c does not build for wasm32"
        head -5 "$OUT/ref.log"
    fi
elif [ $wasm = 1 ]; then
    skip "tests/test_reference.c in WebAssembly: Node.js is not installed (apt-get install nodejs)"
fi

# ---- 3. the page ----
if [ $wasm = 0 ]; then
    skip "the playground page: no WebAssembly build here (see above)"
elif ! apt_line=$(sh playground/deps.sh --check test); then
    skip "the playground page in headless Chromium: install as root: $apt_line"
elif ! make -s BUILD="$OUT/build" playground "$OUT/build/playground/mlp_eval" >"$OUT/make.log" 2>&1; then
    bad "make playground"
    tail -20 "$OUT/make.log"
else
    ok "make playground: $OUT/build/playground/index.html ($(wc -c <"$OUT/build/playground/index.html") bytes)"
    P=$OUT/build/playground
    node tests/playground.js "$P/index.html" "$P/playground" "$P/mlp_eval" "$P/test" >"$OUT/page.log" 2>&1
    status=$?
    grep -v '^[0-9]* passed, [0-9]* failed$' "$OUT/page.log"
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$OUT/page.log" | tail -1)
    if [ -z "$line" ]; then
        bad "tests/playground.js printed no result (exit $status)"
    else
        p=${line%% passed*}
        f=${line#*passed, }
        f=${f%% failed*}
        passed=$((passed + p))
        failed=$((failed + f))
        [ "$status" -ne 0 ] && [ "$f" -eq 0 ] && bad "tests/playground.js: exit status $status"
    fi
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
