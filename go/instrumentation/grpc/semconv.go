package grpc

import (
	"strconv"

	"go.opentelemetry.io/otel/attribute"
	"google.golang.org/grpc/codes"
)

// The RPC semantic conventions (Release Candidate status) as in
// go.opentelemetry.io/otel/semconv/v1.43.0, spelled out instead of
// importing that package (it initialises thousands of variables every
// instrumented binary would carry). semconv_test.go checks every name.
const schemaURL = "https://opentelemetry.io/schemas/1.43.0"

const (
	keyRPCSystemName         = attribute.Key("rpc.system.name")
	keyRPCMethod             = attribute.Key("rpc.method")
	keyRPCMethodOriginal     = attribute.Key("rpc.method_original")
	keyRPCResponseStatusCode = attribute.Key("rpc.response.status_code")
	keyServerAddress         = attribute.Key("server.address")
	keyServerPort            = attribute.Key("server.port")
	keyNetworkPeerAddress    = attribute.Key("network.peer.address")
	keyNetworkPeerPort       = attribute.Key("network.peer.port")
	keyErrorType             = attribute.Key("error.type")

	systemGRPC  = "grpc"
	methodOther = "_OTHER"
)

var attrSystem = keyRPCSystemName.String(systemGRPC)

const (
	serverDurationName = "rpc.server.call.duration"
	serverDurationDesc = "Measures the duration of an incoming Remote Procedure Call (RPC)."
	clientDurationName = "rpc.client.call.duration"
	clientDurationDesc = "Measures the duration of an outgoing Remote Procedure Call (RPC)."
	durationUnit       = "s"
)

// codeNames are the status codes as gRPC's status code document spells
// them, which rpc.response.status_code and error.type take.
var codeNames = [...]string{
	codes.OK:                 "OK",
	codes.Canceled:           "CANCELLED",
	codes.Unknown:            "UNKNOWN",
	codes.InvalidArgument:    "INVALID_ARGUMENT",
	codes.DeadlineExceeded:   "DEADLINE_EXCEEDED",
	codes.NotFound:           "NOT_FOUND",
	codes.AlreadyExists:      "ALREADY_EXISTS",
	codes.PermissionDenied:   "PERMISSION_DENIED",
	codes.ResourceExhausted:  "RESOURCE_EXHAUSTED",
	codes.FailedPrecondition: "FAILED_PRECONDITION",
	codes.Aborted:            "ABORTED",
	codes.OutOfRange:         "OUT_OF_RANGE",
	codes.Unimplemented:      "UNIMPLEMENTED",
	codes.Internal:           "INTERNAL",
	codes.Unavailable:        "UNAVAILABLE",
	codes.DataLoss:           "DATA_LOSS",
	codes.Unauthenticated:    "UNAUTHENTICATED",
}

func codeName(c codes.Code) string {
	if int(c) < len(codeNames) {
		return codeNames[c]
	}
	return strconv.FormatUint(uint64(c), 10)
}

// serverError tells the codes the conventions count as a server's errors;
// the others (NOT_FOUND, INVALID_ARGUMENT ...) are the caller's. A client
// counts every code but OK as an error.
func serverError(c codes.Code) bool {
	switch c {
	case codes.Unknown, codes.DeadlineExceeded, codes.Unimplemented,
		codes.Internal, codes.Unavailable, codes.DataLoss:
		return true
	}
	return false
}

// splitMethod turns grpc's "/package.Service/Method" into rpc.method,
// "package.Service/Method"; ok is false for a name not of that form.
func splitMethod(full string) (method string, ok bool) {
	if len(full) < 4 || full[0] != '/' {
		return full, false
	}
	m := full[1:]
	for i := 1; i < len(m)-1; i++ {
		if m[i] == '/' {
			return m, true
		}
	}
	return full, false
}
