module example.com/custom/gotel

go 1.26.0

require (
	example.com/sdk v0.0.0
	go.opentelemetry.io/otel v1.47.0
	go.opentelemetry.io/otel/trace v1.47.0
	gotel.dev/runtime v0.0.0
)
