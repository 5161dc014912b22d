// mqttkafka serves /mqtt5 (paho.golang), /mqtt3 (paho.mqtt.golang),
// /kafkago (segmentio/kafka-go) and /sarama (IBM/sarama). Each handler
// publishes or produces with the request's context and from a goroutine
// without it, and waits (bounded) until its consumer has the messages: the
// MQTT handlers subscribe themselves against Mosquitto on 127.0.0.1:1883,
// the Kafka ones are read by consumers main starts before any request,
// against a Kafka cluster (franz-go's kfake, the real wire protocol)
// started in this process. Failures: a publish on a closed client, a
// cancelled fetch, a broker that is down, a message too large, a record
// with a malformed traceparent written by a path gotel does not weave.
// Message callbacks make an HTTP request without a context (/noop). main
// requests each path once, prints what the handlers answered and exits, so
// the plain and the instrumented builds can be compared line by line.
//
// MODE=produce5/consume5 (MQTT 5) and produce-kafka/consume-kafka
// (kafka-go, BROKER=host:port of a cluster MODE=cluster serves) run one
// side of a cross-process exchange instead.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/IBM/sarama"
	"github.com/eclipse/paho.golang/packets"
	"github.com/eclipse/paho.golang/paho"
	mqtt "github.com/eclipse/paho.mqtt.golang"
	"github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kfake"
)

const mqttAddr = "127.0.0.1:1883"

var (
	stamp   = os.Getenv("STAMP")
	selfURL string
	broker  string
)

// out collects a handler's results, one per line.
type out struct{ b strings.Builder }

func (o *out) add(what string, v any, err any) { fmt.Fprintf(&o.b, "%s: %v err=%v\n", what, v, err) }

func cancelled(ctx context.Context) context.Context {
	c, cancel := context.WithCancel(ctx)
	cancel()
	return c
}

