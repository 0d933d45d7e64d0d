# icar — regenerate every figure and claim of Sander et al. (ICML 2024) from C.
#
#   make figures     every figure (PROFILE=quick by default)
#   make check       unit tests + every claim -> data/results/claims.csv, "N passed, N failed"
#   make figN        one figure and only what it needs
#   make paper       the literate manuscript, paper/out/icar.html
#   make readme      the README's scorecard: what of the paper holds, from the claims
#   make bench       throughput against this machine's own GEMM peak
#   make help        everything else
#
# Figure-specific rules live in mk/figN.mk; every setting of a figure, for both profiles,
# in its spec specs/figN.mk (mk/profiles.mk: how a setting takes its profile's value).

PROFILE ?= quick
SEED    ?= 1
# The seeds every claim about a trained model is measured on (mk/seeds.mk); SEED is the
# one whose outputs fill data/results/ and the figures.
SEEDS   ?= 1 2 3
BUILD   ?= build
RESULTS := data/results
OUTDIR  := figures/out
# Every claim (statement, comparator, bounds, and the reason for a finding of the paper
# that does not reproduce) is defined once, in $(REGISTRY); the programs write only what
# they measured, and icar-report judges it against the registry.
REGISTRY := tests/claims.tsv
# The paper's findings, each decided by claims of $(REGISTRY) (src/core/findings.h): the
# scorecard of the README and the manuscript, and the count of `make check`.
FINDINGS := tests/findings.tsv

include mk/profiles.mk

CC      ?= gcc
OPT     ?= -O2
SAN     ?=
# The library's sources, grouped by concern: core/ (errors, files, CSV, RNG, claims),
# text/ (sentences, BPE, vectors, AR fits), theory/ (population losses, Sec. 5.3),
# nn/ (layers, attention, Adam, training loop, gradient checks), models/ (the models and
# experiments of each figure), bench/ (throughput measurements), manuscript/ (the checks
# of the rendered page); tools/ holds one main() per tool. Headers are included by name;
# each folder is on the include path.
LIB_DIRS := $(filter-out src/tools/,$(sort $(dir $(wildcard src/*/*.c src/*/*.h))))
# libxml2's headers live in a folder of their own: Debian's libxml2-dev puts them here
# (what `pkg-config --cflags libxml-2.0` prints; written out so that no program runs
# while make reads this file).
XML_CFLAGS := -I/usr/include/libxml2
CFLAGS  := $(OPT) -g -std=c11 -D_GNU_SOURCE -Wall -Wextra -fopenmp -MMD -MP $(LIB_DIRS:%/=-I%) $(XML_CFLAGS) $(SAN)
LDLIBS  := -lopenblas -llapacke -lcsv -lpcre2-8 -lcjson -lnettle -lxml2 -lm
# OpenBLAS and OpenMP each start threads: give both cores to whichever runs.
export OMP_NUM_THREADS ?= 2
# Every experiment run goes through $(RUN): THREADS threads each (with `make -j N`, set
# THREADS so that N x THREADS is the core count), prefixed by LAUNCH, any command prefix
# that runs a command elsewhere (LAUNCH='srun -c 8 --mem 4G', LAUNCH='ssh host', a
# container runner). The thread count travels inside the command, so it holds on the
# host that runs it. Results do not depend on THREADS (same seed, same CSV).
#
# One CPU count per run: where LAUNCH states how many CPUs a run gets (srun's -c N, -cN or
# --cpus-per-task=N), or make itself runs inside a Slurm allocation that does
# (SLURM_CPUS_PER_TASK), THREADS follows it; a THREADS given as well must agree, or make
# stops. Each launched run carries a job name that says figure, run and seed
# (SLURM_JOB_NAME, which srun takes as its --job-name; e.g. icar-fig5-runs-L4-seed1), so
# that hundreds of runs can be told apart in squeue and the job logs.
LAUNCH  ?=
empty   :=
space   := $(empty) $(empty)
launch_cpus := $(firstword $(patsubst --cpus-per-task=%,%,$(filter --cpus-per-task=%,$(subst --cpus-per-task$(space),--cpus-per-task=,$(LAUNCH)))) \
  $(patsubst -c%,%,$(patsubst -c=%,%,$(filter -c%,$(subst -c$(space),-c=,$(LAUNCH))))) $(SLURM_CPUS_PER_TASK))
