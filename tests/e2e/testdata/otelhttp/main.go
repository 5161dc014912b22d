// otelhttp serves every request through handlers wrapped with otelhttp —
// once for /plain and /call, twice (nested) for /nested — and /call sends a
// request through an otelhttp.NewTransport client, so that the tests can
// check that a gotel build gets one server span per request served and one
// client span per request sent.
package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
)

var (
	self   string
	client = &http.Client{Transport: otelhttp.NewTransport(nil)}
)

func main() {
	mux := http.NewServeMux()
	ok := func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") }
	mux.HandleFunc("/plain", ok)
	mux.HandleFunc("/backend", ok)
	mux.Handle("/nested", otelhttp.NewHandler(http.HandlerFunc(ok), "inner"))
	mux.HandleFunc("/call", func(w http.ResponseWriter, r *http.Request) {
		req, err := http.NewRequestWithContext(r.Context(), "GET", self+"/backend", nil)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		resp, err := client.Do(req)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		io.Copy(w, resp.Body)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	self = "http://" + ln.Addr().String()
	fmt.Println("LISTEN", ln.Addr().String())
	http.Serve(ln, otelhttp.NewMiddleware("server")(mux))
}
