# The scale-out test (tests/scale-check, part of make check): small Figures 5, 10 and 9
# made plainly, through LAUNCH=tests/launcher, and with make -j2, in a build folder of
# their own; every tool run must go through LAUNCH and the outputs must be identical.
# Unit rows scale.launch_all, scale.launch_same, scale.jobs_same, scale.where, and
# scale.resume: a run of Figure 5, long enough to be stopped (SCALE_RESUME), killed through
# LAUNCH after its first checkpoint, is resumed by the next make to the bytes of a run made
# whole; scale.resume_where: its sidecar names both sittings.
SCALE_CHECK_SET := PROFILE=quick SEED=1 FIG5_TRAIN=256 FIG5_TEST=64 FIG5_EPOCHS=2 FIG5_BATCH=64 FIG5_LMAX=2 \
  FIG10_TRAIN=128 FIG10_TEST=32 FIG10_EPOCHS=2 FIG10_BATCH=64 FIG10_LMAX=2 FIG9_TRAIN=128 FIG9_EPOCHS=3 FIG9_BATCH=64
SCALE_CHECK_TARGETS := claims/fig5.csv claims/fig10.csv claims/fig9.csv
# the run killed and resumed, and the settings (added to the above) that make it last a few
# seconds with a checkpoint every few epochs
SCALE_RESUME := fig5/runs/L2.csv FIG5_EPOCHS=300 FIG5_CKPT_EVERY=5
# Unit rows (figure "unit": counted, kept out of claims.csv); listed with the claim
# fragments so that make asan, which builds only the unit tests, leaves it out.
CLAIM_FRAGS += $(BUILD)/check/scale.csv
$(BUILD)/check/scale.csv: tests/scale-check tests/launcher tools/scratch-build $(TOOLS) $(wildcard mk/*.mk) $(SPECS) Makefile
	@mkdir -p $(@D)
	@ICAR_SCALE_RESUME='$(SCALE_RESUME)' tests/scale-check $@ $(BUILD) $(BUILD)/scale $(SCALE_CHECK_SET) -- $(SCALE_CHECK_TARGETS) \
	  > $(BUILD)/check/scale.log 2>&1 || { cat $(BUILD)/check/scale.log; true; }

# The same through real Slurm, where slurm-wlm is installed (tests/slurm-check starts a
# private single-node cluster); not part of make check. Without Slurm: SKIPPED, no pass.
.PHONY: check-slurm
check-slurm: tests/slurm-check tests/scale-check tests/launcher $(TOOLS) $(BUILD)/icar-report
	@ICAR_SCALE_RESUME='$(SCALE_RESUME)' tests/slurm-check $(BUILD)/check/slurm.csv $(BUILD) $(BUILD)/slurm $(SCALE_CHECK_SET) -- $(SCALE_CHECK_TARGETS)
	@if [ -f $(BUILD)/check/slurm.csv ]; then $(BUILD)/icar-report $(BUILD)/check/slurm-claims-unused.csv $(BUILD)/check/slurm.csv; fi
