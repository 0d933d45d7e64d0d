# The specs as data: $(RESULTS)/specs/NAME.csv holds the settings of specs/NAME.mk as
# "# KEY=value" lines, the manuscript's source for the settings no output records
# ({{setting data/results/specs/fig5.csv FIG5_EPOCHS.paper}}): every KEY at this run's
# value, and one written per profile (mk/profiles.mk) also as KEY.quick and KEY.paper.
# Rewritten only when a value changes ($(call keep_file,...), Makefile). The keys: the
# settings the spec assigns (SETTINGS.NAME, mk/profiles.mk), sorted.
SPEC_HASH := \#
spec_lines = $(foreach k,$(sort $(SETTINGS.$(1))),'$(SPEC_HASH) $(k)=$($(k))' \
  $(if $(filter $(k),$(SPEC_SPLIT)),$(foreach p,$(SPEC_PROFILES),'$(SPEC_HASH) $(k).$(p)=$($(k).$(p))')))
$(foreach s,$(SPEC_NAMES),$(call keep_file,$(RESULTS)/specs/$(s).csv,$(subst ',,$(call spec_lines,$(s))) setting,$(call spec_lines,$(s)) setting))
PAPER_DATA += $(SPEC_NAMES:%=$(RESULTS)/specs/%.csv)
