// zaplow logs through zap (Logger and SugaredLogger, JSON to stdout, no
// timestamps) outside any request and inside requests it serves itself,
// also from a goroutine the handler starts. Its output is the same on
// every run.
package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

func main() {
	cfg := zap.NewProductionEncoderConfig()
	cfg.TimeKey = ""
	cfg.CallerKey = ""
	logger := zap.New(zapcore.NewCore(zapcore.NewJSONEncoder(cfg), zapcore.AddSync(os.Stdout), zapcore.DebugLevel))
	sugar := logger.With(zap.String("component", "api")).Sugar()

	logger.Info("startup", zap.Int("phase", 1))

	mux := http.NewServeMux()
	mux.HandleFunc("/handler", func(w http.ResponseWriter, r *http.Request) {
		logger.Warn("in handler", zap.String("path", r.URL.Path))
		sugar.Infow("sugared", "path", r.URL.Path)
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("/goroutine", func(w http.ResponseWriter, r *http.Request) {
		done := make(chan struct{})
		go func() {
			defer close(done)
			logger.Error("from goroutine", zap.String("path", r.URL.Path))
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
	logger.Debug("shutdown")
	logger.Sync()
}
