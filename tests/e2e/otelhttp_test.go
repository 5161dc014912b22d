package e2e

import (
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"
)

const otelhttpModule = "go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"

// TestOtelhttpOneSpanPerRequest: a program that already wraps its handlers
// (once, and nested) and its transport with otelhttp gets, under gotel, one
// server span per request served and one client span per request sent —
// gotel's — with or without an incoming traceparent, for the lowest
// supported otelhttp (testdata's go.mod) and the newest.
func TestOtelhttpOneSpanPerRequest(t *testing.T) {
	for _, version := range []string{"v0.65.0", "v0.72.0"} {
		t.Run(version, func(t *testing.T) {
			dir := newModule(t, "otelhttp")
			if r := run(t, dir, []string{"GOFLAGS=-mod=mod"}, "go", "get", otelhttpModule+"@"+version); r.code != 0 {
				t.Fatalf("go get: %s", r.stderr)
			}
			c := startCollector(t)
			p := start(t, build(t, dir, true), programEnv(c, "otelhttp"))
			base := "http://" + p.listenAddr(t)

			type request struct {
				path, id, traceparent string
				spans                 int // in the request's trace
			}
			var reqs []request
			for i, path := range []string{"/plain", "/nested", "/call"} {
				spans := 1
				if path == "/call" {
					spans = 3 // server, client, backend's server
				}
				reqs = append(reqs,
					request{path, "bare" + path[1:], "", spans},
					request{path, "tp" + path[1:], fmt.Sprintf("00-%032x-%016x-01", 0xa1b2+i, 0xc3d4+i), spans})
			}
			for _, r := range reqs {
				req, err := http.NewRequest("GET", base+r.path+"?id="+r.id, nil)
				if err != nil {
					t.Fatal(err)
				}
				if r.traceparent != "" {
					req.Header.Set("traceparent", r.traceparent)
				}
				resp, err := (&http.Client{Timeout: 20 * time.Second}).Do(req)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 || string(body) != "ok\n" {
					t.Fatalf("%s answered %d %q", r.id, resp.StatusCode, body)
				}
			}
			// Every other span of a request ends before its top server span
			// (otelhttp's inside it), and the batch processor exports in
			// end order: once the top span is here, so is the rest.
			for _, r := range reqs {
				top := c.waitSpan(t, func(s span) bool {
					return s.Kind == "server" && s.Attrs["url.query"] == "id="+r.id
				})
				if r.traceparent != "" {
					want := fmt.Sprintf("00-%s-%s-01", top.TraceID, top.ParentID)
					if want != r.traceparent {
						t.Errorf("%s: server span continues %s, want %s", r.id, want, r.traceparent)
					}
				} else if top.ParentID != "" {
					t.Errorf("%s: server span has parent %s, want a root", r.id, top.ParentID)
				}
				trace := c.spansWhere(func(s span) bool { return s.TraceID == top.TraceID })
				for _, s := range trace {
					if s.Scope != "gotel.dev/instrumentation/nethttp" {
						t.Errorf("%s: span %q (%s) from %s, want gotel's alone", r.id, s.Name, s.Kind, s.Scope)
					}
				}
				if len(trace) != r.spans {
					t.Fatalf("%s: %d spans in its trace, want %d: %+v", r.id, len(trace), r.spans, trace)
				}
				if r.path != "/call" {
					continue
				}
				var cli, backend span
				for _, s := range trace {
					switch {
					case s.Kind == "client":
						cli = s
					case s.Kind == "server" && s.Attrs["url.path"] == "/backend":
						backend = s
					}
				}
				if cli.ParentID != top.SpanID || cli.Attrs["url.full"] != base+"/backend" {
					t.Errorf("%s: client span %+v, want a child of the server span %s sending to %s/backend",
						r.id, cli, top.SpanID, base)
				}
				// The backend's parent is what the client sent as traceparent.
				if backend.ParentID != cli.SpanID {
					t.Errorf("%s: backend's server span has parent %s, want the client span %s", r.id, backend.ParentID, cli.SpanID)
				}
			}
		})
	}
}
