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

// TestLibMQTTKafka builds testdata/mqttkafka_low (paho.golang,
// paho.mqtt.golang, kafka-go and sarama at the lowest versions gotel
// supports) and mqttkafka_new (the newest) plainly and with gotel, runs
// both against Mosquitto and an in-process Kafka cluster (kfake, the real
// wire protocol), and checks that the outputs are equal and the spans and
// metrics: producer spans under the request's span (through the context
// and through a goroutine), consumer spans in the producer's trace where
// the protocol carries headers (MQTT 5 user properties, Kafka record
// headers), new traces for MQTT 3.1.1 and for a malformed traceparent,
// the program's calls inside callbacks as children of the process span,
// errors recorded; with mqttkafka_new, a producer and a consumer in two
// processes give one trace.
func TestLibMQTTKafka(t *testing.T) {
	t.Parallel()
	needService(t, "Mosquitto", "127.0.0.1:1883")
	for _, name := range []string{"mqttkafka_low", "mqttkafka_new"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			testMQTTKafkaProgram(t, name)
		})
	}
}

// mkStamp is unique per run: topics and client ids start with it.
func mkStamp(what string) string {
	return fmt.Sprintf("gotel%s%d%d", what, os.Getpid(), time.Now().UnixNano()%1e9)
}

func testMQTTKafkaProgram(t *testing.T, name string) {
	inst := libProgram(t, name)
	if name == "mqttkafka_new" {
		t.Run("cross-process", func(t *testing.T) { crossProcess(t, inst) })
	}
	dir := filepath.Dir(inst)
	stamp := mkStamp("p")
	pr := plainRun(t, dir, "main", []string{"STAMP=" + stamp})
	if pr.code != 0 {
		t.Fatalf("plain run failed (%d): %s\n%s", pr.code, pr.stdout, pr.stderr)
	}
	for _, line := range strings.Split(pr.stdout, "\n") {
		if strings.HasPrefix(line, "== ") && !strings.HasSuffix(line, " 200") || strings.Contains(line, "TIMEOUT") {
			t.Fatalf("the plain program failed: %s\n%s", line, pr.stdout)
		}
	}
	c := startCollector(t)
	ir := run(t, dir, programEnv(c, "mqttkafka", "STAMP="+stamp, "OTEL_METRICS_EXPORTER=otlp",
		"OTEL_METRIC_EXPORT_INTERVAL=100"), inst)
	if ir.code != 0 {
		t.Fatalf("instrumented run failed (%d): %s", ir.code, ir.stderr)
	}
	if ir.stdout != pr.stdout {
		t.Errorf("output differs:\nplain:\n%s\ninstrumented:\n%s", pr.stdout, ir.stdout)
	}
	// Every span is exported by the time the program has exited; wait for
	// the last consumer span to be sure the receiver has them all.
	c.r.WaitForSpans(t, 4, func(s otlpreceiver.Span) bool { return s.Name() == "process "+stamp+"-sa" })
	links := map[string][]string{} // span id -> linked span ids
	for _, s := range c.r.Spans() {
		for _, l := range s.Proto.GetLinks() {
			links[s.SpanID()] = append(links[s.SpanID()], hex.EncodeToString(l.GetSpanId()))
		}
	}
	server := func(path string) span {
		return c.waitSpan(t, func(s span) bool { return s.Kind == "server" && s.Attrs["url.path"] == path })
	}
	byID := map[string]span{}
	for _, s := range c.spans() {
		byID[s.SpanID] = s
	}
	named := func(scope, n string) []span {
		return c.spansWhere(func(s span) bool { return s.Scope == "gotel.dev/instrumentation/"+scope && s.Name == n })
	}
	// noopChild checks that the program's HTTP call inside a callback is a
	// child of its process span (through the goroutine).
	noopChild := func(t *testing.T, p span) {
		t.Helper()
		if len(c.spansWhere(func(s span) bool { return s.ParentID == p.SpanID && s.Kind == "client" })) != 1 {
			t.Errorf("process span %s has no client span child (the callback's HTTP call)", p.SpanID)
		}
	}
	attrsWant := func(t *testing.T, s span, want map[string]string) {
		t.Helper()
		for k, v := range want {
			if s.Attrs[k] != v {
				t.Errorf("span %q: %s = %q, want %q (all: %v)", s.Name, k, s.Attrs[k], v, s.Attrs)
			}
		}
	}
	ok := func(s span) bool { return s.Status != statusError && s.Attrs["error.type"] == "" }

	t.Run("mqtt5", func(t *testing.T) {
		srv := server("/mqtt5")
		topic := stamp + "/mqtt5"
		pubs := named("pahomqtt5", "publish "+topic)
		procs := named("pahomqtt5", "process "+topic)
		if len(pubs) != 3 || len(procs) != 3 {
			t.Fatalf("%d publish and %d process spans, want 3 and 3", len(pubs), len(procs))
		}
		var good []span
		for _, p := range pubs {
			attrsWant(t, p, map[string]string{"messaging.system": "mqtt", "messaging.operation.type": "send",
				"messaging.operation.name": "publish", "messaging.destination.name": topic})
			if p.Kind != "producer" || p.ParentID != srv.SpanID {
				t.Errorf("publish span: kind %s, parent %s (want producer under %s)", p.Kind, p.ParentID, srv.SpanID)
			}
			if ok(p) {
				good = append(good, p)
				attrsWant(t, p, map[string]string{"server.address": "127.0.0.1", "server.port": "1883"})
			} else if p.Attrs["error.type"] == "" {
				t.Errorf("failed publish without error.type: %v", p.Attrs)
			}
		}
		if len(good) != 2 {
			t.Fatalf("%d successful publish spans, want 2 (one failed on the closed client)", len(good))
		}
		sizes := map[string]bool{}
		for _, g := range good {
			sizes[g.Attrs["messaging.message.body.size"]+"/"+g.Attrs["messaging.mqtt.qos"]] = true
			var kids []span
			for _, p := range procs {
				if p.ParentID == g.SpanID {
					kids = append(kids, p)
				}
			}
			if len(kids) != 1 || kids[0].TraceID != g.TraceID || kids[0].Kind != "consumer" {
				t.Errorf("publish %s: process children %+v, want one consumer span in its trace", g.SpanID, kids)
				continue
			}
			noopChild(t, kids[0])
		}
		if !sizes["6/1"] || !sizes["12/0"] {
			t.Errorf("publish body size/qos %v, want 6/1 and 12/0", sizes)
		}
		var roots []span
		for _, p := range procs {
			if p.ParentID == "" || byID[p.ParentID].Scope != "gotel.dev/instrumentation/pahomqtt5" {
				roots = append(roots, p)
			}
		}
		if len(roots) != 1 || roots[0].ParentID != "" || roots[0].TraceID == srv.TraceID {
			t.Errorf("malformed traceparent: process spans outside a publisher's trace %+v, want one root", roots)
		} else {
			noopChild(t, roots[0])
		}
	})

	t.Run("mqtt3", func(t *testing.T) {
		srv := server("/mqtt3")
		topic := stamp + "/mqtt3"
		pubs := named("pahomqtt", "publish "+topic)
		procs := named("pahomqtt", "process "+topic)
		if len(pubs) != 4 || len(procs) != 2 {
			t.Fatalf("%d publish and %d process spans, want 4 and 2", len(pubs), len(procs))
		}
		errs := map[string]int{}
		for _, p := range pubs {
			if p.Kind != "producer" || p.ParentID != srv.SpanID || p.Attrs["messaging.system"] != "mqtt" ||
				p.Attrs["server.address"] != "127.0.0.1" || p.Attrs["server.port"] != "1883" {
				t.Errorf("publish span: kind %s parent %s attrs %v", p.Kind, p.ParentID, p.Attrs)
			}
			errs[p.Attrs["error.type"]]++
		}
		if errs[""] != 2 || errs["*errors.errorString"] != 2 {
			t.Errorf("publish error types %v, want two without and two *errors.errorString (bad payload, not connected)", errs)
		}
		for _, p := range procs {
			// MQTT 3.1.1 carries no trace context: each message starts a trace.
			if p.Kind != "consumer" || p.ParentID != "" || p.TraceID == srv.TraceID {
				t.Errorf("process span: kind %s parent %q (want a consumer root)", p.Kind, p.ParentID)
			}
			noopChild(t, p)
		}
	})

	t.Run("kafkago", func(t *testing.T) {
		srv := server("/kafkago")
		topic := stamp + "-kg"
		sends := named("kafkago", "send "+topic)
		recvs := named("kafkago", "receive "+topic)
		commits := named("kafkago", "commit "+topic)
		if len(sends) != 3 || len(recvs) != 7 || len(commits) != 5 {
			t.Fatalf("%d send, %d receive, %d commit spans; want 3, 7, 5", len(sends), len(recvs), len(commits))
		}
		var single, batch span
		for _, s := range sends {
			if s.Kind != "producer" || s.ParentID != srv.SpanID || s.Attrs["messaging.system"] != "kafka" {
				t.Errorf("send span: kind %s parent %s attrs %v", s.Kind, s.ParentID, s.Attrs)
			}
			switch {
			case !ok(s):
				// the broker that is down
			case s.Attrs["messaging.batch.message_count"] == "3":
				batch = s
			case s.Attrs["messaging.message.body.size"] == "10":
				single = s
				attrsWant(t, s, map[string]string{"server.address": "127.0.0.1"})
			}
		}
		if single.SpanID == "" || batch.SpanID == "" {
			t.Fatalf("no single (body size 10) or batch (3) send span among %+v", sends)
		}
		fromProducer := map[string]int{}
		var root, underRequest, cancelled int
		for _, r := range recvs {
			if r.Kind != "client" || r.Attrs["messaging.operation.type"] != "receive" {
				t.Errorf("receive span kind %s attrs %v", r.Kind, r.Attrs)
			}
			switch {
			case !ok(r):
				cancelled++
				if r.Attrs["error.type"] != "context.Canceled" || r.ParentID != srv.SpanID {
					t.Errorf("cancelled fetch: %v parent %s", r.Attrs, r.ParentID)
				}
			case r.ParentID == srv.SpanID:
				underRequest++
				if l := links[r.SpanID]; len(l) != 1 || l[0] != single.SpanID {
					t.Errorf("receive under the request links to %v, want the producer %s", l, single.SpanID)
				}
			case r.ParentID == single.SpanID || r.ParentID == batch.SpanID:
				fromProducer[r.ParentID]++
				attrsWant(t, r, map[string]string{"messaging.consumer.group.name": "kg", "messaging.destination.partition.id": "0"})
				if r.Attrs["messaging.kafka.offset"] == "" || byID[r.ParentID].TraceID != r.TraceID {
					t.Errorf("receive span %v not in its producer's trace or without offset", r.Attrs)
				}
				if l := links[r.SpanID]; len(l) != 1 || l[0] != r.ParentID {
					t.Errorf("receive links %v, want its producer %s", l, r.ParentID)
				}
			case r.ParentID == "":
				root++
			default:
				t.Errorf("receive span with parent %s (%q)", r.ParentID, byID[r.ParentID].Name)
			}
		}
		if fromProducer[single.SpanID] != 1 || fromProducer[batch.SpanID] != 3 || root != 1 || underRequest != 1 || cancelled != 1 {
			t.Errorf("receives: from producers %v, roots %d (malformed), under the request %d, cancelled %d; want 1+3, 1, 1, 1",
				fromProducer, root, underRequest, cancelled)
		}
		for _, cm := range commits {
			if cm.Kind != "client" || cm.Attrs["messaging.operation.type"] != "settle" || cm.Attrs["messaging.consumer.group.name"] != "kg" {
				t.Errorf("commit span kind %s attrs %v", cm.Kind, cm.Attrs)
			}
		}
	})

	t.Run("sarama", func(t *testing.T) {
		srv := server("/sarama")
		topic := stamp + "-sa"
		sends := named("sarama", "send "+topic)
		procs := named("sarama", "process "+topic)
		if len(sends) != 5 || len(procs) != 4 {
			t.Fatalf("%d send and %d process spans, want 5 and 4", len(sends), len(procs))
		}
		good := map[string]span{}
		for _, s := range sends {
			if s.Kind != "producer" || s.ParentID != srv.SpanID || s.Attrs["messaging.system"] != "kafka" {
				t.Errorf("send span: kind %s parent %s attrs %v", s.Kind, s.ParentID, s.Attrs)
			}
			if ok(s) {
				good[s.SpanID] = s
				attrsWant(t, s, map[string]string{"messaging.destination.partition.id": "0"})
			} else if s.Attrs["error.type"] != "sarama.ConfigurationError" {
				t.Errorf("failed send: error.type %q, want sarama.ConfigurationError", s.Attrs["error.type"])
			}
		}
		if len(good) != 4 {
			t.Fatalf("%d delivered send spans, want 4", len(good))
		}
		for _, p := range procs {
			pr, found := good[p.ParentID]
			if p.Kind != "consumer" || !found || pr.TraceID != p.TraceID {
				t.Errorf("process span: kind %s parent %s, want a consumer child of a send span", p.Kind, p.ParentID)
				continue
			}
			delete(good, p.ParentID)
			if p.Attrs["messaging.kafka.offset"] != pr.Attrs["messaging.kafka.offset"] || p.Attrs["messaging.message.body.size"] != pr.Attrs["messaging.message.body.size"] {
				t.Errorf("process %v and send %v disagree on offset or body size", p.Attrs, pr.Attrs)
			}
		}
	})

	t.Run("metrics", func(t *testing.T) {
		for _, w := range []struct{ scope, name, typ string }{
			{"kafkago", "messaging.client.operation.duration", "histogram"},
			{"kafkago", "messaging.client.sent.messages", "sum"},
			{"kafkago", "messaging.client.consumed.messages", "sum"},
			{"sarama", "messaging.process.duration", "histogram"},
			{"pahomqtt5", "messaging.process.duration", "histogram"},
			{"pahomqtt", "messaging.client.sent.messages", "sum"},
		} {
			m := c.r.WaitForMetric(t, func(m otlpreceiver.Metric) bool {
				return m.Name() == w.name && m.Scope == "gotel.dev/instrumentation/"+w.scope
			})
			if m.Type() != w.typ {
				t.Errorf("%s %s: type %s", w.scope, w.name, m.Type())
			}
			found := false
			for _, dp := range m.DataPoints() {
				if dp.Attrs["messaging.system"] != nil && (dp.Count > 0 || dp.Value > 0) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s %s: no data point with messaging.system: %+v", w.scope, w.name, m.DataPoints())
			}
		}
		m := c.r.WaitForMetric(t, func(m otlpreceiver.Metric) bool {
			return m.Name() == "messaging.client.sent.messages" && m.Scope == "gotel.dev/instrumentation/kafkago"
		})
		var sent float64
		for _, dp := range m.DataPoints() {
			if dp.Attrs["error.type"] == nil {
				sent += dp.Value
			}
		}
		if sent != 4 {
			t.Errorf("kafkago sent messages %v, want 4 (one, then a batch of three)", sent)
		}
	})
}

