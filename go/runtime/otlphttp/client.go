package otlphttp

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel"

	"gotel.dev/runtime/hook"
)

// Version is the version of this exporter, sent in the User-Agent.
const Version = "0.1.0"

const userAgent = "gotel OTLP Exporter Go/" + Version

// Retry policy. The spec leaves the numbers open; these keep a retried
// export well inside the default 10 s timeout.
const (
	initialBackoff = 500 * time.Millisecond
	maxBackoff     = 10 * time.Second
	maxElapsed     = time.Minute // bound when no timeout is configured
	maxBodyRead    = 64 << 10    // response bytes we look at
	maxPooledBuf   = 4 << 20     // bigger buffers go back to the GC
)

var errShutdown = errors.New("otlphttp: exporter is shut down")

// client posts encoded OTLP requests to one endpoint.
type client struct {
	cfg       config
	what      string // "spans" or "data points", for messages
	http      *http.Client
	transport *http.Transport

	// stop is cancelled by shutdown so in-flight exports end promptly.
	stop       context.Context
	cancelStop context.CancelFunc
	closed     atomic.Bool

	// Seams for tests: wait sleeps between attempts, report receives
	// partial-success warnings (otel.Handle otherwise).
	wait   func(ctx context.Context, d time.Duration) error
	report func(error)
}

func newClient(cfg config, what string) *client {
	var t *http.Transport
	if dt, ok := http.DefaultTransport.(*http.Transport); ok {
		t = dt.Clone()
	} else {
		t = &http.Transport{Proxy: http.ProxyFromEnvironment}
	}
	if cfg.tls != nil {
		t.TLSClientConfig = cfg.tls
	}
	stop, cancel := context.WithCancel(context.Background())
	return &client{
		cfg:        cfg,
		what:       what,
		http:       &http.Client{Transport: t},
		transport:  t,
		stop:       stop,
		cancelStop: cancel,
		wait:       sleepCtx,
		report:     otel.Handle,
	}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *client) shutdown(ctx context.Context) error {
	if c.closed.CompareAndSwap(false, true) {
		c.cancelStop()
		c.transport.CloseIdleConnections()
	}
	return ctx.Err()
}

// buffer is a pooled byte slice; pointers avoid an allocation per Put.
type buffer struct{ b []byte }

var (
	gzipBufs    = sync.Pool{New: func() any { return new(buffer) }}
	gzipWriters = sync.Pool{New: func() any { return gzip.NewWriter(io.Discard) }}
)

// body is a request body over a pooled buffer. The transport may read it
// after Do returns (it closes it when done), so the buffer is reused only
// once every body over it was closed.
type body struct {
	r       bytes.Reader
	pending *atomic.Int32
	closed  atomic.Bool
}

func (b *body) Read(p []byte) (int, error) { return b.r.Read(p) }

func (b *body) Close() error {
	if b.closed.CompareAndSwap(false, true) {
		b.pending.Add(-1)
	}
	return nil
}

// send posts payload (an encoded export request) with retries. It returns
// whether payload may be reused by the caller (false when the transport may
// still be reading it).
func (c *client) send(ctx context.Context, payload []byte) (reusable bool, err error) {
	if c.closed.Load() {
		return true, errShutdown
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stopAfter := context.AfterFunc(c.stop, cancel)
	defer stopAfter()
	if c.cfg.timeout > 0 {
		var cancelT context.CancelFunc
		ctx, cancelT = context.WithTimeout(ctx, c.cfg.timeout)
		defer cancelT()
	}
	// Mark the request as gotel's own so net/http hooks do not trace the
	// exporter (a span per export would feed itself).
	ctx = hook.Suppress(ctx)

	data := payload
	var gz *buffer
	if c.cfg.gzip {
		gz = gzipBufs.Get().(*buffer)
		gz.b = compress(gz.b[:0], payload)
		data = gz.b
	}
	var pending atomic.Int32
	err = c.post(ctx, data, &pending)
	inUse := pending.Load() != 0
	if gz != nil {
		if !inUse && cap(gz.b) <= maxPooledBuf {
			gzipBufs.Put(gz)
		}
		return true, err
	}
	return !inUse, err
}

func compress(dst, src []byte) []byte {
	w := gzipWriters.Get().(*gzip.Writer)
	buf := bytes.NewBuffer(dst)
	w.Reset(buf)
	_, _ = w.Write(src) // writes to a bytes.Buffer cannot fail
	_ = w.Close()
	w.Reset(io.Discard)
	gzipWriters.Put(w)
	return buf.Bytes()
}

// post runs the attempt/backoff loop.
func (c *client) post(ctx context.Context, data []byte, pending *atomic.Int32) error {
	start := time.Now()
	backoff := initialBackoff
	for {
		retryAfter, hasRetryAfter, err := c.attempt(ctx, data, pending)
		if err == nil {
			return nil
		}
		var perm *permanentError
		if errors.As(err, &perm) {
			return perm.err
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			return fmt.Errorf("otlphttp: export of %s abandoned: %w (last error: %v)", c.what, ctxErr, err)
		}
		d := retryAfter
		if !hasRetryAfter {
			// Full jitter in [backoff/2, backoff*3/2) spreads retries
			// of many processes hitting one collector.
			d = backoff/2 + rand.N(backoff)
			backoff = min(2*backoff, maxBackoff)
		}
		// Give up now rather than sleep past the deadline.
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
			return fmt.Errorf("otlphttp: export of %s failed, next retry in %v is past the deadline: %w", c.what, d, err)
		}
		if time.Since(start)+d > maxElapsed {
			return fmt.Errorf("otlphttp: export of %s failed, retries exhausted: %w", c.what, err)
		}
		if werr := c.wait(ctx, d); werr != nil {
			return fmt.Errorf("otlphttp: export of %s abandoned: %w (last error: %v)", c.what, werr, err)
		}
	}
}

