// logrusnew logs through logrus (JSON to stdout, no timestamps) outside
// any request and inside requests it serves itself: with the request's
// context, without it, and from a goroutine the handler starts. Its output
// is the same on every run.
package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"

	"github.com/sirupsen/logrus"
)

func main() {
	log := logrus.New()
	log.Out = os.Stdout
	log.Level = logrus.DebugLevel
	log.Formatter = &logrus.JSONFormatter{DisableTimestamp: true}
	base := log.WithField("app", "demo")

	base.WithField("phase", 1).Info("startup")

	mux := http.NewServeMux()
	mux.HandleFunc("/ctx", func(w http.ResponseWriter, r *http.Request) {
		base.WithContext(r.Context()).WithField("path", r.URL.Path).Warn("with context")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("/noctx", func(w http.ResponseWriter, r *http.Request) {
		base.WithField("path", r.URL.Path).Errorf("without context %d", 7)
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("/goroutine", func(w http.ResponseWriter, r *http.Request) {
		done := make(chan struct{})
		go func() {
			defer close(done)
			log.WithField("path", r.URL.Path).Debug("from goroutine")
		}()
		<-done
		fmt.Fprintln(w, "ok")
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go http.Serve(ln, mux)
	for _, path := range []string{"/ctx", "/noctx", "/goroutine"} {
		resp, err := http.Get("http://" + ln.Addr().String() + path)
		if err != nil {
			panic(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	base.Info("shutdown")
}
