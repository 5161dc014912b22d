// Package otlphttp exports spans and metrics with OTLP over HTTP using the
// protobuf encoding, written by hand so that instrumented programs do not
// link gRPC and google.golang.org/protobuf (the official exporters pull
// both in through go.opentelemetry.io/proto/otlp's service stubs).
//
// Configuration comes from the OTEL_EXPORTER_OTLP_* variables of the OTLP
// exporter specification; see docs/configuration.md in the gotel tree.
// Requests carry hook.Suppress'ed contexts so gotel's own net/http hooks
// do not trace the exporter.
package otlphttp
