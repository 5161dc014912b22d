package otlpreceiver

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"strings"

	collogs "go.opentelemetry.io/proto/otlp/collector/logs/v1"
	colmetrics "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	coltrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// OTLP/HTTP

func (r *Receiver) handleTraces(w http.ResponseWriter, req *http.Request) {
	var msg coltrace.ExportTraceServiceRequest
	if tr, ok := r.decode(w, req, &msg); ok {
		r.addTraces(&msg, tr, "http "+req.URL.Path)
		r.reply(w, tr, &coltrace.ExportTraceServiceResponse{})
	}
}

func (r *Receiver) handleMetrics(w http.ResponseWriter, req *http.Request) {
	var msg colmetrics.ExportMetricsServiceRequest
	if tr, ok := r.decode(w, req, &msg); ok {
		r.addMetrics(&msg, tr, "http "+req.URL.Path)
		r.reply(w, tr, &colmetrics.ExportMetricsServiceResponse{})
	}
}

func (r *Receiver) handleLogs(w http.ResponseWriter, req *http.Request) {
	var msg collogs.ExportLogsServiceRequest
	if tr, ok := r.decode(w, req, &msg); ok {
		h := make(map[string]string, len(req.Header))
		for k, v := range req.Header {
			h[strings.ToLower(k)] = v[0]
		}
		r.addLogs(&msg, tr, "http "+req.URL.Path, h)
		r.reply(w, tr, &collogs.ExportLogsServiceResponse{})
	}
}

// decode reads an export request in protobuf or JSON, plain or gzip. On
// failure it answers the client and records the error for the test.
func (r *Receiver) decode(w http.ResponseWriter, req *http.Request, msg proto.Message) (transport string, ok bool) {
	if req.Method != http.MethodPost {
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		r.addError("%s %s: method not allowed", req.Method, req.URL.Path)
		return "", false
	}
	// The body as sent first, so that an error of the connection is told
	// from a body that arrived whole but does not decode.
	data, err := io.ReadAll(req.Body)
	if err != nil {
		// The client went away before sending the whole body: the SDK
		// cancels an export still in flight when its provider shuts down
		// (the periodic metric reader does so at every program exit) and
		// sends the data again in its final export. Not a bad request.
		r.addAbandoned()
		return "", false
	}
	if req.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err == nil {
			data, err = io.ReadAll(zr)
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			r.addError("%s: bad gzip: %v", req.URL.Path, err)
			return "", false
		}
	}
	ct, _, _ := mime.ParseMediaType(req.Header.Get("Content-Type"))
	switch ct {
	case "application/x-protobuf":
		transport, err = "http/protobuf", proto.Unmarshal(data, msg)
	case "application/json":
		transport, err = "http/json", unmarshalOTLPJSON(data, msg)
	default:
		http.Error(w, "unsupported content type", http.StatusUnsupportedMediaType)
		r.addError("%s: unsupported content type %q", req.URL.Path, ct)
		return "", false
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		r.addError("%s: decoding %s: %v", req.URL.Path, transport, err)
		return "", false
	}
	return transport, true
}

func (r *Receiver) reply(w http.ResponseWriter, transport string, resp proto.Message) {
	var out []byte
	if transport == "http/json" {
		w.Header().Set("Content-Type", "application/json")
		out, _ = protojson.Marshal(resp)
	} else {
		w.Header().Set("Content-Type", "application/x-protobuf")
		out, _ = proto.Marshal(resp)
	}
	w.Write(out)
}

// unmarshalOTLPJSON decodes OTLP/JSON, which differs from the protobuf JSON
// mapping in one point: trace and span IDs are hex, not base64.
func unmarshalOTLPJSON(data []byte, msg proto.Message) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // keep 64-bit integers exact
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return err
	}
	if err := hexIDsToBase64(tree); err != nil {
		return err
	}
	fixed, err := json.Marshal(tree)
	if err != nil {
		return err
	}
	return protojson.UnmarshalOptions{DiscardUnknown: true}.Unmarshal(fixed, msg)
}

func hexIDsToBase64(v any) error {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if s, ok := e.(string); ok && (k == "traceId" || k == "spanId" || k == "parentSpanId") {
				b, err := hex.DecodeString(s)
				if err != nil {
					return err
				}
				x[k] = base64.StdEncoding.EncodeToString(b)
				continue
			}
			if err := hexIDsToBase64(e); err != nil {
				return err
			}
		}
	case []any:
		for _, e := range x {
			if err := hexIDsToBase64(e); err != nil {
				return err
			}
		}
	}
	return nil
}

// OTLP/gRPC

type traceService struct {
	coltrace.UnimplementedTraceServiceServer
	r *Receiver
}

func (s traceService) Export(_ context.Context, req *coltrace.ExportTraceServiceRequest) (*coltrace.ExportTraceServiceResponse, error) {
	s.r.addTraces(req, "grpc", "grpc traces")
	return &coltrace.ExportTraceServiceResponse{}, nil
}

type metricsService struct {
	colmetrics.UnimplementedMetricsServiceServer
	r *Receiver
}

func (s metricsService) Export(_ context.Context, req *colmetrics.ExportMetricsServiceRequest) (*colmetrics.ExportMetricsServiceResponse, error) {
	s.r.addMetrics(req, "grpc", "grpc metrics")
	return &colmetrics.ExportMetricsServiceResponse{}, nil
}

type logsService struct {
	collogs.UnimplementedLogsServiceServer
	r *Receiver
}

func (s logsService) Export(ctx context.Context, req *collogs.ExportLogsServiceRequest) (*collogs.ExportLogsServiceResponse, error) {
	md, _ := metadata.FromIncomingContext(ctx)
	h := make(map[string]string, len(md))
	for k, v := range md {
		if len(v) > 0 {
			h[k] = v[0] // metadata keys are lower case already
		}
	}
	s.r.addLogs(req, "grpc", "grpc logs", h)
	return &collogs.ExportLogsServiceResponse{}, nil
}
