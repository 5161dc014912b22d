package nethttp

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"unsafe"

	"gotel.dev/runtime/hook"

	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// The hooks' own cost per request, with a recording (sampled) SDK span that
// is not exported. Run: go test -run '^$' -bench . -benchmem
func withRecordingProvider(b *testing.B) {
	prev := otel.GetTracerProvider()
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample())))
	b.Cleanup(func() { otel.SetTracerProvider(prev) })
}

func BenchmarkServerHooks(b *testing.B) {
	withRecordingProvider(b)
	w := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "http://example.com/users/42?q=1", nil)
	req.Header.Set("User-Agent", "bench")
	b.ReportAllocs()
	for b.Loop() {
		var m ctxMirror
		c := (*hook.Context)(unsafe.Pointer(&m))
		r := req
		ServerBefore(c, nil, w, &r)
		ServerAfter(c)
	}
}

func BenchmarkClientHooks(b *testing.B) {
	withRecordingProvider(b)
	req, _ := http.NewRequest("GET", "http://example.com/users/42?q=1", nil)
	resp := &http.Response{StatusCode: 200, ProtoMajor: 1, ProtoMinor: 1}
	b.ReportAllocs()
	for b.Loop() {
		var m ctxMirror
		c := (*hook.Context)(unsafe.Pointer(&m))
		r := req
		ClientBefore(c, nil, &r)
		resp.Request = r
		ClientAfter(c, resp, nil)
	}
}
