module gotel.dev/instrumentation/pgx

go 1.26.0

// The lowest pgx version the rules support (docs/instrumentation/pgx.md):
// gotel never raises the program's own.
require (
	github.com/jackc/pgx/v5 v5.5.0
	go.opentelemetry.io/otel v1.46.0
	go.opentelemetry.io/otel/metric v1.46.0
	go.opentelemetry.io/otel/trace v1.46.0
	gotel.dev/runtime v0.0.0
)

require (
	go.opentelemetry.io/otel/sdk v1.46.0
	go.opentelemetry.io/otel/sdk/metric v1.46.0
)

require (
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/go-logr/logr v1.4.4 // indirect
	github.com/go-logr/stdr v1.2.2 // indirect
	github.com/google/uuid v1.6.0 // indirect
	github.com/jackc/pgpassfile v1.0.0 // indirect
	github.com/jackc/pgservicefile v0.0.0-20221227161230-091c0ba34f0a // indirect
	go.opentelemetry.io/auto/sdk v1.2.1 // indirect
	go.opentelemetry.io/otel/log v0.22.0 // indirect
	golang.org/x/crypto v0.9.0 // indirect
	golang.org/x/sys v0.48.0 // indirect
	golang.org/x/text v0.9.0 // indirect
)

replace gotel.dev/runtime => ../../runtime
