// Package testdeps only lists what the tests of gotel.dev/runtime import
// beyond the runtime's own requirements: the generated OTLP types,
// google.golang.org/protobuf and gRPC (a test collector). The runtime's
// go.work brings this module into its tests, so that gotel.dev/runtime's
// go.mod, which every instrumented program's build graph includes, names
// only what the runtime links.
package testdeps

import (
	_ "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	_ "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	_ "google.golang.org/grpc"
	_ "google.golang.org/protobuf/encoding/prototext"
	_ "google.golang.org/protobuf/proto"
)
