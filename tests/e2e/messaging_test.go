package e2e

import (
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gotel.dev/tests/e2e/otlpreceiver"
)

// TestLibMessaging builds testdata/amqpnats_low (amqp091-go and nats.go at
// the lowest versions gotel supports) and amqpnats_new (the newest) with
// gotel, runs them against the machine's RabbitMQ and NATS, and checks the
// instrumented run's output against the plain one (recorded, see
// plainRun), its spans
// (names, kinds, attributes, producer -> consumer parents in one trace,
// parents from the request through the context and through a goroutine,
// errors) and metrics. Then the instrumented binary runs twice, as producer
// and consumer, and the consumer's spans must be in the producer's trace;
// with a producer gotel does not instrument that sends a malformed
// traceparent, the consumer's spans start new traces.
func TestLibMessaging(t *testing.T) {
	t.Parallel()
	needService(t, "RabbitMQ", "127.0.0.1:5672")
	needService(t, "NATS", "127.0.0.1:4222")
	for _, name := range []string{"amqpnats_low", "amqpnats_new"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			testMessagingProgram(t, name)
		})
	}
}

const (
	amqpScope = "gotel.dev/instrumentation/amqp091"
	natsScope = "gotel.dev/instrumentation/nats"
)

// rawLinks is the span ids a span links to.
func rawLinks(c collector, spanID string) []string {
	var out []string
	for _, s := range c.r.Spans() {
		if s.SpanID() != spanID {
			continue
		}
		for _, l := range s.Proto.GetLinks() {
			out = append(out, hex.EncodeToString(l.GetSpanId()))
		}
	}
	return out
}

// one returns the single span matching, failing otherwise.
func one(t *testing.T, spans []span, what string, match func(span) bool) span {
	t.Helper()
	var got []span
	for _, s := range spans {
		if match(s) {
			got = append(got, s)
		}
	}
	if len(got) != 1 {
		var names []string
		for _, s := range spans {
			names = append(names, s.Name+"("+s.Kind+")")
		}
		t.Errorf("%s: %d spans, want 1; spans: %v", what, len(got), names)
		return span{}
	}
	return got[0]
}

