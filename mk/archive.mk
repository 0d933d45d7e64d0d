# The paper-profile archive: data/paper-profile/NAME/ (tracked), one folder per archived
# figure, laid out as under data/results/ (NAME/figN/..., NAME/claims/figN.csv, and for the
# figures split into runs NAME/figN/runs/*.csv) with NAME/provenance.txt.
#
#   make archive FIG=figN [THREADS=n] [-j N] [LAUNCH=...] [ARCHIVE_SET='VAR=value ...' ARCHIVE_NAME=name]
#
# runs every run of the figure at PROFILE=paper in a build folder of its own
# ($(BUILD)/paper/NAME: settings and checkpoints, so an interrupted archive resumes and the
# quick profile's outputs are left alone), then copies the figure's runs, assembled CSVs
# and claims fragment with the runs' sidecars (RUN.where: the machine each ran on,
# src/core/runwhere.h), and writes the provenance (the whole sitting is icar-archive make,
# which runs the figure's own make; finishing as icar-archive finish,
# src/core/provwrite.h): the command, commit and dirty flag, a hash of src/, the code id
# of each program that made the archived CSVs, the CPU kernels, CPU model and cores (the
# runs' machine where their sidecars agree, else each run's: machine=, where.RUN=),
# OPENBLAS_CORETYPE, THREADS, seed, wall time (summed over the sittings that made it)
# and date. ARCHIVE_SET
# records deliberate departures from the paper profile (e.g. ARCHIVE_SET='FIG4_WINDOWS=all'
# ARCHIVE_NAME=fig4-all); the checks below hold the archive to the paper profile plus
# exactly those. The last step writes NAME/MANIFEST (icar-archive manifest: every file's
# size and SHA-256), as `make archive-save` does for the pending folder it keeps; `make
# archive` verifies a pending folder against its MANIFEST before taking its runs up. An
# archive is changed only by the tools that write it, never by hand: an edited, added or
# removed file fails archive.manifest@NAME. Provenance keys: `build/icar-archive keys`
# (src/core/provenance.c); a correction made after the fact is a line note=KEY: TEXT.
#
# make check, for every archive present (none: nothing is checked, nothing fails):
#   NAME manifest  every file is as its MANIFEST lists it (size, SHA-256), and listed:
#                  claim archive.manifest@NAME, problems named by file
#   NAME provenance  provenance.txt and sittings.txt hold known keys only, every required
#                  one, each value of its form, and commits of the git history (where
#                  .git is there: $(BUILD)/archive/commits.txt): archive.provenance@NAME
#   NAME settings  the "# key=value" lines of the archived CSVs equal those the figure's
#                  tool writes for the paper profile's values plus the archive's
#                  overrides (its --print-settings, given the flags a run gets from the
#                  spec: $(call figN_settings,...) of the figure's mk file, else its one
#                  tool icar-figN with every setting of its spec): claim archive.settings@NAME
#   NAME claims    the figure's claims with ids suffixed @paper (@paper-NAME for a named
#                  archive): re-derived from the archived runs by $(call figN_assemble,...)
#                  where the figure has an assembler (Figs. 5, 10, 7), from the archived
#                  output CSVs by icar-rederive for the figures that run as one command
#                  (Figs. 3, 6, 8, 9 and the theory: ARCHIVE_REDERIVE below), or by the
#                  figure's own $(call figN_rederive,...) (Fig. 4: also from its text,
#                  tokenized again); no claim is copied from the archived fragment
#   NAME rederived the CSVs so re-derived equal the archived ones, and the claims so
#                  re-derived the archived fragment (archive.rederived@NAME, below)
#   pending        every pending folder's MANIFEST, as an archive's
#                  (archive.manifest@pending-NAME)
#   rerun          the cheapest archived run by make plan's estimate is run again at the
#                  paper profile and must equal the archive: byte for byte when the code
#                  (the code id of the program that made the run, where recorded, else
#                  src/) and the CPU kernels are those recorded, else every number
#                  within a relative ARCHIVE_RTOL (the printed digits of floating-point
#                  sums change with their order under other kernels; a change of code,
#                  data or settings moves them at the first digits). Claim archive.rerun@FIG; an estimate
#                  above ARCHIVE_RERUN_MAX seconds is refused (the check fails).
#   earlier rerun  an archive made over sittings, of which an earlier one ran other code
#                  than the last (the runs it kept were never remade): the cheapest of
#                  those runs is made again likewise and compared with the identity of
#                  the sitting that made it. Claim archive.rerun_earlier@NAME.
#
# What make knows of the archives present comes from $(ARCHIVE_INDEX), made by
# icar-archive index from their provenance files: reading the Makefiles runs nothing.
.PHONY: archive archive-save archive-files
ARCHIVE_ROOT := data/paper-profile
ARCHIVE_FIGS := fig3 fig4 fig5 fig6 fig7 fig8 fig9 fig10 theory
ARCHIVE_RTOL := 1e-3
ARCHIVE_RERUN_MAX := 120
FIG ?=
ARCHIVE_NAME ?= $(FIG)
ARCHIVE_SET ?=
ARCHIVE_WORK = $(BUILD)/paper/$(ARCHIVE_NAME)
ARCHIVE_PENDING = $(ARCHIVE_ROOT)/pending/$(ARCHIVE_NAME)

