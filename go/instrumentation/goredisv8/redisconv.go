// This file is kept identical (below the package clause) in the goredis,
// redigo and rueidis modules: the Redis semantic conventions they share.
// Each module's redisconv_test.go checks that its copy matches goredis's.

package goredisv8

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

var scope = instr.New(ScopeName, schemaURL, func(t trace.Tracer, m metric.Meter) *instruments {
	return &instruments{tracer: t, dur: instr.Histogram(m, durationName, durationDesc, "s", instr.DurationBuckets...)}
})

// server is where a client sends its commands: the configured address and
// the database index, fixed when the connection (or client) is made.
type server struct {
	host      string
	port      int
	namespace string // "" when unknown
}

func newServer(addr string, db int) server {
	s := server{namespace: strconv.Itoa(db)}
	if addr == "" {
		return s
	}
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
func (s *server) appendServer(kv []attribute.KeyValue) []attribute.KeyValue {
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

// upper returns s in upper case, remembering results for short ASCII
// command names (there are a few hundred of them).
func upper(s string) string {
	lower := false
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'a' <= c && c <= 'z' {
			lower = true
			break
		}
	}
	if !lower {
		return s
	}
	if v, ok := upperNames.Load(s); ok {
		return v.(string)
	}
	u := strings.ToUpper(s)
	if len(s) <= 24 && isWord(s) {
		upperNames.Store(strings.Clone(s), u)
	}
	return u
}

func isWord(s string) bool {
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

// operationName is db.operation.name for a command: its name in upper
// case (whatever case the program or the library spelled it in), followed
// by the subcommand for container commands. It also reports how many of
// the arguments it took (1 or 2). sub is the argument after the name, ok
// false when there is none or it is not a string.
func operationName(name string, sub string, ok bool) (string, int) {
	n := upper(name)
	if ok && containers[n] && isWord(sub) {
		return n + " " + upper(sub), 2
	}
	return n, 1
}

// queryText is db.query.text without any value: the operation name and
// one "?" per remaining argument (the conventions' "HMSET myhash ? ..."
// keeps keys; gotel keeps none, as keys often embed user data).
func queryText(op string, rest int) string {
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

// batchName is the span name and db.operation.name of a pipeline or a
// transaction: the kind ("PIPELINE", "MULTI") followed by the operation
// when every command in it has the same one.
func batchName(kind string, ops []string) string {
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
		if isWord(p) && strings.ToUpper(p) == p {
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

// errorMessage guards against Error methods that panic.
func errorMessage(err error) (msg string) {
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

// op is one operation under way: a single command or a batch.
type op struct {
	span    trace.Span
	ctx     context.Context
	start   time.Time
	name    string
	batch   int    // -1: not a batch
	srv     server // a copy: a connection's namespace may change meanwhile
	errType string
	status  string
}

// startOp starts the span of an operation. batch < 0 for a single command;
// text "" leaves db.query.text out.
func startOp(ctx context.Context, srv *server, name, text string, batch int) op {
	in := scope.Get()
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
	return op{span: span, ctx: ctx, start: time.Now(), name: name, batch: batch, srv: *srv}
}

// fail records an error: err is what the program sees, serverMsg the
// server's error reply text ("" when err is not one).
func (o *op) fail(err error, serverMsg string) {
	if o.errType != "" {
		return // the first error of a batch describes it
	}
	o.errType, o.status = errorClass(err, serverMsg)
	msg := o.errType // a server's error text may quote the command's arguments
	if serverMsg == "" {
		msg = errorMessage(err)
	}
	o.span.SetStatus(codes.Error, msg)
}

// end ends the span and records the duration.
func (o *op) end() {
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
	if in := scope.Get(); in.dur.Enabled(o.ctx) {
		kv = append(kv, keyDBOperationName.String(o.name))
		kv = o.srv.appendServer(kv)
		in.dur.Record(o.ctx, d, metric.WithAttributeSet(attribute.NewSet(kv...)))
	}
	*ap = kv
	putAttrs(ap)
	o.span = nil
}
