package nethttp

import (
	"context"
	"slices"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/semconv/v1.43.0/httpconv"
)

// The names spelled out in semconv.go must be the conventions' own.
func TestNamesMatchSemconv(t *testing.T) {
	pairs := []struct{ ours, theirs attribute.Key }{
		{keyHTTPRequestMethod, semconv.HTTPRequestMethodKey},
		{keyHTTPRequestMethodOriginal, semconv.HTTPRequestMethodOriginalKey},
		{keyHTTPResponseStatusCode, semconv.HTTPResponseStatusCodeKey},
		{keyHTTPRoute, semconv.HTTPRouteKey},
		{keyURLScheme, semconv.URLSchemeKey},
		{keyURLPath, semconv.URLPathKey},
		{keyURLQuery, semconv.URLQueryKey},
		{keyURLFull, semconv.URLFullKey},
		{keyServerAddress, semconv.ServerAddressKey},
		{keyServerPort, semconv.ServerPortKey},
		{keyClientAddress, semconv.ClientAddressKey},
		{keyNetworkPeerAddress, semconv.NetworkPeerAddressKey},
		{keyNetworkPeerPort, semconv.NetworkPeerPortKey},
		{keyNetworkProtocolVersion, semconv.NetworkProtocolVersionKey},
		{keyUserAgentOriginal, semconv.UserAgentOriginalKey},
		{keyErrorType, semconv.ErrorTypeKey},
		{keyExceptionType, semconv.ExceptionTypeKey},
		{keyExceptionMessage, semconv.ExceptionMessageKey},
		{keyExceptionStacktrace, semconv.ExceptionStacktraceKey},
	}
	for _, p := range pairs {
		if p.ours != p.theirs {
			t.Errorf("key %q, semconv says %q", p.ours, p.theirs)
		}
	}
	if schemaURL != semconv.SchemaURL || exceptionEventName != semconv.ExceptionEventName {
		t.Error("schema URL or exception event name differ from semconv")
	}
	if serverDurationName != (httpconv.ServerRequestDuration{}).Name() ||
		serverDurationDesc != (httpconv.ServerRequestDuration{}).Description() ||
		durationUnit != (httpconv.ServerRequestDuration{}).Unit() ||
		clientDurationName != (httpconv.ClientRequestDuration{}).Name() ||
		clientDurationDesc != (httpconv.ClientRequestDuration{}).Description() ||
		durationUnit != (httpconv.ClientRequestDuration{}).Unit() {
		t.Error("histogram name, description or unit differ from semconv")
	}
	// The buckets: create httpconv's instrument and look at what it records.
	r := sdkmetric.NewManualReader()
	h, err := httpconv.NewServerRequestDuration(sdkmetric.NewMeterProvider(sdkmetric.WithReader(r)).Meter("x"))
	if err != nil {
		t.Fatal(err)
	}
	h.Inst().Record(context.Background(), 1)
	var rm metricdata.ResourceMetrics
	if err := r.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	bounds := rm.ScopeMetrics[0].Metrics[0].Data.(metricdata.Histogram[float64]).DataPoints[0].Bounds
	if !slices.Equal(bounds, durationBuckets) {
		t.Errorf("buckets %v, semconv %v", durationBuckets, bounds)
	}
}