# The prefix of a figure's variables: fig9 -> FIG9, theory -> THEORY.
archive_var = $(if $(filter theory,$(1)),THEORY,$(patsubst fig%,FIG%,$(1)))
# The assembled outputs of the figures that run as one command (the split figures define
# FIGn_OUTPUTS in their own mk file).
FIG3_OUTPUTS ?= $(F3_OUT)
FIG4_OUTPUTS ?= $(F4)/hist.csv $(F4)/hist-ascii.csv
FIG6_OUTPUTS ?= $(F6_OUT)
FIG8_OUTPUTS ?= $(F8_OUT)
FIG9_OUTPUTS ?= $(RESULTS)/fig9/loss.csv
THEORY_OUTPUTS ?= $(RESULTS)/theory/summary.csv
# Everything archived of FIG, as paths under $(RESULTS).
ARCHIVE_FILES = $($(call archive_var,$(FIG))_RUNS) $($(call archive_var,$(FIG))_OUTPUTS) $(RESULTS)/claims/$(FIG).csv

# The archives present (icar-archive index, src/core/archindex.h): made again when a
# provenance or sittings file or a folder of the archive changes, or ARCHIVE_ROOT does;
# make reads it afresh. (A
# seed's sub-make reads its parent's, mk/seeds.mk, which gives it on the command line and
# made it before: the sub-makes never make it again, since several run at once and each
# has settings files of its own, newer than the index, which would have each of them
# rewrite the one file side by side.)
ARCHIVE_INDEX ?= $(BUILD)/archives.mk
ifneq ($(origin ARCHIVE_INDEX),command line)
$(call track,archive-root,ARCHIVE_ROOT)
$(ARCHIVE_INDEX): $(BUILD)/icar-archive $(BUILD)/settings/archive-root.txt \
  $(wildcard $(ARCHIVE_ROOT)/ $(ARCHIVE_ROOT)/*/ $(ARCHIVE_ROOT)/*/*/ $(ARCHIVE_ROOT)/*/*/*/ \
    $(ARCHIVE_ROOT)/*/provenance.txt $(ARCHIVE_ROOT)/*/sittings.txt $(ARCHIVE_ROOT)/pending/*/sittings.txt)
	@$(BUILD)/icar-archive index $(ARCHIVE_ROOT) --out $@
endif
ARCHIVES :=
ARCHIVES_PENDING :=
# (not for goals that need no archive: a fresh clone's make clean or make help builds
# no tool to write it)
ifneq ($(filter-out clean distclean help,$(or $(MAKECMDGOALS),all)),)
include $(ARCHIVE_INDEX)
endif

# The provenance pairs of a sitting after figure= (and command=: the archive's); the tool
# adds the code, the machine and the date.
archive_record = --set "overrides=$(ARCHIVE_SET)" --set threads=$(THREADS) --set seed=$(SEED) --set "launch=$(LAUNCH)"
archive_places = --work $(ARCHIVE_WORK) --pending $(ARCHIVE_PENDING) --build $(BUILD)
archive: $(TOOLS)
	@$(if $(filter $(FIG),$(ARCHIVE_FIGS)),,echo "make archive: FIG must be one of: $(ARCHIVE_FIGS)" >&2; exit 1)
	@tools/scratch-build $(BUILD) $(ARCHIVE_WORK)
	@$(if $(DRY_RUN),echo "make archive: not under make -n (its runs would only be printed, and the archive made of nothing)" >&2; exit 1;) \
	$(BUILD)/icar-archive make $(archive_places) --figure $(FIG) --root $(ARCHIVE_ROOT) --name $(ARCHIVE_NAME) \
	  --set figure=$(FIG) --set "command=$(strip make archive $(filter -j%,$(MAKEFLAGS)) $(MAKEOVERRIDES))" $(archive_record) \
	  -- $(MAKE) --no-print-directory PROFILE=paper BUILD=$(ARCHIVE_WORK) RESULTS=$(ARCHIVE_WORK)/results $(ARCHIVE_SET) archive-files FIG=$(FIG)

# An archive that cannot finish in one sitting: after stopping `make archive` (or when
# the machine is about to be taken back), keep the runs it finished, the checkpoints of
# those it had not, and this sitting's provenance, in $(ARCHIVE_PENDING)
# (icar-archive save, src/core/pending.h) and commit them; a later `make archive` with the same FIG and
# ARCHIVE_NAME, on any machine, takes them up, makes only the runs still missing and
# goes on with the unfinished ones from their checkpoints (a checkpoint of other code
# is not resumed: that run starts afresh), so a run longer than any one sitting finishes. The finished archive lists its earlier sittings
# (sittings.txt) and sums their wall time.
archive-save: $(BUILD)/icar-archive
	@$(if $(filter $(FIG),$(ARCHIVE_FIGS)),,echo "make archive-save: FIG must be one of: $(ARCHIVE_FIGS)" >&2; exit 1)
	@$(BUILD)/icar-archive save $(archive_places) --figure $(FIG) --set figure=$(FIG) $(archive_record)

# (inside the archive's own make) every file of FIG, and their paths under $(RESULTS) in
# $(BUILD)/archive-files.txt
archive-files: $(ARCHIVE_FILES)
	@printf '%s\n' $(patsubst $(RESULTS)/%,%,$(ARCHIVE_FILES)) > $(BUILD)/archive-files.txt

# What of the paper profile is archived, kept from an unfinished archive, or not run
# (icar-archive status, given each figure's runs at the paper profile: FIG=RUN,RUN...,
# paths under the archive; none for a figure that runs as one command, $(call
# figN_run_names,VALUE) of its mk file); the manuscript's archive section shows it.
archive_paper_runs = $(subst $(SPACE),$(PLAN_COMMA),$(strip $(if $(value $(1)_run_names),$(addprefix $(1)/runs/,$(call $(1)_run_names,setting_paper)))))
$(RESULTS)/archive/status.csv: $(BUILD)/icar-archive $(wildcard $(ARCHIVE_ROOT)/*/provenance.txt $(ARCHIVE_ROOT)/pending/*/runs/*.csv) $(SPECS) $(wildcard mk/fig*.mk)
	@mkdir -p $(@D)
	$(BUILD)/icar-archive status $(ARCHIVE_ROOT) --out $@ $(foreach f,$(ARCHIVE_FIGS),$(f)=$(call archive_paper_runs,$(f)))
PAPER_DATA += $(RESULTS)/archive/status.csv

# The runs kept from an unfinished archive of a figure whose assembler takes a partial
# set of runs (ASSEMBLE_PARTIAL: it lists a missing depth as pending, and the claims that
# need it are not measured), assembled as far as they go: $(RESULTS)/archive/pending-NAME/, laid out as
# the figure's outputs, so the manuscript shows what the paper's sizes gave so far. The
# claims file there is not part of the check: the archive is not finished.
pending_figure = $(PENDING_FIGURE.$(1))
pending_outputs = $(patsubst $(RESULTS)/$(2)/%,$(RESULTS)/archive/pending-$(1)/%,$($(call archive_var,$(2))_OUTPUTS))
define archive_pending_rule
$(call pending_outputs,$(1),$(2)) &: $(wildcard $(ARCHIVE_ROOT)/pending/$(1)/runs/*.csv) $(TOOLS) $(REGISTRY)
	@mkdir -p $(RESULTS)/archive/pending-$(1)
	$$(call $(2)_assemble,$(ARCHIVE_ROOT)/pending/$(1)/runs,$(RESULTS)/archive/pending-$(1),$(RESULTS)/archive/pending-$(1)/claims.csv) \
	  > $(RESULTS)/archive/pending-$(1)/assemble.log 2>&1 || { cat $(RESULTS)/archive/pending-$(1)/assemble.log; exit 1; }
PAPER_DATA += $(call pending_outputs,$(1),$(2))
endef
$(foreach n,$(ARCHIVES_PENDING),$(if $(filter $(call pending_figure,$(n)),$(ASSEMBLE_PARTIAL)),$(eval $(call archive_pending_rule,$(n),$(call pending_figure,$(n))))))

# ---------- checks of the archives present ----------
# $(call archive_csvs,NAME): its CSV files
archive_csvs = $(ARCHIVE_CSVS.$(1))
# $(call archive_value,KEY,NAME): KEY as archive NAME was made: its recorded value
# (PROFILE=paper, its seed and overrides) where it has one, else the paper profile's
archive_value = $(if $(filter $(1)=%,$(ARCHIVE_PROFILE.$(2))),$(patsubst $(1)=%,%,$(filter $(1)=%,$(ARCHIVE_PROFILE.$(2)))),$(call setting_paper,$(1)))
# $(call archive_settings,NAME,FIGURE): a command printing the "# key=value" lines that
# the figure's tool writes with those values
archive_settings = $(if $(value $(2)_settings),$(call $(2)_settings,archive_value,$(1)),$(BUILD)/icar-$(2) --print-settings $(call run_flags,$(SETTINGS.$(2)),archive_value,$(1)))
# An archive of one seed of a figure is named after the archive of its first seed with
# -seedN added (fig9-seed2, fig8-authors-seed3): its claims keep that archive's suffix and
# are judged over the seeds (icar-report's seed=N).
archive_group = $(subst $(ARCHIVE_SPACE),-,$(filter-out seed%,$(subst -, ,$(1))))
archive_suffix = @paper$(if $(filter $(call archive_group,$(1)),$(ARCHIVE_FIGURE.$(1))),,-$(call archive_group,$(1)))
ARCHIVE_CHECK := $(BUILD)/archive-check
ARCHIVE_SPACE := $(subst ,, )

# Every file and folder of archive NAME (a file added or removed changes its folder's time).
archive_tree = $(ARCHIVE_FILES.$(1))
# The git history's commits, which every commit of a provenance must be among; none in a
# copy of the tree without its history (there a commit is checked for its form only).
# The list is made again when the history moves (a commit, a fetch: git's HEAD and refs
# change), not on every make, so that `make -q` and `make -n` after a finished check say
# there is nothing to do. (In a linked worktree, whose .git is a file, it follows that file.)
ARCHIVE_COMMITS := $(if $(wildcard .git),$(BUILD)/archive/commits.txt)
ARCHIVE_GIT_REFS := $(wildcard .git/HEAD .git/packed-refs .git/refs/heads/* .git/refs/remotes/*/*)
$(BUILD)/archive/commits.txt: $(or $(ARCHIVE_GIT_REFS),.git)
	@mkdir -p $(@D)
	@git rev-list --all > $@.tmp && mv $@.tmp $@

