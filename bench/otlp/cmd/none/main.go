// Command none: the hello net/http server with no telemetry (baseline).
package main

import "net/http"

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("hello\n")) })
	_ = http.ListenAndServe("127.0.0.1:8080", nil)
}
