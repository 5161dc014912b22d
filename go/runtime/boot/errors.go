package boot

import (
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.opentelemetry.io/otel"
)

// The SDK reports what it cannot return to a caller — above all every failed
// export of a batch — through otel.Handle. Its default handler writes each
// error with the log package, so a program whose collector is down gets a
// timestamped line per batch between its own logs. gotel reports them like
// the rest of its output instead: a cause's first error at once, then at
// most one line per cause and reportEvery with the count of its repeats,
// and what is still counted when the program exits through gotel's flush.
const (
	reportEvery = time.Minute
	// maxCauses bounds the memory kept for errors of distinct kinds; any
	// further kinds share one count.
	maxCauses = 64
)

type errorReporter struct {
	mu     sync.Mutex
	now    func() time.Time
	causes map[string]*errorCause
}

type errorCause struct {
	msg      string    // the latest error's text
	reported time.Time // when a line last said something about this cause
	repeats  int       // errors since that line
}

var theErrors = &errorReporter{now: time.Now, causes: map[string]*errorCause{}}

// installErrorHandler makes gotel's reporter the SDK's error handler,
// unless the program has already set one of its own. A program that calls
// otel.SetErrorHandler later replaces it: otel.Handle, which the SDK calls,
// looks the handler up each time.
func installErrorHandler() {
	if isDefaultErrorHandler(otel.GetErrorHandler()) {
		otel.SetErrorHandler(theErrors)
	}
}

// isDefaultErrorHandler reports whether h is the API's own default, the
// delegator of its internal package (which moved between versions, hence
// the prefix), rather than a handler someone set.
func isDefaultErrorHandler(h otel.ErrorHandler) bool {
	t := reflect.TypeOf(h)
	return t != nil && t.Kind() == reflect.Pointer && t.Elem().Name() == "ErrDelegator" &&
		strings.HasPrefix(t.Elem().PkgPath(), "go.opentelemetry.io/otel/internal/")
}

func (r *errorReporter) Handle(err error) {
	if err == nil {
		return
	}
	msg := err.Error()
	key := causeKey(msg)
	now := r.now()
	r.mu.Lock()
	c := r.causes[key]
	if c == nil && len(r.causes) >= maxCauses-1 {
		key = ""
		c = r.causes[key]
		msg = "OpenTelemetry errors of other kinds"
	}
	if c == nil {
		r.causes[key] = &errorCause{msg: msg, reported: now}
		r.mu.Unlock()
		warn(msg + " (errors like it are counted and reported at most once every " + reportEvery.String() + ")")
		return
	}
	c.msg = msg
	c.repeats++
	if now.Sub(c.reported) < reportEvery {
		r.mu.Unlock()
		return
	}
	line := c.summary()
	c.reported, c.repeats = now, 0
	r.mu.Unlock()
	warn(line)
}

// flush reports the repeats counted since each cause's last line; the
// flush at exit calls it last, after the exporters' final errors.
func (r *errorReporter) flush() {
	r.mu.Lock()
	var lines []string
	for _, c := range r.causes {
		if c.repeats > 0 {
			lines = append(lines, c.summary())
			c.reported, c.repeats = r.now(), 0
		}
	}
	r.mu.Unlock()
	for _, l := range lines {
		warn(l)
	}
}

func (c *errorCause) summary() string {
	return c.msg + " (" + strconv.Itoa(c.repeats) + " more since it was last reported)"
}

// causeKey is msg with its numbers, durations included, blanked: the same
// failure reads "retry in 1.2s" once and "retry in 800ms" the next time.
func causeKey(msg string) string {
	var b strings.Builder
	number := false
	for _, r := range msg {
		switch {
		case r >= '0' && r <= '9':
			if !number {
				b.WriteByte('#')
			}
			number = true
		case number && strings.ContainsRune(".nuµmsh", r):
		default:
			number = false
			b.WriteRune(r)
		}
	}
	return b.String()
}
