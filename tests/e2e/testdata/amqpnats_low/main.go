// amqpnats exercises amqp091-go (RabbitMQ) and nats.go (core and
// JetStream) against the machine's servers. Without MODE it serves
// /rabbit and /nats, requests each once, prints what the handlers answered
// and exits, so that the plain and the instrumented build can be compared
// line by line. MODE=produce and MODE=consume split one message per broker
// between two processes (the cross-process trace); MALFORMED=1 makes the
// producer put a malformed traceparent in its headers (a plain build's
// reaches the consumer as is). Names start with $STAMP (unique per run).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	amqp "github.com/rabbitmq/amqp091-go"
)

const (
	amqpURL = "amqp://guest:guest@127.0.0.1:5672/"
	natsURL = "nats://127.0.0.1:4222"
	badTP   = "00-zzzz-not-a-trace-01"
)

var stamp = os.Getenv("STAMP")

type out struct {
	mu sync.Mutex
	b  strings.Builder
}

func (o *out) add(what string, v any, err any) {
	o.mu.Lock()
	defer o.mu.Unlock()
	fmt.Fprintf(&o.b, "%s: %v err=%v\n", what, v, err)
}

func cancelled(ctx context.Context) context.Context {
	c, cancel := context.WithCancel(ctx)
	cancel()
	return c
}

// errName hides an error's text where it holds run-specific values.
func errName(err error) string {
	if err == nil {
		return "<nil>"
	}
	return fmt.Sprintf("%T", err)
}

func rabbitHandler(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	o := &out{}
	defer func() { io.WriteString(w, o.b.String()) }()
	conn, err := amqp.Dial(amqpURL)
	o.add("dial", conn != nil, err)
	if err != nil {
		return
	}
	defer conn.Close()
	ch, err := conn.Channel()
	o.add("channel", ch != nil, err)
	if err != nil {
		return
	}
	q := stamp + ".rq"
	ex := stamp + ".ex"
	_, err = ch.QueueDeclare(q, false, true, false, false, nil)
	o.add("declare queue", q == stamp+".rq", err)
	o.add("declare exchange", ex != "", ch.ExchangeDeclare(ex, "direct", false, true, false, false, nil))
	o.add("bind", true, ch.QueueBind(q, "k", ex, false, nil))

	// The program's own headers: the instrumented publish must not add to them.
	h := amqp.Table{"app": "x"}
	err = ch.PublishWithContext(ctx, "", q, false, false, amqp.Publishing{Headers: h, MessageId: "m1", Body: []byte("one")})
	o.add("publish default exchange", len(h), err)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // no context: the span's parent comes from the goroutine
		defer wg.Done()
		err := ch.Publish(ex, "k", false, false, amqp.Publishing{Body: []byte("two")})
		o.add("publish from goroutine", "ex", err)
	}()
	wg.Wait()

	msgs, err := ch.ConsumeWithContext(ctx, q, "", false, false, false, false, nil)
	o.add("consume", msgs != nil, err)
	if err == nil {
		for i := 0; i < 2; i++ {
			select {
			case d := <-msgs:
				if i == 0 {
					// No context: under gotel, a child of the delivery's
					// process span through the goroutine (the queue does not
					// exist, so the broker drops the message).
					o.add("publish while handling", "", ch.Publish("", stamp+".void", false, false, amqp.Publishing{Body: d.Body}))
				}
				o.add("delivery", string(d.Body)+" "+strings.TrimPrefix(d.Exchange, stamp)+" "+strings.TrimPrefix(d.RoutingKey, stamp), d.Ack(false))
			case <-time.After(10 * time.Second):
				o.add("delivery", "timeout", nil)
			}
		}
	}
	// Get on a second channel (the consumer would take the message).
	ch2, err := conn.Channel()
	if err == nil {
		q2 := stamp + ".rq2"
		_, err = ch2.QueueDeclare(q2, false, true, false, false, nil)
		o.add("declare queue 2", "", err)
		dc, err := ch2.PublishWithDeferredConfirmWithContext(ctx, "", q2, false, false, amqp.Publishing{Body: []byte("three")})
		o.add("publish deferred", dc == nil, err)
		var d amqp.Delivery
		ok := false
		for i := 0; i < 100 && !ok; i++ {
			d, ok, err = ch2.Get(q2, true)
			if !ok && err == nil {
				time.Sleep(20 * time.Millisecond) // the broker routes asynchronously
			}
		}
		o.add("get", string(d.Body), err)
		_, _, err = ch2.Get(q2, true)
		o.add("get empty", "", err)
	}
	// Failures.
	err = ch.PublishWithContext(cancelled(ctx), "", q, false, false, amqp.Publishing{Body: []byte("never")})
	o.add("publish cancelled", "", err)
	ch3, _ := conn.Channel()
	ch3.Close()
	err = ch3.Publish("", q, false, false, amqp.Publishing{Body: []byte("closed")})
	o.add("publish on closed channel", "", err)
	_, err = amqp.Dial("amqp://guest:guest@127.0.0.1:1/")
	o.add("dial down", "", errName(err))
}

