// Per-publish cost of tracing MQTT clients against the machine's Mosquitto
// (127.0.0.1:1883): paho.golang (MQTT 5) QoS 0 and QoS 1 publishes and
// paho.mqtt.golang (3.1.1) QoS 1 publishes (waiting for the token). The
// same program is built plainly and with gotel; both install the same SDK
// (always sample, batch processor, an exporter that drops the spans, a
// manual metric reader) so that only the instrumentation differs.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"testing"
	"time"

	"github.com/eclipse/paho.golang/paho"
	mqtt "github.com/eclipse/paho.mqtt.golang"
	"go.opentelemetry.io/otel"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

const addr = "127.0.0.1:1883"

type discard struct{}

func (discard) ExportSpans(context.Context, []sdktrace.ReadOnlySpan) error { return nil }
func (discard) Shutdown(context.Context) error                             { return nil }

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}

func main() {
	testing.Init()
	label := flag.String("label", "", "name printed with the result")
	flag.Parse()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample()), sdktrace.WithBatcher(discard{}))
	otel.SetTracerProvider(tp)
	otel.SetMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader())))
	defer tp.Shutdown(context.Background())
	ctx := context.Background()
	topic := fmt.Sprintf("gotel/bench/%d", os.Getpid())
	payload := []byte("0123456789abcdef0123456789abcdef")

	conn, err := net.Dial("tcp", addr)
	if err != nil {
		fail(err)
	}
	c5 := paho.NewClient(paho.ClientConfig{Conn: conn})
	if _, err := c5.Connect(ctx, &paho.Connect{KeepAlive: 30, CleanStart: true}); err != nil {
		fail(err)
	}
	defer c5.Disconnect(&paho.Disconnect{})
	pub5 := func(qos byte) testing.BenchmarkResult {
		return testing.Benchmark(func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := c5.Publish(ctx, &paho.Publish{Topic: topic, QoS: qos, Payload: payload}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	q0, q1 := pub5(0), pub5(1)

	c3 := mqtt.NewClient(mqtt.NewClientOptions().AddBroker("tcp://" + addr))
	if t := c3.Connect(); !t.WaitTimeout(10*time.Second) || t.Error() != nil {
		fail(fmt.Errorf("connect: %v", t.Error()))
	}
	defer c3.Disconnect(100)
	v3 := testing.Benchmark(func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if t := c3.Publish(topic, 1, false, payload); !t.WaitTimeout(10*time.Second) || t.Error() != nil {
				b.Fatal(t.Error())
			}
		}
	})
	for _, r := range []struct {
		name string
		res  testing.BenchmarkResult
	}{{"MQTT5_QOS0", q0}, {"MQTT5_QOS1", q1}, {"MQTT3_QOS1", v3}} {
		fmt.Printf("%s %s %d ns/op %d allocs/op %d B/op\n", *label, r.name, r.res.NsPerOp(), r.res.AllocsPerOp(), r.res.AllocedBytesPerOp())
	}
}
