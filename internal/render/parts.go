package render

import (
	"bytes"
	"sync"
	"sync/atomic"
)

// partsUsed counts the parts written from memory, for the tests.
var partsUsed atomic.Int64

// Cached parts in the fast minifier (issue 22). A page's cached parts
// (View.Cached: the head's links, the header, the menu, the footer) are
// the same bytes on many pages, and the fast path would read them again
// on every page. The renderer tells it where each part was written
// (Hint); the part is minified alone once for each state it is met in
// (whether a leading space goes, inside <pre> or not) and its bytes are
// written from memory. That gives the page's bytes when the part is read
// alone as in the page: it starts where a token starts (the loop is at a
// token there), the page has a token or its end right after it, and
// nothing the part's bytes depend on lies beyond its end (fast with part
// set fails otherwise, and the part is read as part of the page).

type partKey struct {
	s  string
	st fastState
}

type partOut struct {
	b      []byte
	exit   fastState
	tagEnd bool
	ok     bool
}

// partMemo holds the parts' minified bytes, at most partMemoMax of them
// and none larger than partMaxLen.
type partMemo struct {
	mu sync.RWMutex
	m  map[partKey]partOut
}

const (
	partMemoMax = 4096
	partMaxLen  = 16 << 10
)

// partBytes returns the part minified alone from state st, the state
// after it, and whether it ends in a tag; ok is false when it cannot stand
// for the part in a page.
func (mi *minifier) partBytes(part string, st fastState) (b []byte, exit fastState, tagEnd, ok bool) {
	if len(part) > partMaxLen {
		return nil, st, false, false
	}
	k := partKey{part, st}
	mi.parts.mu.RLock()
	o, found := mi.parts.m[k]
	mi.parts.mu.RUnlock()
	if !found {
		var buf bytes.Buffer
		exit, tagEnd, ok := mi.fast(&buf, []byte(part), st, nil, true)
		o = partOut{b: buf.Bytes(), exit: exit, tagEnd: tagEnd, ok: ok}
		mi.parts.mu.Lock()
		if mi.parts.m == nil {
			mi.parts.m = map[partKey]partOut{}
		}
		if len(mi.parts.m) < partMemoMax {
			mi.parts.m[k] = o
		}
		mi.parts.mu.Unlock()
	}
	return o.b, o.exit, o.tagEnd, o.ok
}
