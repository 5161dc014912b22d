package otlpreceiver

import (
	"encoding/hex"
	"fmt"
	"strings"

	collogs "go.opentelemetry.io/proto/otlp/collector/logs/v1"
	colmetrics "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	coltrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	logspb "go.opentelemetry.io/proto/otlp/logs/v1"
	metricspb "go.opentelemetry.io/proto/otlp/metrics/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
)

// Span is one received span with its resource and scope.
type Span struct {
	Proto        *tracepb.Span
	Resource     map[string]any // resource attributes
	Scope        string         // instrumentation scope name
	ScopeVersion string
	Transport    string // "http/protobuf", "http/json" or "grpc"
}

func (s Span) Name() string { return s.Proto.GetName() }

// Kind is "internal", "server", "client", "producer", "consumer" or
// "unspecified".
func (s Span) Kind() string {
	switch s.Proto.GetKind() {
	case tracepb.Span_SPAN_KIND_INTERNAL:
		return "internal"
	case tracepb.Span_SPAN_KIND_SERVER:
		return "server"
	case tracepb.Span_SPAN_KIND_CLIENT:
		return "client"
	case tracepb.Span_SPAN_KIND_PRODUCER:
		return "producer"
	case tracepb.Span_SPAN_KIND_CONSUMER:
		return "consumer"
	}
	return "unspecified"
}

// Attrs returns the span attributes: strings, bools, int64s, float64s,
// []byte, []any and map[string]any.
func (s Span) Attrs() map[string]any { return attrMap(s.Proto.GetAttributes()) }

// Attr returns one attribute, nil when absent.
func (s Span) Attr(key string) any { return attrMap(s.Proto.GetAttributes())[key] }

// TraceID, SpanID and ParentSpanID are lower-case hex; ParentSpanID is ""
// for a root span.
func (s Span) TraceID() string      { return hexID(s.Proto.GetTraceId()) }
func (s Span) SpanID() string       { return hexID(s.Proto.GetSpanId()) }
func (s Span) ParentSpanID() string { return hexID(s.Proto.GetParentSpanId()) }

// StatusCode is "unset", "ok" or "error".
func (s Span) StatusCode() string {
	switch s.Proto.GetStatus().GetCode() {
	case tracepb.Status_STATUS_CODE_OK:
		return "ok"
	case tracepb.Status_STATUS_CODE_ERROR:
		return "error"
	}
	return "unset"
}

func (s Span) StatusMessage() string { return s.Proto.GetStatus().GetMessage() }

// Event is a span event.
type Event struct {
	Name  string
	Attrs map[string]any
}

func (s Span) Events() []Event {
	var out []Event
	for _, e := range s.Proto.GetEvents() {
		out = append(out, Event{Name: e.GetName(), Attrs: attrMap(e.GetAttributes())})
	}
	return out
}

// String is a one-line summary for failure messages.
func (s Span) String() string {
	parent := s.ParentSpanID()
	if parent == "" {
		parent = "-"
	}
	return fmt.Sprintf("%q kind=%s trace=%s span=%s parent=%s status=%s scope=%s attrs=%v",
		s.Name(), s.Kind(), s.TraceID(), s.SpanID(), parent, s.StatusCode(), s.Scope, s.Attrs())
}

// Metric is one received metric with its resource and scope.
type Metric struct {
	Proto        *metricspb.Metric
	Resource     map[string]any
	Scope        string
	ScopeVersion string
	Transport    string
}

func (m Metric) Name() string { return m.Proto.GetName() }
func (m Metric) Unit() string { return m.Proto.GetUnit() }

// Type is "gauge", "sum", "histogram", "exponential_histogram" or "summary".
func (m Metric) Type() string {
	switch m.Proto.GetData().(type) {
	case *metricspb.Metric_Gauge:
		return "gauge"
	case *metricspb.Metric_Sum:
		return "sum"
	case *metricspb.Metric_Histogram:
		return "histogram"
	case *metricspb.Metric_ExponentialHistogram:
		return "exponential_histogram"
	case *metricspb.Metric_Summary:
		return "summary"
	}
	return ""
}

// DataPoint is a simplified data point: Value for gauges and sums (ints
// converted to float64), Count/Sum/Bounds/BucketCounts for histograms.
type DataPoint struct {
	Attrs        map[string]any
	Value        float64
	Count        uint64
	Sum          float64
	Bounds       []float64
	BucketCounts []uint64
}

func (m Metric) DataPoints() []DataPoint {
	var out []DataPoint
	num := func(ps []*metricspb.NumberDataPoint) {
		for _, p := range ps {
			v := p.GetAsDouble()
			if _, ok := p.GetValue().(*metricspb.NumberDataPoint_AsInt); ok {
				v = float64(p.GetAsInt())
			}
			out = append(out, DataPoint{Attrs: attrMap(p.GetAttributes()), Value: v})
		}
	}
	switch d := m.Proto.GetData().(type) {
	case *metricspb.Metric_Gauge:
		num(d.Gauge.GetDataPoints())
	case *metricspb.Metric_Sum:
		num(d.Sum.GetDataPoints())
	case *metricspb.Metric_Histogram:
		for _, p := range d.Histogram.GetDataPoints() {
			out = append(out, DataPoint{Attrs: attrMap(p.GetAttributes()), Count: p.GetCount(),
				Sum: p.GetSum(), Bounds: p.GetExplicitBounds(), BucketCounts: p.GetBucketCounts()})
		}
	case *metricspb.Metric_ExponentialHistogram:
		for _, p := range d.ExponentialHistogram.GetDataPoints() {
			out = append(out, DataPoint{Attrs: attrMap(p.GetAttributes()), Count: p.GetCount(), Sum: p.GetSum()})
		}
	case *metricspb.Metric_Summary:
		for _, p := range d.Summary.GetDataPoints() {
			out = append(out, DataPoint{Attrs: attrMap(p.GetAttributes()), Count: p.GetCount(), Sum: p.GetSum()})
		}
	}
	return out
}

