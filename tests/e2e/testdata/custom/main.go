// A service that uses the internal SDK inside its HTTP handlers.
package main

import (
	"context"
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
		if price(r.PathValue("item")) < 0 {
			http.Error(w, "no price", http.StatusInternalServerError)
			return
		}
		if err := reserve(r.Context(), r.PathValue("item"), n/7); err != nil {
			http.Error(w, err.Error(), http.StatusConflict)
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
	for _, item := range []string{"apples", "no%20such", "kiwis"} {
		resp, err := http.Get("http://" + ln.Addr().String() + "/stock/" + item)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Printf("%s: %d %s", item, resp.StatusCode, body)
	}
	fmt.Println("recovered:", recovered("pears"))
}

// recovered returns what inspect panicked with.
func recovered(item string) (v any) {
	defer func() { v = recover() }()
	inspect(item)
	return nil
}

// inspect panics: its span records the panic, which goes on unchanged.
//
//gotel:span
func inspect(item string) { panic(fmt.Sprintf("cannot inspect %s", item)) }

// reserve holds stock for an order: the directive traces it, recording
// two of its parameters.
//
//gotel:span attrs=item,qty
func reserve(ctx context.Context, item string, qty int) error {
	audit(item)
	if qty > 5 {
		return fmt.Errorf("cannot reserve %d %s", qty, item)
	}
	return nil
}

// audit takes no context: its span's parent comes from the goroutine.
//
//gotel:span
func audit(item string) int { return len(item) }

// price is traced by a rule of gotel.yaml that targets the program's own
// main package (no directive here).
func price(item string) int { return 3 * len(item) }
