# The theory claims that belong to no figure (Lemmas 2, 3; Props. 1, 2, 4, 5, 6, 7):
# icar-theory -> data/results/claims/theory.csv and data/results/theory/summary.csv.
# (Named fig-theory.mk so that the Makefile's mk/fig*.mk include picks it up.)
# Options: SEED, THEORY_MC (Monte-Carlo contexts), THEORY_FLOW (Prop. 5 samples).
CLAIM_FRAGS += $(RESULTS)/claims/theory.csv
$(eval $(call track,theory,PROFILE SEED THEORY_MC THEORY_FLOW))
$(RESULTS)/theory/summary.csv $(RESULTS)/claims/theory.csv &: $(BUILD)/icar-theory $(BUILD)/settings/theory.txt
	$(RUN) $(BUILD)/icar-theory --seed $(SEED) --mc $(THEORY_MC) --flow $(THEORY_FLOW) --profile $(PROFILE) \
	  --out $(RESULTS)/theory --claims $(RESULTS)/claims/theory.csv
.PHONY: theory
theory: $(RESULTS)/claims/theory.csv
