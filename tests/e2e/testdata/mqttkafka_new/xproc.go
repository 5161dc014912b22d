package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/eclipse/paho.golang/paho"
	"github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kfake"
)

// crossProcess runs one side of an exchange between two processes (the
// test runs both, each built with gotel) and returns the exit code:
//
//   - consume5: subscribes to $STAMP/x5, prints "LISTEN ready", waits for
//     one message and prints it; produce5 publishes it;
//   - produce-kafka: starts a Kafka cluster, writes one record to
//     $STAMP-x, prints "LISTEN <broker>" and serves until SIGTERM;
//     consume-kafka reads that record from $BROKER and prints it.
func crossProcess(mode string) int {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	switch mode {
	case "consume5":
		got := make(chan string, 1)
		c, err := mqtt5Client(ctx, stamp+"-x5c", got)
		if err != nil {
			fmt.Println(err)
			return 1
		}
		if _, err := c.Subscribe(ctx, &paho.Subscribe{Subscriptions: []paho.SubscribeOptions{{Topic: stamp + "/x5", QoS: 1}}}); err != nil {
			fmt.Println(err)
			return 1
		}
		fmt.Println("LISTEN ready")
		fmt.Println("received", collect(got, 1))
		c.Disconnect(&paho.Disconnect{})
	case "produce5":
		c, err := mqtt5Client(ctx, stamp+"-x5p", make(chan string, 1))
		if err != nil {
			fmt.Println(err)
			return 1
		}
		_, err = c.Publish(ctx, &paho.Publish{Topic: stamp + "/x5", QoS: 1, Payload: []byte("x5")})
		fmt.Println("published", err)
		c.Disconnect(&paho.Disconnect{})
	case "produce-kafka":
		topic := stamp + "-x"
		cluster, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(1, topic))
		if err != nil {
			fmt.Println(err)
			return 1
		}
		defer cluster.Close()
		wr := &kafka.Writer{Addr: kafka.TCP(cluster.ListenAddrs()[0]), Topic: topic, BatchTimeout: 10 * time.Millisecond}
		err = wr.WriteMessages(ctx, kafka.Message{Value: []byte("x-kafka")})
		wr.Close()
		if err != nil {
			fmt.Println(err)
			return 1
		}
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, syscall.SIGTERM)
		fmt.Println("LISTEN " + cluster.ListenAddrs()[0])
		select {
		case <-sig:
		case <-time.After(60 * time.Second):
		}
	case "consume-kafka":
		rd := kafka.NewReader(kafka.ReaderConfig{Brokers: []string{os.Getenv("BROKER")}, Topic: stamp + "-x", Partition: 0, MaxWait: 100 * time.Millisecond})
		m, err := rd.ReadMessage(ctx)
		rd.Close()
		fmt.Println("received", string(m.Value), err)
		if err != nil {
			return 1
		}
	default:
		fmt.Println("unknown MODE", mode)
		return 2
	}
	return 0
}