// LogRecord is one received log record with its resource and scope.
type LogRecord struct {
	Proto     *logspb.LogRecord
	Resource  map[string]any
	Scope     string
	Transport string
	// Header holds the export request's headers (HTTP) or metadata (gRPC),
	// keys in lower case, each key's first value.
	Header map[string]string
}

// Body returns the body as a Go value (see Span.Attrs for the types).
func (l LogRecord) Body() any             { return anyValue(l.Proto.GetBody()) }
func (l LogRecord) Attrs() map[string]any { return attrMap(l.Proto.GetAttributes()) }
func (l LogRecord) TraceID() string       { return hexID(l.Proto.GetTraceId()) }
func (l LogRecord) SpanID() string        { return hexID(l.Proto.GetSpanId()) }
func (l LogRecord) SeverityText() string  { return l.Proto.GetSeverityText() }
func (l LogRecord) SeverityNumber() int32 { return int32(l.Proto.GetSeverityNumber()) }
func (l LogRecord) EventName() string     { return l.Proto.GetEventName() }

// hexID renders an ID; all-zero or empty IDs are "".
func hexID(b []byte) string {
	for _, c := range b {
		if c != 0 {
			return hex.EncodeToString(b)
		}
	}
	return ""
}

func attrMap(kvs []*commonpb.KeyValue) map[string]any {
	m := make(map[string]any, len(kvs))
	for _, kv := range kvs {
		m[kv.GetKey()] = anyValue(kv.GetValue())
	}
	return m
}

func anyValue(v *commonpb.AnyValue) any {
	switch x := v.GetValue().(type) {
	case *commonpb.AnyValue_StringValue:
		return x.StringValue
	case *commonpb.AnyValue_BoolValue:
		return x.BoolValue
	case *commonpb.AnyValue_IntValue:
		return x.IntValue
	case *commonpb.AnyValue_DoubleValue:
		return x.DoubleValue
	case *commonpb.AnyValue_BytesValue:
		return x.BytesValue
	case *commonpb.AnyValue_ArrayValue:
		var out []any
		for _, e := range x.ArrayValue.GetValues() {
			out = append(out, anyValue(e))
		}
		return out
	case *commonpb.AnyValue_KvlistValue:
		return attrMap(x.KvlistValue.GetValues())
	}
	return nil
}

// add* store one export request. They take the lock and wake waiters.

func (r *Receiver) addTraces(req *coltrace.ExportTraceServiceRequest, transport, key string) {
	var add []Span
	for _, rs := range req.GetResourceSpans() {
		res := attrMap(rs.GetResource().GetAttributes())
		for _, ss := range rs.GetScopeSpans() {
			for _, sp := range ss.GetSpans() {
				add = append(add, Span{Proto: sp, Resource: res, Scope: ss.GetScope().GetName(),
					ScopeVersion: ss.GetScope().GetVersion(), Transport: transport})
			}
		}
	}
	r.mu.Lock()
	r.spans = append(r.spans, add...)
	r.requests[key]++
	r.notify()
	r.mu.Unlock()
}

func (r *Receiver) addMetrics(req *colmetrics.ExportMetricsServiceRequest, transport, key string) {
	var add []Metric
	for _, rm := range req.GetResourceMetrics() {
		res := attrMap(rm.GetResource().GetAttributes())
		for _, sm := range rm.GetScopeMetrics() {
			for _, m := range sm.GetMetrics() {
				add = append(add, Metric{Proto: m, Resource: res, Scope: sm.GetScope().GetName(),
					ScopeVersion: sm.GetScope().GetVersion(), Transport: transport})
			}
		}
	}
	r.mu.Lock()
	r.metrics = append(r.metrics, add...)
	r.requests[key]++
	r.notify()
	r.mu.Unlock()
}

func (r *Receiver) addLogs(req *collogs.ExportLogsServiceRequest, transport, key string, header map[string]string) {
	var add []LogRecord
	for _, rl := range req.GetResourceLogs() {
		res := attrMap(rl.GetResource().GetAttributes())
		for _, sl := range rl.GetScopeLogs() {
			for _, l := range sl.GetLogRecords() {
				add = append(add, LogRecord{Proto: l, Resource: res, Scope: sl.GetScope().GetName(), Transport: transport, Header: header})
			}
		}
	}
	r.mu.Lock()
	r.logs = append(r.logs, add...)
	r.requests[key]++
	r.notify()
	r.mu.Unlock()
}

func (r *Receiver) addError(format string, args ...any) {
	r.mu.Lock()
	r.errs = append(r.errs, strings.TrimSpace(fmt.Sprintf(format, args...)))
	r.mu.Unlock()
}

func (r *Receiver) addAbandoned() {
	r.mu.Lock()
	r.abandoned++
	r.mu.Unlock()
}

// Abandoned is the number of requests whose client went away before the
// end of the body.
func (r *Receiver) Abandoned() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.abandoned
}
