package boot

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
)

// These tests build testdata/child as a program of its own (with a replace
// to this module), run it against an OTLP receiver on a free loopback port
// and check what really happened: which spans arrived, how the process
// ended. The batch processor's delay is set to ten minutes, so a span that
// arrives was sent by the flush under test.

const waitBound = 30 * time.Second

var (
	childMu   sync.Mutex
	childBins = map[string]string{}
)

// buildChild builds the child program once per build tag set.
func buildChild(t *testing.T, tags string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds a program; skipped with -short")
	}
	childMu.Lock()
	defer childMu.Unlock()
	if bin, ok := childBins[tags]; ok {
		return bin
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "gotel-boot-child-")
	if err != nil {
		t.Fatal(err)
	}
	// The directory outlives this test (the binary is shared); remove it
	// when the whole run ends.
	childDirs = append(childDirs, dir)
	for _, f := range []string{"main.go", "grpc.go"} {
		b, err := os.ReadFile(filepath.Join("testdata", "child", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// OTLP/gRPC is a module of its own (only programs using gRPC get its
	// requirements), so the child requires it as gotel's plan would.
	grpcDir := filepath.Join(root, "boot", "otlpgrpc")
	var sum []byte
	for _, d := range []string{root, grpcDir} {
		b, err := os.ReadFile(filepath.Join(d, "go.sum"))
		if err != nil {
			t.Fatal(err)
		}
		sum = append(sum, b...)
	}
	gomod := "module example.com/child\n\ngo 1.26.0\n\nrequire (\n\tgotel.dev/runtime v0.0.0\n\tgotel.dev/runtime/boot/otlpgrpc v0.0.0\n)\n\n" +
		"replace gotel.dev/runtime => " + root + "\n\nreplace gotel.dev/runtime/boot/otlpgrpc => " + grpcDir + "\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	bin := filepath.Join(dir, "child"+strings.ReplaceAll(tags, ",", "_"))
	args := []string{"build", "-mod=mod", "-o", bin}
	if tags != "" {
		args = append(args, "-tags", tags)
	}
	cmd := exec.CommandContext(ctx, "go", append(args, ".")...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the child program: %v\n%s", err, out)
	}
	childBins[tags] = bin
	return bin
}

var childDirs []string

func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range childDirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

// receiver collects the spans of OTLP export requests.
type receiver struct {
	mu       sync.Mutex
	spans    []string // span names
	services []string // service.name of each resource
}

func (r *receiver) add(req *coltracepb.ExportTraceServiceRequest) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, rs := range req.GetResourceSpans() {
		for _, kv := range rs.GetResource().GetAttributes() {
			if kv.GetKey() == "service.name" {
				r.services = append(r.services, kv.GetValue().GetStringValue())
			}
		}
		for _, ss := range rs.GetScopeSpans() {
			for _, s := range ss.GetSpans() {
				r.spans = append(r.spans, s.GetName())
			}
		}
	}
}

func (r *receiver) has(name string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range r.spans {
		if s == name {
			return true
		}
	}
	return false
}

func (r *receiver) snapshot() ([]string, []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.spans...), append([]string(nil), r.services...)
}

// startHTTPReceiver serves OTLP/HTTP on a free loopback port.
func startHTTPReceiver(t *testing.T) (*receiver, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &receiver{}
	mux := http.NewServeMux()
	mux.HandleFunc("/v1/traces", func(w http.ResponseWriter, req *http.Request) {
		body, err := io.ReadAll(req.Body)
		var msg coltracepb.ExportTraceServiceRequest
		if err == nil {
			err = proto.Unmarshal(body, &msg)
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		r.add(&msg)
		out, _ := proto.Marshal(&coltracepb.ExportTraceServiceResponse{})
		w.Header().Set("Content-Type", "application/x-protobuf")
		w.Write(out)
	})
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return r, "http://" + ln.Addr().String()
}

type grpcTraceService struct {
	coltracepb.UnimplementedTraceServiceServer
	r *receiver
}

func (g grpcTraceService) Export(_ context.Context, req *coltracepb.ExportTraceServiceRequest) (*coltracepb.ExportTraceServiceResponse, error) {
	g.r.add(req)
	return &coltracepb.ExportTraceServiceResponse{}, nil
}

// startGRPCReceiver serves OTLP/gRPC on a free loopback port.
func startGRPCReceiver(t *testing.T) (*receiver, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return serveGRPC(t, ln)
}

// serveGRPC serves OTLP/gRPC on ln until the test ends.
func serveGRPC(t *testing.T, ln net.Listener) (*receiver, string) {
	r := &receiver{}
	srv := grpc.NewServer()
	coltracepb.RegisterTraceServiceServer(srv, grpcTraceService{r: r})
	go srv.Serve(ln)
	t.Cleanup(srv.Stop)
	return r, "http://" + ln.Addr().String()
}

type childRun struct {
	cmd    *exec.Cmd
	lines  chan string
	stderr *lockedBuffer
	waited chan struct{}
	state  *os.ProcessState
}

type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startChild runs the child in mode with a clean OTEL_* environment plus env.
func startChild(t *testing.T, bin, mode string, env ...string) *childRun {
	t.Helper()
	cmd := exec.Command(bin, mode)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "OTEL_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "OTEL_BSP_SCHEDULE_DELAY=600000", "OTEL_METRICS_EXPORTER=none", "OTEL_SERVICE_NAME=boot-child")
	cmd.Env = append(cmd.Env, env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	c := &childRun{cmd: cmd, lines: make(chan string, 100), stderr: &lockedBuffer{}, waited: make(chan struct{})}
	cmd.Stderr = c.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			c.lines <- sc.Text()
		}
		close(c.lines)
		cmd.Wait()
		c.state = cmd.ProcessState
		close(c.waited)
	}()
	t.Cleanup(func() {
		select {
		case <-c.waited:
		default:
			cmd.Process.Kill()
			<-c.waited
		}
	})
	return c
}