// crossProcess runs a producer and a consumer as two gotel-built
// processes: MQTT 5 through Mosquitto, Kafka through the producer's
// in-process cluster. The consumer's span must be a child of the
// producer's, in its trace.
func crossProcess(t *testing.T, inst string) {
	dir := filepath.Dir(inst)
	t.Run("mqtt5", func(t *testing.T) {
		t.Parallel()
		stamp := mkStamp("x")
		c := startCollector(t)
		cons := start(t, inst, programEnv(c, "consumer", "MODE=consume5", "STAMP="+stamp))
		cons.listenAddr(t)
		if r := run(t, dir, programEnv(c, "producer", "MODE=produce5", "STAMP="+stamp), inst); r.code != 0 {
			t.Fatalf("producer failed (%d): %s %s", r.code, r.stdout, r.stderr)
		}
		if ws := cons.wait(t); ws.ExitStatus() != 0 {
			t.Fatalf("consumer failed: %s", cons.Stderr())
		}
		pub := c.waitSpan(t, func(s span) bool { return s.Name == "publish "+stamp+"/x5" })
		proc := c.waitSpan(t, func(s span) bool { return s.Name == "process "+stamp+"/x5" })
		if pub.Resource["service.name"] != "producer" || proc.Resource["service.name"] != "consumer" {
			t.Errorf("services %q and %q", pub.Resource["service.name"], proc.Resource["service.name"])
		}
		if proc.TraceID != pub.TraceID || proc.ParentID != pub.SpanID {
			t.Errorf("consumer span %s/%s parent %s, want a child of the producer's %s/%s", proc.TraceID, proc.SpanID, proc.ParentID, pub.TraceID, pub.SpanID)
		}
	})
	t.Run("kafka", func(t *testing.T) {
		t.Parallel()
		stamp := mkStamp("x")
		c := startCollector(t)
		prod := start(t, inst, programEnv(c, "producer", "MODE=produce-kafka", "STAMP="+stamp))
		brokerAddr := prod.listenAddr(t)
		r := run(t, dir, programEnv(c, "consumer", "MODE=consume-kafka", "STAMP="+stamp, "BROKER="+brokerAddr), inst)
		if r.code != 0 || !strings.Contains(r.stdout, "received x-kafka <nil>") {
			t.Fatalf("consumer failed (%d): %s %s", r.code, r.stdout, r.stderr)
		}
		prod.terminate(t)
		send := c.waitSpan(t, func(s span) bool { return s.Name == "send "+stamp+"-x" })
		recv := c.waitSpan(t, func(s span) bool { return s.Name == "receive "+stamp+"-x" })
		if send.Resource["service.name"] != "producer" || recv.Resource["service.name"] != "consumer" {
			t.Errorf("services %q and %q", send.Resource["service.name"], recv.Resource["service.name"])
		}
		if recv.TraceID != send.TraceID || recv.ParentID != send.SpanID {
			t.Errorf("receive span parent %s trace %s, want a child of the send span %s in %s", recv.ParentID, recv.TraceID, send.SpanID, send.TraceID)
		}
	})
}
