# gotel build. `make` builds build/gotel; `make test` runs every test.
# Areas add their own targets in mk/*.mk (appending to TEST_TARGETS,
# BENCH_TARGETS, EXTRA_OBJS), so this file stays small and shared.

CC       ?= cc
BUILD    := build
PREFIX   ?= /usr/local
GO       ?= go
# Vet with the flags of the race tests that follow it: vet compiles every
# dependency for its type information, and with -race those are the very
# compiles go test -race then reuses, instead of a second, plain set.
GO_VET   = $(GO) vet -race
# The race tests that follow GO_VET: go test's own vet runs a subset of
# the analyzers GO_VET just ran, and for its other set of analyzers it
# would run vet over every dependency again for their facts.
GO_TEST_RACE = $(GO) test -race -vet=off
CSTD     := -std=c17 -Wall -Wextra -Werror -D_GNU_SOURCE -Isrc -I$(BUILD)/gen
CFLAGS   ?= -O2 -g
LDLIBS   := -lyaml
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

SRCS     := $(shell find src -name '*.c' | sort)
LIB_SRCS := $(filter-out src/main.c,$(SRCS))
OBJS     := $(SRCS:%.c=$(BUILD)/obj/%.o)
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o)
ASAN_OBJS:= $(LIB_SRCS:%.c=$(BUILD)/asan/%.o)

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/unit/%)
UNIT_ASAN := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/unit-asan/%)

TEST_TARGETS  :=
BENCH_TARGETS :=
EXTRA_OBJS    :=
EXTRA_ASAN_OBJS :=

.PHONY: all test bench fuzz install clean test-unit
.SECONDARY:
all: $(BUILD)/gotel

-include mk/*.mk

$(BUILD)/gotel: $(OBJS) $(EXTRA_OBJS)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(CFLAGS) -MMD -MP -c -o $@ $<

# The build identity in the cache salt (src/rules/salt.h): a hash of the C
# sources, the same for the plain and the sanitized gotel. Rewritten only
# when it changes, so an untouched tree relinks nothing.
GOTEL_SOURCE_FILES := $(shell find src -type f | LC_ALL=C sort)
$(BUILD)/gen/gotel_source_id.h: $(GOTEL_SOURCE_FILES)
	@mkdir -p $(dir $@)
	@id=$$(sha256sum $^ | sha256sum | cut -c1-64); \
	  printf '#define GOTEL_SOURCE_ID "%s"\n' "$$id" >$@.tmp; \
	  cmp -s $@.tmp $@ && rm $@.tmp || mv $@.tmp $@
$(BUILD)/obj/src/rules/salt.o $(BUILD)/asan/src/rules/salt.o: $(BUILD)/gen/gotel_source_id.h

$(BUILD)/asan/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) -O1 -g $(SANFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/unit/%: tests/unit/%.c $(LIB_OBJS) $(EXTRA_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(CFLAGS) -o $@ $^ $(LDLIBS) -lcmocka

$(BUILD)/unit-asan/%: tests/unit/%.c $(ASAN_OBJS) $(EXTRA_ASAN_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) -O1 -g $(SANFLAGS) -o $@ $^ $(LDLIBS) -lcmocka

# Unit tests run plain and under AddressSanitizer + UndefinedBehaviorSanitizer.
test-unit: $(UNIT_BINS) $(UNIT_ASAN)
	@set -e; for t in $(UNIT_BINS) $(UNIT_ASAN); do echo "== $$t"; $$t; done

TEST_TARGETS := test-unit $(TEST_TARGETS)

# Three at a time on the two cores: many targets wait on links (one core),
# servers, receivers and services, so a third keeps both cores busy; each
# target's output is printed whole when it ends. make starts goals in the
# order given, so the longest (cold instrumented builds: the e2e programs,
# the cross targets, PGO and race standard libraries) go first and the
# many short library targets fill in around them, instead of one long
# target started last setting the run's length.
# TEST_FIRST only orders: every target of TEST_TARGETS runs, listed there
# or not.
TEST_JOBS ?= 3
TEST_FIRST := test-e2e-lib test-e2e-other-go test-e2e-core test-plan-asan test-cacheprog \
  test-cross-build test-modes test-testflags test-plan test-vendor test-toolchain
TEST_ORDER = $(filter $(TEST_TARGETS),$(TEST_FIRST)) $(filter-out $(TEST_FIRST) $(TEST_EARLY),$(TEST_TARGETS))
# gotel is built first, on both cores (as a prerequisite of test it was
# compiled one C file at a time; beside the warm-up's go commands it took a
# minute, which warm-gotel waited for). The ASan gotel is built in the
# warm-up: it must exist before the parallel run, where make got to its
# link only after most other targets and test-plan-asan (long) then set the
# run's length.
# The C unit tests (TEST_EARLY) run beside the warm-up, in a slot of their
# own: its go commands wait on module downloads for part of it, and the
# unit tests need no Go.
TEST_EARLY := test-unit
test:
	@$(MAKE) --no-print-directory -j$(TEST_JOBS) $(BUILD)/gotel
	@$(MAKE) --no-print-directory -j$$(($(TEST_JOBS) + 1)) --output-sync=target $(TEST_WARM) $(BUILD)/gotel-asan $(TEST_EARLY)
	@$(MAKE) --no-print-directory -j$(TEST_JOBS) --output-sync=target $(TEST_ORDER)

# Before that, compile once what most targets start with: concurrent go
# commands do not wait for each other's compiles, so in a cold run the
# first targets each compiled these at the same time (in one measured run,
# the race-built standard library twice and the instrumented one three
# times). The instrumented standard library and SDK, their race builds
# for the Go modules' tests, the e2e tests' own dependencies.
TEST_WARM := warm-gotel warm-race warm-e2e
.PHONY: $(TEST_WARM)
warm-gotel: $(BUILD)/gotel
	cd examples/hello && $(CURDIR)/$(BUILD)/gotel go build -o /dev/null .
warm-race:
	cd go/instrumentation/nethttp && $(GO_VET) ./...
warm-e2e:
	cd tests/e2e && $(GO) vet ./...

bench: $(BUILD)/gotel $(BENCH_TARGETS)

install: $(BUILD)/gotel
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(BUILD)/gotel $(DESTDIR)$(PREFIX)/bin/gotel

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
