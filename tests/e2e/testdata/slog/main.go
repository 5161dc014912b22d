// slogprog logs through log/slog and the log package, outside any request
// and inside requests it serves itself: with the request's context,
// without it, from a goroutine the handler starts, and through the log
// package once slog.SetDefault routes it to a slog handler. Its output
// (no timestamps) is the same on every run.
package main

import (
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
)

func noTime(_ []string, a slog.Attr) slog.Attr {
	if a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}

func main() {
	log.SetFlags(0)
	log.SetOutput(os.Stdout)
	opts := &slog.HandlerOptions{ReplaceAttr: noTime, Level: slog.LevelDebug}
	text := slog.New(slog.NewTextHandler(os.Stdout, opts))

	text.Info("startup", "phase", 1)
	text.WithGroup("boot").Info("grouped", "phase", 2)
	slog.Info("default logger outside", "n", 1)

	mux := http.NewServeMux()
	mux.HandleFunc("/ctx", func(w http.ResponseWriter, r *http.Request) {
		text.InfoContext(r.Context(), "with context", "path", r.URL.Path)
		text.With("user", "u1").InfoContext(r.Context(), "with attrs", "id", 7)
		text.LogAttrs(r.Context(), slog.LevelWarn, "attrs", slog.Int("n", 3), slog.Group("g", slog.String("k", "v")))
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("/noctx", func(w http.ResponseWriter, r *http.Request) {
		text.Error("without context", "path", r.URL.Path)
		slog.Info("default logger in span")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("/goroutine", func(w http.ResponseWriter, r *http.Request) {
		done := make(chan struct{})
		go func() {
			defer close(done)
			text.Debug("from goroutine", "path", r.URL.Path)
		}()
		<-done
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("/stdlog", func(w http.ResponseWriter, r *http.Request) {
		log.Printf("std log in span %s", r.URL.Path)
		fmt.Fprintln(w, "ok")
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	go http.Serve(ln, mux)
	get := func(path string) {
		resp, err := http.Get("http://" + ln.Addr().String() + path)
		if err != nil {
			log.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	get("/ctx")
	get("/noctx")
	get("/goroutine")

	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, opts)))
	get("/stdlog")
	log.Print("std log outside")
	text.Info("shutdown")
}
