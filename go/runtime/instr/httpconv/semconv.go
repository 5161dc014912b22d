// Package httpconv holds the library-independent parts of the HTTP
// semantic conventions that gotel's HTTP instrumentations share (net/http,
// fasthttp, and the frameworks on top of them): attribute keys, method
// normalisation, span names, address parsing, URL redaction, error types,
// the duration histograms' names and buckets, and a pool of attribute
// slices. It imports no HTTP library, so each instrumentation feeds it the
// pieces its own request type holds.
package httpconv

import "go.opentelemetry.io/otel/attribute"

// The semantic-convention names used here (stable HTTP conventions, as in
// go.opentelemetry.io/otel/semconv/v1.43.0), spelled out instead of
// importing that package: it initialises thousands of variables that every
// instrumented binary would carry (about 170 KB with httpconv).
// semconv_test.go checks every name against the package.
const SchemaURL = "https://opentelemetry.io/schemas/1.43.0"

const (
	KeyHTTPRequestMethod         = attribute.Key("http.request.method")
	KeyHTTPRequestMethodOriginal = attribute.Key("http.request.method_original")
	KeyHTTPResponseStatusCode    = attribute.Key("http.response.status_code")
	KeyHTTPRoute                 = attribute.Key("http.route")
	KeyURLScheme                 = attribute.Key("url.scheme")
	KeyURLPath                   = attribute.Key("url.path")
	KeyURLQuery                  = attribute.Key("url.query")
	KeyURLFull                   = attribute.Key("url.full")
	KeyServerAddress             = attribute.Key("server.address")
	KeyServerPort                = attribute.Key("server.port")
	KeyClientAddress             = attribute.Key("client.address")
	KeyNetworkPeerAddress        = attribute.Key("network.peer.address")
	KeyNetworkPeerPort           = attribute.Key("network.peer.port")
	KeyNetworkProtocolVersion    = attribute.Key("network.protocol.version")
	KeyUserAgentOriginal         = attribute.Key("user_agent.original")
	KeyErrorType                 = attribute.Key("error.type")
	KeyExceptionType             = attribute.Key("exception.type")
	KeyExceptionMessage          = attribute.Key("exception.message")
	KeyExceptionStacktrace       = attribute.Key("exception.stacktrace")

	ExceptionEventName = "exception"
)

// The duration histograms: names, unit, description and bucket boundaries
// as the conventions define them.
const (
	ServerDurationName = "http.server.request.duration"
	ServerDurationDesc = "Duration of HTTP server requests."
	ClientDurationName = "http.client.request.duration"
	ClientDurationDesc = "Duration of HTTP client requests."
	DurationUnit       = "s"
)

// DurationBuckets are the explicit bucket boundaries the conventions give
// both histograms. Callers must not modify the slice.
var DurationBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10}
