# mk/data.mk - `make fashion`: a real data set (included by the Makefile).
#
#   make fashion          decompress Debian's Fashion-MNIST (package
#                         dataset-fashion-mnist) into $(BUILD)/fashion-mnist/
#                         with gzip -dc, build examples/06_fashion_mnist.c and run it
#                         (prints per-epoch progress, test accuracy and time).
#                         Without the package the program says what to install.

FASHION_SRC ?= /usr/share/datasets/fashion-mnist
FASHION_DIR := $(BUILD)/fashion-mnist
FASHION_FILES := train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte

.PHONY: fashion

# mlp.h reads no gzip: the package's .gz files are decompressed here, once.
$(FASHION_DIR)/%: $(FASHION_SRC)/%.gz
	@mkdir -p $(@D)
	gzip -dc $< > $@.part && mv $@.part $@

fashion: $(BUILD)/examples/06_fashion_mnist
	@if [ -d $(FASHION_SRC) ]; then \
	    $(MAKE) --no-print-directory $(addprefix $(FASHION_DIR)/,$(FASHION_FILES)); \
	fi
	$(BUILD)/examples/06_fashion_mnist $(FASHION_DIR)
