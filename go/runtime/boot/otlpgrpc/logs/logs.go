// Package logs adds OTLP over gRPC to gotel's log pipeline
// (gotel.dev/runtime/boot/logs) with the official otlploggrpc exporter.
// gotel blank-imports it only into programs that link both OTLP/gRPC and
// the log pipeline, so that a gRPC program that does not log carries
// neither the log SDK nor this exporter. The exporter reads the
// OTEL_EXPORTER_OTLP_(LOGS_)* variables itself.
package logs

import (
	"context"

	"go.opentelemetry.io/otel/exporters/otlp/otlplog/otlploggrpc"
	sdklog "go.opentelemetry.io/otel/sdk/log"

	bootlogs "gotel.dev/runtime/boot/logs"
	// Initialised first, so that traces and metrics have settled on gRPC
	// (and printed any line about it) before the logs do.
	_ "gotel.dev/runtime/boot/otlpgrpc"
	"gotel.dev/runtime/boot/otlpgrpc/internal/suppress"
)

func init() { bootlogs.RegisterGRPC(newLogs) }

func newLogs(ctx context.Context) (sdklog.Exporter, error) {
	return otlploggrpc.New(ctx, otlploggrpc.WithDialOption(suppress.DialOptions...))
}
