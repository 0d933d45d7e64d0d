# Seeds — every claim about a trained model is measured once per seed of SEEDS and judged
# over them (src/core/verdict.h: reproduces when every seed meets it, deviates when none
# does, inconclusive otherwise or with fewer seeds than the registry's `seeds` column asks).
#
# The tree data/results/ holds the outputs of SEED (the figures are drawn from it). Each
# other seed N of SEEDS has a tree of its own, $(RESULTS)/seeds/seedN/, laid out the same,
# made by the same pipeline run with SEED=N (the tools are those of $(BUILD),
# tools/scratch-build), so seeds never overwrite each other and every run of seed N is a
# target of that make: `make -j` and LAUNCH spread seeds as they spread depths and heads,
# and a stopped seed resumes like any run. The figures whose claims are judged over seeds
# are those whose runs train from the seed (SEEDED_FIGURES). icar-report takes each seed's
# claims fragments after `seed=N`.
#
# The sub-make of a seed's figure runs when anything it could depend on changed: the tools, the
# registry, the specs and mk files, or a setting (every variable of the specs, tracked in
# $(BUILD)/settings/seeds.txt); it then remakes only what is out of date in its tree, and its
# outputs are touched (checked now, whether remade or not), so that with nothing changed
# `make -q` and `make -n` see nothing to do. An interrupted sub-make never costs them
# (.PRECIOUS: each is written whole or not at all).
SEEDED_FIGURES := fig3 fig5 fig6 fig7 fig8 fig9 fig10
OTHER_SEEDS = $(filter-out $(SEED),$(SEEDS))
seed_dir = $(RESULTS)/seeds/seed$(1)
seed_build = $(BUILD)/seeds/seed$(1)
seed_frags = $(foreach f,$(SEEDED_FIGURES),$(call seed_dir,$(1))/claims/$(f).csv)

$(call track,seeds,PROFILE $(foreach f,$(SEEDED_FIGURES),$(SETTINGS.$(f))))

# Each figure of a seed is a sub-make of its own (its claims fragment and its CSVs, which
# the figure's plot draws beside SEED's: $(call seed_outputs,N,FIGURE)), in a build folder
# of its own ($(BUILD)/seeds/seedN/FIGURE: its settings and checkpoints), so that `make
# figN` makes figN of every seed and nothing else, and `make -j` runs the figures and seeds
# side by side.
seed_outputs = $(patsubst $(RESULTS)/%,$(call seed_dir,$(1))/%,$($(call archive_var,$(2))_OUTPUTS))
# $(call seed_plot_csvs,FIGURE) and $(call seed_plot_dirs,FIGURE): the CSVs and the
# folders of FIGURE in the trees of the other seeds (what its plot draws besides SEED's)
seed_plot_csvs = $(foreach s,$(OTHER_SEEDS),$(call seed_outputs,$(s),$(1)))
seed_plot_dirs = $(foreach s,$(OTHER_SEEDS),$(call seed_dir,$(s))/$(1))

