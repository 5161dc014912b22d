package e2e

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"gotel.dev/tests/e2e/otlpreceiver"
)

const grpcScope = "gotel.dev/instrumentation/grpc"

// TestLibGRPC builds testdata/grpc_low (gRPC v1.63.2, the lowest gotel
// supports) and grpc_new (v1.85.0, with otelgrpc's stats handlers installed
// by the program) with gotel. Each program serves gRPC and HTTP
// on loopback and calls its gRPC server from an HTTP handler: unary, client,
// server and bidi streaming, with the request's context and from a
// goroutine without it, through NewClient and Dial, and failures. The
// instrumented run's output must equal the plain one's (recorded, see
// plainRun); every call gives
// one client span (child of the HTTP request's span) and one server span
// (child of the client span), with the RPC conventions' attributes and
// error statuses; the handler's context-less http.Get is a child of the
// gRPC server span; otelgrpc adds no span. Then the program runs as two
// processes, server and client: one trace; and a client gotel does not
// instrument sending a foreign or a malformed traceparent: continued, or a
// new trace.
func TestLibGRPC(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"grpc_low", "grpc_new"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			testGRPCProgram(t, name)
		})
	}
}

func testGRPCProgram(t *testing.T, name string) {
	inst := libProgram(t, name)
	dir := filepath.Dir(inst)
	pr := plainRun(t, dir, "main", nil)
	if pr.code != 0 {
		t.Fatalf("plain run failed (%d): %s", pr.code, pr.stderr)
	}
	if !strings.HasPrefix(pr.stdout, "== /work 200\n") || !strings.Contains(pr.stdout, "intercepted 8\n") {
		t.Fatalf("plain run: %s", pr.stdout)
	}
	c := startCollector(t)
	ir := run(t, dir, programEnv(c, "grpc", "OTEL_METRICS_EXPORTER=otlp", "OTEL_METRIC_EXPORT_INTERVAL=100"), inst)
	if ir.code != 0 {
		t.Fatalf("instrumented run failed (%d): %s", ir.code, ir.stderr)
	}
	if ir.stdout != pr.stdout {
		t.Errorf("output differs:\nplain:\n%s\ninstrumented:\n%s", pr.stdout, ir.stdout)
	}

	t.Run("in process", func(t *testing.T) { checkGRPCSpans(t, c) })
	t.Run("metrics", func(t *testing.T) { checkGRPCMetrics(t, c) })
	t.Run("two processes", func(t *testing.T) { checkGRPCCrossProcess(t, inst) })
}

func checkGRPCSpans(t *testing.T, c collector) {
	work := c.waitSpan(t, func(s span) bool { return s.Kind == "server" && s.Attrs["url.path"] == "/work" })
	// The program has exited: everything is exported.
	trace := c.spansWhere(func(s span) bool { return s.TraceID == work.TraceID })
	for _, s := range c.spans() {
		if strings.Contains(s.Scope, "otelgrpc") {
			t.Errorf("otelgrpc still traces under gotel: %q %s", s.Name, s.Kind)
		}
	}
	clients := map[string][]span{}
	servers := map[string]span{} // by parent span ID
	for _, s := range trace {
		if s.Scope != grpcScope {
			continue
		}
		if s.Attrs["rpc.system.name"] != "grpc" || s.Attrs["server.address"] != "127.0.0.1" || s.Attrs["server.port"] == "" {
			t.Errorf("span %q (%s): attributes %v", s.Name, s.Kind, s.Attrs)
		}
		switch s.Kind {
		case "client":
			if s.ParentID != work.SpanID {
				t.Errorf("client span %q (%s) has parent %s, want the request's span %s", s.Name, s.Attrs["rpc.response.status_code"], s.ParentID, work.SpanID)
			}
			if s.Attrs["rpc.method"] != s.Name {
				t.Errorf("client span %q: rpc.method %q", s.Name, s.Attrs["rpc.method"])
			}
			clients[s.Name] = append(clients[s.Name], s)
		case "server":
			servers[s.ParentID] = s
		default:
			t.Errorf("span %q of kind %s", s.Name, s.Kind)
		}
	}
	// unary: hello, dialed, nested, notfound, internal, own traceparent,
	// goroutine, deadline, down.
	for n, want := range map[string]int{"demo.Echo/Unary": 9, "demo.Echo/Missing": 1, "demo.Echo/Collect": 1, "demo.Echo/Repeat": 1, "demo.Echo/Chat": 2} {
		if len(clients[n]) != want {
			t.Errorf("%d client spans %q, want %d", len(clients[n]), n, want)
		}
	}
	codes := map[string]int{}
	for _, list := range clients {
		for _, cl := range list {
			code := cl.Attrs["rpc.response.status_code"]
			codes[code]++
			if (code == "OK") != (cl.Status != statusError) || (code != "OK" && cl.Attrs["error.type"] != code) {
				t.Errorf("client span %q %s: status %d error.type %q", cl.Name, code, cl.Status, cl.Attrs["error.type"])
			}
			srv, ok := servers[cl.SpanID]
			if code == "UNAVAILABLE" {
				if ok {
					t.Errorf("a server span for the call to a server that is down: %+v", srv)
				}
				continue
			}
			if !ok {
				t.Errorf("no server span under client span %q %s", cl.Name, code)
				continue
			}
			scode := srv.Attrs["rpc.response.status_code"]
			serverErr := map[string]bool{"UNKNOWN": true, "DEADLINE_EXCEEDED": true, "UNIMPLEMENTED": true, "INTERNAL": true, "UNAVAILABLE": true, "DATA_LOSS": true}[scode]
			if (srv.Status == statusError) != serverErr || (serverErr && srv.Attrs["error.type"] != scode) {
				t.Errorf("server span %q %s: status %d error.type %q", srv.Name, scode, srv.Status, srv.Attrs["error.type"])
			}
			switch {
			case cl.Name == "demo.Echo/Missing":
				if srv.Name != "grpc" || srv.Attrs["rpc.method"] != "_OTHER" || srv.Attrs["rpc.method_original"] != "/demo.Echo/Missing" || scode != "UNIMPLEMENTED" {
					t.Errorf("unknown method's server span: %q %v", srv.Name, srv.Attrs)
				}
			case code == "DEADLINE_EXCEEDED" || code == "CANCELLED":
				// The server sees its own deadline or the client's reset first.
				if scode != "DEADLINE_EXCEEDED" && scode != "CANCELLED" {
					t.Errorf("server span of a %s call: %s", code, scode)
				}
			default:
				if srv.Name != cl.Name || scode != code || srv.Attrs["network.peer.address"] != "127.0.0.1" {
					t.Errorf("server span %q %s under client span %q %s: %v", srv.Name, scode, cl.Name, code, srv.Attrs)
				}
			}
		}
	}
	for code, want := range map[string]int{"OK": 8, "NOT_FOUND": 1, "INTERNAL": 1, "DEADLINE_EXCEEDED": 1, "UNIMPLEMENTED": 1, "CANCELLED": 1, "UNAVAILABLE": 1} {
		if codes[code] != want {
			t.Errorf("%d client spans with status %s, want %d (%v)", codes[code], code, want, codes)
		}
	}
	// The gRPC handler's http.Get without a context: a child of the RPC's
	// server span, through the handler goroutine.
	var leaf span
	for _, s := range trace {
		if s.Kind == "client" && strings.HasSuffix(s.Attrs["url.full"], "/leaf") {
			leaf = s
		}
	}
	parent, ok := servers[""], false
	for _, s := range servers {
		if s.SpanID == leaf.ParentID {
			parent, ok = s, true
		}
	}
	if leaf.SpanID == "" || !ok || parent.Name != "demo.Echo/Unary" {
		t.Errorf("the nested http.Get's span %+v is not a child of a gRPC server span", leaf)
	}
}

