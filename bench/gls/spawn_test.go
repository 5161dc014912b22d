// The cost gotel's goroutine context adds to starting a goroutine and to
// passing a value over a channel: the same benchmarks built plain and with
// gotel (run.sh), outside any span and inside a server span (a handler of
// a real net/http server runs the loop, so that under gotel the goroutines
// inherit the request's span).
package gls

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// One goroutine at a time, started with no arguments so that the go
// statement itself allocates nothing: what is left is the runtime's start
// (g reused from its free list) and switch, plus whatever gotel adds.
var done = make(chan struct{})

func signal() { done <- struct{}{} }

func spawn(n int) {
	for i := 0; i < n; i++ {
		go signal()
		<-done
	}
}

func BenchmarkGo(b *testing.B) {
	b.ReportAllocs()
	spawn(b.N)
}

func BenchmarkGoInSpan(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b.ReportAllocs()
		b.ResetTimer()
		spawn(b.N)
		b.StopTimer()
	}))
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
}

// A value passed back and forth over an unbuffered channel: every send
// hands the value directly to a parked receiver, through the runtime's
// send or recv, where gotel checks whether the sender carries its span
// (it does not here, as in every program's own channels).
func BenchmarkChanPingPong(b *testing.B) {
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v
		}
	}()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		ping <- i
		<-pong
	}
	close(ping)
}
