package server

import (
	"container/list"
	"context"
	"strconv"
	"strings"
	"sync"
)

// resultCache keeps the encoded answers of recent searches, keyed by the
// normalised query and its filters. Typical load repeats a few queries (the
// same popular words from many readers, a reader paging through a result
// list), and a repeated answer costs a map lookup instead of a search,
// snippets and JSON encoding: under the load test that is most of the
// difference between about 250 and well over 2,000 searches a second on two
// cores. Each search index gets its own cache (searchIndex.start), so a
// rebuilt index never answers from the previous one's results.
type resultCache struct {
	mu       sync.Mutex
	ll       *list.List // front: most recently used
	m        map[string]*list.Element
	bytes    int
	maxItems int
	maxBytes int
	// inflight holds the searches under way by key, so that clients asking
	// the same query at once (a popular query just after a rebuild emptied
	// the cache) wait for one search instead of each running it and
	// filling the limiter's slots with the same work.
	inflight map[string]*flight
}

// flight is one search under way; done closes when body is set (nil when
// the search failed: the waiters then search themselves).
type flight struct {
	done chan struct{}
	body []byte
}

type cacheEntry struct {
	key  string
	body []byte // the answer's JSON between "query" and "took_ms" (see writeSearchAnswer)
}

// Default bounds of a result cache: an answer holds at most 100 hits of a
// few hundred bytes each, so 16 MB also bounds the memory of many large
// answers.
const (
	resultCacheItems = 512
	resultCacheBytes = 16 << 20
)

func newResultCache(items, bytes int) *resultCache {
	return &resultCache{ll: list.New(), m: map[string]*list.Element{}, maxItems: items, maxBytes: bytes, inflight: map[string]*flight{}}
}

// cacheKey normalises a query and its filters: runs of white space do not
// change what a query finds (the tokenizer splits on them) and are folded,
// everything else is kept as given.
func cacheKey(q, lang, typ, audience string, limit int) string {
	var b strings.Builder
	b.Grow(len(q) + len(lang) + len(typ) + len(audience) + 8)
	b.WriteString(lang)
	b.WriteByte(0)
	b.WriteString(typ)
	b.WriteByte(0)
	b.WriteString(audience)
	b.WriteByte(0)
	b.WriteString(strconv.Itoa(limit))
	b.WriteByte(0)
	for i, f := range strings.Fields(q) {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f)
	}
	return b.String()
}

// get returns the cached body for key and marks it recently used.
func (c *resultCache) get(key string) ([]byte, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok {
		return nil, false
	}
	c.ll.MoveToFront(e)
	return e.Value.(*cacheEntry).body, true
}

// lookup returns the cached body for key, waiting for a search of the same
// key under way (at most until ctx ends). When there is neither, lead is
// true: the caller searches and must call finish with the result.
func (c *resultCache) lookup(ctx context.Context, key string) (body []byte, ok, lead bool) {
	if c == nil {
		return nil, false, false
	}
	c.mu.Lock()
	if e, hit := c.m[key]; hit {
		c.ll.MoveToFront(e)
		c.mu.Unlock()
		return e.Value.(*cacheEntry).body, true, false
	}
	if f, busy := c.inflight[key]; busy {
		c.mu.Unlock()
		select {
		case <-f.done:
			return f.body, f.body != nil, false
		case <-ctx.Done():
			return nil, false, false
		}
	}
	c.inflight[key] = &flight{done: make(chan struct{})}
	c.mu.Unlock()
	return nil, false, true
}

// finish ends the search lookup made the caller lead: body (nil for a
// failed search) is handed to the clients that waited. The caller caches
// it with put.
func (c *resultCache) finish(key string, body []byte) {
	c.mu.Lock()
	f := c.inflight[key]
	delete(c.inflight, key)
	c.mu.Unlock()
	if f != nil {
		f.body = body
		close(f.done)
	}
}

// put stores body under key, dropping the least recently used answers
// beyond the bounds. An answer larger than the whole budget is not kept.
func (c *resultCache) put(key string, body []byte) {
	if c == nil || len(body)+len(key) > c.maxBytes {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[key]; ok {
		old := e.Value.(*cacheEntry)
		c.bytes += len(body) - len(old.body)
		old.body = body
		c.ll.MoveToFront(e)
	} else {
		c.m[key] = c.ll.PushFront(&cacheEntry{key: key, body: body})
		c.bytes += len(key) + len(body)
	}
	for c.ll.Len() > c.maxItems || c.bytes > c.maxBytes {
		e := c.ll.Back()
		ce := e.Value.(*cacheEntry)
		c.ll.Remove(e)
		delete(c.m, ce.key)
		c.bytes -= len(ce.key) + len(ce.body)
	}
}

// len reports the number of cached answers.
func (c *resultCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ll.Len()
}
