.PHONY: demo
demo: $(BUILD)/gotel
	@scripts/demo.sh