# The figures that run as one command whose claims are computed again, every one of
# them: by icar-rederive from the archived output CSVs, with the function the figure's
# tool calls on the CSVs it writes (src/derive/), or where the figure's mk file defines
# $(call figN_rederive,NAME,OUT), by that command (Figure 4: its own claims tool, on the
# archived histogram and on the text tokenized again, mk/fig4.mk), which reads
# $(call figN_rederive_inputs,NAME) besides the archive.
ARCHIVE_REDERIVE := fig3 fig4 fig6 fig8 fig9 theory
# $(call archive_rederive,NAME,FIGURE): the command that writes the re-derived claims
archive_rederive = $(if $(value $(2)_rederive),$(call $(2)_rederive,$(1),$(ARCHIVE_CHECK)/$(1)/claims.csv),\
  $(BUILD)/icar-rederive --figure $(2) --from $(ARCHIVE_ROOT)/$(1)/$(2) --claims $(ARCHIVE_CHECK)/$(1)/claims.csv)
# $(call archive_derived,FIGURE): non-empty if its claims are derived again from the archive
archive_derived = $(or $(value $(1)_assemble),$(filter $(1),$(ARCHIVE_REDERIVE)))

# $(call archive_rules,NAME,FIGURE)
define archive_rules
CLAIM_FRAGS += $(BUILD)/check/archive-$(1)-settings.csv
SEEDED_FRAGS += seed=$(call archive_value,SEED,$(1)) $(BUILD)/check/archive-$(1)-claims.csv
$(BUILD)/check/archive-$(1)-settings.csv: $(BUILD)/icar-archivecheck $(TOOLS) $(call archive_csvs,$(1)) $(ARCHIVE_ROOT)/$(1)/provenance.txt mk/profiles.mk $(SPECS) mk/archive.mk
	@mkdir -p $$(@D) && rm -f $$@
	@{ $(call archive_settings,$(1),$(2)); } > $$@.expect
	@set --; while IFS= read -r l; do set -- "$$$$@" "--expect=$$$${l#\# }"; done < $$@.expect; \
	  $(BUILD)/icar-archivecheck settings --id archive.settings@$(1) --claims $$@ "$$$$@" \
	  $(filter-out $(ARCHIVE_ROOT)/$(1)/claims/%,$(call archive_csvs,$(1))) > $$@.log 2>&1 || cat $$@.log
