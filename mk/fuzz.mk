# Fuzzing the Go front end (tests/fuzz/fuzz_parse.c) with libFuzzer.
#   make fuzz [FUZZ_SECONDS=1800]   fuzz as long as asked (corpus kept in build/fuzz/corpus)
#   make test-fuzz                  regressions, then 30 s of fuzzing (part of make test)
# The parser is fuzzed as soon as src/gosyntax/parser.c exists; until then
# the scanner alone.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 600
# make test's share: a smoke run (every input of the corpus and seeds, then
# new ones); the long runs are make fuzz's.
TEST_FUZZ_SECONDS ?= 30
FUZZ_DIR     := $(BUILD)/fuzz
FUZZ_SRCS    := $(filter src/base/% src/gosyntax/%,$(LIB_SRCS))
FUZZ_OBJS    := $(FUZZ_SRCS:%.c=$(FUZZ_DIR)/obj/%.o)
FUZZ_CFLAGS  := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_DEFS    := $(if $(wildcard src/gosyntax/parser.c),-DGS_FUZZ_PARSER=1)
FUZZ_REGRESSIONS := $(wildcard tests/fuzz/regressions/*)
# -timeout is wall time: generous, because on the shared machine a starved
# process can take seconds over a tiny input (a real hang still fails).
FUZZ_RUN = $(FUZZ_DIR)/fuzz_parse -dict=tests/fuzz/go.dict -timeout=60 -rss_limit_mb=2048 \
	-print_final_stats=1 -artifact_prefix=$(FUZZ_DIR)/artifacts/ $(FUZZ_DIR)/corpus $(FUZZ_DIR)/seeds

$(FUZZ_DIR)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CSTD) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(FUZZ_DIR)/fuzz_parse: tests/fuzz/fuzz_parse.c $(FUZZ_OBJS)
	$(FUZZ_CC) $(CSTD) $(FUZZ_CFLAGS) $(FUZZ_DEFS) -fsanitize=fuzzer -o $@ $^

$(FUZZ_DIR)/seeds/.done: tests/fuzz/seed.sh
	GO=$(GO) tests/fuzz/seed.sh $(FUZZ_DIR)/seeds
	@touch $@

.PHONY: fuzz-prep test-fuzz
fuzz-prep: $(FUZZ_DIR)/fuzz_parse $(FUZZ_DIR)/seeds/.done
	@mkdir -p $(FUZZ_DIR)/corpus $(FUZZ_DIR)/artifacts
	@set -e; for f in $(FUZZ_REGRESSIONS); do $(FUZZ_DIR)/fuzz_parse $$f >/dev/null 2>$(FUZZ_DIR)/regression.log || \
		{ cat $(FUZZ_DIR)/regression.log; echo "fuzz regression fails: $$f"; exit 1; }; done; \
		echo "fuzz regressions: $(words $(FUZZ_REGRESSIONS)) passed"

test-fuzz: fuzz-prep
	$(FUZZ_RUN) -max_total_time=$(TEST_FUZZ_SECONDS) 2>$(FUZZ_DIR)/test-fuzz.log || { tail -60 $(FUZZ_DIR)/test-fuzz.log; exit 1; }
	@grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)' $(FUZZ_DIR)/test-fuzz.log; \
		grep -E '^#[0-9]+' $(FUZZ_DIR)/test-fuzz.log | tail -1

fuzz: fuzz-prep
	$(FUZZ_RUN) -max_total_time=$(FUZZ_SECONDS)

TEST_TARGETS += test-fuzz