// permanentError wraps failures that must not be retried.
type permanentError struct{ err error }

func (p *permanentError) Error() string { return p.err.Error() }

// HTTPError is returned when the collector answers with a non-2xx status.
type HTTPError struct {
	StatusCode int
	Message    string // google.rpc.Status.message or a text snippet
}

func (e *HTTPError) Error() string {
	if e.Message == "" {
		return fmt.Sprintf("otlphttp: collector answered %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	}
	return fmt.Sprintf("otlphttp: collector answered %d %s: %s", e.StatusCode, http.StatusText(e.StatusCode), e.Message)
}

// attempt makes one request. A nil error is success; *permanentError is
// final; anything else may be retried after retryAfter (when set).
func (c *client) attempt(ctx context.Context, data []byte, pending *atomic.Int32) (time.Duration, bool, error) {
	b := &body{pending: pending}
	b.r.Reset(data)
	pending.Add(1)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.cfg.url, b)
	if err != nil {
		b.Close()
		return 0, false, &permanentError{err}
	}
	req.ContentLength = int64(len(data))
	req.GetBody = func() (io.ReadCloser, error) {
		nb := &body{pending: pending}
		nb.r.Reset(data)
		pending.Add(1)
		return nb, nil
	}
	h := req.Header
	for _, kv := range c.cfg.headers {
		h.Set(kv.key, kv.value)
	}
	h.Set("Content-Type", "application/x-protobuf")
	h.Set("User-Agent", userAgent)
	if c.cfg.gzip {
		h.Set("Content-Encoding", "gzip")
	}

	resp, err := c.http.Do(req)
	if err != nil {
		// Connection-level failures are transient by nature, but a TLS
		// handshake refused for certificates will fail the same way again.
		// A refused connection means no collector listens at all (the
		// default endpoint on a machine without one): retrying it would
		// only hold the program up, most visibly at exit, so the batch is
		// dropped at once, as the official exporter does.
		var cve *tls.CertificateVerificationError
		var alert tls.AlertError
		if errors.As(err, &cve) || errors.As(err, &alert) || connRefused(err) {
			return 0, false, &permanentError{err}
		}
		return 0, false, err
	}
	defer resp.Body.Close()
	respBody, _ := io.ReadAll(io.LimitReader(resp.Body, maxBodyRead))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxBodyRead)) // let the connection be reused

	switch code := resp.StatusCode; {
	case code >= 200 && code < 300:
		c.partialSuccess(respBody)
		return 0, false, nil
	case code == http.StatusTooManyRequests, code == http.StatusBadGateway,
		code == http.StatusServiceUnavailable, code == http.StatusGatewayTimeout:
		d, ok := parseRetryAfter(resp.Header.Get("Retry-After"))
		return d, ok, &HTTPError{StatusCode: code, Message: errorMessage(resp, respBody)}
	default:
		return 0, false, &permanentError{&HTTPError{StatusCode: code, Message: errorMessage(resp, respBody)}}
	}
}

// parseRetryAfter reads delay-seconds or an HTTP date.
func parseRetryAfter(v string) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseUint(v, 10, 32); err == nil {
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(0, time.Until(t)), true
	}
	return 0, false
}

// errorMessage extracts google.rpc.Status.message (field 2) from a
// protobuf error body, or a short text snippet otherwise.
func errorMessage(resp *http.Response, body []byte) string {
	if len(body) == 0 {
		return ""
	}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/x-protobuf") {
		d := decoder{b: body}
		for {
			f, w, ok, err := d.next()
			if err != nil || !ok {
				return ""
			}
			if f == 2 && w == wireBytes {
				p, err := d.bytes()
				if err != nil {
					return ""
				}
				return string(p)
			}
			if d.skip(w) != nil {
				return ""
			}
		}
	}
	const max = 256
	s := strings.TrimSpace(string(body[:min(len(body), max)]))
	return strings.ToValidUTF8(s, "?")
}

// PartialSuccessError reports data the collector accepted only in part.
type PartialSuccessError struct {
	Rejected int64
	What     string
	Message  string
}

func (e *PartialSuccessError) Error() string {
	return fmt.Sprintf("otlphttp: partial success: %d %s rejected: %s", e.Rejected, e.What, e.Message)
}

// partialSuccess decodes Export{Trace,Metrics}ServiceResponse.partial_success
// (field 1: rejected count=1, error_message=2); both responses share the
// shape. A report is only made when something was rejected or said.
func (c *client) partialSuccess(body []byte) {
	d := decoder{b: body}
	var ps []byte
	for {
		f, w, ok, err := d.next()
		if err != nil || !ok {
			break
		}
		if f == 1 && w == wireBytes {
			if ps, err = d.bytes(); err != nil {
				return
			}
			continue
		}
		if d.skip(w) != nil {
			return
		}
	}
	if ps == nil {
		return
	}
	pe := &PartialSuccessError{What: c.what}
	d = decoder{b: ps}
	for {
		f, w, ok, err := d.next()
		if err != nil || !ok {
			break
		}
		switch {
		case f == 1 && w == wireVarint:
			v, err := d.varint()
			if err != nil {
				return
			}
			pe.Rejected = int64(v)
		case f == 2 && w == wireBytes:
			p, err := d.bytes()
			if err != nil {
				return
			}
			pe.Message = string(p)
		default:
			if d.skip(w) != nil {
				return
			}
		}
	}
	if pe.Rejected != 0 || pe.Message != "" {
		c.report(pe)
	}
}
