// Uses a version of otelhttp that gotel's otelhttp rules do not fit.
package main

import (
	"fmt"
	"net/http"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
)

func main() {
	h := otelhttp.NewMiddleware("op", 1)(http.NotFoundHandler())
	t := otelhttp.NewTransport(http.DefaultTransport)
	fmt.Printf("%T %T\n", h, t)
}
