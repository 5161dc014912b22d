package pgx

import (
	"sync"

	"gotel.dev/instrumentation/pgx/internal/sqlsummary"
)

// summary is what sqlsummary says about one query text, computed once per
// distinct text: programs run a small set of constant queries.
type summary struct {
	op, coll, summary string
	query             string
	once              sync.Once
	sanitizedText     string
}

func (s *summary) sanitized() string {
	s.once.Do(func() { s.sanitizedText = sqlsummary.Sanitize(s.query) })
	return s.sanitizedText
}

// summaryCache is bounded: texts with inlined values are as many as the
// values, and are summarised on every call once the cache is full.
type summaryCache struct {
	m    sync.Map // string -> *summary
	mu   sync.Mutex
	size int
}

const (
	maxCached    = 1024
	maxCachedLen = 4096
)

var summaries summaryCache

func (c *summaryCache) get(query string) *summary {
	if v, ok := c.m.Load(query); ok {
		return v.(*summary)
	}
	s := &summary{query: query}
	s.op, s.coll, s.summary = sqlsummary.Summarize(query)
	if len(query) > maxCachedLen {
		return s
	}
	c.mu.Lock()
	if c.size < maxCached {
		if v, loaded := c.m.LoadOrStore(query, s); loaded {
			s = v.(*summary)
		} else {
			c.size++
		}
	}
	c.mu.Unlock()
	return s
}
