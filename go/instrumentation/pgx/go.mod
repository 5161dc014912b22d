module gotel.dev/instrumentation/pgx

go 1.26.0

// The lowest pgx version the rules support (docs/instrumentation/pgx.md):
// gotel never raises the program's own.
require (
	github.com/jackc/pgx/v5 v5.5.0
	go.opentelemetry.io/otel v1.47.0
	go.opentelemetry.io/otel/metric v1.47.0
	go.opentelemetry.io/otel/sdk v1.47.0
	go.opentelemetry.io/otel/sdk/metric v1.47.0
	go.opentelemetry.io/otel/trace v1.47.0
	gotel.dev/runtime v0.0.0
)

replace gotel.dev/runtime => ../../runtime
