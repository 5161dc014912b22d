# Go scanner (src/gosyntax/scanner.c): oracle comparison with go/scanner over
# GOROOT, the corner cases, and the fuzz corpus when there is one.
GS_ORACLE_DIR := $(BUILD)/oracle

$(GS_ORACLE_DIR)/gs_tokens: tests/oracle/gs_tokens.c $(filter $(BUILD)/obj/src/base/% $(BUILD)/obj/src/gosyntax/%,$(LIB_OBJS))
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(GS_ORACLE_DIR)/gotokens: tests/oracle/gotokens/main.go tests/oracle/gotokens/go.mod
	@mkdir -p $(dir $@)
	cd tests/oracle/gotokens && $(GO) build -o $(CURDIR)/$@ .

.PHONY: test-scanner-oracle
test-scanner-oracle: $(GS_ORACLE_DIR)/gs_tokens $(GS_ORACLE_DIR)/gotokens
	@GO=$(GO) tests/oracle/scanner_oracle.sh $(GS_ORACLE_DIR) tests/oracle/scanner_cases \
		$(wildcard $(BUILD)/fuzz/corpus)

TEST_TARGETS += test-scanner-oracle
