package grpc

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"testing"
	"time"

	"gotel.dev/runtime/hook"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// The hooks use the global providers, as in a program built with gotel.
var (
	spans  = tracetest.NewInMemoryExporter()
	reader = sdkmetric.NewManualReader()
)

func TestMain(m *testing.M) {
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans)))
	otel.SetMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader)))
	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))
	os.Exit(m.Run())
}

// The woven constructors: the hooks run around grpc's own.
func newServer(opts ...grpc.ServerOption) *grpc.Server {
	c := new(hook.Context)
	NewServerBefore(c, &opts)
	s := grpc.NewServer(opts...)
	NewServerAfter(c, s)
	return s
}

func newClient(t *testing.T, target string, opts ...grpc.DialOption) *grpc.ClientConn {
	t.Helper()
	opts = append(opts, grpc.WithTransportCredentials(insecure.NewCredentials()))
	NewClientBefore(new(hook.Context), target, &opts)
	cc, err := grpc.NewClient(target, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cc.Close() })
	return cc
}

// The test service, declared by hand (no generated code): the messages
// are protobuf's StringValue.
type echo struct{}

func unaryHandler(srv any, ctx context.Context, dec func(any) error, icpt grpc.UnaryServerInterceptor) (any, error) {
	in := new(wrapperspb.StringValue)
	if err := dec(in); err != nil {
		return nil, err
	}
	h := func(ctx context.Context, req any) (any, error) {
		return reply(ctx, req.(*wrapperspb.StringValue).Value)
	}
	if icpt == nil {
		return h(ctx, in)
	}
	return icpt(ctx, in, &grpc.UnaryServerInfo{Server: srv, FullMethod: "/test.Echo/Unary"}, h)
}

// reply answers a request; some values ask for a failure.
func reply(ctx context.Context, v string) (*wrapperspb.StringValue, error) {
	switch v {
	case "notfound":
		return nil, status.Error(codes.NotFound, "no such thing")
	case "internal":
		return nil, status.Error(codes.Internal, "it broke")
	case "plain":
		return nil, errors.New("a plain error")
	case "wait":
		<-ctx.Done()
		return nil, ctx.Err()
	}
	return wrapperspb.String("echo " + v), nil
}

func clientStreamHandler(_ any, ss grpc.ServerStream) error {
	n := 0
	for {
		in := new(wrapperspb.StringValue)
		if err := ss.RecvMsg(in); err == io.EOF {
			return ss.SendMsg(wrapperspb.String("got " + string(rune('0'+n))))
		} else if err != nil {
			return err
		}
		n++
	}
}

func serverStreamHandler(_ any, ss grpc.ServerStream) error {
	in := new(wrapperspb.StringValue)
	if err := ss.RecvMsg(in); err != nil {
		return err
	}
	for i := 0; i < 3; i++ {
		if err := ss.SendMsg(wrapperspb.String(in.Value)); err != nil {
			return err
		}
	}
	if in.Value == "internal" {
		return status.Error(codes.Internal, "stream broke")
	}
	return nil
}

func bidiHandler(_ any, ss grpc.ServerStream) error {
	for {
		in := new(wrapperspb.StringValue)
		if err := ss.RecvMsg(in); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
		if in.Value == "wait" {
			<-ss.Context().Done()
			return ss.Context().Err()
		}
		if err := ss.SendMsg(in); err != nil {
			return err
		}
	}
}

var serviceDesc = grpc.ServiceDesc{
	ServiceName: "test.Echo",
	HandlerType: (*any)(nil),
	Methods:     []grpc.MethodDesc{{MethodName: "Unary", Handler: unaryHandler}},
	Streams: []grpc.StreamDesc{
		{StreamName: "ClientStream", Handler: clientStreamHandler, ClientStreams: true},
		{StreamName: "ServerStream", Handler: serverStreamHandler, ServerStreams: true},
		{StreamName: "Bidi", Handler: bidiHandler, ClientStreams: true, ServerStreams: true},
	},
}

var (
	clientStreamDesc = &grpc.StreamDesc{StreamName: "ClientStream", ClientStreams: true}
	serverStreamDesc = &grpc.StreamDesc{StreamName: "ServerStream", ServerStreams: true}
	bidiDesc         = &grpc.StreamDesc{StreamName: "Bidi", ClientStreams: true, ServerStreams: true}
)

// serve starts a server made by make on a free loopback port.
func serve(t *testing.T, mk func(...grpc.ServerOption) *grpc.Server, opts ...grpc.ServerOption) string {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := mk(opts...)
	s.RegisterService(&serviceDesc, echo{})
	go s.Serve(lis)
	t.Cleanup(s.Stop)
	return lis.Addr().String()
}

func unary(ctx context.Context, cc *grpc.ClientConn, v string) (string, error) {
	out := new(wrapperspb.StringValue)
	err := cc.Invoke(ctx, "/test.Echo/Unary", wrapperspb.String(v), out)
	return out.Value, err
}

// waitSpans waits (bounded) until n spans have ended: the server span ends
// on the server's goroutine, possibly after the client has its answer.
func waitSpans(t *testing.T, n int) tracetest.SpanStubs {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		got := spans.GetSpans()
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d spans ended, want %d: %v", len(got), n, names(got))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func names(ss tracetest.SpanStubs) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Name+"/"+s.SpanKind.String())
	}
	return out
}
