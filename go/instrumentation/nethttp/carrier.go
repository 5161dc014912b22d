package nethttp

import (
	"net/http"
	"net/textproto"
)

// headerCarrier injects into an http.Header like propagation.HeaderCarrier,
// but with the canonical forms of the W3C header names precomputed:
// Header.Set would allocate a canonical key on every request.
type headerCarrier http.Header

func (h headerCarrier) Get(key string) string { return http.Header(h).Get(key) }

func (h headerCarrier) Set(key, value string) {
	var ck string
	switch key {
	case "traceparent":
		ck = "Traceparent"
	case "tracestate":
		ck = "Tracestate"
	case "baggage":
		ck = "Baggage"
	default:
		ck = textproto.CanonicalMIMEHeaderKey(key)
	}
	h[ck] = []string{value}
}

func (h headerCarrier) Keys() []string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	return keys
}
