// Package redisconv holds the Redis database conventions that every Redis
// client instrumentation shares (go-redis v8 and v9, redigo, rueidis,
// valkey-go): operation names, query text without values, batch names,
// error classes, and the span and duration metric of one operation.
package redisconv

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"gotel.dev/runtime/gls"
	"gotel.dev/runtime/instr"
)

// Stable database semantic conventions, spelled out rather than importing
// a semconv package (it would initialise thousands of variables in every
// instrumented program).
const schemaURL = "https://opentelemetry.io/schemas/1.43.0"

const (
	keyDBSystemName         = attribute.Key("db.system.name")
	keyDBNamespace          = attribute.Key("db.namespace")
	keyDBOperationName      = attribute.Key("db.operation.name")
	keyDBQueryText          = attribute.Key("db.query.text")
	keyDBOperationBatchSize = attribute.Key("db.operation.batch.size")
	keyDBResponseStatusCode = attribute.Key("db.response.status_code")
	keyServerAddress        = attribute.Key("server.address")
	keyServerPort           = attribute.Key("server.port")
	keyErrorType            = attribute.Key("error.type")

	durationName = "db.client.operation.duration"
	durationDesc = "Duration of database client operations."
)

var systemRedis = keyDBSystemName.String("redis")

type instruments struct {
	tracer trace.Tracer
	dur    metric.Float64Histogram
}

// Scope is one Redis instrumentation's scope.
type Scope struct{ s *instr.Scope[instruments] }

// NewScope returns the scope of the instrumentation module named name.
func NewScope(name string) *Scope {
	return &Scope{instr.New(name, schemaURL, func(t trace.Tracer, m metric.Meter) *instruments {
		return &instruments{tracer: t, dur: instr.Histogram(m, durationName, durationDesc, "s", instr.DurationBuckets...)}
	})}
}

// Server is where a client sends its commands: the configured address and
// the database index, fixed when the connection (or client) is made.
type Server struct {
	host      string
	port      int
	namespace string // "" when unknown
}

func NewServer(addr string, db int) Server {
	s := Server{namespace: strconv.Itoa(db)}
	if addr == "" {
		return s
	}
	// Every span of the client carries the address, long after the hook
	// that saw it returned, and a hook's string argument may live on the
	// caller's stack (docs/weaving.md, "What hooks must not do"): a copy,
	// once per client or connection.
	addr = strings.Clone(addr)
	if strings.HasPrefix(addr, "/") { // a unix socket path
		s.host = addr
		return s
	}
	i := strings.LastIndexByte(addr, ':')
	if i < 0 {
		s.host = addr
		return s
	}
	s.host = strings.Trim(addr[:i], "[]")
	if p, err := strconv.Atoi(addr[i+1:]); err == nil && p > 0 {
		s.port = p
	}
	return s
}

// appendServer adds the attributes every span and measurement carries.
func (s *Server) appendServer(kv []attribute.KeyValue) []attribute.KeyValue {
	kv = append(kv, systemRedis)
	if s.namespace != "" {
		kv = append(kv, keyDBNamespace.String(s.namespace))
	}
	if s.host != "" {
		kv = append(kv, keyServerAddress.String(s.host))
	}
	if s.port > 0 {
		kv = append(kv, keyServerPort.Int(s.port))
	}
	return kv
}

// Commands whose first argument names a subcommand ("CONFIG GET", "CLIENT
// SETNAME"): Redis's own command table names them with both words, and
// the subcommand is a keyword, never a value.
var containers = map[string]bool{
	"ACL": true, "CLIENT": true, "CLUSTER": true, "COMMAND": true, "CONFIG": true,
	"FUNCTION": true, "LATENCY": true, "MEMORY": true, "MODULE": true, "OBJECT": true,
	"PUBSUB": true, "SCRIPT": true, "SLOWLOG": true, "XGROUP": true, "XINFO": true,
}

// upperNames maps the lower-case spelling some clients use (go-redis) to
// the command name, so that the common commands need no allocation.
var upperNames sync.Map // string -> string

// Upper returns s in upper case, remembering results for short ASCII
// command names (there are a few hundred of them). The result never shares
// s's bytes: it names spans that outlive the hook, and a hook's string
// argument may live on the caller's stack (docs/weaving.md, "What hooks
// must not do"); the remembered names make that free for the usual ones.
func Upper(s string) string {
	if v, ok := upperNames.Load(s); ok {
		return v.(string)
	}
	u := strings.ToUpper(s)
	if u == s { // ToUpper returned s itself: it had no lower case
		u = strings.Clone(s)
	}
	if len(s) <= 24 && IsWord(s) {
		upperNames.Store(strings.Clone(s), u)
	}
	return u
}

