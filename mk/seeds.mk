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
