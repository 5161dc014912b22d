#!/usr/bin/env bash
# One zap entry inside a span: plain, gotel, otelzap (bench/slog/run.sh).
BENCH_DIR=$(dirname "$0") exec "$(dirname "$0")/../slog/run.sh" "$@"
