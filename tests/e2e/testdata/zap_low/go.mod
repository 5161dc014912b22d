module example.com/zaplow

go 1.23

require go.uber.org/zap v1.22.0

require (
	go.uber.org/atomic v1.7.0 // indirect
	// Pinned at the version gotel's runtime requires (through
	// go.opentelemetry.io/contrib/propagators/ot), so that the plain and
	// instrumented builds link the same modules.
	go.uber.org/multierr v1.11.0 // indirect
)