func natsHandler(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	o := &out{}
	defer func() { io.WriteString(w, o.b.String()) }()
	nc, err := nats.Connect(natsURL)
	o.add("connect", nc != nil, err)
	if err != nil {
		return
	}
	defer nc.Close()
	wait := func(c chan string, what string) {
		select {
		case v := <-c:
			o.add(what, v, nil)
		case <-time.After(10 * time.Second):
			o.add(what, "timeout", nil)
		}
	}

	// Subscribe on a wildcard; the callback publishes without a context.
	got := make(chan string, 4)
	sub, err := nc.Subscribe(stamp+".sub.*", func(m *nats.Msg) {
		err := nc.Publish(stamp+".inner", []byte("from callback"))
		got <- string(m.Data) + " " + fmt.Sprint(err)
	})
	o.add("subscribe", sub != nil, err)
	o.add("publish", "", nc.Publish(stamp+".sub.a", []byte("one")))
	wait(got, "callback")

	// Queue group; the program's header map must stay as it was.
	qgot := make(chan string, 4)
	qs, err := nc.QueueSubscribe(stamp+".q", "workers", func(m *nats.Msg) { qgot <- string(m.Data) + " " + m.Header.Get("app") })
	o.add("queue subscribe", qs != nil, err)
	hm := nats.Header{"app": []string{"x"}}
	err = nc.PublishMsg(&nats.Msg{Subject: stamp + ".q", Header: hm, Data: []byte("two")})
	o.add("publish msg", len(hm), err)
	wait(qgot, "queue callback")

	// Request-reply.
	rs, err := nc.Subscribe(stamp+".svc", func(m *nats.Msg) { m.Respond([]byte(strings.ToUpper(string(m.Data)))) })
	o.add("responder", rs != nil, err)
	nc.Flush()
	rep, err := nc.RequestWithContext(ctx, stamp+".svc", []byte("hello"))
	if err == nil {
		o.add("request", string(rep.Data), err)
	} else {
		o.add("request", "", err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		rep, err := nc.Request(stamp+".svc", []byte("goroutine"), 5*time.Second)
		if err == nil {
			o.add("request from goroutine", string(rep.Data), err)
		} else {
			o.add("request from goroutine", "", err)
		}
	}()
	wg.Wait()

	// SubscribeSync and NextMsg.
	ss, err := nc.SubscribeSync(stamp + ".sync")
	o.add("subscribe sync", ss != nil, err)
	nc.Flush()
	o.add("publish sync", "", nc.Publish(stamp+".sync", []byte("three")))
	m, err := ss.NextMsg(5 * time.Second)
	if err == nil {
		o.add("next msg", string(m.Data), err)
	} else {
		o.add("next msg", "", err)
	}

	// A channel subscription: the message comes over the program's own
	// channel.
	cch := make(chan *nats.Msg, 4)
	chs, err := nc.ChanSubscribe(stamp+".chan", cch)
	o.add("chan subscribe", chs != nil, err)
	nc.Flush()
	o.add("publish chan", "", nc.Publish(stamp+".chan", []byte("six")))
	select {
	case m := <-cch:
		o.add("chan", string(m.Data), nil)
	case <-time.After(10 * time.Second):
		o.add("chan", "timeout", nil)
	}

	// Failures.
	_, err = nc.RequestWithContext(ctx, stamp+".nobody", []byte("x"))
	o.add("request no responders", "", err)
	_, err = nc.RequestWithContext(cancelled(ctx), stamp+".svc", []byte("x"))
	o.add("request cancelled", "", err)
	_, err = nats.Connect("nats://127.0.0.1:1", nats.Timeout(time.Second))
	o.add("connect down", "", errName(err))

	// JetStream.
	js, err := jetstream.New(nc)
	o.add("jetstream", js != nil, err)
	if err != nil {
		return
	}
	sname := strings.ReplaceAll(stamp, ".", "_") + "_S"
	stream, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: sname, Subjects: []string{stamp + ".js.>"}})
	o.add("create stream", stream != nil, err)
	if err != nil {
		return
	}
	defer js.DeleteStream(context.Background(), sname)
	ack, err := js.Publish(ctx, stamp+".js.a", []byte("four"), jetstream.WithMsgID("id-1"))
	if err == nil {
		o.add("js publish", ack.Sequence, err)
	} else {
		o.add("js publish", "", err)
	}
	cons, err := stream.CreateOrUpdateConsumer(ctx, jetstream.ConsumerConfig{Durable: "c1", AckPolicy: jetstream.AckExplicitPolicy})
	o.add("consumer", cons != nil, err)
	if err == nil {
		jgot := make(chan string, 4)
		cc, err := cons.Consume(func(m jetstream.Msg) {
			jgot <- string(m.Data()) + " " + fmt.Sprint(m.Ack())
		})
		o.add("consume", cc != nil, err)
		if err == nil {
			wait(jgot, "js callback")
			cc.Stop()
		}
	}
	ack, err = js.Publish(ctx, stamp+".js.b", []byte("five"))
	o.add("js publish 2", ack != nil, err)
	cons2, err := stream.CreateOrUpdateConsumer(ctx, jetstream.ConsumerConfig{Durable: "c2", AckPolicy: jetstream.AckExplicitPolicy, FilterSubject: stamp + ".js.b"})
	if err == nil {
		it, err := cons2.Messages()
		if err == nil {
			m, err := it.Next()
			if err == nil {
				o.add("messages next", string(m.Data()), m.Ack())
			} else {
				o.add("messages next", "", err)
			}
			it.Stop()
		}
	}
	// A pull batch: Fetch, then the consumer's Next (a fetch of one).
	for _, v := range []string{"seven", "eight", "nine"} {
		_, err = js.Publish(ctx, stamp+".js.c", []byte(v))
		o.add("js publish "+v, "", err)
	}
	cons3, err := stream.CreateOrUpdateConsumer(ctx, jetstream.ConsumerConfig{Durable: "c3", AckPolicy: jetstream.AckExplicitPolicy, FilterSubject: stamp + ".js.c"})
	if err == nil {
		batch, err := cons3.Fetch(2, jetstream.FetchMaxWait(5*time.Second))
		if err == nil {
			var got []string
			for m := range batch.Messages() {
				got = append(got, string(m.Data())+" "+fmt.Sprint(m.Ack()))
			}
			o.add("fetch", strings.Join(got, ","), batch.Error())
		} else {
			o.add("fetch", "", err)
		}
		m, err := cons3.Next(jetstream.FetchMaxWait(5 * time.Second))
		if err == nil {
			o.add("consumer next", string(m.Data()), m.Ack())
		} else {
			o.add("consumer next", "", err)
		}
	}
	_, err = js.Publish(ctx, stamp+".nostream", []byte("x"))
	o.add("js publish no stream", "", err)
}

