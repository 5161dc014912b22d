// grpc runs a gRPC server and an HTTP server on loopback and, from the
// HTTP handler /work, calls the gRPC server the ways a program does:
// unary, client, server and bidi streaming, with the request's context and
// from a goroutine without it, through clients made by NewClient and Dial,
// plus failures (status errors, a deadline, a cancelled stream, an unknown
// method, a server that is down). The gRPC handler for "nested" calls the
// HTTP server's /leaf with http.Get (no context). main prints what the
// handler answered and exits, so that the plain and the instrumented build
// can be compared line by line.
//
// "serve" runs the gRPC server alone (prints LISTEN addr) and "call ADDR
// [TRACEPARENT]" sends it one unary call: two processes, one trace.
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
	"sync/atomic"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// Set by grpc_new's otel.go: otelgrpc's stats handlers, installed by the
// program itself.
var (
	extraServerOpts []grpc.ServerOption
	extraDialOpts   []grpc.DialOption
)

var leafURL string

// intercepted counts the calls through the program's own interceptor.
var intercepted atomic.Int32

func reply(ctx context.Context, v string) (*wrapperspb.StringValue, error) {
	switch v {
	case "notfound":
		return nil, status.Error(codes.NotFound, "no such thing")
	case "internal":
		return nil, status.Error(codes.Internal, "it broke")
	case "wait":
		<-ctx.Done()
		return nil, ctx.Err()
	case "nested":
		// No context: the HTTP client span's parent is this RPC's span,
		// the handler goroutine's.
		resp, err := http.Get(leafURL)
		if err != nil {
			return nil, err
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return wrapperspb.String("nested " + string(b)), nil
	}
	return wrapperspb.String("echo " + v), nil
}

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
	return icpt(ctx, in, &grpc.UnaryServerInfo{Server: srv, FullMethod: "/demo.Echo/Unary"}, h)
}

func clientStream(_ any, ss grpc.ServerStream) error {
	var parts []string
	for {
		in := new(wrapperspb.StringValue)
		if err := ss.RecvMsg(in); err == io.EOF {
			return ss.SendMsg(wrapperspb.String(strings.Join(parts, "+")))
		} else if err != nil {
			return err
		}
		parts = append(parts, in.Value)
	}
}

func serverStream(_ any, ss grpc.ServerStream) error {
	in := new(wrapperspb.StringValue)
	if err := ss.RecvMsg(in); err != nil {
		return err
	}
	for i := 0; i < 3; i++ {
		if err := ss.SendMsg(wrapperspb.String(fmt.Sprintf("%s-%d", in.Value, i))); err != nil {
			return err
		}
	}
	return nil
}

func bidi(_ any, ss grpc.ServerStream) error {
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
		if err := ss.SendMsg(wrapperspb.String("re " + in.Value)); err != nil {
			return err
		}
	}
}

var desc = grpc.ServiceDesc{
	ServiceName: "demo.Echo",
	HandlerType: (*any)(nil),
	Methods:     []grpc.MethodDesc{{MethodName: "Unary", Handler: unaryHandler}},
	Streams: []grpc.StreamDesc{
		{StreamName: "Collect", Handler: clientStream, ClientStreams: true},
		{StreamName: "Repeat", Handler: serverStream, ServerStreams: true},
		{StreamName: "Chat", Handler: bidi, ClientStreams: true, ServerStreams: true},
	},
}

func newServer() *grpc.Server {
	opts := append([]grpc.ServerOption{grpc.UnaryInterceptor(func(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
		intercepted.Add(1)
		return h(ctx, req)
	})}, extraServerOpts...)
	s := grpc.NewServer(opts...)
	s.RegisterService(&desc, nil)
	return s
}

func dialOpts() []grpc.DialOption {
	return append([]grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())}, extraDialOpts...)
}

// result renders an answer; errors as their code and message.
func result(v string, err error) string {
	if err != nil {
		s, _ := status.FromError(err)
		return fmt.Sprintf("err %s %q", s.Code(), s.Message())
	}
	return "ok " + v
}

func unary(ctx context.Context, cc *grpc.ClientConn, v string) string {
	out := new(wrapperspb.StringValue)
	err := cc.Invoke(ctx, "/demo.Echo/Unary", wrapperspb.String(v), out)
	return result(out.Value, err)
}

