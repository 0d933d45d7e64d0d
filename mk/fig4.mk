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
# node, found on PATH by make itself
FIG4_NODE := $(firstword $(wildcard $(addsuffix /node,$(subst :, ,$(PATH)))))
F4 := $(RESULTS)/fig4

# The settings of the stages: the histogram's and the claims' own; every other setting of
# the spec but the text and the vectors is the fit's (icar-arfit, one flag each).
F4_HIST_SET := FIG4_BINS FIG4_THRESHOLD
F4_CHECK_SET := FIG4_CHECK_WINDOWS
F4_FIT_SET := $(filter-out TEXT VECTORS $(F4_HIST_SET) $(F4_CHECK_SET),$(SETTINGS.fig4))
$(call track,fig4-text,TEXT)
$(call track,fig4-node,FIG4_NODE)
$(call track,fig4,PROFILE SEED TEXT VECTORS $(F4_FIT_SET))
$(call track,fig4-hist,$(F4_HIST_SET))
$(call track,fig4-check,$(F4_CHECK_SET))
# the settings lines its CSVs record, with the values of $(call VALUE,KEY,ARG) (an
# archive's, mk/archive.mk): the fit's and the histogram's
fig4_settings = $(BUILD)/icar-arfit --print-settings $(call spec_flags,$(F4_FIT_SET),$(1),$(2)) --seed $(call $(1),SEED,$(2)) \
  && $(BUILD)/icar-hist --print-settings $(call spec_flags,$(F4_HIST_SET),$(1),$(2))

# The chain, once for the text as it is and once with its typographic quotes and dashes
# folded to ASCII (a sensitivity check shown on the figure and in the manuscript).
# $(call fig4_chain,SUFFIX,ICAR_SENTENCES_FLAGS)
define fig4_chain
$(F4)/sentences$(1).txt: $(TEXT) $(BUILD)/icar-sentences $(BUILD)/settings/fig4-text.txt
	$(BUILD)/icar-sentences $(2) --in $(TEXT) --out $$@

$(F4)/ids$(1).txt: $(F4)/sentences$(1).txt $(BUILD)/icar-bpe $(RAW_GPT2)
	$(BUILD)/icar-bpe --encoder $(FIG4_GPT2)encoder.json --merges $(FIG4_GPT2)vocab.bpe --in $$< --out $$@

$(F4)/errors$(1).csv: $(F4)/ids$(1).txt $(BUILD)/icar-arfit $(BUILD)/settings/fig4.txt $(VECTORS)
	$(BUILD)/icar-arfit --ids $$< --vectors "$(VECTORS)" $(call spec_flags,$(F4_FIT_SET),setting_now) --seed $(SEED) --out $$@

$(F4)/hist$(1).csv: $(F4)/errors$(1).csv $(BUILD)/icar-hist $(BUILD)/settings/fig4-hist.txt
	$(BUILD)/icar-hist --in $$< --out $$@ $(call spec_flags,$(F4_HIST_SET),setting_now)
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

# $(call fig4_check,VALUE,ARG,HIST,OUT): icar-fig4check writing to OUT the claims of the
# histogram HIST and those of the text, measured on $(F4)'s ids, with the settings
# $(call VALUE,KEY,ARG) (an archive's, mk/archive.mk)
fig4_check = $(BUILD)/icar-fig4check --ids $(F4)/ids.txt --ref $(F4)/ids-ref.txt --hist $(3) --vectors "$(call $(1),VECTORS,$(2))" \
  --dim $(call $(1),FIG4_DIM,$(2)) --fit-windows $(call $(1),FIG4_CHECK_WINDOWS,$(2)) --seed $(call $(1),SEED,$(2)) --claims $(4)
$(RESULTS)/claims/fig4.csv: $(F4)/ids.txt $(F4)/ids-ref.txt $(F4)/hist.csv $(BUILD)/icar-fig4check $(VECTORS) $(BUILD)/settings/fig4-check.txt
	$(call fig4_check,setting_now,,$(F4)/hist.csv,$@)

# An archive's claims, made again by make check (mk/archive.mk) with this same tool: those
# of the histogram from the archived hist.csv, those of the text (fig4.tokenizer,
# fig4.fit_*), measured on token ids, which are not archived (1.3 MiB a file), from the
# text tokenized again: the ids above, made from the same text (the pinned Moby Dick
# unless TEXT says otherwise; an archive whose text was another fails, saying so). A
# file of ids is the same on every machine, but fig4.fit_exact, a difference of two fits
# at the rounding level (about 3e-18), moves at its first digit under other CPU kernels:
# there it is compared within absolute 1e-15, far below its bound of 1e-12.
# $(call fig4_rederive,NAME,OUT)
fig4_rederive = $(if $(filter-out $(TEXT),$(call archive_value,TEXT,$(1))),\
  { echo "archive $(1) was made from TEXT=$(call archive_value,TEXT,$(1)); this make's TEXT is $(TEXT)" >&2; false; },\
  $(call fig4_check,archive_value,$(1),$(ARCHIVE_ROOT)/$(1)/fig4/hist.csv,$(2)))
# $(call fig4_rederive_inputs,NAME): what fig4_rederive reads besides the archive
fig4_rederive_inputs = $(F4)/ids.txt $(F4)/ids-ref.txt $(BUILD)/icar-fig4check $(call archive_value,VECTORS,$(1))
fig4_rederive_atol := 1e-15

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
