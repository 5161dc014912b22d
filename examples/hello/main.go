// hello is a plain net/http service with no OpenTelemetry code at all.
// Build it with `gotel go build` and every request gets a server span.
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "listen address")
	flag.Parse()

	mux := http.NewServeMux()
	mux.HandleFunc("GET /greet", func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Query().Get("name")
		if name == "" {
			name = "world"
		}
		fmt.Fprintf(w, "Hello, %s!\n", name)
	})
	log.Printf("listening on http://%s/greet", *addr)
	log.Fatal(http.ListenAndServe(*addr, mux))
}
