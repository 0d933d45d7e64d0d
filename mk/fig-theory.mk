# The theory claims that belong to no figure (Lemmas 2, 3; Props. 1, 2, 4, 5, 6, 7):
# icar-theory -> data/results/claims/theory.csv and data/results/theory/summary.csv.
# (Named fig-theory.mk so that the Makefile's mk/fig*.mk include picks it up.)
# Settings: specs/theory.mk; SEED.
CLAIM_FRAGS += $(RESULTS)/claims/theory.csv
$(call track,theory,PROFILE SEED $(SETTINGS.theory))
$(RESULTS)/theory/summary.csv $(RESULTS)/claims/theory.csv &: $(BUILD)/icar-theory $(BUILD)/settings/theory.txt
	$(RUN) $(BUILD)/icar-theory $(call run_flags,$(SETTINGS.theory),setting_now) --out $(RESULTS)/theory --claims $(RESULTS)/claims/theory.csv
.PHONY: theory
theory: $(RESULTS)/claims/theory.csv
