package nethttp

import (
	"net/http"
	"testing"

	"go.opentelemetry.io/otel/propagation"
)

// headerCarrier must write exactly what propagation.HeaderCarrier writes.
func TestHeaderCarrierMatchesOTel(t *testing.T) {
	for _, k := range []string{"traceparent", "tracestate", "baggage", "x-b3-traceid", "uber-trace-id"} {
		ours, theirs := http.Header{}, http.Header{}
		headerCarrier(ours).Set(k, "v")
		propagation.HeaderCarrier(theirs).Set(k, "v")
		if len(ours) != 1 || len(theirs) != 1 {
			t.Fatalf("%s: %v vs %v", k, ours, theirs)
		}
		for hk, hv := range theirs {
			if ov := ours[hk]; len(ov) != 1 || ov[0] != hv[0] {
				t.Errorf("%s: ours %v, otel %v", k, ours, theirs)
			}
		}
		if headerCarrier(ours).Get(k) != "v" || len(headerCarrier(ours).Keys()) != 1 {
			t.Errorf("%s: Get/Keys", k)
		}
	}
}
