module example.com/zapnew

go 1.23

require go.uber.org/zap v1.28.0

// Pinned at the version gotel's runtime requires (through
// go.opentelemetry.io/contrib/propagators/ot), so that the plain and
// instrumented builds link the same modules.
require go.uber.org/multierr v1.11.0 // indirect
