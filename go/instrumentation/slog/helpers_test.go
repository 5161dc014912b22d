package slog

import (
	"log/slog"
	"time"

	"go.opentelemetry.io/otel/attribute"
	otellog "go.opentelemetry.io/otel/log"
	"go.opentelemetry.io/otel/log/noop"
)

type attributeKV = attribute.KeyValue

var testTime = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func dropTime(_ []string, a slog.Attr) slog.Attr {
	if a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}

func otellogNoop() otellog.LoggerProvider { return noop.NewLoggerProvider() }
