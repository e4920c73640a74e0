# mk/playground.mk: the playground, mlp.h compiled to WebAssembly in one page.
#
#   make playground        build/playground/index.html: the page, with the module
#                          embedded (open it from disk; no server, no network),
#                          and build/playground/playground, the same C file built
#                          natively (playground/README.md)
#   make playground-test   the page in headless Chromium against the native
#                          program (tests/playground.js): same weights to the
#                          last bit, the inspector, export and import, the speed
#                          of both; screenshots in build/playground/test/
#
# The module is compiled by clang for wasm32-wasi with Debian's wasi-libc;
# playground/deps.sh installs what is missing when run as root, and otherwise
# prints the apt-get line. PG_SIMD= (empty) builds without 128-bit SIMD, for a
# browser that lacks it.

PG_OUT := $(BUILD)/playground
PG_SIMD ?= -msimd128 -fno-vectorize -fno-slp-vectorize
PG_WASM_CFLAGS := --target=wasm32-wasi -mexec-model=reactor -std=c99 -O2 -ffp-contract=off $(PG_SIMD) \
	-Wall -Wextra -Wpedantic -Wl,--strip-all

.PHONY: playground playground-test playground-deps

playground: $(PG_OUT)/index.html $(PG_OUT)/playground

playground-deps:
	sh playground/deps.sh build

$(PG_OUT)/playground.wasm: playground/playground.c mlp.h
	@mkdir -p $(@D)
	sh playground/deps.sh build
	clang $(PG_WASM_CFLAGS) -o $@ playground/playground.c

$(PG_OUT)/index.html: playground/index.html playground/playground.css playground/playground.js playground/page.sh $(PG_OUT)/playground.wasm
	sh playground/page.sh $(PG_OUT)/playground.wasm >$@.tmp
	mv $@.tmp $@
	@echo "the page: $@ (open it in a browser, from disk)"

$(PG_OUT)/playground: playground/playground.c mlp.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ playground/playground.c $(LDLIBS)

$(PG_OUT)/mlp_eval: tools/mlp_eval.c mlp.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ tools/mlp_eval.c $(LDLIBS)

playground-test: playground $(PG_OUT)/mlp_eval
	sh playground/deps.sh test
	node tests/playground.js $(PG_OUT)/index.html $(PG_OUT)/playground $(PG_OUT)/mlp_eval $(PG_OUT)/test
