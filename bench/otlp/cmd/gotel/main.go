// Command gotel: hello plus the SDK and gotel's OTLP/HTTP exporters.
package main

import (
	"net/http"

	_ "go.opentelemetry.io/otel/sdk/metric"
	_ "go.opentelemetry.io/otel/sdk/trace"
	_ "gotel.dev/runtime/otlphttp"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("hello\n")) })
	_ = http.ListenAndServe("127.0.0.1:8080", nil)
}
