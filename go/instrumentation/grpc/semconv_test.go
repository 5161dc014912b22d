package grpc

import (
	"testing"

	"go.opentelemetry.io/otel/attribute"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/semconv/v1.43.0/rpcconv"
	"google.golang.org/grpc/codes"
)

// The names spelled out in semconv.go must be the conventions' own.
func TestNamesMatchSemconv(t *testing.T) {
	for _, p := range []struct{ ours, theirs attribute.Key }{
		{keyRPCSystemName, semconv.RPCSystemNameKey},
		{keyRPCMethod, semconv.RPCMethodKey},
		{keyRPCMethodOriginal, semconv.RPCMethodOriginalKey},
		{keyRPCResponseStatusCode, semconv.RPCResponseStatusCodeKey},
		{keyServerAddress, semconv.ServerAddressKey},
		{keyServerPort, semconv.ServerPortKey},
		{keyNetworkPeerAddress, semconv.NetworkPeerAddressKey},
		{keyNetworkPeerPort, semconv.NetworkPeerPortKey},
		{keyErrorType, semconv.ErrorTypeKey},
	} {
		if p.ours != p.theirs {
			t.Errorf("key %q, semconv says %q", p.ours, p.theirs)
		}
	}
	if attrSystem != semconv.RPCSystemNameGRPC {
		t.Errorf("rpc.system.name %v", attrSystem)
	}
	if schemaURL != semconv.SchemaURL {
		t.Errorf("schema %q, semconv %q", schemaURL, semconv.SchemaURL)
	}
	if serverDurationName != (rpcconv.ServerCallDuration{}).Name() || clientDurationName != (rpcconv.ClientCallDuration{}).Name() ||
		durationUnit != (rpcconv.ServerCallDuration{}).Unit() {
		t.Error("metric names or unit differ from rpcconv")
	}
}

func TestCodeNames(t *testing.T) {
	want := map[codes.Code]string{codes.OK: "OK", codes.Canceled: "CANCELLED", codes.DeadlineExceeded: "DEADLINE_EXCEEDED",
		codes.Unauthenticated: "UNAUTHENTICATED", codes.Code(42): "42"}
	for c, n := range want {
		if codeName(c) != n {
			t.Errorf("%v: %q, want %q", c, codeName(c), n)
		}
	}
	for c := codes.OK; c <= codes.Unauthenticated; c++ {
		if codeName(c) == "" {
			t.Errorf("code %d has no name", c)
		}
	}
}
