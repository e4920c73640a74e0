# reports/reports.mk: the `make report` pipeline.
#
# Included by the top-level Makefile, which defines CC, CFLAGS, LDLIBS and
# BUILD; make runs from the repository root. reports/README.md describes the
# contract between an exercise, its report and this file. In short, for every
# exercises/NN_topic.c:
#
#   exercises/NN_topic.c --cc--> $(BUILD)/exercises/NN_topic
#        --run--> OUT/NN_topic/{results.yaml, *.tsv}     (OUT/NN_topic/.ran)
#   reports/NN_topic/*.gp --gnuplot, in OUT/NN_topic--> *.svg and *.pdf
#   reports/NN_topic.md --pandoc + filters/results.lua--> OUT/NN_topic.{html,pdf}
#   every report's title, question and answer, with its run's numbers
#        --> OUT/index.html, the course's table of contents
#
# OUT is $(BUILD)/report, or $(BUILD)/report-quick for `make report QUICK=1`
# (which sets MLP_QUICK=1 for the exercises): the two never share a file, so
# a quick build can never be mistaken for a full one, and switching between
# them rebuilds nothing. All names private to this file start with RPT_.
#
# Targets: report, report-check, report-screenshots, report-clean, report-deps.

# ---- what there is to build ------------------------------------------------

RPT_NAMES := $(sort $(basename $(notdir $(wildcard exercises/[0-9][0-9]_*.c))))

ifeq ($(QUICK),1)
RPT_OUT := $(BUILD)/report-quick
RPT_RUN_ENV := env MLP_QUICK=1
RPT_QUICK_META := -M mlp-quick=true
else
RPT_OUT := $(BUILD)/report
RPT_RUN_ENV := env -u MLP_QUICK
RPT_QUICK_META :=
endif

RPT_BIN := $(BUILD)/exercises
RPT_EXES := $(addprefix $(RPT_BIN)/,$(RPT_NAMES))
RPT_RUNS := $(patsubst %,$(RPT_OUT)/%/.ran,$(RPT_NAMES))
RPT_HTML := $(patsubst %,$(RPT_OUT)/%.html,$(RPT_NAMES))
RPT_PDF := $(patsubst %,$(RPT_OUT)/%.pdf,$(RPT_NAMES))
RPT_MDS := $(patsubst %,reports/%.md,$(RPT_NAMES))