define seed_figure
$(call seed_dir,$(1))/claims/$(2).csv $(call seed_outputs,$(1),$(2)) &: $(TOOLS) $(REGISTRY) $(SPECS) $(wildcard mk/*.mk) Makefile $(BUILD)/settings/seeds.txt
	@tools/scratch-build $(BUILD) $(call seed_build,$(1))/$(2)
	+$(MAKE) --no-print-directory SEED=$(1) SEEDS=$(1) RESULTS=$(call seed_dir,$(1)) BUILD=$(call seed_build,$(1))/$(2) \
	  ARCHIVE_INDEX=$(ARCHIVE_INDEX) \
	  $(call seed_dir,$(1))/claims/$(2).csv $(call seed_outputs,$(1),$(2))
	@touch $(call seed_dir,$(1))/claims/$(2).csv $(call seed_outputs,$(1),$(2))
.PRECIOUS: $(call seed_dir,$(1))/claims/$(2).csv $(call seed_outputs,$(1),$(2))
endef
# The plots of the seeded figures draw every seed: they depend on the other seeds' CSVs.
$(foreach f,$(SEEDED_FIGURES),$(eval $(OUTDIR)/$(f).png $(OUTDIR)/$(f).pdf: figures/seeds.gp figures/seeds $(call seed_plot_csvs,$(f))))
$(foreach s,$(OTHER_SEEDS),$(eval SEEDED_FRAGS += seed=$(s) $(call seed_frags,$(s))) \
  $(foreach f,$(SEEDED_FIGURES),$(eval $(call seed_figure,$(s),$(f)))))

# ---------- each figure's CSVs over its seeds (icar-seeds) ----------
# SEED_TABLES.FIGURE: the CSVs of a seeded figure put together over its seeds, each as
# NAME:KEYS[:VARY] (KEYS: the columns that say which point a row is; VARY: settings that
# may differ between seeds: a value measured per seed, or the points a seed ran, where the
# first seed ran them all and the others some: Figure 7's lists of H at the paper's
# sizes), all comma-separated. For each, in the
# folder over-seeds/ of the figure (quick profile: $(RESULTS)/FIGURE/over-seeds/; an archive
# group at the paper's sizes: $(RESULTS)/archive/over-seeds-NAME/, from NAME and its NAME-seedN):
#   NAME               every row of every seed, after a first column `seed`
#   NAME-aggregate.csv per point: KEYS, then V_n, V_median, V_min, V_max of each other
#                      column V over the seeds (the median of a claim's verdict, spread.h)
# The plots draw the median and range from the aggregate and each seed faintly from the
# long file (figures/seeds.gp: over_seeds, the folder).
# Every assembled CSV of these figures is listed but those whose rows are not the same
# points for every seed or hold text: Figure 3's trace.csv (each seed's descent takes a
# number of steps of its own), Figures 5 and 10's verdict.csv (a yes/no per seed; the
# claims are judged over seeds by icar-report), Figure 6's cosine_pe.csv (no seed in it).
SEED_TABLES.fig3  := summary.csv:case restarts.csv:case,run $(foreach c,unitary orthogonal,$(foreach m,A B C P,$(c)_$(m).csv:row,col))
SEED_TABLES.fig5  := mse.csv:L curves.csv:L,epoch positions.csv:L,t gd.csv:L,reading,metric gd_steps.csv:L,t
SEED_TABLES.fig10 := $(SEED_TABLES.fig5)
SEED_TABLES.fig6  := lastrow.csv:mu,col diagonals.csv:mu,k train.csv:mu $(foreach m,$(F6_MU),P_mu$(m).csv:row,col)
SEED_TABLES.fig7  := mse.csv:variant,kind,dup,H:paper.heads,authors.heads curves.csv:variant,kind,H,epoch:paper.heads,authors.heads
SEED_TABLES.fig8  := bb.csv:i,j:final_test_mse,offdiag_ratio_init,offdiag_ratio_trained,offdiag_ratio_init_without_dup_pairs,offdiag_ratio_trained_without_dup_pairs curve.csv:epoch
SEED_TABLES.fig9  := loss.csv:epoch
seed_table_part = $(word $(1),$(subst :, ,$(2)))
# $(call seed_table_outputs,DIR,FIGURE): the files put together over seeds into DIR
seed_table_outputs = $(foreach t,$(SEED_TABLES.$(2)),$(1)/$(call seed_table_part,1,$(t)) \
  $(1)/$(patsubst %.csv,%-aggregate.csv,$(call seed_table_part,1,$(t))))
# $(call seed_table_rule,DIR,TABLE,COPIES): TABLE (NAME:KEYS[:VARY]) put together into DIR
# from COPIES, words SEED:FOLDER (the folder holding that seed's NAME)
define seed_table_rule
$(1)/$(call seed_table_part,1,$(2)) $(1)/$(patsubst %.csv,%-aggregate.csv,$(call seed_table_part,1,$(2))) &: \
  $(BUILD)/icar-seeds $(foreach c,$(3),$(call seed_table_part,2,$(c))/$(call seed_table_part,1,$(2)))
	@mkdir -p $(1)
	$(BUILD)/icar-seeds --keys $(call seed_table_part,2,$(2)) $(if $(call seed_table_part,3,$(2)),--vary $(call seed_table_part,3,$(2))) \
	  --long $(1)/$(call seed_table_part,1,$(2)) --aggregate $(1)/$(patsubst %.csv,%-aggregate.csv,$(call seed_table_part,1,$(2))) \
	  $(foreach c,$(3),seed=$(call seed_table_part,1,$(c)) $(call seed_table_part,2,$(c))/$(call seed_table_part,1,$(2)))
endef
# The quick profile: SEED's folder, then the other seeds' in the order of SEEDS.
seed_copies = $(SEED):$(RESULTS)/$(1) $(foreach s,$(OTHER_SEEDS),$(s):$(call seed_dir,$(s))/$(1))
$(foreach f,$(SEEDED_FIGURES),$(foreach t,$(SEED_TABLES.$(f)),$(eval $(call seed_table_rule,$(RESULTS)/$(f)/over-seeds,$(t),$(call seed_copies,$(f))))))
$(foreach f,$(SEEDED_FIGURES),$(eval $(OUTDIR)/$(f).png $(OUTDIR)/$(f).pdf: $(call seed_table_outputs,$(RESULTS)/$(f)/over-seeds,$(f))))
# The archive groups of the seeded figures (an archive NAME of a first seed, with its
# NAME-seedN): their CSVs over seeds, from the archived copies (the seed each recorded).
ARCHIVE_SEED_GROUPS := $(foreach a,$(ARCHIVES),$(if $(and $(filter $(ARCHIVE_FIGURE.$(a)),$(SEEDED_FIGURES)),$(filter $(a),$(call archive_group,$(a)))),$(a)))
archive_copies = $(foreach a,$(1) $(call archive_seeds,$(1)),$(call archive_value,SEED,$(a)):$(ARCHIVE_ROOT)/$(a)/$(2))
archive_over_seeds = $(RESULTS)/archive/over-seeds-$(1)
$(foreach g,$(ARCHIVE_SEED_GROUPS),$(foreach t,$(SEED_TABLES.$(ARCHIVE_FIGURE.$(g))),\
  $(eval $(call seed_table_rule,$(call archive_over_seeds,$(g)),$(t),$(call archive_copies,$(g),$(ARCHIVE_FIGURE.$(g)))))))
$(foreach g,$(ARCHIVE_SEED_GROUPS),$(if $(filter $(OUTDIR)/$(g)-paper.png,$(ARCHIVE_PLOTS)),\
  $(eval $(OUTDIR)/$(g)-paper.png $(OUTDIR)/$(g)-paper.pdf: $(call seed_table_outputs,$(call archive_over_seeds,$(g)),$(ARCHIVE_FIGURE.$(g))))))
