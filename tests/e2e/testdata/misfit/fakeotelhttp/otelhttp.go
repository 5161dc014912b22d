// Package otelhttp stands in for a future otelhttp release: NewMiddleware
// gained a parameter, NewTransport kept its signature.
package otelhttp

import "net/http"

type Option interface{ apply() }

type Filter func(*http.Request) bool

type filter Filter

func (filter) apply() {}

func WithFilter(f Filter) Option { return filter(f) }

func NewMiddleware(operation string, depth int, opts ...Option) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler { return h }
}

type Transport struct{ base http.RoundTripper }

func (t *Transport) RoundTrip(r *http.Request) (*http.Response, error) { return t.base.RoundTrip(r) }

func NewTransport(base http.RoundTripper, opts ...Option) *Transport {
	return &Transport{base: base}
}