func work(ctx context.Context, cc, dialed *grpc.ClientConn, downAddr string) string {
	var b strings.Builder
	line := func(what, res string) { fmt.Fprintf(&b, "%s: %s\n", what, res) }

	line("unary", unary(ctx, cc, "hello"))
	line("dialed unary", unary(ctx, dialed, "dialed"))
	line("nested", unary(ctx, cc, "nested"))
	line("not found", unary(ctx, cc, "notfound"))
	line("internal", unary(ctx, cc, "internal"))
	// A caller's own (garbage) traceparent: the answer is the same.
	line("own traceparent", unary(metadata.AppendToOutgoingContext(ctx, "traceparent", "00-garbage-01"), cc, "tp"))

	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // no context: the client span's parent is the goroutine's
		defer wg.Done()
		line("goroutine unary", unary(context.Background(), cc, "goroutine"))
	}()
	wg.Wait()

	dctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	res := unary(dctx, cc, "wait")
	cancel()
	line("deadline", res[:strings.Index(res+" \"", " \"")])

	err := cc.Invoke(ctx, "/demo.Echo/Missing", wrapperspb.String("x"), new(wrapperspb.StringValue))
	line("unknown method", result("", err))

	// Client streaming.
	cs, err := cc.NewStream(ctx, &grpc.StreamDesc{ClientStreams: true}, "/demo.Echo/Collect")
	if err == nil {
		for _, p := range []string{"a", "b", "c"} {
			cs.SendMsg(wrapperspb.String(p))
		}
		cs.CloseSend()
		out := new(wrapperspb.StringValue)
		err = cs.RecvMsg(out)
		line("client stream", result(out.Value, err))
		line("client stream end", result("", ignoreEOF(cs.RecvMsg(out))))
	} else {
		line("client stream", result("", err))
	}

	// Server streaming.
	ss, err := cc.NewStream(ctx, &grpc.StreamDesc{ServerStreams: true}, "/demo.Echo/Repeat")
	if err == nil {
		ss.SendMsg(wrapperspb.String("r"))
		ss.CloseSend()
		var got []string
		for {
			out := new(wrapperspb.StringValue)
			if err = ss.RecvMsg(out); err != nil {
				break
			}
			got = append(got, out.Value)
		}
		line("server stream", result(strings.Join(got, ","), ignoreEOF(err)))
	}

	// Bidi streaming.
	bs, err := cc.NewStream(ctx, &grpc.StreamDesc{ClientStreams: true, ServerStreams: true}, "/demo.Echo/Chat")
	if err == nil {
		var got []string
		for _, p := range []string{"x", "y"} {
			bs.SendMsg(wrapperspb.String(p))
			out := new(wrapperspb.StringValue)
			if err := bs.RecvMsg(out); err != nil {
				got = append(got, result("", err))
				break
			}
			got = append(got, out.Value)
		}
		bs.CloseSend()
		line("bidi", result(strings.Join(got, ","), ignoreEOF(bs.RecvMsg(new(wrapperspb.StringValue)))))
	}

	// A bidi stream the caller cancels.
	cctx, ccancel := context.WithCancel(ctx)
	bs, err = cc.NewStream(cctx, &grpc.StreamDesc{ClientStreams: true, ServerStreams: true}, "/demo.Echo/Chat")
	if err == nil {
		bs.SendMsg(wrapperspb.String("wait"))
		ccancel()
		line("cancelled bidi", result("", bs.RecvMsg(new(wrapperspb.StringValue))))
	}
	ccancel()

	// A server that is down.
	down, err := grpc.NewClient(downAddr, dialOpts()...)
	if err == nil {
		res := unary(ctx, down, "down")
		line("down", res[:strings.Index(res+" \"", " \"")])
		down.Close()
	}
	return b.String()
}

func ignoreEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return nil
	}
	return err
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}

func main() {
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case "serve":
			lis, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				fail(err)
			}
			fmt.Println("LISTEN " + lis.Addr().String())
			fail(newServer().Serve(lis))
		case "call":
			cc, err := grpc.NewClient(os.Args[2], dialOpts()...)
			if err != nil {
				fail(err)
			}
			ctx := context.Background()
			if len(os.Args) > 3 {
				ctx = metadata.AppendToOutgoingContext(ctx, "traceparent", os.Args[3])
			}
			fmt.Println(unary(ctx, cc, "cross"))
			cc.Close()
			return
		}
	}

	glis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fail(err)
	}
	gs := newServer()
	go gs.Serve(glis)

	// A port nothing listens on.
	dl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fail(err)
	}
	downAddr := dl.Addr().String()
	dl.Close()

	cc, err := grpc.NewClient(glis.Addr().String(), dialOpts()...)
	if err != nil {
		fail(err)
	}
	defer cc.Close()
	dialed, err := grpc.Dial(glis.Addr().String(), dialOpts()...)
	if err != nil {
		fail(err)
	}
	defer dialed.Close()

	hlis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fail(err)
	}
	base := "http://" + hlis.Addr().String()
	leafURL = base + "/leaf"
	mux := http.NewServeMux()
	mux.HandleFunc("/leaf", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "leaf") })
	mux.HandleFunc("/work", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, work(r.Context(), cc, dialed, downAddr))
	})
	go http.Serve(hlis, mux)

	resp, err := (&http.Client{Timeout: 30 * time.Second}).Get(base + "/work")
	if err != nil {
		fail(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Printf("== /work %d\n%s", resp.StatusCode, body)
	fmt.Printf("intercepted %d\n", intercepted.Load())
	gs.GracefulStop()
}
