# Figure 4 — AR fits on Moby Dick (Sec. 6). The chain, one C tool per stage:
#   TEXT --icar-sentences--> sentences.txt --icar-bpe--> ids.txt --icar-arfit--> errors.csv
#        --icar-hist--> hist.csv --gnuplot--> figures/out/fig4.{png,pdf}
#   (and the same with --ascii: sentences-ascii.txt ... hist-ascii.csv)
#   sentences.txt --tools/gpt2-encode.js (node)--> ids-ref.txt  (reference of fig4.tokenizer)
# Settings (the text, the vectors, windows, histogram): specs/fig4.mk; SEED.
FIGURES += fig4
CLAIM_FRAGS += $(RESULTS)/claims/fig4.csv
BENCHES += bench-fig4

FIG4_GPT2 := $(dir $(RAW_GPT2))
FIG4_NODE := $(shell command -v node 2>/dev/null)
F4 := $(RESULTS)/fig4

$(eval $(call track,fig4-text,TEXT))
$(eval $(call track,fig4-node,FIG4_NODE))
$(eval $(call track,fig4,PROFILE SEED TEXT VECTORS FIG4_DIM FIG4_WINDOWS))
$(eval $(call track,fig4-hist,FIG4_BINS FIG4_THRESHOLD))
$(eval $(call track,fig4-check,FIG4_CHECK_WINDOWS))

# The chain, once for the text as it is and once with its typographic quotes and dashes
# folded to ASCII (a sensitivity check shown on the figure and in the manuscript).
# $(call fig4_chain,SUFFIX,ICAR_SENTENCES_FLAGS)
define fig4_chain
$(F4)/sentences$(1).txt: $(TEXT) $(BUILD)/icar-sentences $(BUILD)/settings/fig4-text.txt
	$(BUILD)/icar-sentences $(2) --in $(TEXT) --out $$@

$(F4)/ids$(1).txt: $(F4)/sentences$(1).txt $(BUILD)/icar-bpe $(RAW_GPT2)
	$(BUILD)/icar-bpe --encoder $(FIG4_GPT2)encoder.json --merges $(FIG4_GPT2)vocab.bpe --in $$< --out $$@

$(F4)/errors$(1).csv: $(F4)/ids$(1).txt $(BUILD)/icar-arfit $(BUILD)/settings/fig4.txt $(VECTORS)
	$(BUILD)/icar-arfit --ids $$< --vectors "$(VECTORS)" --dim $(FIG4_DIM) --windows $(FIG4_WINDOWS) --seed $(SEED) --out $$@

$(F4)/hist$(1).csv: $(F4)/errors$(1).csv $(BUILD)/icar-hist $(BUILD)/settings/fig4-hist.txt
	$(BUILD)/icar-hist --in $$< --out $$@ --bins $(FIG4_BINS) --threshold $(FIG4_THRESHOLD)
endef
$(eval $(call fig4_chain,,))
$(eval $(call fig4_chain,-ascii,--ascii))

# The reference ids of the JavaScript encoder shipped with the vocabulary. Without node
# the file says so and fig4.tokenizer fails (a claim that could not be evaluated fails).
$(F4)/ids-ref.txt: $(F4)/sentences.txt tools/gpt2-encode.js $(RAW_GPT2) $(BUILD)/settings/fig4-node.txt
	@mkdir -p $(@D)
	@if [ -n "$(FIG4_NODE)" ]; then \
	  echo "node tools/gpt2-encode.js $(FIG4_GPT2)Encoder.js $< $@"; \
	  node tools/gpt2-encode.js $(FIG4_GPT2)Encoder.js $< $@; \
	else \
	  echo "NOTICE: node is not installed: fig4.tokenizer cannot be evaluated and FAILS (apt-get install nodejs)" >&2; \
	  printf '# node-absent\n' > $@.tmp && mv $@.tmp $@; \
	fi

$(RESULTS)/claims/fig4.csv: $(F4)/ids.txt $(F4)/ids-ref.txt $(F4)/hist.csv $(BUILD)/icar-fig4check $(VECTORS) $(BUILD)/settings/fig4-check.txt
	$(BUILD)/icar-fig4check --ids $(F4)/ids.txt --ref $(F4)/ids-ref.txt --hist $(F4)/hist.csv --vectors "$(VECTORS)" --dim $(FIG4_DIM) \
	  --fit-windows $(FIG4_CHECK_WINDOWS) --seed $(SEED) --claims $@

# fig4's plot of the CSVs in folder $(1) to $(2).png and $(2).pdf (also of its archive)
fig4_plot = $(call plot,figures/fig4.gp,$(1),$(2),1400,800)
$(OUTDIR)/fig4.png $(OUTDIR)/fig4.pdf &: figures/fig4.gp $(F4)/hist.csv $(F4)/hist-ascii.csv
	$(call fig4_plot,$(F4),$(OUTDIR)/fig4)

.PHONY: fig4 bench-fig4
fig4: $(OUTDIR)/fig4.png $(OUTDIR)/fig4.pdf $(RESULTS)/claims/fig4.csv

# Windows fitted per second on the whole book (the authors' loop: about 370 per second).
bench-fig4: $(F4)/ids.txt $(BUILD)/icar-arfit
	$(BUILD)/icar-arfit --ids $< --vectors "$(VECTORS)" --dim $(FIG4_DIM) --windows all --seed $(SEED) --out $(RESULTS)/bench/fig4-errors-all.csv --bench $(RESULTS)/bench/fig4.csv
	@cat $(RESULTS)/bench/fig4.csv

# The unit tests read the fetched vocabulary and run the tools on bad inputs.
$(BUILD)/check/test_text.csv: $(RAW_GPT2) $(BUILD)/icar-sentences $(BUILD)/icar-bpe $(BUILD)/icar-arfit
