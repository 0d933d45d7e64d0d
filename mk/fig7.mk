# Figure 7 — test MSE against the number of heads, plain and duplicated tokens (Sec. 6).
# icar-fig7 trains the model of src/models/heads.h for every H of FIG7_HEADS and both token kinds
# -> mse.csv, curves.csv and the claims fig7.dup_gain, fig7.nodup_flat.
# Options: SEED, FIG7_TRAIN, FIG7_TEST, FIG7_EPOCHS, FIG7_BATCH, FIG7_HEADS (profiles.mk);
# CKPT=DIR keeps resumable checkpoints there (a stopped run resumes where it was).
# Also the benchmark bench-heads (time per epoch of 2^14 sequences, H = 8 and 64).
FIGURES += fig7
CLAIM_FRAGS += $(RESULTS)/claims/fig7.csv
BENCHES += bench-heads
F7_OUT := $(RESULTS)/fig7/mse.csv $(RESULTS)/fig7/curves.csv
$(eval $(call track,fig7,PROFILE SEED FIG7_TRAIN FIG7_TEST FIG7_EPOCHS FIG7_BATCH FIG7_HEADS))
$(F7_OUT) $(RESULTS)/claims/fig7.csv &: $(BUILD)/icar-fig7 $(BUILD)/settings/fig7.txt
	$(RUN) $(BUILD)/icar-fig7 --seed $(SEED) --train $(FIG7_TRAIN) --test $(FIG7_TEST) --epochs $(FIG7_EPOCHS) \
	  --batch $(FIG7_BATCH) --heads $(FIG7_HEADS) --profile $(PROFILE) $(if $(CKPT),--checkpoint $(CKPT)/fig7) \
	  --out $(RESULTS)/fig7 --claims $(RESULTS)/claims/fig7.csv
$(OUTDIR)/fig7.png $(OUTDIR)/fig7.pdf &: figures/fig7.gp $(F7_OUT)
	$(call plot,figures/fig7.gp,$(RESULTS)/fig7,$(OUTDIR)/fig7,1600,700)
.PHONY: fig7 bench-heads
fig7: $(OUTDIR)/fig7.png $(OUTDIR)/fig7.pdf

# icar-bench-heads reads peak_gflops from the GEMM benchmark (icar-bench-gemm).
$(RESULTS)/bench/heads.csv: $(BUILD)/icar-bench-heads $(RESULTS)/bench/gemm.csv
	$(BUILD)/icar-bench-heads --seed $(SEED) --heads 8,64 --steps $(BENCH_HEADS_STEPS) \
	  --gemm $(RESULTS)/bench/gemm.csv --out $@
bench-heads: $(RESULTS)/bench/heads.csv

# The manuscript's Figure 7 section shows the measured time per epoch.
PAPER_DATA += $(RESULTS)/bench/heads.csv
