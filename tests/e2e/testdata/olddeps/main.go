// Program olddeps pins old versions of modules gotel's own modules also
// depend on, and links a package of each, so that `go version -m` of its
// plain and instrumented binaries shows which versions the build chose.
package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"golang.org/x/net/http/httpguts"
	"golang.org/x/sys/unix"
	"golang.org/x/text/language"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

func main() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode, httpguts.ValidHeaderFieldName("X-A"), unix.Getpid() > 0,
		language.English, wrapperspb.String("p").GetValue())
}