func checkGRPCMetrics(t *testing.T, c collector) {
	for _, name := range []string{"rpc.server.call.duration", "rpc.client.call.duration"} {
		m := c.r.WaitForMetric(t, func(m otlpreceiver.Metric) bool { return m.Name() == name && m.Scope == grpcScope })
		if m.Unit() != "s" || m.Type() != "histogram" {
			t.Errorf("%s: unit %q type %q", name, m.Unit(), m.Type())
		}
		var ok, failed bool
		for _, dp := range m.DataPoints() {
			if dp.Attrs["rpc.method"] == "demo.Echo/Unary" && dp.Attrs["rpc.system.name"] == "grpc" && dp.Attrs["server.address"] == "127.0.0.1" {
				switch dp.Attrs["rpc.response.status_code"] {
				case "OK":
					ok = dp.Count > 0 && len(dp.Bounds) == 14 && dp.Bounds[0] == 0.005
				case "INTERNAL":
					failed = dp.Attrs["error.type"] == "INTERNAL"
				}
			}
		}
		if !ok || !failed {
			t.Errorf("%s: OK %v INTERNAL %v in %+v", name, ok, failed, m.DataPoints())
		}
	}
}

// checkGRPCCrossProcess: the instrumented program as a server in one
// process and as a client in another gives one trace. A client gotel does
// not instrument (the program under OTEL_SDK_DISABLED=true, which switches
// gotel off) sends its own traceparent: a foreign one is continued, a
// malformed one starts a new trace.
func checkGRPCCrossProcess(t *testing.T, inst string) {
	c := startCollector(t)
	srv := start(t, inst, programEnv(c, "grpc-server"), "serve")
	addr := srv.listenAddr(t)
	dir := filepath.Dir(inst)

	if r := run(t, dir, programEnv(c, "grpc-client"), inst, "call", addr); r.code != 0 || r.stdout != "ok echo cross\n" {
		t.Fatalf("instrumented call: %d %q %s", r.code, r.stdout, r.stderr)
	}
	client := c.waitSpan(t, func(s span) bool { return s.Kind == "client" && s.Resource["service.name"] == "grpc-client" })
	server := c.waitSpan(t, func(s span) bool { return s.Kind == "server" && s.ParentID == client.SpanID })
	if server.TraceID != client.TraceID || server.Resource["service.name"] != "grpc-server" || server.Name != "demo.Echo/Unary" {
		t.Errorf("server span %+v, want one in the client's trace %s", server, client.TraceID)
	}

	foreignTrace, foreignSpan := "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"
	for _, tp := range []string{fmt.Sprintf("00-%s-%s-01", foreignTrace, foreignSpan), "00-not-a-trace-id-01"} {
		if r := run(t, dir, []string{"OTEL_SDK_DISABLED=true"}, inst, "call", addr, tp); r.code != 0 || r.stdout != "ok echo cross\n" {
			t.Fatalf("uninstrumented call with %q: %d %q %s", tp, r.code, r.stdout, r.stderr)
		}
	}
	cont := c.waitSpan(t, func(s span) bool { return s.Kind == "server" && s.TraceID == foreignTrace })
	if cont.ParentID != foreignSpan {
		t.Errorf("server span continuing a foreign traceparent has parent %s, want %s", cont.ParentID, foreignSpan)
	}
	// The malformed one: a server span that is a root.
	c.waitSpan(t, func(s span) bool {
		return s.Kind == "server" && s.ParentID == "" && s.Resource["service.name"] == "grpc-server"
	})
	srv.terminate(t)
}
