#!/bin/sh
# usage: sh playground/deps.sh [--check] build | test
#
# Makes sure what `make playground` (build) or `make playground-test` (test)
# needs is here. build: clang with the wasm32-wasi target, its linker and C
# library (Debian: clang, lld, wasi-libc, libclang-rt-14-dev-wasm32); test:
# also Chromium and Node.js. Installs the missing Debian packages as root;
# otherwise prints the apt-get line to run and fails. What counts is what
# works, not what is installed: clang must build a WebAssembly module, and
# the test needs the commands chromium and node. With --check, nothing is
# installed: the exit status says whether all is there (tests/playground.sh).
set -eu
check=0
if [ "${1:-}" = --check ]; then check=1; shift; fi
what=${1:-build}
BUILD_PKGS="clang lld wasi-libc libclang-rt-14-dev-wasm32"
TEST_PKGS="chromium nodejs"

# Can clang build a wasm32-wasi reactor module with 128-bit SIMD?
wasm_works() {
  command -v clang >/dev/null 2>&1 || return 1
  d=$(mktemp -d)
  printf '#include <stdio.h>\n#include <math.h>\nint f(double x) { return printf("%%g", sqrt(x)); }\n' >"$d/t.c"
  clang --target=wasm32-wasi -mexec-model=reactor -msimd128 -O2 "$d/t.c" -o "$d/t.wasm" >/dev/null 2>&1
  s=$?
  rm -rf "$d"
  return $s
}

missing() {
  m=""
  wasm_works || m="$BUILD_PKGS"
  if [ "$what" = test ]; then
    command -v chromium >/dev/null 2>&1 || m="$m chromium"
    command -v node >/dev/null 2>&1 || m="$m nodejs"
  fi
  echo $m
}

m=$(missing)
[ -z "$m" ] && exit 0
if [ $check = 1 ]; then
  echo "apt-get install -y --no-install-recommends $m"
  exit 1
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt_get() { apt-get -q -o DPkg::Lock::Timeout=600 "$@"; }
  ls /var/lib/apt/lists/*_Packages >/dev/null 2>&1 || apt_get update
  echo "playground: apt-get install -y --no-install-recommends $m" >&2
  if ! apt_get install -y --no-install-recommends $m; then
    apt_get update # stale package lists: refresh once and retry
    apt_get install -y --no-install-recommends $m
  fi
  m=$(missing)
  [ -z "$m" ] && exit 0
  echo "playground: still missing after apt-get install: $m" >&2
  exit 1
fi
echo "playground: needs $m; install as root:" >&2
echo "  apt-get install -y --no-install-recommends $m" >&2
exit 1
