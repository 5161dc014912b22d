// Command official: hello plus the SDK and the official otlptracehttp.
package main

import (
	"net/http"

	_ "go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	_ "go.opentelemetry.io/otel/sdk/trace"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("hello\n")) })
	_ = http.ListenAndServe("127.0.0.1:8080", nil)
}