func testMessagingProgram(t *testing.T, name string) {
	inst := libProgram(t, name)
	dir := filepath.Dir(inst)
	stamp := fmt.Sprintf("gotel.e2e.%d.%d.%s", os.Getpid(), time.Now().UnixNano()%1e9, strings.TrimPrefix(name, "amqpnats_"))

	pr := plainRun(t, dir, "main", []string{"STAMP=" + stamp + ".plain"})
	if pr.code != 0 {
		t.Fatalf("plain run failed (%d): %s", pr.code, pr.stderr)
	}
	c := startCollector(t)
	ir := run(t, dir, programEnv(c, "amqpnats", "STAMP="+stamp, "OTEL_METRICS_EXPORTER=otlp",
		"OTEL_METRIC_EXPORT_INTERVAL=100"), inst)
	if ir.code != 0 {
		t.Fatalf("instrumented run failed (%d): %s", ir.code, ir.stderr)
	}
	if ir.stdout != pr.stdout {
		t.Errorf("output differs:\nplain:\n%s\ninstrumented:\n%s", pr.stdout, ir.stdout)
	}
	for _, line := range strings.Split(pr.stdout, "\n") {
		if strings.HasPrefix(line, "== ") && !strings.HasSuffix(line, " 200") {
			t.Errorf("a handler failed: %s\n%s", line, pr.stdout)
		}
	}

	t.Run("rabbitmq", func(t *testing.T) {
		srv := c.waitSpan(t, func(s span) bool { return s.Kind == "server" && s.Attrs["url.path"] == "/rabbit" })
		// The last span the handler makes: the others are exported by then.
		c.waitSpan(t, func(s span) bool { return s.Scope == amqpScope && s.Status == statusError })
		all := c.spansWhere(func(s span) bool { return s.Scope == amqpScope && s.TraceID == srv.TraceID })
		for _, s := range all {
			if s.Attrs["messaging.system"] != "rabbitmq" || s.Attrs["server.address"] != "127.0.0.1" || s.Attrs["server.port"] != "5672" {
				t.Errorf("span %q: attributes %v", s.Name, s.Attrs)
			}
		}
		q := stamp + ".rq"
		pubDefault := one(t, all, "publish to the default exchange", func(s span) bool {
			return s.Name == "publish" && s.Attrs["messaging.message.id"] == "m1"
		})
		if pubDefault.Kind != "producer" || pubDefault.ParentID != srv.SpanID || pubDefault.Attrs["messaging.message.id"] != "m1" ||
			pubDefault.Attrs["messaging.message.body.size"] != "3" || pubDefault.Attrs["messaging.destination.anonymous"] != "true" ||
			pubDefault.Attrs["messaging.operation.type"] != "send" {
			t.Errorf("publish span: %+v", pubDefault)
		}
		pubEx := one(t, all, "publish to the exchange", func(s span) bool { return s.Name == "publish "+stamp+".ex" })
		if pubEx.Kind != "producer" || pubEx.ParentID != srv.SpanID || pubEx.Attrs["messaging.destination.name"] != stamp+".ex" ||
			pubEx.Attrs["messaging.rabbitmq.destination.routing_key"] != "k" {
			t.Errorf("publish from a goroutine (parent %s, want the request's %s): %+v", pubEx.ParentID, srv.SpanID, pubEx)
		}
		procs := c.spansWhere(func(s span) bool { return s.Scope == amqpScope && s.Kind == "consumer" })
		p1 := one(t, procs, "process of the first message", func(s span) bool { return s.ParentID == pubDefault.SpanID })
		p2 := one(t, procs, "process of the second message", func(s span) bool { return s.ParentID == pubEx.SpanID })
		if p1.Name != "process" || p1.TraceID != srv.TraceID || p1.Attrs["messaging.destination.subscription.name"] != q ||
			p1.Attrs["messaging.operation.type"] != "process" || p1.Attrs["messaging.message.id"] != "m1" ||
			p1.Attrs["messaging.rabbitmq.message.delivery_tag"] != "1" {
			t.Errorf("process span: %+v", p1)
		}
		if p2.Name != "process "+stamp+".ex" || p2.Attrs["messaging.rabbitmq.destination.routing_key"] != "k" {
			t.Errorf("process span: %+v", p2)
		}
		// Taken by the handler's goroutine over the relay's channel: its
		// publish without a context is a child of the process span, and
		// after the ack the goroutine works for the request again (the
		// receive span below).
		during := one(t, all, "publish while handling the first delivery", func(s span) bool {
			return s.Attrs["messaging.rabbitmq.destination.routing_key"] == stamp+".void"
		})
		if during.ParentID != p1.SpanID || during.TraceID != p1.TraceID {
			t.Errorf("publish while handling a delivery: parent %s, want the process span %s", during.ParentID, p1.SpanID)
		}
		pubDC := one(t, all, "deferred-confirm publish", func(s span) bool {
			return s.Name == "publish" && s.Attrs["messaging.rabbitmq.destination.routing_key"] == stamp+".rq2"
		})
		recv := one(t, all, "get", func(s span) bool { return s.Name == "receive" })
		if recv.Kind != "client" || recv.ParentID != srv.SpanID || recv.Attrs["messaging.destination.subscription.name"] != stamp+".rq2" ||
			recv.Attrs["messaging.message.body.size"] != "5" {
			t.Errorf("receive span: %+v", recv)
		}
		if l := rawLinks(c, recv.SpanID); len(l) != 1 || l[0] != pubDC.SpanID {
			t.Errorf("receive span links %v, want the producer %s", l, pubDC.SpanID)
		}
		failed := c.spansWhere(func(s span) bool { return s.Scope == amqpScope && s.Status == statusError })
		wantErr := map[string]bool{"*amqp091.Error": true}
		if strings.Contains(pr.stdout, "publish cancelled:  err=context canceled") {
			wantErr["context.Canceled"] = true
		}
		if len(failed) != len(wantErr) {
			t.Errorf("%d failing spans, want %d: %+v", len(failed), len(wantErr), failed)
		}
		for _, s := range failed {
			if !wantErr[s.Attrs["error.type"]] || s.Kind != "producer" {
				t.Errorf("failing span %q: %v", s.Name, s.Attrs)
			}
		}
	})

	t.Run("nats", func(t *testing.T) {
		srv := c.waitSpan(t, func(s span) bool { return s.Kind == "server" && s.Attrs["url.path"] == "/nats" })
		c.waitSpan(t, func(s span) bool { return s.Scope == natsScope && s.Name == "publish "+stamp+".nostream" })
		all := c.spansWhere(func(s span) bool { return s.Scope == natsScope && s.TraceID == srv.TraceID })
		for _, s := range all {
			if s.Attrs["messaging.system"] != "nats" || strings.Contains(s.Name, "$JS") || strings.Contains(s.Name, "_INBOX") {
				t.Errorf("span %q: attributes %v", s.Name, s.Attrs)
			}
			if s.Kind != "client" && s.Kind != "consumer" && (s.Attrs["server.address"] != "127.0.0.1" || s.Attrs["server.port"] != "4222") {
				t.Errorf("span %q: server %v", s.Name, s.Attrs)
			}
		}
		byParent := func(what, name, kind string, parent span) span {
			t.Helper()
			s := one(t, all, what, func(s span) bool { return s.Name == name && s.ParentID == parent.SpanID })
			if s.Kind != kind {
				t.Errorf("%s: kind %s, want %s", what, s.Kind, kind)
			}
			return s
		}
		pub := byParent("publish", "publish "+stamp+".sub.a", "producer", srv)
		proc := byParent("callback", "process "+stamp+".sub.*", "consumer", pub)
		if proc.Attrs["messaging.destination.name"] != stamp+".sub.a" || proc.Attrs["messaging.destination.template"] != stamp+".sub.*" ||
			proc.Attrs["messaging.message.body.size"] != "3" {
			t.Errorf("process span: %+v", proc)
		}
		byParent("publish in the callback (goroutine context)", "publish "+stamp+".inner", "producer", proc)
		qpub := byParent("publish msg", "publish "+stamp+".q", "producer", srv)
		qproc := byParent("queue callback", "process "+stamp+".q", "consumer", qpub)
		if qproc.Attrs["messaging.consumer.group.name"] != "workers" {
			t.Errorf("queue process span: %v", qproc.Attrs)
		}
		reqs := c.spansWhere(func(s span) bool {
			return s.Scope == natsScope && s.Name == "request "+stamp+".svc" && s.ParentID == srv.SpanID
		})
		var okReqs []span
		for _, r := range reqs {
			if r.Kind != "producer" {
				t.Errorf("request span kind %s", r.Kind)
			}
			if r.Status != statusError {
				okReqs = append(okReqs, r)
			} else if r.Attrs["error.type"] != "context.Canceled" {
				t.Errorf("failed request: %v", r.Attrs)
			}
		}
		if len(okReqs) != 2 || len(reqs) != 3 {
			t.Errorf("%d request spans under the request (ctx and goroutine), %d ok; want 3, 2", len(reqs), len(okReqs))
		}
		for _, r := range okReqs {
			rp := byParent("responder", "process "+stamp+".svc", "consumer", r)
			reply := byParent("reply", "publish", "producer", rp)
			if reply.Attrs["messaging.destination.temporary"] != "true" {
				t.Errorf("reply span: %v", reply.Attrs)
			}
		}
		syncPub := byParent("publish sync", "publish "+stamp+".sync", "producer", srv)
		recv := byParent("next msg", "receive "+stamp+".sync", "client", srv)
		if l := rawLinks(c, recv.SpanID); len(l) != 1 || l[0] != syncPub.SpanID {
			t.Errorf("receive links %v, want %s", l, syncPub.SpanID)
		}
		// A channel subscription's receive span: a child of the producer's.
		chPub := byParent("publish chan", "publish "+stamp+".chan", "producer", srv)
		chRecv := byParent("chan receive", "receive "+stamp+".chan", "client", chPub)
		if chRecv.TraceID != srv.TraceID || chRecv.Attrs["messaging.operation.type"] != "receive" ||
			chRecv.Attrs["messaging.message.body.size"] != "3" {
			t.Errorf("chan receive span: %+v", chRecv)
		}
		nobody := byParent("no responders", "request "+stamp+".nobody", "producer", srv)
		if nobody.Status != statusError || nobody.Attrs["error.type"] == "" {
			t.Errorf("request without responders: %+v", nobody)
		}
		jpub := byParent("js publish", "publish "+stamp+".js.a", "producer", srv)
		if jpub.Attrs["messaging.message.id"] != "id-1" || jpub.Attrs["messaging.nats.jetstream.sequence"] != "1" ||
			jpub.Attrs["messaging.nats.jetstream.stream"] == "" {
			t.Errorf("js publish: %v", jpub.Attrs)
		}
		jproc := byParent("js consume", "process "+stamp+".js.a", "consumer", jpub)
		ack := byParent("js ack", "ack "+stamp+".js.a", "client", jproc)
		if ack.Attrs["messaging.operation.type"] != "settle" || ack.Attrs["messaging.destination.subscription.name"] != "c1" {
			t.Errorf("ack: %v", ack.Attrs)
		}
		jpub2 := byParent("js publish 2", "publish "+stamp+".js.b", "producer", srv)
		jrecv := byParent("messages next", "receive "+stamp+".js.b", "client", srv)
		if l := rawLinks(c, jrecv.SpanID); len(l) != 1 || l[0] != jpub2.SpanID {
			t.Errorf("js receive links %v, want %s", l, jpub2.SpanID)
		}
		// A pull batch: one receive span under the handler, linked to the
		// two producers; the consumer's Next, a batch of one.
		var cpubs []string
		for _, s := range all {
			if s.Name == "publish "+stamp+".js.c" && s.ParentID == srv.SpanID {
				cpubs = append(cpubs, s.SpanID)
			}
		}
		fetches := c.spansWhere(func(s span) bool {
			return s.Scope == natsScope && s.Name == "receive "+stamp+".js.c" && s.ParentID == srv.SpanID
		})
		if len(cpubs) != 3 || len(fetches) != 2 {
			t.Fatalf("%d js.c publishes, %d fetch receive spans; want 3, 2", len(cpubs), len(fetches))
		}
		linked := map[string]int{}
		for _, f := range fetches {
			if f.Kind != "client" || f.Attrs["messaging.operation.type"] != "receive" ||
				f.Attrs["messaging.destination.subscription.name"] != "c3" {
				t.Errorf("fetch span: %+v", f)
			}
			l := rawLinks(c, f.SpanID)
			if n := f.Attrs["messaging.batch.message_count"]; n != fmt.Sprint(len(l)) || (n != "1" && n != "2") {
				t.Errorf("fetch span with %d links: %+v", len(l), f)
			}
			for _, id := range l {
				linked[id]++
			}
		}
		// Between them, the fetch and the Next link each producer once.
		for _, id := range cpubs {
			if linked[id] != 1 {
				t.Errorf("producer %s linked %d times by the fetch spans: %v", id, linked[id], linked)
			}
		}
		ns := byParent("js publish without stream", "publish "+stamp+".nostream", "producer", srv)
		if ns.Status != statusError || ns.Attrs["error.type"] == "" {
			t.Errorf("js publish without a stream: %+v", ns)
		}
	})

	t.Run("metrics", func(t *testing.T) {
		for _, w := range []struct{ scope, name, op string }{
			{amqpScope, "messaging.client.operation.duration", "publish"},
			{amqpScope, "messaging.process.duration", "process"},
			{amqpScope, "messaging.client.sent.messages", "publish"},
			{amqpScope, "messaging.client.consumed.messages", "process"},
			{natsScope, "messaging.client.operation.duration", "request"},
			{natsScope, "messaging.process.duration", "process"},
			{natsScope, "messaging.client.sent.messages", "publish"},
			{natsScope, "messaging.client.consumed.messages", "receive"},
		} {
			m := c.r.WaitForMetric(t, func(m otlpreceiver.Metric) bool {
				if m.Name() != w.name || m.Scope != w.scope {
					return false
				}
				for _, dp := range m.DataPoints() {
					if dp.Attrs["messaging.operation.name"] == w.op {
						return true
					}
				}
				return false
			})
			if strings.HasSuffix(w.name, "duration") && (m.Unit() != "s" || m.Type() != "histogram") {
				t.Errorf("%s: unit %q type %q", w.name, m.Unit(), m.Type())
			}
		}
	})

	t.Run("cross-process", func(t *testing.T) {
		xc := startCollector(t)
		xs := stamp + ".x"
		cons := start(t, inst, programEnv(xc, "amqpnats-consumer", "STAMP="+xs, "MODE=consume"))
		prod := run(t, dir, programEnv(xc, "amqpnats-producer", "STAMP="+xs, "MODE=produce"), inst)
		if prod.code != 0 {
			t.Fatalf("producer failed (%d): %s %s", prod.code, prod.stdout, prod.stderr)
		}
		if ws := cons.wait(t); ws.ExitStatus() != 0 {
			t.Fatalf("consumer failed (%d): %s", ws.ExitStatus(), cons.Stderr())
		}
		rpub := xc.waitSpan(t, func(s span) bool { return s.Scope == amqpScope && s.Kind == "producer" })
		rproc := xc.waitSpan(t, func(s span) bool { return s.Scope == amqpScope && s.Kind == "consumer" })
		if rpub.Resource["service.name"] != "amqpnats-producer" || rproc.Resource["service.name"] != "amqpnats-consumer" ||
			rproc.TraceID != rpub.TraceID || rproc.ParentID != rpub.SpanID {
			t.Errorf("rabbitmq: consumer %+v is not the child of producer %+v", rproc, rpub)
		}
		nreq := xc.waitSpan(t, func(s span) bool {
			return s.Scope == natsScope && s.Name == "request "+xs+".xsvc" && s.Status != statusError
		})
		nproc := xc.waitSpan(t, func(s span) bool { return s.Scope == natsScope && s.Name == "process "+xs+".xsvc" })
		if nreq.Resource["service.name"] != "amqpnats-producer" || nproc.Resource["service.name"] != "amqpnats-consumer" ||
			nproc.TraceID != nreq.TraceID || nproc.ParentID != nreq.SpanID {
			t.Errorf("nats: responder %+v is not the child of request %+v", nproc, nreq)
		}

		// A malformed traceparent from a producer gotel does not instrument
		// (the program under OTEL_SDK_DISABLED=true, which switches gotel
		// off): new traces.
		mc := startCollector(t)
		ms := stamp + ".m"
		cons = start(t, inst, programEnv(mc, "amqpnats-consumer", "STAMP="+ms, "MODE=consume"))
		prod = run(t, dir, []string{"STAMP=" + ms, "MODE=produce", "MALFORMED=1", "OTEL_SDK_DISABLED=true"}, inst)
		if prod.code != 0 {
			t.Fatalf("uninstrumented producer failed (%d): %s %s", prod.code, prod.stdout, prod.stderr)
		}
		if ws := cons.wait(t); ws.ExitStatus() != 0 {
			t.Fatalf("consumer failed (%d): %s", ws.ExitStatus(), cons.Stderr())
		}
		mr := mc.waitSpan(t, func(s span) bool { return s.Scope == amqpScope && s.Kind == "consumer" })
		mn := mc.waitSpan(t, func(s span) bool { return s.Scope == natsScope && s.Name == "process "+ms+".xsvc" })
		for _, s := range []span{mr, mn} {
			if s.ParentID != "" || s.TraceID == "" {
				t.Errorf("span %q under a malformed traceparent has parent %q", s.Name, s.ParentID)
			}
		}
	})
}
