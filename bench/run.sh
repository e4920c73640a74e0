#!/bin/sh
# usage: sh bench/run.sh BUILD_DIR CC    (what `make bench` runs; see mk/bench.mk)
#
# Builds bench/bench.c four ways (double and float; the project's flags, and
# the same plus -march=native), runs the products and the training workloads,
# then whichever peers are installed (OpenBLAS, linked into the mlp.h builds
# and timed alternately with them; PyTorch; FANN), and prints the tables of
# bench/README.md from the raw result lines, which are kept in
# BUILD_DIR/results.txt. Peers are detected here: a missing one is named, and
# its column stays empty. Everything runs on one thread.
set -e
dir=$1
cc=${2:-cc}
cflags="-std=c99 -O2 -ffp-contract=off -Wall -Wextra"
native="-march=native"
py=/usr/bin/python3
out=$dir/results.txt
mkdir -p "$dir"
: >"$out"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1

# can this compiler build and link a program against LIB (printf'd source on stdin)?
links() { $cc -x c - "$@" -o "$dir/probe" >/dev/null 2>&1; }

blas=""
if printf '#include <cblas.h>\nint main(void){cblas_ddot(0,0,1,0,1);return 0;}\n' | links -lopenblas; then
    blas="-DBENCH_OPENBLAS"
fi

# ---- the four mlp.h builds ----
for prec in double float; do
    real=""
    [ $prec = float ] && real="-DMLP_REAL=float"
    $cc $cflags $real $blas -o "$dir/bench_$prec" bench/bench.c ${blas:+-lopenblas} -lm
    $cc $cflags $native -DBENCH_NATIVE $real $blas -o "$dir/bench_native_$prec" bench/bench.c ${blas:+-lopenblas} -lm
done
echo "== mlp.h $(git describe --always --dirty 2>/dev/null || echo '(no git)'), $($cc --version | head -1)"
echo "   flags: $cflags; native variant: + $native"
echo "   CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(grep -c ^processor /proc/cpuinfo) CPUs, load: $(cut -d' ' -f1-3 /proc/loadavg)"
[ -n "$blas" ] || echo "   OpenBLAS: not installed (make bench-deps), its column is empty"

# ---- mlp.h (and OpenBLAS, in the same processes) ----
echo "== products"
for prec in double float; do
    "$dir/bench_$prec" products | tee -a "$out"
    "$dir/bench_native_$prec" products | tee -a "$out"
done
echo "== training"
for prec in double float; do
    for w in W1 W2 W3; do
        "$dir/bench_$prec" $w | tee -a "$out"
        "$dir/bench_native_$prec" $w | tee -a "$out"
    done
done

# ---- PyTorch, with jemalloc preloaded as is usual for its CPU benchmarks ----
if $py -c 'import torch' >/dev/null 2>&1; then
    jem=$(ls /usr/lib/*/libjemalloc.so.2 2>/dev/null | head -1)
    echo "== PyTorch $($py -c 'import torch; print(torch.__version__)'), jemalloc: ${jem:-not installed}"
    for dt in float64 float32; do
        for w in W1 W2 W3; do
            LD_PRELOAD=$jem $py bench/bench_torch.py $w $dt | tee -a "$out"
        done
    done
else
    echo "== PyTorch: not installed (make bench-deps), skipped"
fi

# ---- FANN ----
if printf '#include <fann.h>\nint main(void){return 0;}\n' | links -lfann; then
    $cc $cflags -DBENCH_FANN_DOUBLE -o "$dir/bench_fann_double" bench/bench_fann.c -ldoublefann -lm
    $cc $cflags -o "$dir/bench_fann_float" bench/bench_fann.c -lfloatfann -lm
    echo "== FANN (W1 approximated: sigmoid, MSE, batch 1; see bench/bench_fann.c)"
    "$dir/bench_fann_double" | tee -a "$out"
    "$dir/bench_fann_float" | tee -a "$out"
else
    echo "== FANN: not installed (make bench-deps), skipped"
fi

echo
awk -f bench/table.awk "$out"
echo
echo "raw results: $out"