// waitLine waits for a stdout line starting with prefix; it returns every
// line read so far.
func (c *childRun) waitLine(t *testing.T, prefix string) []string {
	t.Helper()
	var seen []string
	timer := time.NewTimer(waitBound)
	defer timer.Stop()
	for {
		select {
		case l, ok := <-c.lines:
			if !ok {
				t.Fatalf("child ended before printing %q; stdout %q, stderr %q", prefix, seen, c.stderr.String())
			}
			seen = append(seen, l)
			if strings.HasPrefix(l, prefix) {
				return seen
			}
		case <-timer.C:
			t.Fatalf("child did not print %q within %v; stdout %q", prefix, waitBound, seen)
		}
	}
}

// wait waits for the child to end and returns its exit code and the rest
// of its stdout.
func (c *childRun) wait(t *testing.T) (int, []string) {
	t.Helper()
	var rest []string
	timer := time.NewTimer(waitBound)
	defer timer.Stop()
	for {
		select {
		case l, ok := <-c.lines:
			if ok {
				rest = append(rest, l)
				continue
			}
			c.lines = nil
		case <-c.waited:
			// The reader closed lines before waited; drain what is left.
			if c.lines != nil {
				for l := range c.lines {
					rest = append(rest, l)
				}
			}
			return c.state.ExitCode(), rest
		case <-timer.C:
			t.Fatalf("child did not end within %v; stderr %q", waitBound, c.stderr.String())
		}
	}
}

func checkDelivered(t *testing.T, r *receiver, span string) {
	t.Helper()
	if !r.has(span) {
		spans, _ := r.snapshot()
		t.Fatalf("span %q was not delivered; receiver got %q", span, spans)
	}
	if _, svcs := r.snapshot(); len(svcs) == 0 || svcs[0] != "boot-child" {
		t.Fatalf("resource service.name = %q, want boot-child (OTEL_SERVICE_NAME)", svcs)
	}
}

func TestProcessFlushOnMainReturn(t *testing.T) {
	bin := buildChild(t, "")
	r, url := startHTTPReceiver(t)
	c := startChild(t, bin, "return", "OTEL_EXPORTER_OTLP_ENDPOINT="+url)
	c.waitLine(t, "ready")
	code, _ := c.wait(t)
	if code != 0 {
		t.Fatalf("exit code %d, want 0; stderr %q", code, c.stderr.String())
	}
	checkDelivered(t, r, "span-return")
	if s := c.stderr.String(); s != "" {
		t.Fatalf("unexpected stderr %q", s)
	}
}

func TestProcessFlushOnExit(t *testing.T) {
	bin := buildChild(t, "")
	r, url := startHTTPReceiver(t)
	c := startChild(t, bin, "exit", "OTEL_EXPORTER_OTLP_ENDPOINT="+url)
	c.waitLine(t, "ready")
	code, _ := c.wait(t)
	if code != 3 {
		t.Fatalf("exit code %d, want 3", code)
	}
	checkDelivered(t, r, "span-exit")
}

func TestProcessConsoleExporter(t *testing.T) {
	bin := buildChild(t, "")
	c := startChild(t, bin, "return", "OTEL_TRACES_EXPORTER=console")
	seen := c.waitLine(t, "ready")
	code, rest := c.wait(t)
	if code != 0 {
		t.Fatalf("exit code %d", code)
	}
	out := strings.Join(append(seen, rest...), "\n")
	if !strings.Contains(out, `"Name":"span-return"`) {
		t.Fatalf("console exporter did not print the span: %q", out)
	}
}

