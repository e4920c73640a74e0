# mk/handout.mk - `make handout`: the student version of the exercises.
#
#   make handout         -> $(BUILD)/handout/ (mlp.h, exercises/, examples/,
#                           the gdb walkthrough, a Makefile and a README.md)
#   make handout-check   tests/handout.sh: the handout compiles, each
#                           exercise's self-check fails naming its TODO, and
#                           passes again with the solutions put back; then
#                           tests/handout_mistakes.sh: every mistake listed in
#                           tests/handout_mistakes.txt, put into the solution,
#                           fails a self-check that names its TODO
#
# Solution regions are marked in the sources with
#     /* BEGIN SOLUTION id: what to implement */ ... /* END SOLUTION; stub: code */
# (tools/handout.awk describes the syntax). tools/handout.sh -l lists them;
# `tools/handout.sh -r ID` blanks only some of them.

HANDOUT ?= $(BUILD)/handout

.PHONY: handout handout-check

handout:
	sh tools/handout.sh -o $(HANDOUT)

handout-check:
	BUILD=$(BUILD) bash tests/handout.sh
	BUILD=$(BUILD) bash tests/handout_mistakes.sh
