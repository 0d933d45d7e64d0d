# Figures 5 and 10 — augmented tokens: a Transformer of depth L = 1..LMAX against L steps of
# gradient descent on the inner loss (Sec. 4, 6 and App. B).
#   FIG5  --model linear  the augmented linear Transformer (src/models/augmented.h)
#   FIG10 --model full    a post-LN Transformer with softmax attention and MLP (src/models/transformer.h)
# One run per depth, each its own target (resumable, make -j spreads them):
#   $(RESULTS)/figN/runs/L<L>.csv   icar-depth --L <L> (alias: make figN-L<L>); a stopped
#                                   run resumes from $(BUILD)/ckpt/figN-L<L>.ckpt (saved every
#                                   FIGN_CKPT_EVERY epochs), bit for bit
# then icar-depth-assemble, which trains nothing: the GD baseline under its five readings
# on the same sequences, and $(RESULTS)/figN/{mse,curves,positions,gd,gd_steps,verdict}.csv
# and claims/figN.csv from the run files. Settings: specs/fig5.mk, specs/fig10.mk; SEED.
# For make plan / archive: FIGn_RUNS (run files), FIGn_OUTPUTS (assembled CSVs) and
# $(call figN_assemble,RUNS_DIR,OUT_DIR,CLAIMS_FILE) (the assembling command) and
# $(call figN_plot,CSV_DIR,OUTBASE,SEED_DIRS,OVER_SEEDS) (the plot of a folder of its CSVs, also
# of its archive, with the same CSVs of other seeds in the folders SEED_DIRS and put together
# over seeds in the folder OVER_SEEDS, mk/seeds.mk).
# Also: claims/nn.csv (nn.gradcheck, icar-gradcheck) and the benchmarks bench-gemm
# (this machine's sgemm peak, read by every other benchmark) and bench-fig5, bench-fig10
# (the figure's model, d, T, lr and the paper profile's batch from specs/fig5.mk and
# specs/fig10.mk; the timed sizes from specs/bench.mk).
FIGURES += fig5 fig10
# icar-depth-assemble takes any subset of the depths (the others are listed as pending)
ASSEMBLE_PARTIAL += fig5 fig10
CLAIM_FRAGS += $(RESULTS)/claims/fig5.csv $(RESULTS)/claims/fig10.csv $(RESULTS)/claims/nn.csv
BENCHES += bench-gemm bench-fig5

# $(call depth_figure,FIG,VAR,MODEL): VAR is the prefix of the figure's variables (FIG5,
# FIG10). $(call FIG_run_names,VALUE): the names of its runs, L1.csv .. L<LMAX>.csv, with
# the values of $(call VALUE,KEY) (this run's or the paper profile's). Every setting of its spec but the run list (VAR_LMAX) is a flag of each run;
# a run depends on all of them but the checkpoint cadence, not on how many depths there
# are. $(call FIG_settings,VALUE,ARG): the settings lines its runs record, with the values
# of $(call VALUE,KEY,ARG) (an archive's, mk/archive.mk).
define depth_figure
$(1)_run_names = $$(foreach L,$$(call count_to,$$(call $$(1),$(2)_LMAX),$(2)_LMAX),L$$(L).csv)
$(2)_RUNS := $$(addprefix $$(RESULTS)/$(1)/runs/,$$(call $(1)_run_names,setting_now))
$(2)_OUTPUTS := $$(addprefix $$(RESULTS)/$(1)/,mse.csv curves.csv positions.csv gd.csv gd_steps.csv verdict.csv)
$(1)_assemble = $$(BUILD)/icar-depth-assemble --runs $$(1) --lmax $$($(2)_LMAX) --out $$(2) --registry $$(REGISTRY) --claims $$(3)
$(2)_RUN_SET := $$(filter-out $(2)_LMAX,$$(SETTINGS.$(1)))
$$(call track,$(1)-run,PROFILE SEED $$(filter-out $(2)_CKPT_EVERY,$$($(2)_RUN_SET)))
$$(call track,$(1),$(2)_LMAX)
$(1)_settings = $$(BUILD)/icar-depth --print-settings --model $(3) $$(call run_flags,$$($(2)_RUN_SET),$$(1),$$(2))

$$(RESULTS)/$(1)/runs/L%.csv: $$(BUILD)/icar-depth $$(BUILD)/settings/$(1)-run.txt
	$$(RUN) $$(BUILD)/icar-depth --model $(3) --L $$* $$(call run_flags,$$($(2)_RUN_SET),setting_now) \
	  --checkpoint $$(BUILD)/ckpt/$(1)-L$$*.ckpt --out $$@