ifneq ($(filter command line environment,$(origin THREADS)),)
ifneq ($(launch_cpus),)
ifneq ($(launch_cpus),$(THREADS))
$(error THREADS=$(THREADS), but LAUNCH (or SLURM_CPUS_PER_TASK) gives each run $(launch_cpus) CPUs: give one count, or leave THREADS out to follow the launcher)
endif
endif
endif
THREADS ?= $(or $(launch_cpus),$(OMP_NUM_THREADS))
job_name = icar-$(subst /,-,$(patsubst $(RESULTS)/%,%,$(basename $@)))-seed$(SEED)
RUN      = $(if $(LAUNCH),env SLURM_JOB_NAME=$(job_name) )$(LAUNCH) env OMP_NUM_THREADS=$(THREADS)
# A make run from a recipe that only makes files (icar-archive rerun's rerun of an
# archived run). Named apart from $(MAKE) on purpose: `make -n` runs every recipe line
# that names $(MAKE) itself, and would then write a check's output from a sub-make that
# only printed its commands.
SUBMAKE = $(MAKE) -s --no-print-directory
# Non-empty under make -n (a dry run).
DRY_RUN = $(findstring n,$(firstword -$(MAKEFLAGS)))

LIB_SRC  := $(filter-out src/tools/%,$(wildcard src/*/*.c))
LIB_OBJ  := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
LIB      := $(BUILD)/libicar.a
TOOL_SRC := $(wildcard src/tools/*.c)
TOOLS    := $(TOOL_SRC:src/tools/%.c=$(BUILD)/icar-%)
TEST_SRC := $(wildcard tests/test_*.c)
TESTS    := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
UNIT_FRAGS := $(TEST_SRC:tests/%.c=$(BUILD)/check/%.csv)
DEPS_OK  := $(BUILD)/.deps-ok
CLAIMS   := $(RESULTS)/claims.csv

# Filled by mk/*.mk
FIGURES     :=
CLAIM_FRAGS :=
# Claims fragments measured with a seed of their own (the archived seeds): "seed=N FILE"
# pairs, as icar-report takes them; CLAIM_FRAGS are measured with SEED.
SEEDED_FRAGS :=
BENCHES     :=
PAPER_DATA  :=

.PHONY: all figures check readme paper paper-pdf paper-shots bench help clean distclean tools asan FORCE
.SUFFIXES:
# No .DELETE_ON_ERROR, on purpose. Every recipe writes each of its outputs to a temporary
# name and renames it when complete (the tools through src/core/atomic.h, the build steps
# below with `-o $@.tmp && mv`), so a failed or killed recipe leaves every output either
# whole and new or as it was. Deleting the outputs of a failed recipe could then only
# destroy valid files: a multi-output (&:) recipe killed after it had written one output
# lost that still-valid output with it. Nor can a failed recipe leave make believing its
# outputs are up to date: an output the failed run did not write keeps its old time (or
# stays missing), so it is still older than the prerequisite that triggered the run, and
# the next make that asks for it (a figure asks for all its outputs, `make check` for
# every claims fragment) reruns the whole recipe. An output the run did write is whole and
# made from the current inputs, and stays. (tests/test_tools.c: make.failed_group_keeps_output)

all: tools

# ---------- build ----------

$(DEPS_OK): tools/install-deps
	@tools/install-deps
	@mkdir -p $(@D) && touch $@

# Build outputs appear whole or not at all, like results: written to $@.tmp, renamed
# when complete (the dependency files keep the final names: -MF, -MT).
$(BUILD)/obj/%.o: src/%.c | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -MF $(@:.o=.d) -MT $@ -c $< -o $@.tmp && mv $@.tmp $@

$(LIB): $(LIB_OBJ)
	@rm -f $@.tmp
	ar rcs $@.tmp $^ && mv $@.tmp $@

$(BUILD)/icar-%: src/tools/%.c $(BUILD)/codeid/icar-%.o $(LIB) | $(DEPS_OK)
	$(CC) $(CFLAGS) -MF $@.d -MT $@ $< $(BUILD)/codeid/icar-$*.o $(LIB) $(LDLIBS) -o $@.tmp && mv $@.tmp $@

$(BUILD)/tests/%: tests/%.c $(BUILD)/codeid/%.o $(LIB) | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -MF $@.d -MT $@ $< $(BUILD)/codeid/$*.o $(LIB) $(LDLIBS) -o $@.tmp && mv $@.tmp $@

# The identity of each program's code (icar_code_id, checkpoint.h): a SHA-256 over the
# compiler and its flags, every library source and header, and the program's own source
# (tools/code-id). A checkpoint records it, so that one made by other code is never
# resumed. $(BUILD)/codeid/NAME.c has a rule whose prerequisites are the files it hashes
# (the compiler and flags through $(CODE_ID_FLAGS), rewritten only when they change): it
# is made again exactly when one of them changed, and the program then relinks (as it
# does anyway when its source or the library changed).
CODE_ID_FLAGS := $(BUILD)/codeid/flags.txt
CODE_ID_LIB_FILES := $(sort $(LIB_SRC) $(wildcard $(LIB_DIRS:%=%*.h)))
$(BUILD)/codeid/icar-%.c: src/tools/%.c $(CODE_ID_FLAGS) $(CODE_ID_LIB_FILES) tools/code-id
	@tools/code-id $@ $(CODE_ID_FLAGS) $(CODE_ID_LIB_FILES) -- $<
$(BUILD)/codeid/test_%.c: tests/test_%.c tests/test.h $(CODE_ID_FLAGS) $(CODE_ID_LIB_FILES) tools/code-id
	@tools/code-id $@ $(CODE_ID_FLAGS) $(CODE_ID_LIB_FILES) -- $< tests/test.h
$(BUILD)/codeid/%.o: $(BUILD)/codeid/%.c
	$(CC) $(CFLAGS) -MF $(@:.o=.d) -MT $@ -c $< -o $@.tmp && mv $@.tmp $@
CODE_ID_NAMES := $(notdir $(TOOLS) $(TESTS))
.SECONDARY: $(foreach n,$(CODE_ID_NAMES),$(BUILD)/codeid/$(n).c $(BUILD)/codeid/$(n).o)

tools: $(TOOLS) $(TESTS)

-include $(LIB_OBJ:.o=.d) $(TOOLS:=.d) $(TESTS:=.d)

# ---------- settings that outputs depend on ----------
# $(call track,NAME,VARS): $(BUILD)/settings/NAME.txt holds the VAR=value lines of VARS,
# and the outputs made with those values depend on it. Make reads the file as it reads
# the Makefiles ($(file <), no process); only where its text differs from this run's
# values does it get a rule, which rewrites it, so changing PROFILE or SEED remakes exactly
# the outputs that use them, and with nothing changed there is nothing to do (`make -n`
# lists nothing, `make -q` says up to date). The file is written by that rule, never while
# make reads: `make -n` with other values lists the rewrite and the runs after it, and
# leaves the record of what was made as it was.
track = $(call keep_file,$(BUILD)/settings/$(1).txt,$(foreach v,$(2),$(v)=$($(v))),$(foreach v,$(2),'$(v)=$($(v))'))

# $(call keep_file,PATH,TEXT,LINES): a rule that writes LINES (words quoted for the shell,
# one line each) to PATH, made only where PATH's text is not TEXT (whitespace aside).
keep_file = $(if $(call same_text,$(strip $(file <$(1))),$(strip $(2))),,$(eval $(call keep_file_rule,$(1),$(3))))
define keep_file_rule
$(1): FORCE
	@mkdir -p $$(@D)
	@printf '%s\n' $(2) > $$@.tmp && mv $$@.tmp $$@
endef
# Non-empty when the texts $(1) and $(2) are equal (each is the other with every copy of
# the other removed: only equal texts are).
same_text = $(if $(subst $(1),,$(2))$(subst $(2),,$(1)),,same)
$(call keep_file,$(CODE_ID_FLAGS),$(CC) $(CFLAGS),'$(CC) $(CFLAGS)')

# The whole numbers 1 .. 999 in order: $(wordlist 1,N,$(COUNT)) is 1 .. N.
COUNT_DIGITS := 0 1 2 3 4 5 6 7 8 9
COUNT := $(filter-out 0,$(patsubst 0%,%,$(patsubst 0%,%,$(foreach a,$(COUNT_DIGITS),$(foreach b,$(COUNT_DIGITS),$(foreach c,$(COUNT_DIGITS),$(a)$(b)$(c)))))))
# $(call count_to,N,NAME): 1 .. N, stopping where N (the value of NAME) is not a whole
# number in 1 .. 999
count_to = $(if $(filter $(1),$(COUNT)),$(wordlist 1,$(1),$(COUNT)),$(error $(2) must be a whole number from 1 to 999, not '$(1)'))

# Render a gnuplot script to PNG and PDF: $(call plot,SCRIPT,RESULTS_DIR,OUTBASE,W,H[,SETTINGS])
# (SETTINGS: gnuplot assignments from the figure's spec, quoted for the shell; tools/plot)
plot = tools/plot $(1) $(2) $(3) $(4) $(5) $(6)

# ---------- data ----------

# The inputs listed in data/manifest (package, version, sha256, licence, use).
$(RAW_MOBY) $(RAW_GPT2) &: tools/fetch-data data/manifest | $(DEPS_OK)
	tools/fetch-data data/raw

# ---------- figures ----------

include $(sort $(wildcard mk/fig*.mk))
# Planning, scale-out checks and the paper-profile archive (they read the figures' run lists),
# and the specs as data for the manuscript.
include mk/plan.mk mk/archive.mk mk/scale-check.mk mk/specs.mk mk/seeds.mk

figures: $(FIGURES)

# ---------- check ----------
# Every unit-test program and every claim-measuring program writes a fragment; the
# report merges them. `make -k` first, so that one failing program shows up as failed
# claims instead of hiding every other result.

$(BUILD)/check/%.csv: $(BUILD)/tests/%
	@mkdir -p $(@D)
	@$< $@ > $(BUILD)/check/$*.log 2>&1 || { cat $(BUILD)/check/$*.log; true; }

# test_report, test_weave and test_scorecard run those binaries (test_weave and
# test_pagecheck also run icar-pagecheck on pages that pandoc renders); test_tools runs
# every tool.
$(BUILD)/check/test_report.csv: $(BUILD)/icar-report
$(BUILD)/check/test_weave.csv: $(BUILD)/icar-weave $(BUILD)/icar-pagecheck
$(BUILD)/check/test_pagecheck.csv: $(BUILD)/icar-pagecheck
$(BUILD)/check/test_scorecard.csv: $(BUILD)/icar-scorecard $(BUILD)/icar-weave
$(BUILD)/check/test_tools.csv: $(TOOLS)


# Short runs of the fuzzing harnesses (FUZZ_FRAGS) belong to the check too.
include mk/fuzz.mk

# The manuscript's structural check ($(PAPER_CHECK), below) counts as a unit test; it
# renders the manuscript, so `make check` also runs the benchmarks the manuscript quotes.
REPORT_FRAGS = seed=$(SEED) $(CLAIM_FRAGS) $(SEEDED_FRAGS)
# The final report rewrites $(CLAIMS) only where its content changed (--if-changed), so
# that the manuscript rendered from it stays up to date (test_tools: make.check_keeps_claims).
check:
	-@$(MAKE) --no-print-directory -k $(BUILD)/icar-report $(UNIT_FRAGS) $(FUZZ_FRAGS) $(CLAIM_FRAGS) \
	  $(filter-out seed=%,$(SEEDED_FRAGS)) $(PAPER_CHECK) $(README_CHECK)
	@$(BUILD)/icar-report --if-changed --registry $(REGISTRY) $(FINDINGS:%=--findings %) $(CLAIMS) $(UNIT_FRAGS) $(FUZZ_FRAGS) \
	  $(PAPER_CHECK) $(README_CHECK) $(REPORT_FRAGS)

# The README's scorecard block (between its two markers) is made from the claims of the
# default run, the one a clean clone's `make check` makes: `make readme` rewrites it, and
# `make check` checks it (readme.scorecard_current) only under those options, since a run
# with other seeds or another profile measures other claims.
README_RUN  := PROFILE=quick SEED=1 SEEDS=1 2 3
THIS_RUN     = PROFILE=$(PROFILE) SEED=$(SEED) SEEDS=$(SEEDS)
README_CHECK = $(if $(call same_text,$(strip $(THIS_RUN)),$(README_RUN)),$(BUILD)/check/readme.csv)
SCORECARD    = $(BUILD)/icar-scorecard --registry $(REGISTRY) --findings $(FINDINGS)
readme: $(CLAIMS) $(BUILD)/icar-scorecard
	$(if $(README_CHECK),,$(error make readme writes the block of the default run ($(README_RUN)), not $(THIS_RUN)))
	$(SCORECARD) --readme README.md $(CLAIMS)
$(BUILD)/check/readme.csv: README.md $(CLAIMS) $(FINDINGS) $(BUILD)/icar-scorecard
	@mkdir -p $(@D)
	@$(SCORECARD) --readme README.md --check $@ $(CLAIMS) > $(BUILD)/check/readme.log 2>&1 || { cat $(BUILD)/check/readme.log; true; }

# AddressSanitizer + UndefinedBehaviorSanitizer, in a build of its own, over the unit tests
# and test_tools, which feeds bad input to the tools of that same build. float-cast-overflow
# (a float outside an integer's range, or NaN, cast to it) is named because GCC's
# "undefined" leaves it out. The sanitizers stop a program with status SAN_EXIT, which
# the tests (test_exit_status in tests/test.h, told through ICAR_SANITIZER_EXIT) count as
# a failure even where they expect the program to stop with an error, so a report is
# never hidden behind an expected exit.
SAN_EXIT := 86
asan:
	ICAR_SANITIZER_EXIT=$(SAN_EXIT) ASAN_OPTIONS=exitcode=$(SAN_EXIT) \
	UBSAN_OPTIONS=exitcode=$(SAN_EXIT):print_stacktrace=1 \
	$(MAKE) --no-print-directory BUILD=build-asan OPT=-O1 \
	  SAN='-fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer -fno-sanitize-recover=all' \
	  build-asan/icar-report $(UNIT_FRAGS:$(BUILD)/%=build-asan/%)
	build-asan/icar-report build-asan/claims-unused.csv $(UNIT_FRAGS:$(BUILD)/%=build-asan/%)

# ---------- manuscript ----------
# Each section paper/NN-*.md is woven on its own (icar-weave fills its {{...}} fields
# with this run's numbers) and pandoc reads the woven sections as separate inputs, so
# every section keeps its heading. PAPER_DATA: result files the sections quote besides
# the claims and the figures (the mk files add theirs).

PAPER_SECTIONS := $(sort $(wildcard paper/[0-9]*.md))
PAPER_WOVEN    := $(PAPER_SECTIONS:paper/%=paper/out/woven/%)
PAPER_HTML     := paper/out/icar.html
PAPER_PDF      := paper/out/icar.pdf
# The PDF, for readers who print, is made where Chromium is installed (tools/install-deps
# shots); without it `make paper` makes the HTML only, so that `make check` never needs a
# browser. `make paper-pdf` asks for it (and installs Chromium when missing, as root).
paper: $(PAPER_HTML) $(if $(wildcard $(addsuffix /chromium,$(subst :, ,$(PATH)))),$(PAPER_PDF))
paper-pdf: $(PAPER_PDF)
$(PAPER_PDF): $(PAPER_HTML)
	@tools/install-deps shots
	chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
	  --print-to-pdf=$@.tmp.pdf file://$(abspath $(PAPER_HTML)) 2> $(@D)/chromium.log
	mv $@.tmp.pdf $@

paper/out/woven/%.md: paper/%.md $(BUILD)/icar-weave $(CLAIMS) $(REGISTRY) $(FINDINGS) $(PAPER_DATA) $(FIGURES:%=$(OUTDIR)/%.png) $(ARCHIVE_PLOTS)
	@mkdir -p $(@D)
	$(BUILD)/icar-weave --registry $(REGISTRY) $(CLAIMS) $< $@

$(PAPER_HTML): $(PAPER_WOVEN) paper/style.css $(FIGURES:%=$(OUTDIR)/%.png) $(ARCHIVE_PLOTS)
	pandoc --standalone --self-contained --toc --mathml --metadata title="icar: How do Transformers Perform In-Context Autoregressive Learning? — regenerated" \
	  --css paper/style.css --resource-path=. -o $@.tmp.html $(PAPER_WOVEN)
	mv $@.tmp.html $@

# The structure of the rendered page (icar-pagecheck, a fragment like a unit test's):
# every section heading, every figure embedded, every field filled, every claim shown and
# typeset, and each finding's verdicts the same in the manuscript's scorecard, the README's
# and the claims table's ($(FINDING_VERDICTS), icar-scorecard --verdicts).
PAPER_CHECK := $(BUILD)/check/paper.csv
FINDING_VERDICTS := $(BUILD)/check/findings.csv
$(FINDING_VERDICTS): $(CLAIMS) $(REGISTRY) $(FINDINGS) $(BUILD)/icar-scorecard
	@mkdir -p $(@D)
	$(SCORECARD) --verdicts $@ $(CLAIMS)
$(PAPER_CHECK): $(PAPER_HTML) $(CLAIMS) $(FINDING_VERDICTS) README.md $(BUILD)/icar-pagecheck | $(DEPS_OK)
	@mkdir -p $(@D)
	@$(BUILD)/icar-pagecheck $(PAPER_HTML) $(CLAIMS) $(FINDING_VERDICTS) README.md $@ > $(BUILD)/check/paper.log 2>&1 || { cat $(BUILD)/check/paper.log; true; }

# PNG pages of the manuscript as a browser shows it: headless Chromium prints the page
# to PDF (A4, the print layout of paper/style.css), pdftoppm cuts it into pages.
PAPER_SHOTS := paper/out/shots
paper-shots: $(PAPER_PDF)
	@tools/install-deps shots
	rm -rf $(PAPER_SHOTS) && mkdir -p $(PAPER_SHOTS)
	pdftoppm -png -r 96 $(PAPER_PDF) $(PAPER_SHOTS)/page
	@echo "$$(ls $(PAPER_SHOTS)/page-*.png | wc -l) pages in $(PAPER_SHOTS)/"

# The manuscript shows the claims table as it stands, failures included.
$(CLAIMS): $(REGISTRY) $(FINDINGS) $(UNIT_FRAGS) $(CLAIM_FRAGS) $(filter-out seed=%,$(SEEDED_FRAGS)) | $(BUILD)/icar-report
	-@$(BUILD)/icar-report --registry $(REGISTRY) $(FINDINGS:%=--findings %) $@ $(UNIT_FRAGS) $(REPORT_FRAGS) > /dev/null

# ---------- bench ----------

bench: $(BENCHES)

# ---------- housekeeping ----------

help:
	@sed -n '2,11p' Makefile | sed 's/^# \{0,1\}//'
	@echo "Figures:  $(FIGURES)"
	@echo "Options:  PROFILE=quick|paper (now $(PROFILE))  SEED=n (now $(SEED))  SEEDS='1 2 3' (now $(SEEDS))  TEXT=file.txt  VECTORS=file.safetensors|file.npy"
	@echo "Settings: every setting of figure N in specs/figN.mk (theory.mk, bench.mk); override one: make figN KEY=value"
	@echo "Scale:    make plan [PROFILE=paper] [CORES=N] [THREADS=n], make -j N THREADS=n LAUNCH='srun ...', make archive FIG=figN (README: Running at scale)"
	@echo "Other:    make asan (unit and bad-input tests under ASan+UBSan), make fuzz [FUZZ_SECONDS=60] (libFuzzer on every reader),"
	@echo "          make paper-pdf (the manuscript for print, paper/out/icar.pdf), make paper-shots (its pages as PNG; both headless Chromium),"
	@echo "          make clean (generated files), make distclean (also fetched data)"

clean:
	rm -rf $(BUILD) build-asan $(FUZZ_BUILD) $(RESULTS) $(OUTDIR) paper/out

distclean: clean
	rm -rf data/raw
