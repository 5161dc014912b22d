package nethttp

import "go.opentelemetry.io/otel/attribute"

// The semantic-convention names used here (stable HTTP conventions, as in
// go.opentelemetry.io/otel/semconv/v1.43.0), spelled out instead of
// importing that package: it initialises thousands of variables that every
// instrumented binary would carry (about 170 KB with httpconv).
// semconv_test.go checks every name against the package.
const schemaURL = "https://opentelemetry.io/schemas/1.43.0"

const (
	keyHTTPRequestMethod         = attribute.Key("http.request.method")
	keyHTTPRequestMethodOriginal = attribute.Key("http.request.method_original")
	keyHTTPResponseStatusCode    = attribute.Key("http.response.status_code")
	keyHTTPRoute                 = attribute.Key("http.route")
	keyURLScheme                 = attribute.Key("url.scheme")
	keyURLPath                   = attribute.Key("url.path")
	keyURLQuery                  = attribute.Key("url.query")
	keyURLFull                   = attribute.Key("url.full")
	keyServerAddress             = attribute.Key("server.address")
	keyServerPort                = attribute.Key("server.port")
	keyClientAddress             = attribute.Key("client.address")
	keyNetworkPeerAddress        = attribute.Key("network.peer.address")
	keyNetworkPeerPort           = attribute.Key("network.peer.port")
	keyNetworkProtocolVersion    = attribute.Key("network.protocol.version")
	keyUserAgentOriginal         = attribute.Key("user_agent.original")
	keyErrorType                 = attribute.Key("error.type")
	keyExceptionType             = attribute.Key("exception.type")
	keyExceptionMessage          = attribute.Key("exception.message")
	keyExceptionStacktrace       = attribute.Key("exception.stacktrace")

	exceptionEventName = "exception"
)

// The duration histograms: names, unit, description and bucket boundaries
// as the conventions define them.
const (
	serverDurationName = "http.server.request.duration"
	serverDurationDesc = "Duration of HTTP server requests."
	clientDurationName = "http.client.request.duration"
	clientDurationDesc = "Duration of HTTP client requests."
	durationUnit       = "s"
)

var durationBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10}
