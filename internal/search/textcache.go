package search

import (
	"sync"
	"sync/atomic"

	index "github.com/blevesearch/bleve_index_api"
)

// textCache keeps the stored snippet text (description and body) of the
// pages that recent searches showed, by page number. Reading it from bleve
// looks the page's id up, decompresses all its stored fields and copies
// them: about a sixth of an uncached search on 1,000 pages (issue 15),
// for pages that the next search is likely to show again. The cache holds
// at most maxBytes of text; when full, entries are dropped in turn from a
// clock hand. Reads take no lock.
type textCache struct {
	texts    []atomic.Pointer[pageText]
	bytes    atomic.Int64
	maxBytes int64
	mu       sync.Mutex // held to add, and to evict
	hand     int
}

type pageText struct {
	desc, body string
}

func (p *pageText) size() int64 { return int64(len(p.desc)+len(p.body)) + 64 }

// textCacheBytes bounds the cache of one language's index: a page stores
// at most maxSnippetSource bytes, so this holds at least 500 pages, and
// typically all of a site of a few thousand.
const textCacheBytes = 16 << 20

func newTextCache(pages int, maxBytes int64) *textCache {
	return &textCache{texts: make([]atomic.Pointer[pageText], pages), maxBytes: maxBytes}
}

// text returns the snippet text of page num, whose id is id, from the
// cache or from r.
func (c *textCache) text(r index.IndexReader, num int32, id string) (desc, body string, err error) {
	if p := c.texts[num].Load(); p != nil {
		return p.desc, p.body, nil
	}
	desc, body, err = stored(r, id)
	if err != nil {
		return "", "", err
	}
	c.add(num, &pageText{desc, body})
	return desc, body, nil
}

func (c *textCache) add(num int32, p *pageText) {
	if p.size() > c.maxBytes/4 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.texts[num].Load() != nil {
		return // another search added it meanwhile
	}
	for c.bytes.Load()+p.size() > c.maxBytes {
		c.hand = (c.hand + 1) % len(c.texts)
		if old := c.texts[c.hand].Swap(nil); old != nil {
			c.bytes.Add(-old.size())
		}
	}
	c.texts[num].Store(p)
	c.bytes.Add(p.size())
}