// noop is a call without a context, made inside message callbacks: its
// client span's parent is the callback's process span, via the goroutine.
func noop() {
	resp, err := http.Get(selfURL + "/noop")
	if err == nil {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

// collect waits (at most 20s) for n strings from ch and returns them sorted.
func collect(ch <-chan string, n int) []string {
	var got []string
	deadline := time.After(20 * time.Second)
	for len(got) < n {
		select {
		case s := <-ch:
			got = append(got, s)
		case <-deadline:
			sort.Strings(got)
			return append(got, "TIMEOUT")
		}
	}
	sort.Strings(got)
	return got
}

func errName(err error) string {
	switch {
	case err == nil:
		return "nil"
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.Is(err, context.DeadlineExceeded):
		return "deadline"
	}
	return fmt.Sprintf("%T", err)
}

// mqtt5Client connects a paho.golang client whose callback sends each
// payload (and its "app" user property) to got.
func mqtt5Client(ctx context.Context, id string, got chan<- string) (*paho.Client, error) {
	conn, err := net.Dial("tcp", mqttAddr)
	if err != nil {
		return nil, err
	}
	c := paho.NewClient(paho.ClientConfig{
		Conn: conn,
		OnPublishReceived: []func(paho.PublishReceived) (bool, error){func(pr paho.PublishReceived) (bool, error) {
			noop()
			app := ""
			if pr.Packet.Properties != nil {
				app = pr.Packet.Properties.User.Get("app")
			}
			got <- string(pr.Packet.Payload) + " app=" + app
			return true, nil
		}},
	})
	if _, err := c.Connect(ctx, &paho.Connect{KeepAlive: 30, CleanStart: true, ClientID: id}); err != nil {
		return nil, err
	}
	return c, nil
}

func mqtt5Handler(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	o := &out{}
	topic := stamp + "/mqtt5"
	got := make(chan string, 16)
	c, err := mqtt5Client(ctx, stamp+"-m5", got)
	if err != nil {
		http.Error(w, err.Error(), 500)
		return
	}
	_, err = c.Subscribe(ctx, &paho.Subscribe{Subscriptions: []paho.SubscribeOptions{{Topic: topic, QoS: 1}}})
	o.add("subscribe", "", err)
	user := make(paho.UserProperties, 1, 4) // spare capacity gotel must not write into
	user[0] = paho.UserProperty{Key: "app", Value: "m5"}
	p := &paho.Publish{Topic: topic, QoS: 1, Payload: []byte("m5-ctx"), Properties: &paho.PublishProperties{User: user}}
	_, err = c.Publish(ctx, p)
	o.add("publish", fmt.Sprint(len(p.Properties.User), cap(p.Properties.User), user[:cap(user)]), err)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // no context: the span's parent comes from the goroutine
		defer wg.Done()
		_, err := c.Publish(context.Background(), &paho.Publish{Topic: topic, QoS: 0, Payload: []byte("m5-goroutine")})
		o.add("publish from a goroutine", "", err)
	}()
	wg.Wait()
	o.add("raw publish, malformed traceparent", "", rawPublish5(topic, "m5-malformed", "00-zzzz-not-a-trace-01"))
	o.add("received", collect(got, 3), nil)
	c.Disconnect(&paho.Disconnect{ReasonCode: 0})
	_, err = c.Publish(ctx, &paho.Publish{Topic: topic, QoS: 1, Payload: []byte("m5-closed")})
	o.add("publish on a closed client", "", err != nil)
	io.WriteString(w, o.b.String())
}

// rawPublish5 writes an MQTT 5 PUBLISH with a traceparent user property
// straight onto a connection (packets, not the client, which gotel
// weaves), as a foreign producer would.
func rawPublish5(topic, payload, traceparent string) error {
	conn, err := net.Dial("tcp", mqttAddr)
	if err != nil {
		return err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	cp := &packets.Connect{ProtocolName: "MQTT", ProtocolVersion: 5, ClientID: stamp + "-raw", CleanStart: true, KeepAlive: 30}
	if _, err := cp.WriteTo(conn); err != nil {
		return err
	}
	if _, err := packets.ReadPacket(conn); err != nil {
		return err
	}
	pb := &packets.Publish{Topic: topic, QoS: 1, PacketID: 1, Payload: []byte(payload),
		Properties: &packets.Properties{User: []packets.User{{Key: "traceparent", Value: traceparent}, {Key: "app", Value: "raw"}}}}
	if _, err := pb.WriteTo(conn); err != nil {
		return err
	}
	_, err = packets.ReadPacket(conn) // PUBACK
	return err
}

func mqtt3Handler(w http.ResponseWriter, r *http.Request) {
	o := &out{}
	topic := stamp + "/mqtt3"
	got := make(chan string, 16)
	opts := mqtt.NewClientOptions().AddBroker("tcp://" + mqttAddr).SetClientID(stamp + "-m3").SetAutoReconnect(false)
	c := mqtt.NewClient(opts)
	t := c.Connect()
	if !t.WaitTimeout(10*time.Second) || t.Error() != nil {
		http.Error(w, fmt.Sprint("connect: ", t.Error()), 500)
		return
	}
	t = c.Subscribe(topic, 1, func(_ mqtt.Client, m mqtt.Message) {
		noop()
		got <- string(m.Payload())
	})
	o.add("subscribe", t.WaitTimeout(10*time.Second), t.Error())
	t = c.Publish(topic, 1, false, "m3-request")
	o.add("publish", t.WaitTimeout(10*time.Second), t.Error())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := c.Publish(topic, 0, false, []byte("m3-goroutine"))
		o.add("publish from a goroutine", t.WaitTimeout(10*time.Second), t.Error())
	}()
	wg.Wait()
	o.add("bad payload", "", c.Publish(topic, 0, false, 42).Error())
	o.add("received", collect(got, 2), nil)
	c.Disconnect(100)
	t = c.Publish(topic, 1, false, "m3-disconnected")
	o.add("publish disconnected", t.WaitTimeout(time.Second), t.Error())
	io.WriteString(w, o.b.String())
}

// Kafka topics, and what the consumers main starts have read.
var (
	kgTopic, saTopic string
	kgGot            = make(chan string, 64)
	saGot            = make(chan string, 64)
)

func headerApp(hs []kafka.Header) string {
	for _, h := range hs {
		if h.Key == "app" {
			return string(h.Value)
		}
	}
	return ""
}

// kafkagoConsumer reads kgTopic in group "kg" (ReadMessage commits) from
// a goroutine main starts: no span of its own, so each receive continues
// its producer's trace.
func kafkagoConsumer() {
	rd := kafka.NewReader(kafka.ReaderConfig{Brokers: []string{broker}, Topic: kgTopic, GroupID: "kg",
		StartOffset: kafka.FirstOffset, MaxWait: 100 * time.Millisecond})
	for {
		m, err := rd.ReadMessage(context.Background())
		if err != nil {
			return
		}
		kgGot <- string(m.Value) + " app=" + headerApp(m.Headers)
	}
}

func kafkagoHandler(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	o := &out{}
	wr := &kafka.Writer{Addr: kafka.TCP(broker), Topic: kgTopic, BatchTimeout: 10 * time.Millisecond}
	defer wr.Close()
	hs := make([]kafka.Header, 1, 4) // spare capacity gotel must not write into
	hs[0] = kafka.Header{Key: "app", Value: []byte("kg")}
	msgs := []kafka.Message{{Value: []byte("kg-request"), Headers: hs}}
	err := wr.WriteMessages(ctx, msgs...)
	o.add("write", fmt.Sprint(len(msgs[0].Headers), hs[:cap(hs)]), err)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		err := wr.WriteMessages(context.Background(),
			kafka.Message{Value: []byte("kg-batch-0")}, kafka.Message{Value: []byte("kg-batch-1")}, kafka.Message{Value: []byte("kg-batch-2")})
		o.add("batch from a goroutine", "", err)
	}()
	wg.Wait()
	// A record written on a plain connection (not woven) with a malformed
	// traceparent: its receive starts a new trace.
	conn, err := kafka.DialLeader(ctx, "tcp", broker, kgTopic, 0)
	if err == nil {
		_, err = conn.WriteMessages(kafka.Message{Value: []byte("kg-malformed"),
			Headers: []kafka.Header{{Key: "traceparent", Value: []byte("00-nope-01")}, {Key: "app", Value: []byte("raw")}}})
		conn.Close()
	}
	o.add("raw write, malformed traceparent", "", err)
	o.add("received", collect(kgGot, 5), nil)

	// A receive under the request: its parent is the request's span.
	rd := kafka.NewReader(kafka.ReaderConfig{Brokers: []string{broker}, Topic: kgTopic, Partition: 0, MaxWait: 100 * time.Millisecond})
	rctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	m, err := rd.FetchMessage(rctx)
	cancel()
	o.add("fetch under the request", string(m.Value), err)
	rd.Close()
	// From the end of the partition: nothing to read, so the cancelled
	// context alone decides.
	rd = kafka.NewReader(kafka.ReaderConfig{Brokers: []string{broker}, Topic: kgTopic, Partition: 0, StartOffset: kafka.LastOffset})
	_, err = rd.FetchMessage(cancelled(ctx))
	o.add("fetch cancelled", "", errName(err))
	rd.Close()

	down := &kafka.Writer{Addr: kafka.TCP(downAddr()), Topic: kgTopic, MaxAttempts: 1}
	dctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	err = down.WriteMessages(dctx, kafka.Message{Value: []byte("kg-down")})
	cancel()
	down.Close()
	o.add("write to a broker that is down", "", err != nil)
	io.WriteString(w, o.b.String())
}

