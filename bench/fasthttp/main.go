// Cost of tracing a fasthttp request loop on loopback: a HostClient sends
// GET requests to a fasthttp.Server in the same process, one at a time.
// Built plainly (no tracing) and with gotel (a client span and a server
// span per request, trace context in the headers, both duration
// histograms). Every build installs the same SDK (always sample, batch
// processor, an exporter that drops the spans, a manual metric reader), so
// that only the instrumentation differs.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"runtime/pprof"
	"testing"

	"github.com/valyala/fasthttp"
	"go.opentelemetry.io/otel"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

type discard struct{}

func (discard) ExportSpans(context.Context, []sdktrace.ReadOnlySpan) error { return nil }
func (discard) Shutdown(context.Context) error                             { return nil }

func main() {
	testing.Init()
	label := flag.String("label", "", "name printed with the result")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the loop to this file")
	flag.Parse()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample()), sdktrace.WithBatcher(discard{}))
	otel.SetTracerProvider(tp)
	otel.SetMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader())))
	defer tp.Shutdown(context.Background())

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	s := &fasthttp.Server{Handler: func(ctx *fasthttp.RequestCtx) { ctx.WriteString("ok") }}
	go s.Serve(ln)
	defer s.Shutdown()
	addr := ln.Addr().String()
	hc := &fasthttp.HostClient{Addr: addr}
	url := "http://" + addr + "/users/42?q=1"

	if *profile != "" {
		f, err := os.Create(*profile)
		if err == nil && pprof.StartCPUProfile(f) == nil {
			defer pprof.StopCPUProfile()
		}
	}
	res := testing.Benchmark(func(b *testing.B) {
		b.ReportAllocs()
		req, resp := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
		defer fasthttp.ReleaseRequest(req)
		defer fasthttp.ReleaseResponse(resp)
		for i := 0; i < b.N; i++ {
			req.SetRequestURI(url)
			if err := hc.Do(req, resp); err != nil || resp.StatusCode() != 200 {
				b.Fatal(err, resp.StatusCode())
			}
		}
	})
	fmt.Printf("%s GET %d ns/op %d allocs/op %d B/op\n", *label, res.NsPerOp(), res.AllocsPerOp(), res.AllocedBytesPerOp())
}
