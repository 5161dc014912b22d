// gls serves requests whose handlers make HTTP calls without passing the
// request's context — directly, from a goroutine, from an errgroup, through
// worker pools — so that the tests can check which trace each call joins.
// Every call goes to this server's own /backend?from=<label>.
package main

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"sync"

	"golang.org/x/sync/errgroup"
)

var self string

func call(label string) error {
	resp, err := http.Get(self + "/backend?from=" + label)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

type job struct {
	label string
	done  chan error
}

// A worker pool started before any request.
var startupJobs = make(chan job)

func worker(jobs chan job) {
	for j := range jobs {
		j.done <- call(j.label)
	}
}

// A worker started by one request (/spawn) and fed by later ones (/job).
var (
	mu        sync.Mutex
	spawnJobs chan job
)

func respond(w http.ResponseWriter, err error) {
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	fmt.Fprintln(w, "ok")
}

func main() {
	go worker(startupJobs)
	mux := http.NewServeMux()
	mux.HandleFunc("/backend", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "backend") })
	mux.HandleFunc("/direct", func(w http.ResponseWriter, r *http.Request) { respond(w, call("direct")) })
	mux.HandleFunc("/goroutine", func(w http.ResponseWriter, r *http.Request) {
		errc := make(chan error, 1)
		go func() { errc <- call("goroutine") }()
		respond(w, <-errc)
	})
	mux.HandleFunc("/errgroup", func(w http.ResponseWriter, r *http.Request) {
		var g errgroup.Group
		g.Go(func() error { return call("errgroup-1") })
		g.Go(func() error { return call("errgroup-2") })
		respond(w, g.Wait())
	})
	mux.HandleFunc("/startup-pool", func(w http.ResponseWriter, r *http.Request) {
		j := job{"startup-pool-" + r.URL.Query().Get("n"), make(chan error, 1)}
		startupJobs <- j
		respond(w, <-j.done)
	})
	mux.HandleFunc("/spawn", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		if spawnJobs == nil {
			spawnJobs = make(chan job)
			go worker(spawnJobs)
		}
		mu.Unlock()
		respond(w, nil)
	})
	mux.HandleFunc("/job", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		jobs := spawnJobs
		mu.Unlock()
		j := job{"spawned-" + r.URL.Query().Get("n"), make(chan error, 1)}
		jobs <- j
		respond(w, <-j.done)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	self = "http://" + ln.Addr().String()
	fmt.Println("LISTEN", ln.Addr().String())
	http.Serve(ln, mux)
}
