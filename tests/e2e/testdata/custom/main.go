// A service that uses the internal SDK inside its HTTP handlers.
package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"

	"example.com/sdk"
)

func main() {
	client := sdk.New("warehouse")
	mux := http.NewServeMux()
	mux.HandleFunc("GET /stock/{item}", func(w http.ResponseWriter, r *http.Request) {
		n, err := client.Stock(r.Context(), r.PathValue("item"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusNotFound)
			return
		}
		fmt.Fprintln(w, n)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	go http.Serve(ln, mux)
	for _, item := range []string{"apples", "no%20such"} {
		resp, err := http.Get("http://" + ln.Addr().String() + "/stock/" + item)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Printf("%s: %d %s", item, resp.StatusCode, body)
	}
}
