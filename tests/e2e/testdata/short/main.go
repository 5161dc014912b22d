// short is an e2e test program that lives a few milliseconds: it serves and
// calls itself three times, then returns from main, or calls os.Exit(3) when
// its first argument is "exit". All its spans must still be delivered.
package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
)

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	go http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok")
	}))
	for i := 0; i < 3; i++ {
		resp, err := http.Get(fmt.Sprintf("http://%s/item/%d", ln.Addr(), i))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	fmt.Println("done")
	if len(os.Args) > 1 && os.Args[1] == "exit" {
		os.Exit(3)
	}
}
