# The support table of docs/instrumentation/README.md is generated from the
# rules.yaml files (gotel rules --table): docs-table rewrites it,
# test-docs-table fails when it is stale.
.PHONY: docs-table test-docs-table
TEST_TARGETS += test-docs-table
DOCS_TABLE := docs/instrumentation/README.md

$(BUILD)/docs-table.md: $(BUILD)/gotel $(DOCS_TABLE)
	@$(BUILD)/gotel rules --table | awk '/<!-- table:begin -->/{print; while ((getline l < "-") > 0) print l; skip=1; next} \
	  /<!-- table:end -->/{skip=0} !skip' $(DOCS_TABLE) > $@

docs-table: $(BUILD)/docs-table.md
	cp $< $(DOCS_TABLE)

test-docs-table: $(BUILD)/docs-table.md
	@diff -u $(DOCS_TABLE) $< || { echo "$(DOCS_TABLE) is stale: run make docs-table"; exit 1; }
