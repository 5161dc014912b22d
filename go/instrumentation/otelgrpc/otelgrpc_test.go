package otelgrpc

import (
	"context"
	"net"
	"os"
	"testing"
	"time"

	gotelgrpc "gotel.dev/instrumentation/grpc"
	"gotel.dev/runtime/hook"

	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

var spans = tracetest.NewInMemoryExporter()

func TestMain(m *testing.M) {
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans)))
	otel.SetTextMapPropagator(propagation.TraceContext{})
	os.Exit(m.Run())
}

// The woven otelgrpc constructors.
func serverHandler() grpc.ServerOption {
	var opts []otelgrpc.Option
	ServerHandlerBefore(new(hook.Context), &opts)
	return grpc.StatsHandler(otelgrpc.NewServerHandler(opts...))
}

func clientHandler() grpc.DialOption {
	var opts []otelgrpc.Option
	ClientHandlerBefore(new(hook.Context), &opts)
	return grpc.WithStatsHandler(otelgrpc.NewClientHandler(opts...))
}

// run serves one unary RPC between a server and a client built with the
// program's otelgrpc handlers; woven says whether gotel's grpc hooks run
// in NewServer and NewClient too.
func run(t *testing.T, woven bool) (tracetest.SpanStubs, trace.SpanContext) {
	t.Helper()
	spans.Reset()
	var seen trace.SpanContext
	sopts := []grpc.ServerOption{serverHandler()}
	c := new(hook.Context)
	if woven {
		gotelgrpc.NewServerBefore(c, &sopts)
	}
	s := grpc.NewServer(sopts...)
	if woven {
		gotelgrpc.NewServerAfter(c, s)
	}
	s.RegisterService(&grpc.ServiceDesc{
		ServiceName: "test.Echo", HandlerType: (*any)(nil),
		Methods: []grpc.MethodDesc{{MethodName: "Unary", Handler: func(_ any, ctx context.Context, dec func(any) error, _ grpc.UnaryServerInterceptor) (any, error) {
			seen = trace.SpanContextFromContext(ctx)
			in := new(wrapperspb.StringValue)
			return in, dec(in)
		}}},
	}, nil)
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go s.Serve(lis)
	defer s.Stop()

	copts := []grpc.DialOption{clientHandler(), grpc.WithTransportCredentials(insecure.NewCredentials())}
	if woven {
		gotelgrpc.NewClientBefore(new(hook.Context), lis.Addr().String(), &copts)
	}
	cc, err := grpc.NewClient(lis.Addr().String(), copts...)
	if err != nil {
		t.Fatal(err)
	}
	defer cc.Close()
	if err := cc.Invoke(context.Background(), "/test.Echo/Unary", wrapperspb.String("x"), new(wrapperspb.StringValue)); err != nil {
		t.Fatal(err)
	}
	// The client's handlers all saw the RPC end before Invoke returned; on
	// the server gotel's handler, the last one, ends its span last.
	scope := otelgrpc.ScopeName
	if woven {
		scope = gotelgrpc.ScopeName
	}
	deadline := time.Now().Add(5 * time.Second)
	for scopes(spans.GetSpans())[scope+" server"] == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	return spans.GetSpans(), seen
}

func scopes(ss tracetest.SpanStubs) map[string]int {
	n := map[string]int{}
	for _, s := range ss {
		n[s.InstrumentationScope.Name+" "+s.SpanKind.String()]++
	}
	return n
}

// Runs first: no gotel grpc hook has run in this process yet, so otelgrpc
// keeps its spans.
func TestOtelgrpcAloneKeepsItsSpans(t *testing.T) {
	ss, _ := run(t, false)
	if n := scopes(ss); len(ss) != 2 || n[otelgrpc.ScopeName+" server"] != 1 || n[otelgrpc.ScopeName+" client"] != 1 {
		t.Fatalf("want otelgrpc's client and server spans, got %v", n)
	}
}

func TestOneSpanPerSide(t *testing.T) {
	ss, seen := run(t, true)
	n := scopes(ss)
	if len(ss) != 2 || n[gotelgrpc.ScopeName+" server"] != 1 || n[gotelgrpc.ScopeName+" client"] != 1 {
		t.Fatalf("want gotel's client and server spans alone, got %v", n)
	}
	var client, server tracetest.SpanStub
	for _, s := range ss {
		if s.SpanKind == trace.SpanKindClient {
			client = s
		} else {
			server = s
		}
	}
	if server.Parent.SpanID() != client.SpanContext.SpanID() || server.SpanContext.TraceID() != client.SpanContext.TraceID() {
		t.Errorf("server's parent %v, want the client span %v", server.Parent, client.SpanContext)
	}
	if seen.SpanID() != server.SpanContext.SpanID() {
		t.Errorf("the handler saw %v, want gotel's server span", seen)
	}
}

func TestSwitchedOff(t *testing.T) {
	t.Setenv("OTEL_GO_DISABLED_INSTRUMENTATIONS", "grpc")
	ss, _ := run(t, false)
	if n := scopes(ss); n[otelgrpc.ScopeName+" server"] != 1 || n[otelgrpc.ScopeName+" client"] != 1 {
		t.Fatalf("with gotel's grpc switched off otelgrpc keeps its spans, got %v", n)
	}
}
