# Fuzzing — one libFuzzer harness per reader of untrusted input (tests/fuzz/NAME.c):
# vectors, bpe_load, bpe_roundtrip, text, csv, checkpoint, ids, report, weave, seeds, record.
#   make fuzz [FUZZ_SECONDS=60]   fuzz each harness for FUZZ_SECONDS; prints inputs run and
#                                 findings per harness; status 1 on any finding
#   make check                    runs each for FUZZ_CHECK_RUNS inputs (its seed corpus
#                                 tests/fuzz/corpus/NAME, then mutations, fixed seed): one
#                                 check fuzz.NAME per harness: its findings, which must be 0
# Built with clang (libFuzzer, AddressSanitizer, UndefinedBehaviorSanitizer, float-cast
# overflow included) into $(FUZZ_BUILD), the library compiled for that build alone.
# Findings: $(FUZZ_BUILD)/fuzz/NAME/findings/ (the inputs) and .../log (the reports).

FUZZ_CC         ?= clang
FUZZ_BUILD      ?= build-fuzz
FUZZ_SECONDS    ?= 60
FUZZ_CHECK_RUNS ?= 3000
FUZZ_NAMES  := $(filter-out harness,$(basename $(notdir $(wildcard tests/fuzz/*.c))))
FUZZ_BINS   := $(FUZZ_NAMES:%=$(FUZZ_BUILD)/fuzz_%)
FUZZ_FRAGS  := $(FUZZ_NAMES:%=$(BUILD)/check/fuzz/%.csv)
FUZZ_DEPS   := $(FUZZ_BUILD)/.deps-ok
# -O1 and no OpenMP: the sanitizers' usual setting; the readers run on one thread.
FUZZ_SAN    := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS := -O1 -g -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wno-unknown-pragmas \
               $(LIB_DIRS:%/=-I%) -Itests/fuzz -DFUZZ_DATA='"$(CURDIR)/tests/fuzz/data"'
# The readers live in core/ and text/; only those are built (archive members pulled as needed).
FUZZ_OBJ    := $(patsubst src/%.c,$(FUZZ_BUILD)/obj/%.o,$(wildcard src/core/*.c src/text/*.c))
FUZZ_LIB    := $(FUZZ_BUILD)/libicar.a

.PHONY: fuzz fuzz-build

# clang and its libFuzzer runtime, installed only for these targets.
$(FUZZ_DEPS): tools/install-deps | $(DEPS_OK)
	@tools/install-deps fuzz
	@mkdir -p $(@D) && touch $@

$(FUZZ_BUILD)/obj/%.o: src/%.c | $(FUZZ_DEPS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP $(FUZZ_SAN) -fsanitize=fuzzer-no-link -c $< -o $@

$(FUZZ_LIB): $(FUZZ_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/%.c tests/fuzz/harness.c tests/fuzz/harness.h $(FUZZ_LIB) | $(FUZZ_DEPS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer $< tests/fuzz/harness.c $(FUZZ_LIB) \
	  -Wl,--wrap=fopen,--wrap=fclose $(LDLIBS) -o $@

# The two tools whose reading is fuzzed through their own main().
$(FUZZ_BUILD)/fuzz_report: src/tools/report.c
$(FUZZ_BUILD)/fuzz_weave: src/tools/weave.c

-include $(FUZZ_OBJ:.o=.d)

fuzz-build: $(FUZZ_BINS)

fuzz: $(FUZZ_BINS)
	@bad=0; for n in $(FUZZ_NAMES); do \
	  tests/fuzz/run $(FUZZ_BUILD)/fuzz_$$n tests/fuzz/corpus/$$n $(FUZZ_BUILD)/fuzz/$$n seconds=$(FUZZ_SECONDS) || bad=1; \
	done; exit $$bad

# One fragment per harness for make check; it is remade when the harness, its seeds or
# the library it reads with change.
define fuzz_check_rule
$(BUILD)/check/fuzz/$(1).csv: $(FUZZ_BUILD)/fuzz_$(1) tests/fuzz/run $(wildcard tests/fuzz/corpus/$(1)/*)
	@tests/fuzz/run $$< tests/fuzz/corpus/$(1) $(FUZZ_BUILD)/check/$(1) runs=$(FUZZ_CHECK_RUNS) $$@
endef
$(foreach n,$(FUZZ_NAMES),$(eval $(call fuzz_check_rule,$(n))))
