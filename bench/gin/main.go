// Per-request cost of tracing a gin server: a keep-alive client writes GET
// /users/:id to a gin Engine served by net/http on loopback and reads the
// response, the same loop for every variant. Run with -mode none (plain
// build: no tracing, or a gotel build: gotel's net/http server span with
// gin's route) or -mode otelgin (plain build with the otelgin middleware:
// its server span). Every mode installs the same SDK (always sample, batch
// processor, an exporter that drops the spans, a manual metric reader) so
// that only the instrumentation differs. The client writes the request on
// the connection itself (http.Request.Write, http.ReadResponse) rather than
// through an http.Transport, which gotel would trace too: only the server
// side is measured.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"testing"

	"github.com/gin-gonic/gin"
	"go.opentelemetry.io/contrib/instrumentation/github.com/gin-gonic/gin/otelgin"
	"go.opentelemetry.io/otel"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

type discard struct{}

func (discard) ExportSpans(context.Context, []sdktrace.ReadOnlySpan) error { return nil }
func (discard) Shutdown(context.Context) error                             { return nil }

func main() {
	testing.Init()
	mode := flag.String("mode", "none", "none or otelgin")
	label := flag.String("label", "", "name printed with the result")
	flag.Parse()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample()), sdktrace.WithBatcher(discard{}))
	otel.SetTracerProvider(tp)
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	otel.SetMeterProvider(mp)
	defer tp.Shutdown(context.Background())

	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	if *mode == "otelgin" {
		e.Use(otelgin.Middleware("bench"))
	}
	e.GET("/users/:id", func(c *gin.Context) { c.String(200, c.Param("id")) })

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	srv := &http.Server{Handler: e}
	go srv.Serve(ln)
	defer srv.Close()
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer conn.Close()
	br := bufio.NewReader(conn)
	req, _ := http.NewRequest("GET", "http://"+ln.Addr().String()+"/users/42", nil)
	get := func() {
		if err := req.Write(conn); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		resp, err := http.ReadResponse(br, req)
		if err != nil || resp.StatusCode != 200 {
			fmt.Fprintln(os.Stderr, "bad response", err)
			os.Exit(1)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	res := testing.Benchmark(func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			get()
		}
	})
	fmt.Printf("%s GET %d ns/op %d allocs/op %d B/op\n", *label, res.NsPerOp(), res.AllocsPerOp(), res.AllocedBytesPerOp())
}
