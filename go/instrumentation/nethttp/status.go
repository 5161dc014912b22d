package nethttp

import (
	"net/http"
	"reflect"
	"sync"
)

// Reading the response status without wrapping the ResponseWriter.
//
// A wrapper would have to re-expose every optional interface of the
// original (Flusher, Hijacker, Pusher, io.ReaderFrom, ...) and would be seen
// by user middleware. Instead the server hook reads the state net/http
// itself keeps in its unexported response types:
//
//   - HTTP/1: gotel injects inject/status.go.txt into net/http (rule
//     nethttp/status). Its init hands us an accessor through
//     registerStatusAccessor, reached from net/http by a bodyless
//     //go:linkname declaration (std → non-std references are allowed).
//     The pull goes that way round so that this package links on its own
//     (plain `go test`, or a build where the inject is absent).
//   - HTTP/2 (the bundled server, and golang.org/x/net/http2) and any build
//     without the inject: the same two fields read by reflection, with the
//     field indexes looked up once per type. The bundled HTTP/2 types do not
//     exist under the nethttpomithttp2 build tag, so the injected file must
//     not name them.

// Status results besides a real code.
const (
	statusNone     = 0  // no final header written yet (net/http sends 200 on return)
	statusHijacked = -1 // the connection was hijacked: no HTTP response
	statusUnknown  = -2 // not a ResponseWriter we know how to read
)

// injectedStatus is set by net/http's init when the inject is present. It
// has no initializer on purpose: net/http initialises before this package,
// and an initializer would overwrite the value.
var injectedStatus func(w http.ResponseWriter) int

// registerStatusAccessor is called from the injected file in net/http
// (its name is part of the contract with inject/status.go.txt).
func registerStatusAccessor(f func(w http.ResponseWriter) int) {
	injectedStatus = f
}

var _ = registerStatusAccessor // referenced only through go:linkname

// responseStatus returns the status code written to w, or one of
// statusNone/statusHijacked/statusUnknown.
func responseStatus(w http.ResponseWriter) int {
	if f := injectedStatus; f != nil {
		if s := f(w); s != statusUnknown {
			return s
		}
	}
	return reflectStatus(w)
}

// layout locates the wroteHeader/status fields of a response type.
type layout struct {
	ok     bool
	via    int // index of the pointer field holding the state, or -1
	wrote  int
	status int
	conn   int // HTTP/1: index of response.conn, or -1
	hijack int // index of conn.hijackedv
}

var layouts sync.Map // reflect.Type -> *layout

func reflectStatus(w http.ResponseWriter) int {
	t := reflect.TypeOf(w)
	if t == nil || t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
		return statusUnknown
	}
	var l *layout
	if v, ok := layouts.Load(t); ok {
		l = v.(*layout)
	} else {
		l = findLayout(t)
		layouts.Store(t, l)
	}
	if !l.ok {
		return statusUnknown
	}
	v := reflect.ValueOf(w)
	if v.IsNil() {
		return statusUnknown
	}
	v = v.Elem()
	if l.via >= 0 {
		v = v.Field(l.via)
		if v.IsNil() {
			return statusUnknown // the HTTP/2 handler already finished
		}
		v = v.Elem()
	}
	if !v.Field(l.wrote).Bool() {
		// hijackedv is guarded by a mutex, but it is written by Hijack on
		// the handler's goroutine, the one this runs on after the handler.
		if l.conn >= 0 {
			if c := v.Field(l.conn); !c.IsNil() && c.Elem().Field(l.hijack).Bool() {
				return statusHijacked
			}
		}
		return statusNone
	}
	return int(v.Field(l.status).Int())
}

// findLayout accepts only the types whose fields it knows the meaning of:
// net/http's response and the HTTP/2 responseWriter (bundled or x/net).
func findLayout(t reflect.Type) *layout {
	e := t.Elem()
	l := &layout{via: -1, conn: -1}
	switch {
	case e.PkgPath() == "net/http" && e.Name() == "response":
		if c, ok := e.FieldByName("conn"); ok && len(c.Index) == 1 &&
			c.Type.Kind() == reflect.Pointer && c.Type.Elem().Kind() == reflect.Struct {
			if h, ok := c.Type.Elem().FieldByName("hijackedv"); ok && len(h.Index) == 1 && h.Type.Kind() == reflect.Bool {
				l.conn, l.hijack = c.Index[0], h.Index[0]
			}
		}
	case (e.PkgPath() == "net/http" && e.Name() == "http2responseWriter") ||
		(e.PkgPath() == "golang.org/x/net/http2" && e.Name() == "responseWriter"):
		f, ok := e.FieldByName("rws")
		if !ok || len(f.Index) != 1 || f.Type.Kind() != reflect.Pointer || f.Type.Elem().Kind() != reflect.Struct {
			return l
		}
		l.via = f.Index[0]
		e = f.Type.Elem()
	default:
		return l
	}
	wrote, ok1 := e.FieldByName("wroteHeader")
	status, ok2 := e.FieldByName("status")
	if !ok1 || !ok2 || len(wrote.Index) != 1 || len(status.Index) != 1 ||
		wrote.Type.Kind() != reflect.Bool || status.Type.Kind() != reflect.Int {
		return l
	}
	l.wrote, l.status, l.ok = wrote.Index[0], status.Index[0], true
	return l
}
