# Figures 5 and 10 — augmented tokens: a Transformer of depth L = 1..6 against L steps of
# gradient descent on the inner loss (Sec. 4, 6 and App. B). One tool, icar-depth:
#   --model linear  Figure 5: the augmented linear Transformer (src/models/augmented.h)
#   --model full    Figure 10: a post-LN Transformer with softmax attention and MLP (src/models/transformer.h)
# Outputs per figure: $(RESULTS)/figN/{mse,curves,positions}.csv and claims/figN.csv;
# figures/out/figN.{png,pdf}. Sizes: FIG5_* and FIG10_* in mk/profiles.mk.
# Long runs resume from $(BUILD)/ckpt/ (checkpoints every FIG5_CKPT_EVERY epochs): stop
# make at any time and run it again.
# Also: claims/nn.csv (nn.gradcheck, icar-gradcheck) and the benchmarks bench-gemm
# (this machine's sgemm peak, read by every other benchmark) and bench-fig5.
FIGURES += fig5 fig10
CLAIM_FRAGS += $(RESULTS)/claims/fig5.csv $(RESULTS)/claims/fig10.csv $(RESULTS)/claims/nn.csv
BENCHES += bench-gemm bench-fig5

FIG5_CKPT_EVERY ?= 25
$(eval $(call track,fig5,PROFILE SEED FIG5_TRAIN FIG5_TEST FIG5_EPOCHS FIG5_BATCH FIG5_LMAX))
$(eval $(call track,fig10,PROFILE SEED FIG10_TRAIN FIG10_TEST FIG10_EPOCHS FIG10_BATCH FIG10_LMAX FIG10_HEADS FIG10_FFN))

# $(call depth_rule,FIG,MODEL,EXTRA_FLAGS)
define depth_rule
$(RESULTS)/$(1)/mse.csv $(RESULTS)/$(1)/curves.csv $(RESULTS)/$(1)/positions.csv $(RESULTS)/claims/$(1).csv &: $(BUILD)/icar-depth $(BUILD)/settings/$(1).txt
	$(RUN) $(BUILD)/icar-depth --model $(2) --seed $(SEED) --profile $(PROFILE) --lmax $($(3)_LMAX) \
	  --train $($(3)_TRAIN) --test $($(3)_TEST) --epochs $($(3)_EPOCHS) --batch $($(3)_BATCH) $(4) \
	  --checkpoint $(BUILD)/ckpt/$(1) --checkpoint-every $(FIG5_CKPT_EVERY) \
	  --out $(RESULTS)/$(1) --claims $(RESULTS)/claims/$(1).csv

$(OUTDIR)/$(1).png $(OUTDIR)/$(1).pdf &: figures/$(1).gp $(RESULTS)/$(1)/mse.csv $(RESULTS)/$(1)/curves.csv
	$$(call plot,figures/$(1).gp,$(RESULTS)/$(1),$(OUTDIR)/$(1),1600,650)
endef
$(eval $(call depth_rule,fig5,linear,FIG5))
$(eval $(call depth_rule,fig10,full,FIG10,--heads $(FIG10_HEADS) --ffn $(FIG10_FFN)))

$(RESULTS)/claims/nn.csv $(RESULTS)/nn/gradcheck.csv &: $(BUILD)/icar-gradcheck
	$(BUILD)/icar-gradcheck --seed $(SEED) --out $(RESULTS)/nn/gradcheck.csv --claims $(RESULTS)/claims/nn.csv

.PHONY: fig5 fig10 bench-gemm bench-fig5
fig5: $(OUTDIR)/fig5.png $(OUTDIR)/fig5.pdf
fig10: $(OUTDIR)/fig10.png $(OUTDIR)/fig10.pdf

# The GEMM peak: made once (other benchmarks depend on the file); `make bench-gemm`
# measures it again.
$(RESULTS)/bench/gemm.csv: | $(BUILD)/icar-bench-gemm
	$(BUILD)/icar-bench-gemm --threads $(OMP_NUM_THREADS) --out $@
bench-gemm: $(BUILD)/icar-bench-gemm
	$(BUILD)/icar-bench-gemm --threads $(OMP_NUM_THREADS) --out $(RESULTS)/bench/gemm.csv
$(RESULTS)/bench/fig5.csv: $(BUILD)/icar-bench-fig5 $(RESULTS)/bench/gemm.csv
	$(BUILD)/icar-bench-fig5 --seed $(SEED) --train $(BENCH_FIG5_TRAIN) --gemm $(RESULTS)/bench/gemm.csv --out $@
bench-fig5: $(RESULTS)/bench/fig5.csv
	@cat $<

# The manuscript's benchmark section reads these tables.
paper/out/icar.md: $(RESULTS)/bench/gemm.csv $(RESULTS)/bench/fig5.csv $(RESULTS)/nn/gradcheck.csv

# Figure 10's training throughput: the same tool on the full Transformer.
BENCHES += bench-fig10
.PHONY: bench-fig10
$(RESULTS)/bench/fig10.csv: $(BUILD)/icar-bench-fig5 $(RESULTS)/bench/gemm.csv
	$(BUILD)/icar-bench-fig5 --model full --seed $(SEED) --train $(BENCH_FIG5_TRAIN) --gemm $(RESULTS)/bench/gemm.csv --out $@
bench-fig10: $(RESULTS)/bench/fig10.csv
	@cat $<
paper/out/icar.md: $(RESULTS)/bench/fig10.csv
