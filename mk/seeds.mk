# Seeds — every claim about a trained model is measured once per seed of SEEDS and judged
# over them (src/core/verdict.h: reproduces when every seed meets it, deviates when none
# does, inconclusive otherwise or with fewer seeds than the registry's `seeds` column asks).
#
# The tree data/results/ holds the outputs of SEED (the figures are drawn from it). Each
# other seed N of SEEDS has a tree of its own, $(RESULTS)/seeds/seedN/, laid out the same,
# made by the same pipeline run with SEED=N in a build folder of its own
# ($(BUILD)/seeds/seedN: its settings and checkpoints; the tools are those of $(BUILD),
# tools/scratch-build), so seeds never overwrite each other and every run of seed N is a
# target of that make: `make -j` and LAUNCH spread seeds as they spread depths and heads,
# and a stopped seed resumes like any run. The figures whose claims are judged over seeds
# are those whose runs train from the seed (SEEDED_FIGURES). icar-report takes each seed's
# claims fragments after `seed=N`.
#
# The sub-make of a seed runs when anything it could depend on changed: the tools, the
# registry, the specs and mk files, or a setting (every variable of the specs, tracked in
# $(BUILD)/settings/seeds.txt); it then remakes only what is out of date in its tree.
SEEDED_FIGURES := fig3 fig5 fig6 fig7 fig8 fig9 fig10
OTHER_SEEDS = $(filter-out $(SEED),$(SEEDS))
seed_dir = $(RESULTS)/seeds/seed$(1)
seed_build = $(BUILD)/seeds/seed$(1)
seed_frags = $(foreach f,$(SEEDED_FIGURES),$(call seed_dir,$(1))/claims/$(f).csv)

$(call track,seeds,PROFILE $(foreach f,$(SEEDED_FIGURES),$(SETTINGS.$(f))))

define seed_tree
SEEDED_FRAGS += seed=$(1) $(call seed_frags,$(1))
$(call seed_frags,$(1)) &: $(TOOLS) $(REGISTRY) $(SPECS) $(wildcard mk/*.mk) Makefile $(BUILD)/settings/seeds.txt
	@tools/scratch-build $(BUILD) $(call seed_build,$(1))
	+$(MAKE) --no-print-directory SEED=$(1) SEEDS=$(1) RESULTS=$(call seed_dir,$(1)) BUILD=$(call seed_build,$(1)) \
	  $(call seed_frags,$(1))
endef
$(foreach s,$(OTHER_SEEDS),$(eval $(call seed_tree,$(s))))
