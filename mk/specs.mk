# The specs as data: $(RESULTS)/specs/NAME.csv holds the settings of specs/NAME.mk as
# "# KEY=value" lines, the manuscript's source for the settings no output records
# ({{setting data/results/specs/fig5.csv FIG5_EPOCHS.paper}}): every KEY at this run's
# value, and one written per profile (mk/profiles.mk) also as KEY.quick and KEY.paper.
# Rewritten only when a value changes.
SPEC_HASH := \#
spec_keys = $(shell sed -n 's/^\([A-Za-z0-9_]*\)[.a-z]* *?\{0,1\}=.*/\1/p' specs/$(1).mk | sort -u)
spec_lines = $(foreach k,$(call spec_keys,$(1)),'$(SPEC_HASH) $(k)=$($(k))' \
  $(if $(filter $(k),$(SPEC_SPLIT)),$(foreach p,$(SPEC_PROFILES),'$(SPEC_HASH) $(k).$(p)=$($(k).$(p))')))
define spec_csv
$$(RESULTS)/specs/$(1).csv: FORCE
	@mkdir -p $$(@D)
	@printf '%s\n' $(call spec_lines,$(1)) setting > $$@.new
	@if cmp -s $$@.new $$@; then rm -f $$@.new; else mv $$@.new $$@; fi
endef
SPEC_NAMES := $(basename $(notdir $(SPECS)))
$(foreach s,$(SPEC_NAMES),$(eval $(call spec_csv,$(s))))
PAPER_DATA += $(SPEC_NAMES:%=$(RESULTS)/specs/%.csv)
