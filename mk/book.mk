# mk/book.mk - `make book`: mlp.h woven into a book (book/README.md).
#
#   make book         build/book/mlp.html (one self-contained page: MathML,
#                     highlighted listings with mlp.h's line numbers, a linked
#                     table of contents) and build/book/mlp.pdf (pdflatex)
#   make book-check   two builds from scratch in two directories, compared
#                     byte for byte (reports/compare.sh; make report-check
#                     compares the book it builds with the reports too)
#   make book-screenshots   PNGs of the HTML (headless Chromium) and of the
#                     first pages of the PDF, in build/book/screenshots/
#
# The steps:
#   mlp.h --book/weave.awk--> BOOK/mlp.md       every line of mlp.h in a fenced
#                                                block, with headings around them
#   BOOK/mlp.md --pandoc + book/book.lua--> BOOK/mlp.html, BOOK/mlp.pdf
# tests/book.sh (part of make test) checks that the blocks of mlp.md are mlp.h,
# byte for byte. `make report` builds the book too: the reports link to it.
# It uses the report toolchain (reports/deps.sh installs it, as report-deps)
# and the same reproducible environment, RPT_ENV (reports/reports.mk).

BOOK_OUT := $(BUILD)/book
BOOK_PANDOC := -f markdown -s --fail-if-warnings --lua-filter=book/book.lua --toc
BOOK_HTML := -t html5 --toc-depth=3 --mathml --self-contained --css=book/book.css --metadata pagetitle=mlp.h
BOOK_PDF := -t latex --toc-depth=2 --listings --pdf-engine=pdflatex -H book/header.tex \
	-V documentclass=report -V papersize=a4 -V geometry:margin=2cm -V colorlinks=true

.PHONY: book book-check book-screenshots

book: $(BOOK_OUT)/mlp.html $(BOOK_OUT)/mlp.pdf
	@echo "book: $(BOOK_OUT)/mlp.html and $(BOOK_OUT)/mlp.pdf"

report: book

$(BOOK_OUT)/mlp.md: mlp.h book/weave.awk
	@mkdir -p $(@D)
	awk -f book/weave.awk mlp.h > $@.tmp
	@mv $@.tmp $@

# Output goes to a temporary name first, so that a failed step never leaves a
# file that looks up to date.
$(BOOK_OUT)/mlp.html: $(BOOK_OUT)/mlp.md book/book.lua book/book.css | report-deps
	$(RPT_ENV) pandoc $< $(BOOK_PANDOC) $(BOOK_HTML) -o $@.tmp
	@mv $@.tmp $@

$(BOOK_OUT)/mlp.pdf: $(BOOK_OUT)/mlp.md book/book.lua book/header.tex | report-deps
	@rm -f $@
	$(RPT_ENV) pandoc $< $(BOOK_PANDOC) $(BOOK_PDF) -o $(BOOK_OUT)/mlp.tmp.pdf
	@mv $(BOOK_OUT)/mlp.tmp.pdf $@

book-check:
	rm -rf $(BUILD)/book-check
	$(MAKE) --no-print-directory BUILD=$(BUILD)/book-check/a book
	$(MAKE) --no-print-directory BUILD=$(BUILD)/book-check/b book
	sh reports/compare.sh $(BUILD)/book-check/a/book $(BUILD)/book-check/b/book

book-screenshots: book
	sh reports/screenshots.sh $(BOOK_OUT)