// downAddr is a loopback address nothing listens on.
func downAddr() string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "127.0.0.1:1"
	}
	a := ln.Addr().String()
	ln.Close()
	return a
}

func saramaConfig() *sarama.Config {
	cfg := sarama.NewConfig()
	cfg.Version = sarama.V2_8_0_0
	cfg.Producer.Return.Successes = true
	cfg.Producer.MaxMessageBytes = 1000
	cfg.Consumer.Offsets.Initial = sarama.OffsetOldest
	cfg.Metadata.Retry.Max = 1
	cfg.Metadata.Retry.Backoff = 50 * time.Millisecond
	return cfg
}

type groupHandler struct{}

func (groupHandler) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (groupHandler) Cleanup(sarama.ConsumerGroupSession) error { return nil }
func (groupHandler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for m := range claim.Messages() {
		app := ""
		for _, h := range m.Headers {
			if string(h.Key) == "app" {
				app = string(h.Value)
			}
		}
		saGot <- string(m.Value) + " app=" + app
		sess.MarkMessage(m, "")
	}
	return nil
}

// saramaConsumer consumes saTopic in group "sa" from a goroutine main
// starts.
func saramaConsumer() {
	g, err := sarama.NewConsumerGroup([]string{broker}, "sa", saramaConfig())
	if err != nil {
		fmt.Fprintln(os.Stderr, "consumer group:", err)
		return
	}
	for {
		if err := g.Consume(context.Background(), []string{saTopic}, groupHandler{}); err != nil {
			return
		}
	}
}

