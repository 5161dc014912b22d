package httpconv

import (
	"context"
	"slices"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	semhttp "go.opentelemetry.io/otel/semconv/v1.43.0/httpconv"
)

// The names spelled out in semconv.go must be the conventions' own.
func TestNamesMatchSemconv(t *testing.T) {
	pairs := []struct{ ours, theirs attribute.Key }{
		{KeyHTTPRequestMethod, semconv.HTTPRequestMethodKey},
		{KeyHTTPRequestMethodOriginal, semconv.HTTPRequestMethodOriginalKey},
		{KeyHTTPResponseStatusCode, semconv.HTTPResponseStatusCodeKey},
		{KeyHTTPRoute, semconv.HTTPRouteKey},
		{KeyURLScheme, semconv.URLSchemeKey},
		{KeyURLPath, semconv.URLPathKey},
		{KeyURLQuery, semconv.URLQueryKey},
		{KeyURLFull, semconv.URLFullKey},
		{KeyServerAddress, semconv.ServerAddressKey},
		{KeyServerPort, semconv.ServerPortKey},
		{KeyClientAddress, semconv.ClientAddressKey},
		{KeyNetworkPeerAddress, semconv.NetworkPeerAddressKey},
		{KeyNetworkPeerPort, semconv.NetworkPeerPortKey},
		{KeyNetworkProtocolVersion, semconv.NetworkProtocolVersionKey},
		{KeyUserAgentOriginal, semconv.UserAgentOriginalKey},
		{KeyErrorType, semconv.ErrorTypeKey},
		{KeyExceptionType, semconv.ExceptionTypeKey},
		{KeyExceptionMessage, semconv.ExceptionMessageKey},
		{KeyExceptionStacktrace, semconv.ExceptionStacktraceKey},
	}
	for _, p := range pairs {
		if p.ours != p.theirs {
			t.Errorf("key %q, semconv says %q", p.ours, p.theirs)
		}
	}
	if SchemaURL != semconv.SchemaURL || ExceptionEventName != semconv.ExceptionEventName {
		t.Error("schema URL or exception event name differ from semconv")
	}
	if ServerDurationName != (semhttp.ServerRequestDuration{}).Name() ||
		ServerDurationDesc != (semhttp.ServerRequestDuration{}).Description() ||
		DurationUnit != (semhttp.ServerRequestDuration{}).Unit() ||
		ClientDurationName != (semhttp.ClientRequestDuration{}).Name() ||
		ClientDurationDesc != (semhttp.ClientRequestDuration{}).Description() ||
		DurationUnit != (semhttp.ClientRequestDuration{}).Unit() {
		t.Error("histogram name, description or unit differ from semconv")
	}
	// The buckets: create httpconv's instrument and look at what it records.
	r := sdkmetric.NewManualReader()
	h, err := semhttp.NewServerRequestDuration(sdkmetric.NewMeterProvider(sdkmetric.WithReader(r)).Meter("x"))
	if err != nil {
		t.Fatal(err)
	}
	h.Inst().Record(context.Background(), 1)
	var rm metricdata.ResourceMetrics
	if err := r.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	bounds := rm.ScopeMetrics[0].Metrics[0].Data.(metricdata.Histogram[float64]).DataPoints[0].Bounds
	if !slices.Equal(bounds, DurationBuckets) {
		t.Errorf("buckets %v, semconv %v", DurationBuckets, bounds)
	}
}