func IsWord(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c == '-' || c == '|' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// OperationName is db.operation.name for a command: its name in Upper
// case (whatever case the program or the library spelled it in), followed
// by the subcommand for container commands. It also reports how many of
// the arguments it took (1 or 2). sub is the argument after the name, ok
// false when there is none or it is not a string.
func OperationName(name string, sub string, ok bool) (string, int) {
	n := Upper(name)
	if ok && containers[n] && IsWord(sub) {
		return n + " " + Upper(sub), 2
	}
	return n, 1
}

// QueryText is db.query.text without any value: the operation name and
// one "?" per remaining argument (the conventions' "HMSET myhash ? ..."
// keeps keys; gotel keeps none, as keys often embed user data).
func QueryText(op string, rest int) string {
	if rest <= 0 {
		return op
	}
	if rest > 64 { // a huge MSET: the text would only cost memory
		rest = 64
	}
	var b strings.Builder
	b.Grow(len(op) + 2*rest)
	b.WriteString(op)
	for range rest {
		b.WriteString(" ?")
	}
	return b.String()
}

// BatchName is the span name and db.operation.name of a pipeline or a
// transaction: the kind ("PIPELINE", "MULTI") followed by the operation
// when every command in it has the same one.
func BatchName(kind string, ops []string) string {
	if len(ops) == 0 {
		return kind
	}
	for _, o := range ops[1:] {
		if o != ops[0] {
			return kind
		}
	}
	return kind + " " + ops[0]
}

// errorClass describes err for error.type and db.response.status_code.
// serverMsg is the error text when err is a reply of the server (an error
// reply such as "WRONGTYPE Operation against ..."), "" otherwise. Server
// errors are classed by their prefix; context errors by their canonical
// name; anything else by its Go type.
func errorClass(err error, serverMsg string) (errType, status string) {
	if serverMsg != "" {
		p := serverMsg
		if i := strings.IndexByte(p, ' '); i >= 0 {
			p = p[:i]
		}
		if IsWord(p) && strings.ToUpper(p) == p {
			return p, p
		}
		return "_OTHER", ""
	}
	switch {
	case errors.Is(err, context.Canceled):
		return "context.Canceled", ""
	case errors.Is(err, context.DeadlineExceeded):
		return "context.DeadlineExceeded", ""
	}
	return fmt.Sprintf("%T", err), ""
}

// ErrorMessage guards against Error methods that panic.
func ErrorMessage(err error) (msg string) {
	defer func() {
		if recover() != nil {
			msg = fmt.Sprintf("%T", err)
		}
	}()
	return err.Error()
}

// attrPool keeps the attribute slices spans and measurements are built
// from (the SDK copies them).
var attrPool = sync.Pool{New: func() any {
	s := make([]attribute.KeyValue, 0, 12)
	return &s
}}

func getAttrs() *[]attribute.KeyValue { return attrPool.Get().(*[]attribute.KeyValue) }

func putAttrs(p *[]attribute.KeyValue) {
	if cap(*p) > 64 {
		return
	}
	clear(*p)
	*p = (*p)[:0]
	attrPool.Put(p)
}

// Op is one operation under way: a single command or a batch.
type Op struct {
	scope   *Scope
	span    trace.Span
	ctx     context.Context
	start   time.Time
	name    string
	batch   int    // -1: not a batch
	srv     Server // a copy: a connection's namespace may change meanwhile
	errType string
	status  string
}

// StartOp starts the span of an operation. batch < 0 for a single command;
// text "" leaves db.query.text out.
func (s *Scope) StartOp(ctx context.Context, srv *Server, name, text string, batch int) Op {
	in := s.s.Get()
	ap := getAttrs()
	kv := append(*ap, keyDBOperationName.String(name))
	if text != "" {
		kv = append(kv, keyDBQueryText.String(text))
	}
	if batch >= 0 {
		kv = append(kv, keyDBOperationBatchSize.Int(batch))
	}
	kv = srv.appendServer(kv)
	_, span := in.tracer.Start(gls.Parent(ctx), name,
		trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(kv...))
	*ap = kv
	putAttrs(ap)
	return Op{scope: s, span: span, ctx: ctx, start: time.Now(), name: name, batch: batch, srv: *srv}
}

// Fail records an error: err is what the program sees, serverMsg the
// server's error reply text ("" when err is not one).
func (o *Op) Fail(err error, serverMsg string) {
	if o.errType != "" {
		return // the first error of a batch describes it
	}
	o.errType, o.status = errorClass(err, serverMsg)
	msg := o.errType // a server's error text may quote the command's arguments
	if serverMsg == "" {
		msg = ErrorMessage(err)
	}
	o.span.SetStatus(codes.Error, msg)
}

// End ends the span and records the duration.
func (o *Op) End() {
	if o.span == nil {
		return
	}
	d := time.Since(o.start).Seconds()
	ap := getAttrs()
	kv := *ap
	if o.errType != "" {
		kv = append(kv, keyErrorType.String(o.errType))
		if o.status != "" {
			kv = append(kv, keyDBResponseStatusCode.String(o.status))
		}
		o.span.SetAttributes(kv...)
	}
	o.span.End()
	if in := o.scope.s.Get(); in.dur.Enabled(o.ctx) {
		kv = append(kv, keyDBOperationName.String(o.name))
		kv = o.srv.appendServer(kv)
		in.dur.Record(o.ctx, d, metric.WithAttributeSet(attribute.NewSet(kv...)))
	}
	*ap = kv
	putAttrs(ap)
	o.span = nil
}

// Ended reports whether End ran (or the operation never started).
func (o *Op) Ended() bool { return o.span == nil }

// Namespace is the database index operations on s record ("" unknown).
func (s *Server) Namespace() string { return s.namespace }

// SetNamespace changes it, after a SELECT the server accepted.
func (s *Server) SetNamespace(ns string) { s.namespace = ns }
