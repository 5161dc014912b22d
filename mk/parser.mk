# Go parser (src/gosyntax/parser*.c): oracle comparison with go/parser over
# every .go file in GOROOT/src and GOROOT/test.
GS_PARSER_ORACLE_DIR := $(BUILD)/oracle

$(GS_PARSER_ORACLE_DIR)/godump: tests/oracle/godump/main.go tests/oracle/godump/go.mod
	@mkdir -p $(dir $@)
	cd tests/oracle/godump && $(GO) build -o $(CURDIR)/$@ .

.PHONY: test-parser-oracle
test-parser-oracle: $(BUILD)/gotel $(GS_PARSER_ORACLE_DIR)/godump
	@GO=$(GO) tests/oracle/parser_oracle.sh $(BUILD)/gotel $(GS_PARSER_ORACLE_DIR)/godump

TEST_TARGETS += test-parser-oracle