$(BUILD)/check/archive-$(1)-claims.csv: $(BUILD)/icar-archivecheck $(call archive_csvs,$(1)) $(TOOLS) $(call $(2)_rederive_inputs,$(1))
	@mkdir -p $$(@D) $(ARCHIVE_CHECK)/$(1) && rm -f $$@ $(ARCHIVE_CHECK)/$(1)/claims.csv
	@$(if $(value $(2)_assemble),$(call $(2)_assemble,$(ARCHIVE_ROOT)/$(1)/$(2)/runs,$(ARCHIVE_CHECK)/$(1),$(ARCHIVE_CHECK)/$(1)/claims.csv) > $$@.log 2>&1 || cat $$@.log)
	@$(if $(filter $(2),$(ARCHIVE_REDERIVE)),$(call archive_rederive,$(1),$(2)) > $$@.log 2>&1 || cat $$@.log)
	@$(BUILD)/icar-archivecheck suffix --suffix $(call archive_suffix,$(1)) --claims $$@ \
	  $(if $(call archive_derived,$(2)),$(ARCHIVE_CHECK)/$(1)/claims.csv,$(ARCHIVE_ROOT)/$(1)/claims/$(2).csv)
CLAIM_FRAGS += $(BUILD)/check/archive-$(1)-manifest.csv $(BUILD)/check/archive-$(1)-provenance.csv
$(BUILD)/check/archive-$(1)-manifest.csv: $(BUILD)/icar-archive $(call archive_tree,$(1))
	@mkdir -p $$(@D) && rm -f $$@
	@$(BUILD)/icar-archive verify $(ARCHIVE_ROOT)/$(1) --claims $$@ > $$@.log 2>&1 || cat $$@.log
