// ownsdk is a program with OpenTelemetry code of its own: it installs its
// own SDK (in main, or from a package init with OWN_EARLY=1), starts a span
// and makes an HTTP call under it.
package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"

	"go.opentelemetry.io/otel"

	_ "example.com/ownsdk/early"
	"example.com/ownsdk/sdk"
)

func main() {
	if os.Getenv("OWN_EARLY") != "1" {
		sdk.Install()
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok") }))
	defer srv.Close()
	ctx, span := otel.Tracer("app").Start(context.Background(), "manual")
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/x", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	span.End()
	if err := sdk.TP.Shutdown(context.Background()); err != nil {
		panic(err)
	}
	fmt.Println("done")
}
