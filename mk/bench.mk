# mk/bench.mk - `make bench`: how fast mlp.h is, next to OpenBLAS, PyTorch and FANN.
#
#   make bench        build bench/bench.c four ways (double, float; default flags
#                     and -march=native), run the products and training workloads,
#                     run the peers that are installed, print the tables
#                     (bench/README.md explains every column). Takes 2-4 minutes.
#                     The steps are in bench/run.sh.
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

BENCH_DEPS := libopenblas-dev libfann-dev python3-torch libjemalloc2

.PHONY: bench bench-deps

bench: bench/run.sh bench/bench.c bench/bench_fann.c bench/timing.h bench/bench_torch.py bench/table.awk mlp.h
	sh bench/run.sh $(BUILD)/bench $(CC)

bench-deps:
	apt-get update
	apt-get install -y --no-install-recommends $(BENCH_DEPS)