func TestProcessGRPCNotLinkedFallsBackWithOneLine(t *testing.T) {
	bin := buildChild(t, "")
	r, url := startHTTPReceiver(t)
	c := startChild(t, bin, "return", "OTEL_EXPORTER_OTLP_ENDPOINT="+url, "OTEL_EXPORTER_OTLP_PROTOCOL=grpc", "OTEL_PROPAGATORS=tracecontext,nope")
	c.waitLine(t, "ready")
	code, _ := c.wait(t)
	if code != 0 {
		t.Fatalf("exit code %d", code)
	}
	lines := strings.Split(strings.TrimSuffix(c.stderr.String(), "\n"), "\n")
	if len(lines) != 2 ||
		!strings.HasPrefix(lines[0], "gotel: OTEL_PROPAGATORS=tracecontext,nope: unknown propagator") ||
		!strings.HasPrefix(lines[1], "gotel: OTEL_EXPORTER_OTLP_PROTOCOL=grpc: this binary was built without OTLP/gRPC") {
		t.Fatalf("stderr %q, want one line per unservable request", lines)
	}
	checkDelivered(t, r, "span-return")
}

func TestProcessGRPCLinked(t *testing.T) {
	bin := buildChild(t, "grpc")
	r, url := startGRPCReceiver(t)
	c := startChild(t, bin, "return", "OTEL_EXPORTER_OTLP_ENDPOINT="+url, "OTEL_EXPORTER_OTLP_PROTOCOL=grpc")
	c.waitLine(t, "ready")
	code, _ := c.wait(t)
	if code != 0 {
		t.Fatalf("exit code %d; stderr %q", code, c.stderr.String())
	}
	if s := c.stderr.String(); s != "" {
		t.Fatalf("unexpected stderr %q", s)
	}
	checkDelivered(t, r, "span-return")
}

// listenGRPCPort listens on port 4317 of some 127.x.y.z address: the guess
// of gRPC goes by that port, and the loopback network has room for a free
// address when 127.0.0.1:4317 is taken.
func listenGRPCPort(t *testing.T) net.Listener {
	t.Helper()
	for i := 0; i < 50; i++ {
		addr := fmt.Sprintf("127.%d.%d.%d:4317", 1+rand.IntN(250), rand.IntN(250), 1+rand.IntN(250))
		if ln, err := net.Listen("tcp", addr); err == nil {
			return ln
		}
	}
	t.Skip("no loopback address with port 4317 free")
	return nil
}

// The endpoint of many guides: port 4317 with no protocol set. A binary
// with OTLP/gRPC exports over gRPC, and says so in one line.
func TestProcessGRPCPortWithoutProtocolLinked(t *testing.T) {
	bin := buildChild(t, "grpc")
	r, endpoint := serveGRPC(t, listenGRPCPort(t))
	c := startChild(t, bin, "return", "OTEL_EXPORTER_OTLP_ENDPOINT="+endpoint)
	c.waitLine(t, "ready")
	if code, _ := c.wait(t); code != 0 {
		t.Fatalf("exit status %d; stderr %q", code, c.stderr.String())
	}
	want := "gotel: OTEL_EXPORTER_OTLP_ENDPOINT=" + endpoint + " is the OTLP/gRPC port, but OTEL_EXPORTER_OTLP_PROTOCOL is not set (the default is http/protobuf, port 4318); exporting with grpc; set OTEL_EXPORTER_OTLP_PROTOCOL=grpc to say so\n"
	if s := c.stderr.String(); s != want {
		t.Fatalf("stderr:\n got %q\nwant %q", s, want)
	}
	checkDelivered(t, r, "span-return")
}

// Without OTLP/gRPC linked, the line says what to set; nothing listens, so
// the export fails as it would have.
func TestProcessGRPCPortWithoutProtocolNotLinked(t *testing.T) {
	bin := buildChild(t, "")
	ln := listenGRPCPort(t)
	endpoint := "http://" + ln.Addr().String()
	ln.Close()
	c := startChild(t, bin, "return", "OTEL_EXPORTER_OTLP_ENDPOINT="+endpoint, "OTEL_GO_FLUSH_TIMEOUT=2000")
	c.waitLine(t, "ready")
	c.wait(t)
	want := "gotel: OTEL_EXPORTER_OTLP_ENDPOINT=" + endpoint + " is the OTLP/gRPC port, but OTEL_EXPORTER_OTLP_PROTOCOL is not set (the default is http/protobuf, port 4318); this binary was built without OTLP/gRPC, so it exports with http/protobuf, which a gRPC port refuses: set OTEL_EXPORTER_OTLP_PROTOCOL=grpc and build with GOTEL_OTLP_GRPC=1, or use port 4318\n"
	if s := c.stderr.String(); !strings.HasPrefix(s, want) || strings.Count(s, "OTLP/gRPC port") != 1 {
		t.Fatalf("stderr:\n got %q\nwant first line %q", s, want)
	}
}

