# mk/bench.mk - `make bench`: how fast mlp.h is, next to OpenBLAS, PyTorch and FANN.
#
#   make bench        build bench/bench.c four ways (double, float; default flags
#                     and -march=native), run the products and training workloads,
#                     run the peers that are installed, print the tables
#                     (bench/README.md explains every column). Takes 2-4 minutes.
#   make bench-deps   install the optional peers (Debian packages, as root)
#
# The OpenBLAS figures come from runs that alternate with mlp.h's in the same
# process, and the ratios are medians of the ratios of each pair of runs, so
# that a busy neighbour on a shared machine slows both sides alike.
#
# Peers are optional and detected when `make bench` runs: OpenBLAS
# (libopenblas-dev) for the products, PyTorch (python3-torch, run with Debian's
# /usr/bin/python3) and FANN (libfann-dev) for the training workloads,
# jemalloc (libjemalloc2, preloaded into PyTorch as is usual for its CPU
# benchmarks). Everything runs on one thread: OPENBLAS_NUM_THREADS=1,
# torch.set_num_threads(1).

BENCH_DIR := $(BUILD)/bench
BENCH_CFLAGS := -std=c99 -O2 -ffp-contract=off -Wall -Wextra
BENCH_NATIVE := -march=native
BENCH_PY := /usr/bin/python3
BENCH_DEPS := libopenblas-dev libfann-dev python3-torch libjemalloc2

.PHONY: bench bench-deps

bench: bench/bench.c bench/bench_fann.c bench/timing.h bench/bench_torch.py bench/table.awk mlp.h
	@mkdir -p $(BENCH_DIR)
	@set -e; \
	out=$(BENCH_DIR)/results.txt; : >$$out; \
	export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1; \
	blas=""; \
	if printf '#include <cblas.h>\nint main(void){cblas_ddot(0,0,1,0,1);return 0;}\n' | \
	   $(CC) -x c - -lopenblas -o $(BENCH_DIR)/probe_blas >/dev/null 2>&1; then blas="-DBENCH_OPENBLAS"; fi; \
	for prec in double float; do \
	  real=""; [ $$prec = float ] && real="-DMLP_REAL=float"; \
	  $(CC) $(BENCH_CFLAGS) $$real $$blas -o $(BENCH_DIR)/bench_$$prec bench/bench.c $${blas:+-lopenblas} -lm; \
	  $(CC) $(BENCH_CFLAGS) $(BENCH_NATIVE) -DBENCH_NATIVE $$real $$blas -o $(BENCH_DIR)/bench_native_$$prec bench/bench.c $${blas:+-lopenblas} -lm; \
	done; \
	echo "== mlp.h $$(git describe --always --dirty 2>/dev/null || echo '(no git)'), $$($(CC) --version | head -1)"; \
	echo "   flags: $(BENCH_CFLAGS); native variant: + $(BENCH_NATIVE)"; \
	echo "   CPU: $$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $$(grep -c ^processor /proc/cpuinfo) CPUs, load: $$(cut -d' ' -f1-3 /proc/loadavg)"; \
	if [ -z "$$blas" ]; then echo "   OpenBLAS: not installed (make bench-deps), its column is empty"; fi; \
	echo "== products"; \
	for prec in double float; do \
	  $(BENCH_DIR)/bench_$$prec products | tee -a $$out; \
	  $(BENCH_DIR)/bench_native_$$prec products | tee -a $$out; \
	done; \
	echo "== training"; \
	for prec in double float; do for w in W1 W2 W3; do \
	  $(BENCH_DIR)/bench_$$prec $$w | tee -a $$out; \
	  $(BENCH_DIR)/bench_native_$$prec $$w | tee -a $$out; \
	done; done; \
	if $(BENCH_PY) -c 'import torch' >/dev/null 2>&1; then \
	  jem=$$(ls /usr/lib/*/libjemalloc.so.2 2>/dev/null | head -1); \
	  echo "== PyTorch $$($(BENCH_PY) -c 'import torch; print(torch.__version__)'), jemalloc: $${jem:-not installed}"; \
	  for dt in float64 float32; do for w in W1 W2 W3; do \
	    LD_PRELOAD=$$jem $(BENCH_PY) bench/bench_torch.py $$w $$dt | tee -a $$out; \
	  done; done; \
	else echo "== PyTorch: not installed (make bench-deps), skipped"; fi; \
	if printf '#include <fann.h>\nint main(void){return 0;}\n' | $(CC) -x c - -lfann -o $(BENCH_DIR)/probe_fann >/dev/null 2>&1; then \
	  $(CC) $(BENCH_CFLAGS) -DBENCH_FANN_DOUBLE -o $(BENCH_DIR)/bench_fann_double bench/bench_fann.c -ldoublefann -lm; \
	  $(CC) $(BENCH_CFLAGS) -o $(BENCH_DIR)/bench_fann_float bench/bench_fann.c -lfloatfann -lm; \
	  echo "== FANN (W1 approximated: sigmoid, MSE, batch 1; see bench/bench_fann.c)"; \
	  $(BENCH_DIR)/bench_fann_double | tee -a $$out; \
	  $(BENCH_DIR)/bench_fann_float | tee -a $$out; \
	else echo "== FANN: not installed (make bench-deps), skipped"; fi; \
	echo; awk -f bench/table.awk $$out; \
	echo; echo "raw results: $$out"

bench-deps:
	apt-get update
	apt-get install -y --no-install-recommends $(BENCH_DEPS)