# Every gnuplot script reports/NN_topic/FIG.gp makes OUT/NN_topic/FIG.svg and
# OUT/NN_topic/FIG.pdf.
RPT_GPS := $(foreach n,$(RPT_NAMES),$(sort $(wildcard reports/$(n)/*.gp)))
RPT_SVGS := $(patsubst reports/%.gp,$(RPT_OUT)/%.svg,$(RPT_GPS))
RPT_FIGPDFS := $(patsubst reports/%.gp,$(RPT_OUT)/%.pdf,$(RPT_GPS))

# ---- a reproducible environment for every tool -----------------------------
# Dates come from the last commit (or a fixed day when there is no git
# history), never from the clock; reports/README.md ("Byte-identical output")
# says why each variable is needed. A SOURCE_DATE_EPOCH already in the
# environment wins.
RPT_EPOCH := $(or $(SOURCE_DATE_EPOCH),$(shell git log -1 --format=%ct 2>/dev/null),1704067200)
RPT_ENV := env SOURCE_DATE_EPOCH=$(RPT_EPOCH) FORCE_SOURCE_DATE=1 TZ=UTC LC_ALL=C.UTF-8

RPT_FILTER := reports/filters/results.lua
RPT_PANDOC_COMMON = -f markdown -s --fail-if-warnings --lua-filter=$(RPT_FILTER) \
	--metadata-file=$(RPT_OUT)/$*/results.yaml \
	-M results-file=$(RPT_OUT)/$*/results.yaml $(RPT_QUICK_META) \
	--resource-path=$(RPT_OUT)/$*
RPT_PANDOC_HTML = -t html5 --self-contained --mathml --default-image-extension=svg
RPT_PANDOC_PDF = -t latex --pdf-engine=pdflatex --default-image-extension=pdf \
	-H reports/templates/pdf-header.tex -V papersize=a4 \
	-V geometry:margin=2.5cm -V colorlinks=true

# ---- targets -------------------------------------------------------------

.PHONY: report report-all report-deps report-check report-screenshots report-clean rpt-always

# `make report` runs on every core: the chapters are independent programs,
# so it starts a make with -j(number of processors) unless -j was given
# (RPT_JOBS=1 for one at a time). The results do not depend on it: each
# chapter is one deterministic process with its own output directory. The
# longest chapters are listed first in RPT_LONGEST so that they start first.
RPT_JOBS ?= $(shell getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
RPT_LONGEST := 13_double_descent 14_implicit_regularization 15_capstone
RPT_ORDER := $(filter $(RPT_LONGEST),$(RPT_NAMES)) $(filter-out $(RPT_LONGEST),$(RPT_NAMES))

report:
	@$(MAKE) --no-print-directory $(if $(filter -j%,$(MAKEFLAGS)),,-j$(RPT_JOBS)) report-all

report-all: $(patsubst %,$(RPT_OUT)/%/.ran,$(RPT_ORDER)) $(RPT_HTML) $(RPT_PDF) $(RPT_OUT)/index.html
	@echo "reports: $(RPT_OUT)/index.html"

# Runs once per make invocation, before any rule that needs pandoc, gnuplot
# or pdflatex (they list it as an order-only prerequisite).
report-deps:
	@sh reports/deps.sh

# 1. Compile. The flags stamp makes a change of CC or CFLAGS rebuild too.
$(RPT_EXES): $(RPT_BIN)/%: exercises/%.c exercises/course.h mlp.h $(RPT_BIN)/.flags
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LDLIBS)

$(RPT_BIN)/.flags: rpt-always
	@mkdir -p $(@D)
	@echo '$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) $(LDLIBS)' > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

rpt-always:

# 2. Run the exercise in a fresh output directory. A chapter that compares
# with a committed fixture (reports/NN_topic/*.tsv, e.g. PyTorch's losses)
# runs again when the fixture changes.
$(foreach n,$(RPT_NAMES),$(eval $(RPT_OUT)/$(n)/.ran: $(wildcard reports/$(n)/*.tsv)))
$(RPT_RUNS): $(RPT_OUT)/%/.ran: $(RPT_BIN)/%
	@rm -rf $(@D) && mkdir -p $(@D)
	$(RPT_ENV) $(RPT_RUN_ENV) $< $(@D)
	@test -s $(@D)/results.yaml || \
	  { echo "report: $< wrote no $(@D)/results.yaml" >&2; exit 1; }
	@touch $@

# 3. Plots: one gnuplot script, one figure, in two formats.
$(RPT_SVGS): $(RPT_OUT)/%.svg: reports/%.gp reports/plot.sh | report-deps
	$(RPT_ENV) sh reports/plot.sh svg $< $@
$(RPT_FIGPDFS): $(RPT_OUT)/%.pdf: reports/%.gp reports/plot.sh | report-deps
	$(RPT_ENV) sh reports/plot.sh pdf $< $@
# ... each also needs its own exercise's data.
$(foreach f,$(RPT_SVGS) $(RPT_FIGPDFS),$(eval $(f): $(dir $(f)).ran))

# 4. The reports. Output goes to a temporary name first, so that a failed
# step never leaves a file that looks up to date.
$(RPT_HTML): $(RPT_OUT)/%.html: reports/%.md $(RPT_OUT)/%/.ran $(RPT_FILTER) | report-deps
	$(RPT_ENV) pandoc $< $(RPT_PANDOC_COMMON) $(RPT_PANDOC_HTML) -o $@.tmp
	@if grep -n -o '{{[A-Za-z0-9_.-]*}}' $@.tmp >&2; then \
	  echo "report: placeholders left unreplaced in $@ (from $<)" >&2; \
	  rm -f $@.tmp; exit 1; fi
	@mv $@.tmp $@

$(RPT_PDF): $(RPT_OUT)/%.pdf: reports/%.md $(RPT_OUT)/%/.ran $(RPT_FILTER) \
		reports/templates/pdf-header.tex | report-deps
	@rm -f $@
	$(RPT_ENV) pandoc $< $(RPT_PANDOC_COMMON) $(RPT_PANDOC_PDF) -o $(RPT_OUT)/$*.tmp.pdf
	@mv $(RPT_OUT)/$*.tmp.pdf $@

# A report that does not exist yet: say so (an existing file is up to date).
$(RPT_MDS):
	@echo "report: exercises/$(notdir $(basename $@)).c has no report $@ (see reports/README.md)" >&2; exit 1

# ... each with its own figures.
$(foreach n,$(RPT_NAMES),$(eval $(RPT_OUT)/$(n).html: $(filter $(RPT_OUT)/$(n)/%,$(RPT_SVGS))))
$(foreach n,$(RPT_NAMES),$(eval $(RPT_OUT)/$(n).pdf: $(filter $(RPT_OUT)/$(n)/%,$(RPT_FIGPDFS))))

# 5. The index. The list stamp changes only when the set of reports does.
$(RPT_OUT)/.list: rpt-always
	@mkdir -p $(@D)
	@echo '$(RPT_NAMES)' > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

$(RPT_OUT)/index.html: $(RPT_OUT)/.list $(RPT_MDS) $(RPT_RUNS) reports/index.sh \
		reports/templates/index-entry.md $(RPT_FILTER) | report-deps
	$(RPT_ENV) sh reports/index.sh $(RPT_OUT) "$(QUICK)" $(RPT_NAMES)

# ---- checks and helpers ----------------------------------------------------

# Two builds from scratch in two directories, then every HTML and PDF file
# must be byte-identical: the reports, and the book that `make report` builds
# with them (mk/book.mk). With REPORT_CHECK_REUSE=1 the current build
# ($(RPT_OUT)) is brought up to date and serves as the first one: only
# valid when it was itself built from scratch, as on a fresh CI checkout.
RPT_CHECK := $(BUILD)/report-check
ifeq ($(REPORT_CHECK_REUSE),1)
RPT_CHECK_A := $(RPT_OUT)
else
RPT_CHECK_A := $(RPT_CHECK)/a/$(notdir $(RPT_OUT))
endif
RPT_CHECK_B := $(RPT_CHECK)/second-build/$(notdir $(RPT_OUT))

report-check:
	rm -rf $(RPT_CHECK)
ifeq ($(REPORT_CHECK_REUSE),1)
	$(MAKE) --no-print-directory report
else
	$(MAKE) --no-print-directory BUILD=$(RPT_CHECK)/a report
endif
	$(MAKE) --no-print-directory BUILD=$(RPT_CHECK)/second-build report
	sh reports/compare.sh $(RPT_CHECK_A) $(RPT_CHECK_B)
	sh reports/compare.sh $(dir $(RPT_CHECK_A))book $(dir $(RPT_CHECK_B))book

report-screenshots: report
	sh reports/screenshots.sh $(RPT_OUT)

report-clean:
	rm -rf $(BUILD)/report $(BUILD)/report-quick $(BUILD)/report-check $(RPT_BIN)