// produce publishes one message per broker, as the first of two processes.
func produce() error {
	conn, err := amqp.Dial(amqpURL)
	if err != nil {
		return err
	}
	defer conn.Close()
	ch, err := conn.Channel()
	if err != nil {
		return err
	}
	q := stamp + ".xq"
	if _, err := ch.QueueDeclare(q, false, false, false, false, nil); err != nil {
		return err
	}
	var h amqp.Table
	if os.Getenv("MALFORMED") == "1" {
		h = amqp.Table{"traceparent": badTP}
	}
	if err := ch.PublishWithContext(context.Background(), "", q, false, false, amqp.Publishing{Headers: h, Body: []byte("cross")}); err != nil {
		return err
	}
	nc, err := nats.Connect(natsURL)
	if err != nil {
		return err
	}
	defer nc.Close()
	msg := &nats.Msg{Subject: stamp + ".xsvc", Data: []byte("cross")}
	if os.Getenv("MALFORMED") == "1" {
		msg.Header = nats.Header{"traceparent": []string{badTP}}
	}
	// The consumer may not have subscribed yet: retry while nobody answers.
	deadline := time.Now().Add(20 * time.Second)
	for {
		rep, err := nc.RequestMsg(msg, 5*time.Second)
		if err == nil {
			fmt.Println("reply:", string(rep.Data))
			return nil
		}
		if !errors.Is(err, nats.ErrNoResponders) || time.Now().After(deadline) {
			return err
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// consume takes the message of each broker, as the second process.
func consume() error {
	nc, err := nats.Connect(natsURL)
	if err != nil {
		return err
	}
	defer nc.Close()
	done := make(chan struct{})
	var once sync.Once
	_, err = nc.Subscribe(stamp+".xsvc", func(m *nats.Msg) {
		m.Respond([]byte("ok"))
		once.Do(func() { close(done) })
	})
	if err != nil {
		return err
	}
	nc.Flush()
	conn, err := amqp.Dial(amqpURL)
	if err != nil {
		return err
	}
	defer conn.Close()
	ch, err := conn.Channel()
	if err != nil {
		return err
	}
	q := stamp + ".xq"
	if _, err := ch.QueueDeclare(q, false, false, false, false, nil); err != nil {
		return err
	}
	defer ch.QueueDelete(q, false, false, false)
	msgs, err := ch.Consume(q, "", false, false, false, false, nil)
	if err != nil {
		return err
	}
	fmt.Println("ready")
	select {
	case d := <-msgs:
		fmt.Println("rabbit:", string(d.Body), d.Ack(false))
	case <-time.After(30 * time.Second):
		return errors.New("no delivery")
	}
	select {
	case <-done:
		fmt.Println("nats: ok")
	case <-time.After(30 * time.Second):
		return errors.New("no request")
	}
	return nil
}

func main() {
	switch os.Getenv("MODE") {
	case "produce":
		if err := produce(); err != nil {
			fmt.Println("produce:", err)
			os.Exit(1)
		}
		return
	case "consume":
		if err := consume(); err != nil {
			fmt.Println("consume:", err)
			os.Exit(1)
		}
		return
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/rabbit", rabbitHandler)
	mux.HandleFunc("/nats", natsHandler)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go http.Serve(ln, mux)
	client := &http.Client{Timeout: 60 * time.Second}
	for _, p := range []string{"/rabbit", "/nats"} {
		resp, err := client.Get("http://" + ln.Addr().String() + p)
		if err != nil {
			fmt.Println("==", p, err)
			continue
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Printf("== %s %d\n%s", p, resp.StatusCode, b)
	}
}
