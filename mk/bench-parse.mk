# bench/parse: gotel's Go front end against go/parser (see bench/README.md).
BENCH_PARSE_DIR  := $(BUILD)/bench-parse
GS_FRONT_OBJS    := $(filter $(BUILD)/obj/src/base/% $(BUILD)/obj/src/gosyntax/%,$(LIB_OBJS))
BENCH_PARSE_DEFS := $(if $(wildcard src/gosyntax/parser.c),-DGS_BENCH_PARSER=1)

$(BENCH_PARSE_DIR)/gs_parsebench: bench/parse/gs_parsebench.c $(GS_FRONT_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(CFLAGS) $(BENCH_PARSE_DEFS) -o $@ $^

$(BENCH_PARSE_DIR)/goparse: bench/parse/goparse/main.go bench/parse/goparse/go.mod
	@mkdir -p $(dir $@)
	cd bench/parse/goparse && $(GO) build -o $(CURDIR)/$@ .

.PHONY: bench-parse
bench-parse: $(BENCH_PARSE_DIR)/gs_parsebench $(BENCH_PARSE_DIR)/goparse
	bench/parse/run.sh $(BENCH_PARSE_DIR)/gs_parsebench $(BENCH_PARSE_DIR)/goparse

BENCH_TARGETS += bench-parse
