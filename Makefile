# mlp.h - the project's build. mlp.h itself needs no build system:
# `cc -std=c99 main.c -lm` is enough. This Makefile builds what is around it.
#
#   make            the examples (same as `make examples`)
#   make test       every test: compile checks, the suites in double, float,
#                   C++ and under sanitizers (tests/run.sh); prints N passed, M failed
#   make examples   examples/*.c -> build/examples/
#   make report     every exercise's report as HTML and PDF (reports/README.md)
#   make debug      examples and exercises at -O0 -g3, running mlp.h's reference
#                   loops (MLP_REFERENCE_LOOPS), for gdb -> build/debug/
#                   (make debug SANITIZE=1 adds AddressSanitizer + UBSan)
#   make handout    the student version (solution regions blanked) -> build/handout/
#   make fashion    train on Fashion-MNIST (Debian's dataset-fashion-mnist), print accuracy and time
#   make fuzz       fuzz the network, CSV and IDX readers (FUZZ_SECONDS=60 each; clang's libFuzzer)
#   make book       mlp.h woven into a book -> build/book/mlp.html and mlp.pdf (book/README.md)
#   make playground mlp.h in WebAssembly, in one page: build/playground/index.html
#                   (make playground-test: that page in headless Chromium; mk/playground.mk)
#   make bench      the products and training workloads against OpenBLAS, PyTorch, FANN (bench/README.md)
#   make clean      remove build/
#
# Default flags: -O2 and no FMA contraction, no -ffast-math, no -march=native,
# so that gcc and clang give the same numbers to the last bit: mlp.h fixes the
# order of every sum (THE REFERENCE ORDER in its >>matrix section), and
# tests/same_bits.sh compares the results of many compilers and flags.

CC ?= cc
CFLAGS ?= -std=c99 -O2 -ffp-contract=off -Wall -Wextra -Wpedantic
LDLIBS = -lm
BUILD ?= build

EXAMPLES := $(basename $(notdir $(wildcard examples/*.c)))
EXERCISES := $(basename $(notdir $(wildcard exercises/*.c)))

.PHONY: all examples test debug clean

all: examples

examples: $(addprefix $(BUILD)/examples/,$(EXAMPLES))

$(BUILD)/examples/%: examples/%.c mlp.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -I. -o $@ $< $(LDLIBS)

# fashion-data: chapter 15 reads Fashion-MNIST, decompressed here if its
# package is installed (without it, the chapter's test says it was skipped).
test: fashion-data
	BUILD=$(BUILD) bash tests/run.sh $(T)

# -O0 -g3: every variable visible, macros too; MLP_REFERENCE_LOOPS: the plain
# loops of mlp.h's teaching path do all the work, with the same results (the
# manual's "DEBUGGING WITH GDB" and docs/debugging.md). `make debug DEBUG_DEFS=`
# steps through the fast build instead.
DEBUG_DEFS ?= -DMLP_REFERENCE_LOOPS
DEBUG_CFLAGS := -std=c99 -O0 -g3 -ffp-contract=off -Wall -Wextra $(DEBUG_DEFS)
ifeq ($(SANITIZE),1)
DEBUG_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer
endif

debug: $(addprefix $(BUILD)/debug/,$(EXAMPLES) $(EXERCISES))
	@echo "debug builds in $(BUILD)/debug/: run one with gdb, e.g. gdb $(BUILD)/debug/02_step_by_step"

# mlp.h's implementation is compiled once, into mlp.o; each program is
# compiled without it (mlp.h's guard MLP_IMPLEMENTATION_DONE keeps the
# declarations) and linked with it. gdb sees the same lines of mlp.h. A
# program that sets mlp.h's options itself (#define MLP_REAL float before
# including it) needs an implementation built with them: it is compiled whole.
DEBUG_WHOLE := $(basename $(notdir $(shell grep -l '^.define MLP_REAL' examples/*.c exercises/*.c 2>/dev/null)))
debug_split = $(if $(filter $*,$(DEBUG_WHOLE)),,-DMLP_IMPLEMENTATION_DONE $(BUILD)/debug/mlp.o)

$(BUILD)/debug/mlp.o: mlp.h
	@mkdir -p $(@D)
	$(CC) $(DEBUG_CFLAGS) -DMLP_IMPLEMENTATION -x c -c -o $@ mlp.h

$(BUILD)/debug/%: examples/%.c mlp.h $(BUILD)/debug/mlp.o
	$(CC) $(DEBUG_CFLAGS) -I. -o $@ $< $(debug_split) $(LDLIBS)

$(BUILD)/debug/%: exercises/%.c exercises/course.h mlp.h $(BUILD)/debug/mlp.o
	$(CC) $(DEBUG_CFLAGS) -I. -o $@ $< $(debug_split) $(LDLIBS)

clean:
	rm -rf $(BUILD)

# The other targets, each group in its own file: `make report` and friends
# live with the reports; the book, data sets, fuzzing, benchmarks, the
# handout and the playground under mk/. A missing file is an error, never a
# target that silently disappears.
include reports/reports.mk
include mk/book.mk mk/data.mk mk/fuzz.mk mk/bench.mk mk/handout.mk mk/playground.mk
