// Command hello is the smallest program linking the exporter: a net/http
// server that blank-imports it. TestNoHeavyDependencies lists its imports.
package main

import (
	"net/http"

	_ "gotel.dev/runtime/otlphttp"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("hello\n")) })
	_ = http.ListenAndServe("127.0.0.1:8080", nil)
}
