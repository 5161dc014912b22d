// Command floor is examples/hello with its mux wrapped by floorsdk: the
// least an instrumented hello must link (bench/build/run.sh times its edit
// builds beside gotel's).
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"

	"gotel.dev/bench/otlp/floorsdk"
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
	log.Fatal(http.ListenAndServe(*addr, floorsdk.Wrap(mux)))
}