func saramaHandler(w http.ResponseWriter, r *http.Request) {
	o := &out{}
	sp, err := sarama.NewSyncProducer([]string{broker}, saramaConfig())
	if err != nil {
		http.Error(w, err.Error(), 500)
		return
	}
	hs := make([]sarama.RecordHeader, 1, 4)
	hs[0] = sarama.RecordHeader{Key: []byte("app"), Value: []byte("sa")}
	msg := &sarama.ProducerMessage{Topic: saTopic, Value: sarama.StringEncoder("sa-sync"), Headers: hs}
	part, _, err := sp.SendMessage(msg)
	o.add("send", fmt.Sprint(part, " ", len(hs), string(hs[0].Key)), err)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		err := sp.SendMessages([]*sarama.ProducerMessage{
			{Topic: saTopic, Value: sarama.StringEncoder("sa-batch-0")},
			{Topic: saTopic, Value: sarama.StringEncoder("sa-batch-1")},
		})
		o.add("batch from a goroutine", "", err)
	}()
	wg.Wait()
	_, _, err = sp.SendMessage(&sarama.ProducerMessage{Topic: saTopic, Value: sarama.ByteEncoder(make([]byte, 2000))})
	o.add("too large", "", errName(err))
	sp.Close()

	ap, err := sarama.NewAsyncProducer([]string{broker}, saramaConfig())
	if err == nil {
		ap.Input() <- &sarama.ProducerMessage{Topic: saTopic, Value: sarama.StringEncoder("sa-async")}
		select {
		case <-ap.Successes():
			o.add("async", "ok", nil)
		case e := <-ap.Errors():
			o.add("async", "", e.Err)
		case <-time.After(20 * time.Second):
			o.add("async", "TIMEOUT", nil)
		}
		ap.Close()
	}
	o.add("received", collect(saGot, 4), nil)

	_, err = sarama.NewSyncProducer([]string{downAddr()}, saramaConfig())
	o.add("producer for a broker that is down", "", err != nil)
	io.WriteString(w, o.b.String())
}

func main() {
	switch os.Getenv("MODE") {
	case "":
	default:
		os.Exit(crossProcess(os.Getenv("MODE")))
	}
	kgTopic, saTopic = stamp+"-kg", stamp+"-sa"
	cluster, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(1, kgTopic, saTopic))
	if err != nil {
		fmt.Println("kafka cluster:", err)
		os.Exit(1)
	}
	defer cluster.Close()
	broker = cluster.ListenAddrs()[0]
	go kafkagoConsumer()
	go saramaConsumer()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	selfURL = "http://" + ln.Addr().String()
	mux := http.NewServeMux()
	mux.HandleFunc("/noop", func(http.ResponseWriter, *http.Request) {})
	mux.HandleFunc("/mqtt5", mqtt5Handler)
	mux.HandleFunc("/mqtt3", mqtt3Handler)
	mux.HandleFunc("/kafkago", kafkagoHandler)
	mux.HandleFunc("/sarama", saramaHandler)
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	client := &http.Client{Timeout: 90 * time.Second}
	for _, p := range []string{"/mqtt5", "/mqtt3", "/kafkago", "/sarama"} {
		resp, err := client.Get(selfURL + p)
		if err != nil {
			fmt.Println("==", p, err)
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Println("==", p, resp.StatusCode)
		fmt.Print(string(body))
	}
	srv.Close()
}