$(BUILD)/check/archive-$(1)-provenance.csv: $(BUILD)/icar-archive $(wildcard $(ARCHIVE_ROOT)/$(1)/*.txt) $(ARCHIVE_COMMITS)
	@mkdir -p $$(@D) && rm -f $$@
	@$(BUILD)/icar-archive provenance $(ARCHIVE_ROOT)/$(1) --claims $$@ $(ARCHIVE_COMMITS:%=--commits %) > $$@.log 2>&1 || cat $$@.log
endef
$(foreach a,$(ARCHIVES),$(eval $(call archive_rules,$(a),$(ARCHIVE_FIGURE.$(a)))))

# Everything a figure's assembler derives from the archived runs (above, into
# $(ARCHIVE_CHECK)/NAME) is compared with the archived file: byte for byte where this build
# runs the CPU kernels the provenance records (icar-archive tolerance; the first
# line that differs is printed), else every number within ARCHIVE_REDERIVE_RTOL. Not
# ARCHIVE_RTOL: the step sizes of gd_steps.csv (Figs. 5, 10) are minimisers of a flat loss,
# searched on a grid, and move more than the losses do under other kernels (0.6 % at
# L = 6, t = 2 between OpenBLAS's Cooperlake and Haswell kernels, where every loss agrees
# to 1e-9). A figure whose claims include a number at the rounding level gives, in its mk
# file, the absolute difference within which such a number agrees there too
# ($(FIGURE)_rederive_atol: Figure 4's). Claim archive.rederived@NAME, the number of
# files that differ.
ARCHIVE_REDERIVE_RTOL := 1e-2
archive_outputs = $(patsubst $(RESULTS)/$(1)/%,%,$($(call archive_var,$(1))_OUTPUTS))
# $(call archive_rederived_pairs,NAME,FIGURE): the pairs ARCHIVED DERIVED compared: an
# assembled figure's outputs, or a one-command figure's claims fragment (compared claim by
# claim: a claim registered after the archive was made is derived, not compared)
archive_rederived_pairs = $(if $(value $(2)_assemble),$(foreach f,$(call archive_outputs,$(2)),$(ARCHIVE_ROOT)/$(1)/$(2)/$(f) $(ARCHIVE_CHECK)/$(1)/$(f)),$(ARCHIVE_ROOT)/$(1)/claims/$(2).csv $(ARCHIVE_CHECK)/$(1)/claims.csv)
# $(call archive_rederived_rules,NAME,FIGURE)
define archive_rederived_rules
CLAIM_FRAGS += $(BUILD)/check/archive-$(1)-rederived.csv
$(BUILD)/check/archive-$(1)-rederived.csv: $(BUILD)/check/archive-$(1)-claims.csv $(BUILD)/icar-archive
	@rm -f $$@
	@$(BUILD)/icar-archivecheck compare --id archive.rederived@$(1) --claims $$@ $$$$($(BUILD)/icar-archive tolerance $(ARCHIVE_ROOT)/$(1) --rtol $(ARCHIVE_REDERIVE_RTOL)$(if $($(2)_rederive_atol), --atol $($(2)_rederive_atol))) \
	  $(call archive_rederived_pairs,$(1),$(2)) > $$@.log 2>&1 || cat $$@.log
endef
$(foreach a,$(ARCHIVES),$(if $(call archive_derived,$(ARCHIVE_FIGURE.$(a))),$(eval $(call archive_rederived_rules,$(a),$(ARCHIVE_FIGURE.$(a))))))

# Every pending folder's MANIFEST (make archive-save writes it) is verified like an
# archive's: claim archive.manifest@pending-NAME, problems named by file.
define archive_pending_manifest_rule
CLAIM_FRAGS += $(BUILD)/check/archive-pending-$(1)-manifest.csv
$(BUILD)/check/archive-pending-$(1)-manifest.csv: $(BUILD)/icar-archive $(wildcard $(addprefix $(ARCHIVE_ROOT)/pending/$(1)/,. * */ */*))
	@mkdir -p $$(@D) && rm -f $$@
	@$(BUILD)/icar-archive verify $(ARCHIVE_ROOT)/pending/$(1) --claims $$@ > $$@.log 2>&1 || cat $$@.log
endef
$(foreach n,$(ARCHIVES_PENDING),$(eval $(call archive_pending_manifest_rule,$(n))))

# The plot of every archive of a first seed whose figure has one ($(call figN_plot,...) of
# its mk file), from the archived CSVs, with those of its further seeds (the archives
# NAME-seedN) drawn on it (their CSVs over seeds: $(RESULTS)/archive/over-seeds-NAME/,
# mk/seeds.mk): $(OUTDIR)/NAME-paper.png beside the quick profile's figure in
# the manuscript; `make figures` makes them too.
archive_seeds = $(filter $(1)-seed%,$(ARCHIVES))
ARCHIVE_PLOTS := $(foreach a,$(ARCHIVES),$(if $(and $(value $(ARCHIVE_FIGURE.$(a))_plot),$(filter $(a),$(call archive_group,$(a)))),$(OUTDIR)/$(a)-paper.png))
define archive_plot_rule
$(OUTDIR)/$(1)-paper.png $(OUTDIR)/$(1)-paper.pdf &: figures/$(2).gp figures/seeds.gp figures/seeds \
  $(foreach a,$(1) $(call archive_seeds,$(1)),$(call archive_csvs,$(a)))
	$$(call $(2)_plot,$(ARCHIVE_ROOT)/$(1)/$(2),$(OUTDIR)/$(1)-paper,$(foreach a,$(call archive_seeds,$(1)),$(ARCHIVE_ROOT)/$(a)/$(2)),$(RESULTS)/archive/over-seeds-$(1))
endef
$(foreach p,$(ARCHIVE_PLOTS),$(eval $(call archive_plot_rule,$(patsubst $(OUTDIR)/%-paper.png,%,$(p)),$(ARCHIVE_FIGURE.$(patsubst $(OUTDIR)/%-paper.png,%,$(p))))))
figures: $(ARCHIVE_PLOTS)

# The reruns (icar-archive rerun, src/core/rerun.h). archive.rerun@FIG: the cheapest run, by make plan's
# estimate, of the archives named after their figure (the plain paper profile).
# archive.rerun_earlier@NAME, for an archive of which an earlier sitting ran other code
# than its last (its runs were kept, never remade): the cheapest of that sitting's runs.
ARCHIVES_PLAIN := $(foreach a,$(ARCHIVES),$(if $(filter $(a),$(ARCHIVE_FIGURE.$(a))),$(a)))
ARCHIVES_EARLIER := $(foreach a,$(ARCHIVES_PLAIN),$(if $(ARCHIVE_EARLIER.$(a)),$(a)))
# The estimates that pick the run need the benchmarks (made for the manuscript anyway).
ARCHIVE_RERUN_BENCH = $(RESULTS)/bench/gemm.csv $(PLAN_BENCH) $(PLAN_FIG10_BENCH)
archive_rerun = $(BUILD)/icar-archive rerun --build $(BUILD) --make "$(SUBMAKE)" --rtol $(ARCHIVE_RTOL) --max $(ARCHIVE_RERUN_MAX) \
  --plan "$(BUILD)/icar-plan --threads 1 --gemm $(RESULTS)/bench/gemm.csv $(foreach b,$(PLAN_BENCH) $(PLAN_FIG10_BENCH),--bench $(b))" \
  --root $(ARCHIVE_ROOT) --jobs $(BUILD)/plan/jobs-paper.csv
ifneq ($(ARCHIVES_PLAIN),)
CLAIM_FRAGS += $(BUILD)/check/archive-rerun.csv
endif
$(BUILD)/check/archive-rerun.csv: $(TOOLS) $(ARCHIVE_RERUN_BENCH) $(BUILD)/plan/jobs-paper.csv $(foreach a,$(ARCHIVES_PLAIN),$(call archive_csvs,$(a)))
	@mkdir -p $(@D)
	@$(archive_rerun) --id archive.rerun --claims $@ --scratch $(BUILD)/archive-rerun \
	  --names $(subst $(ARCHIVE_SPACE),$(PLAN_COMMA),$(ARCHIVES_PLAIN))

# $(call archive_earlier_rule,NAME)
define archive_earlier_rule
CLAIM_FRAGS += $(BUILD)/check/archive-$(1)-earlier.csv
$(BUILD)/check/archive-$(1)-earlier.csv: $(TOOLS) $(ARCHIVE_RERUN_BENCH) $(BUILD)/plan/jobs-paper.csv $(call archive_csvs,$(1)) $(ARCHIVE_ROOT)/$(1)/sittings.txt
	@mkdir -p $$(@D)
	@$(archive_rerun) --id archive.rerun_earlier --claims $$@ --scratch $(BUILD)/archive-rerun-$(1) \
	  --names $(1) $(ARCHIVE_EARLIER.$(1))
endef
$(foreach a,$(ARCHIVES_EARLIER),$(eval $(call archive_earlier_rule,$(a))))

# The unit test runs icar-archivecheck and icar-archive on made-up archives.
$(BUILD)/check/test_archivecheck.csv: $(BUILD)/icar-archivecheck $(BUILD)/icar-archive

# The archive made over two sittings equals the archive made in one (tests/archive-sittings,
# a tiny Figure 5): unit rows archive.sittings_same, archive.sittings_resume,
# archive.sittings_recorded, archive.sittings_checkpoint, archive.sittings_rerun.
CLAIM_FRAGS += $(BUILD)/check/archive-sittings.csv
$(BUILD)/check/archive-sittings.csv: tests/archive-sittings tests/launcher tools/scratch-build $(TOOLS) mk/archive.mk $(ARCHIVE_RERUN_BENCH)
	@mkdir -p $(@D)
	@tests/archive-sittings $@ $(BUILD) $(BUILD)/archive-sittings > $(BUILD)/check/archive-sittings.log 2>&1 || { cat $(BUILD)/check/archive-sittings.log; true; }

# Figure 4's claims on its input and the theory's, changed in copies of their archives
# (whose MANIFEST is written again), are named by the re-derivation above
# (tests/archive-tamper): unit rows archive.tamper_rederived, archive.tamper_manifest.
ifeq ($(sort $(filter fig4 theory,$(ARCHIVES))),fig4 theory)
CLAIM_FRAGS += $(BUILD)/check/archive-tamper.csv
endif
$(BUILD)/check/archive-tamper.csv: tests/archive-tamper tools/scratch-build $(TOOLS) mk/archive.mk mk/fig4.mk \
  $(call archive_tree,fig4) $(call archive_tree,theory) $(RAW_MOBY) $(RAW_GPT2)
	@mkdir -p $(@D)
	@tests/archive-tamper $@ $(BUILD) $(BUILD)/archive-tamper $(ARCHIVE_ROOT) > $(BUILD)/check/archive-tamper.log 2>&1 || { cat $(BUILD)/check/archive-tamper.log; true; }

# The unit test runs icar-archive on made-up archives.
$(BUILD)/check/test_archive.csv: $(BUILD)/icar-archive

# The unit test runs icar-rederive and icar-archivecheck compare on made-up outputs.
$(BUILD)/check/test_derive.csv: $(BUILD)/icar-rederive $(BUILD)/icar-archivecheck
