// zerologlow logs through zerolog (JSON to stdout, no timestamps) outside
// any request and inside requests it serves itself, also from a goroutine
// the handler starts. Its output is the same on every run.
package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"

	"github.com/rs/zerolog"
)

func main() {
	log := zerolog.New(os.Stdout).Level(zerolog.DebugLevel)

	log.Info().Int("phase", 1).Msg("startup")

	mux := http.NewServeMux()
	mux.HandleFunc("/handler", func(w http.ResponseWriter, r *http.Request) {
		log.Warn().Str("path", r.URL.Path).Msg("in handler")
		log.Error().Str("path", r.URL.Path).Msgf("formatted %d", 7)
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("/goroutine", func(w http.ResponseWriter, r *http.Request) {
		done := make(chan struct{})
		go func() {
			defer close(done)
			log.Debug().Str("path", r.URL.Path).Msg("from goroutine")
		}()
		<-done
		fmt.Fprintln(w, "ok")
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go http.Serve(ln, mux)
	for _, path := range []string{"/handler", "/goroutine"} {
		resp, err := http.Get("http://" + ln.Addr().String() + path)
		if err != nil {
			panic(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	log.Info().Send()
	log.Info().Msg("shutdown")
}
