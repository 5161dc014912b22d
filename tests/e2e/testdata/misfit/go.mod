module example.com/misfit

go 1.26.0

require go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp v0.65.0

// A release of otelhttp whose NewMiddleware no longer has the signature
// gotel's hooks declare (a stand-in for a future version).
replace go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp => ./fakeotelhttp
