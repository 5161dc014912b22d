// Package serverspan lets the hooks of a router or web framework that runs
// on net/http reach the server span gotel's net/http instrumentation started
// for the request: to give it the route the framework matched and to record
// a panic the framework recovered. Framework modules depend on this package
// only, never on each other or on the net/http hooks.
//
// The span's state travels in the request's context (the net/http hooks make
// it the context's first node), so a lookup is one ctx.Value call and no
// allocation. Without gotel's net/http server span (a handler tested with
// httptest.NewRecorder, nethttp switched off) From returns nil and the hooks
// do nothing.
//
// # Nested routers
//
// A request can pass through several routers: an outer ServeMux pattern
// "/api/v2/" whose handler is http.StripPrefix("/api/v2", inner), where the
// inner router is another ServeMux or a framework. The span's route is the
// innermost router's template, prefixed by what the outer layers stripped
// from the path (in the outer router's own spelling of those segments, so a
// wildcard stays a wildcard): "/api/v2/users/{id}".
//
// Routers report in one of two ways, both carrying the URL path the router
// saw (which tells what outer layers stripped):
//
//   - Enter when the router starts and Leave (with its route, or "" when it
//     matched nothing) when it returns: for routers whose match is known only
//     at the end (ServeMux, gin);
//   - Route when the router has matched, before it calls the handler (echo,
//     chi, gorilla/mux, httprouter).
//
// The innermost router is the one with the deepest report: Leave reports at
// the depth of the router itself, Route one level below every router entered
// and not yet left; among equally deep reports the last one wins (a router
// mounted in a matched router reports after it).
package serverspan

import "context"

// Span is the state of the server span of one request.
type Span interface {
	// Enter records that a router starts routing the request.
	Enter()
	// Leave records that the router of the last Enter returns; route is the
	// template it matched ("" when none) and path the URL path it routed.
	Leave(route, path string)
	// Route records a router's match: its template and the URL path it
	// routed.
	Route(route, path string)
	// RecordPanic records a panic of the request's handler that a framework
	// recovered (or is about to recover): an exception event and an error
	// status on the span when it ends. The first record wins; stack is the
	// panicking goroutine's stack (debug.Stack() in the recovering code),
	// nil to take it at the call.
	RecordPanic(v any, stack []byte)
}

// ContextKey is the key under which a request's context answers its Span.
// Only the net/http hooks answer it.
type ContextKey struct{}

// From returns the server span state of the request whose context is ctx
// (or derives from it), or nil.
func From(ctx context.Context) Span {
	if ctx == nil {
		return nil
	}
	s, _ := ctx.Value(ContextKey{}).(Span)
	return s
}
