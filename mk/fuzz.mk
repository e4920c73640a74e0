# mk/fuzz.mk - `make fuzz`: the file readers against random input (included by
# the Makefile).
#
#   make fuzz             build the fuzz targets of the network loader, the CSV
#                         reader and the IDX readers (tests/fuzz/) with clang's
#                         libFuzzer, AddressSanitizer and UBSan, and run each for
#                         FUZZ_SECONDS seconds (default 60), starting from the
#                         seed inputs in tests/fuzz/corpus/. New inputs go to
#                         $(BUILD)/fuzz/corpus/, crashes to $(BUILD)/fuzz/.
#                         Needs clang and libclang-rt-14-dev (Debian). The float
#                         build: make fuzz FUZZ_DEFS=-DMLP_REAL=float BUILD=build/float
#   make fuzz-build       only build them.

FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_DEFS ?=
FUZZ_FLAGS := -std=c99 -g -O1 -ffp-contract=off -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all $(FUZZ_DEFS)
FUZZ_TARGETS := net csv idx

.PHONY: fuzz fuzz-build

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h mlp.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -I. -o $@ $< -lm

fuzz-build: $(addprefix $(BUILD)/fuzz/fuzz_,$(FUZZ_TARGETS))

# Each target runs for FUZZ_SECONDS; -max_len caps an input at 64 KiB. The
# working corpus starts from the committed seeds and keeps what the fuzzer
# finds, so later runs start where earlier ones stopped. The full output of
# each run is in $(BUILD)/fuzz/fuzz_NAME.log; a crash stops `make fuzz`.
fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	    mkdir -p $(BUILD)/fuzz/corpus/$$t; \
	    echo "== fuzz_$$t for $(FUZZ_SECONDS) s"; \
	    if ( cd $(BUILD)/fuzz && ASAN_OPTIONS=allocator_may_return_null=1:detect_leaks=1 \
	         ./fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -print_final_stats=1 \
	           -artifact_prefix=./crash_$$t- corpus/$$t $(CURDIR)/tests/fuzz/corpus/$$t >fuzz_$$t.log 2>&1 ); then \
	        grep -E '^(Done|stat::number_of_executed_units|stat::new_units_added)' $(BUILD)/fuzz/fuzz_$$t.log; \
	    else \
	        tail -40 $(BUILD)/fuzz/fuzz_$$t.log; echo "fuzz_$$t FAILED: the input is saved in $(BUILD)/fuzz/crash_$$t-*"; exit 1; \
	    fi; \
	done