func TestProcessSDKDisabled(t *testing.T) {
	bin := buildChild(t, "")
	for _, env := range [][]string{
		{"OTEL_SDK_DISABLED=true"},
		{"OTEL_TRACES_EXPORTER=none"}, // metrics are none already: nothing to flush
	} {
		t.Run(env[0], func(t *testing.T) {
			r, url := startHTTPReceiver(t)
			c := startChild(t, bin, "return", append(env, "OTEL_EXPORTER_OTLP_ENDPOINT="+url)...)
			c.waitLine(t, "ready")
			if code, _ := c.wait(t); code != 0 {
				t.Fatalf("exit code %d", code)
			}
			if spans, _ := r.snapshot(); len(spans) != 0 {
				t.Fatalf("disabled SDK exported %q", spans)
			}
			if s := c.stderr.String(); s != "" {
				t.Fatalf("unexpected stderr %q", s)
			}
		})
	}
}

// closedPort returns a loopback URL nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	ln.Close()
	return url
}

// Five batches fail to export: gotel reports the first failure at once and
// the other four in one line when the flush ends, all with its prefix —
// not five lines in the log package's format.
func TestProcessExportFailuresReportedOncePerCause(t *testing.T) {
	bin := buildChild(t, "")
	c := startChild(t, bin, "unreachable", "OTEL_EXPORTER_OTLP_ENDPOINT="+closedPort(t),
		"OTEL_BSP_MAX_EXPORT_BATCH_SIZE=1", "OTEL_EXPORTER_OTLP_TIMEOUT=100")
	c.waitLine(t, "ready")
	if code, _ := c.wait(t); code != 0 {
		t.Fatalf("exit status %d, want 0; stderr %q", code, c.stderr.String())
	}
	lines := strings.Split(strings.TrimSuffix(c.stderr.String(), "\n"), "\n")
	for _, l := range lines {
		if !strings.HasPrefix(l, "gotel: ") {
			t.Errorf("stderr line without gotel's prefix: %q", l)
		}
	}
	if len(lines) != 2 ||
		!strings.Contains(lines[0], "/v1/traces\": dial tcp") || !strings.HasSuffix(lines[0], "(errors like it are counted and reported at most once every 1m0s)") ||
		!strings.Contains(lines[1], "/v1/traces\": dial tcp") || !strings.HasSuffix(lines[1], "(4 more since it was last reported)") {
		t.Fatalf("stderr %q, want the first failed export, then the other four counted", lines)
	}
}

// A handler the program sets after gotel's init gets every error, and
// gotel prints none.
func TestProcessProgramsErrorHandlerWins(t *testing.T) {
	bin := buildChild(t, "")
	c := startChild(t, bin, "own-handler", "OTEL_EXPORTER_OTLP_ENDPOINT="+closedPort(t),
		"OTEL_BSP_MAX_EXPORT_BATCH_SIZE=1", "OTEL_EXPORTER_OTLP_TIMEOUT=100")
	c.waitLine(t, "ready")
	code, rest := c.wait(t)
	if code != 0 || len(rest) != 1 || rest[0] != "handled 5" {
		t.Fatalf("exit status %d, stdout after ready %q; want 0 and \"handled 5\"", code, rest)
	}
	if s := c.stderr.String(); s != "" {
		t.Fatalf("stderr %q, want nothing: the program's handler took the errors", s)
	}
}

// The runtime metrics reach the metric exporter at the exit flush, and the
// runtime_metrics switch leaves them out while the export itself still
// happens.
func TestProcessRuntimeMetricsAndSwitch(t *testing.T) {
	bin := buildChild(t, "")
	for _, tc := range []struct {
		env  string
		want bool
	}{{"OTEL_GO_DISABLED_INSTRUMENTATIONS=", true}, {"OTEL_GO_DISABLED_INSTRUMENTATIONS=nethttp,Runtime_Metrics", false}} {
		c := startChild(t, bin, "return", "OTEL_TRACES_EXPORTER=none", "OTEL_METRICS_EXPORTER=console", tc.env)
		seen := c.waitLine(t, "ready")
		code, rest := c.wait(t)
		if code != 0 {
			t.Fatalf("%s: exit status %d", tc.env, code)
		}
		out := strings.Join(append(seen, rest...), "\n")
		if !strings.Contains(out, `"ScopeMetrics"`) {
			t.Fatalf("%s: no metric export at exit: %q", tc.env, out)
		}
		for _, name := range []string{"go.goroutine.count", "go.memory.used", "go.schedule.duration"} {
			if got := strings.Contains(out, `"Name":"`+name+`"`); got != tc.want {
				t.Errorf("%s: %s exported %v, want %v", tc.env, name, got, tc.want)
			}
		}
	}
}