$$($(2)_OUTPUTS) $$(RESULTS)/claims/$(1).csv &: $$($(2)_RUNS) $$(BUILD)/icar-depth-assemble $$(BUILD)/settings/$(1).txt $$(REGISTRY)
	$$(call $(1)_assemble,$$(RESULTS)/$(1)/runs,$$(RESULTS)/$(1),$$(RESULTS)/claims/$(1).csv)

$(1)_plot = $$(call plot,figures/$(1).gp,$$(1),$$(2),2100,650,"seed_dirs='$$(3)'; over_seeds='$$(4)'")
$$(OUTDIR)/$(1).png $$(OUTDIR)/$(1).pdf &: figures/$(1).gp $$($(2)_OUTPUTS)
	$$(call $(1)_plot,$$(RESULTS)/$(1),$$(OUTDIR)/$(1),$$(call seed_plot_dirs,$(1)),$$(RESULTS)/$(1)/over-seeds)

.PHONY: $(1) $$(patsubst $$(RESULTS)/$(1)/runs/%.csv,$(1)-%,$$($(2)_RUNS))
$(1): $$(OUTDIR)/$(1).png $$(OUTDIR)/$(1).pdf
$$(patsubst $$(RESULTS)/$(1)/runs/%.csv,$(1)-%,$$($(2)_RUNS)): $(1)-%: $$(RESULTS)/$(1)/runs/%.csv
endef
$(eval $(call depth_figure,fig5,FIG5,linear))
$(eval $(call depth_figure,fig10,FIG10,full))
$(RESULTS)/claims/nn.csv $(RESULTS)/nn/gradcheck.csv &: $(BUILD)/icar-gradcheck
	$(BUILD)/icar-gradcheck --seed $(SEED) --out $(RESULTS)/nn/gradcheck.csv --claims $(RESULTS)/claims/nn.csv

.PHONY: bench-gemm bench-fig5

# The GEMM peak: made once (other benchmarks depend on the file); `make bench-gemm`
# measures it again.
$(RESULTS)/bench/gemm.csv: | $(BUILD)/icar-bench-gemm
	$(BUILD)/icar-bench-gemm --n $(BENCH_GEMM_N) --reps $(BENCH_GEMM_REPS) --threads $(OMP_NUM_THREADS) --out $@
bench-gemm: $(BUILD)/icar-bench-gemm
	$(BUILD)/icar-bench-gemm --n $(BENCH_GEMM_N) --reps $(BENCH_GEMM_REPS) --threads $(OMP_NUM_THREADS) --out $(RESULTS)/bench/gemm.csv
$(RESULTS)/bench/fig5.csv: $(BUILD)/icar-bench-fig5 $(RESULTS)/bench/gemm.csv
	$(BUILD)/icar-bench-fig5 --model linear --d $(FIG5_D) --T $(FIG5_T) --lr $(FIG5_LR) --batch $(FIG5_BATCH.paper) \
	  --seed $(SEED) --train $(BENCH_FIG5_TRAIN) --reps $(BENCH_FIG5_REPS) --gemm $(RESULTS)/bench/gemm.csv --out $@
bench-fig5: $(RESULTS)/bench/fig5.csv
	@cat $<

# The manuscript's benchmark section reads these tables.
PAPER_DATA += $(RESULTS)/bench/gemm.csv $(RESULTS)/bench/fig5.csv $(RESULTS)/nn/gradcheck.csv

# Figure 10's training throughput: the same tool on the full Transformer.
BENCHES += bench-fig10
.PHONY: bench-fig10
$(RESULTS)/bench/fig10.csv: $(BUILD)/icar-bench-fig5 $(RESULTS)/bench/gemm.csv
	$(BUILD)/icar-bench-fig5 --model full --d $(FIG10_D) --T $(FIG10_T) --lr $(FIG10_LR) --batch $(FIG10_BATCH.paper) \
	  --heads $(FIG10_HEADS) --ffn $(FIG10_FFN) \
	  --seed $(SEED) --train $(BENCH_FIG5_TRAIN) --reps $(BENCH_FIG5_REPS) --gemm $(RESULTS)/bench/gemm.csv --out $@
bench-fig10: $(RESULTS)/bench/fig10.csv
	@cat $<
PAPER_DATA += $(RESULTS)/bench/fig10.csv
