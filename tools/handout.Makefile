# Makefile of the mlp.h exercises, student version (written by `make handout`).
# mlp.h needs no build system: `cc -std=c99 exercises/03_backprop.c -lm` is
# enough. This file only saves typing.
#
#   make           every exercise and example -> build/
#   make check     each exercise's self-check: it fails, naming a TODO,
#                  until you have filled that TODO in (README.md lists them)
#   make debug     the same programs at -O0 -g3 for gdb, running mlp.h's
#                  reference loops (MLP_REFERENCE_LOOPS) -> build/debug/
#                  (docs/debugging.md); make debug SANITIZE=1 adds
#                  AddressSanitizer and UBSan
#   make clean     remove build/
#
# Run an exercise in full with an output directory, e.g.
#   mkdir -p out && build/exercises/03_backprop out

CC ?= cc
CFLAGS ?= -std=c99 -O2 -ffp-contract=off -Wall -Wextra -Wpedantic
LDLIBS = -lm
BUILD ?= build

EXAMPLES := $(basename $(notdir $(wildcard examples/*.c)))
EXERCISES := $(basename $(notdir $(wildcard exercises/*.c)))
BINS := $(addprefix $(BUILD)/examples/,$(EXAMPLES)) $(addprefix $(BUILD)/exercises/,$(EXERCISES))

.PHONY: all check debug clean

all: $(BINS)

$(BUILD)/examples/%: examples/%.c mlp.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -I. -o $@ $< $(LDLIBS)

$(BUILD)/exercises/%: exercises/%.c exercises/course.h mlp.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -I. -o $@ $< $(LDLIBS)

# MLP_CHECK_ONLY=1: an exercise runs its checks and stops before training.
check: $(addprefix $(BUILD)/exercises/,$(EXERCISES))
	@failed=0; \
	for e in $(EXERCISES); do \
	    mkdir -p $(BUILD)/out/$$e; \
	    MLP_CHECK_ONLY=1 $(BUILD)/exercises/$$e $(BUILD)/out/$$e || failed=1; \
	done; \
	if [ $$failed = 0 ]; then echo "every self-check passed"; \
	else echo "some self-checks FAILED: see the TODOs they name"; exit 1; fi

# MLP_REFERENCE_LOOPS: mlp.h runs the plain loops of its teaching path (the
# products as the loops that define them, tanh one number at a time), with
# the same results; the manual's "DEBUGGING WITH GDB".
DEBUG_CFLAGS := -std=c99 -O0 -g3 -ffp-contract=off -Wall -Wextra -DMLP_REFERENCE_LOOPS
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
