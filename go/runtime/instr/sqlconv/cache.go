package sqlconv

import (
	"strings"
	"sync"
	"sync/atomic"
)

// Query is what one query text yields, computed once per text and
// dialect: programs run a small set of constant queries.
type Query struct {
	Info
	text      string
	d         Dialect
	once      sync.Once
	sanitized string
}

// Text is the query text, in memory of its own (never the bytes Lookup was
// given): what a span may keep.
func (q *Query) Text() string { return q.text }

// Sanitized is Sanitize of the text, computed on first use (parameterized
// texts, most of them, never need it).
func (q *Query) Sanitized() string {
	q.once.Do(func() { q.sanitized = Sanitize(q.text, q.d) })
	return q.sanitized
}

// The cache is bounded: programs that put literal values in their query
// texts would otherwise grow it without end. Past the bounds, texts are
// analyzed on every call.
const (
	maxCached      = 4096     // texts
	maxCachedLen   = 16 << 10 // bytes of one text
	maxCachedBytes = 4 << 20  // bytes of all texts
)

var (
	// one map per dialect, keyed by the text: a string key converts to
	// the map's interface without the allocation a struct key costs.
	cache       [numDialects]sync.Map // string -> *Query
	cachedCount atomic.Int32
	cachedBytes atomic.Int64
)

// Lookup returns the analysis of query in dialect d, from the cache when
// the text was seen before.
func Lookup(query string, d Dialect) *Query {
	if d >= numDialects {
		d = Generic
	}
	m := &cache[d]
	if v, ok := m.Load(query); ok {
		return v.(*Query)
	}
	// The cache, the analysis (words of the text) and the spans keep the
	// text past the hook's return, but a hook's string argument may live
	// on the caller's stack (hook declarations are go:noescape,
	// docs/weaving.md): a copy, made once per distinct text.
	query = strings.Clone(query)
	q := &Query{Info: Analyze(query, d), text: query, d: d}
	if len(query) > maxCachedLen || cachedCount.Load() >= maxCached ||
		cachedBytes.Load()+int64(len(query)) > maxCachedBytes {
		return q
	}
	if v, loaded := m.LoadOrStore(query, q); loaded {
		return v.(*Query)
	}
	cachedCount.Add(1)
	cachedBytes.Add(int64(len(query)))
	return q
}
