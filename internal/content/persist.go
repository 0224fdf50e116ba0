package content

// The parsed pages of the last build, kept in the site's .varde/cache
// between runs of varde build (issue 22: "parsed pages reused"). Parsing
// YAML front matter was half of reading 10,000 pages (docs/performance.md,
// session 15); a page whose file has not changed is taken from here.
//
// An entry is used only for a file with the very bytes it was parsed from.
// It holds the SHA-256 of the file's content and, as git's index does, the
// file's stat when it was read: size, modification and change times in
// nanoseconds, inode and device. varde build (Options.TrustStat) takes a
// page whose file has that very stat without reading the file; its body is
// read later only if something asks for it (Page.Source: a page whose
// Markdown is not in the Markdown cache, or that holds a value's "{{"),
// and the Markdown cache's key takes the body's SHA-256 kept here
// (Page.BodySum). Reading and hashing 10,000 files was most of "content
// read" in a one-page rebuild (docs/performance.md, session 18).
//
// Why a stat can vouch for content: any write to a file sets its change
// time (ctime) to the clock's time, and no program can set ctime back, so
// a tool that restores the mtime after an edit still changes the stat; a
// file replaced by a rename has another inode. What a stat cannot tell is
// a write in the same tick of the file system's clock as the read that
// took the stat: so, git's "racy" rule, a stat is kept only when both
// times are older than the start of the build that read the file by
// RacyMargin; a newer file is read and hashed again next time (and its
// stat kept then). A file whose stat differs is read and hashed: when the
// hash is the same (a git checkout touches every file) the entry is used
// and its new stat kept, so a fresh checkout costs one build of reading
// everything, as it did before. The stats are dropped as a whole when the
// clock is behind the time the file was written (set back since): a write
// then could give a time already seen.
//
// The file as a whole is used only under the key the caller gives (Varde's
// version and config.toml, which a page's language, section type and
// defaults come from) and the format below. Only pages that parsed without
// any diagnostic are kept, so warnings are said again on every build, and
// only pages whose params hold plain values (text, numbers, true/false,
// dates, lists and tables of them), which come back exactly as parsed.
// A missing, damaged or foreign file is an empty cache: a normal build.

import (
	"crypto/sha256"
	"encoding/gob"
	"io"
	"time"

	"github.com/varde-portal/varde/internal/sitefs"
)

// now is the clock the file's time is written and compared by (tests set
// it back).
var now = time.Now

// cacheFormat changes whenever what the file holds changes meaning
// (Page's or Meta's fields, how they are parsed, how they are encoded).
const cacheFormat = 3 // 2: stats, body sums; 3: written by hand (pagecodec.go), not gob

// cacheMagic opens the file, after its sum.
const cacheMagic = "varde-pages\n"

// cacheEntry is one parsed file. The body is not stored: it is the end of
// the file, from BodyOff (nil when the file ends at the closing delimiter
// without a newline).
type cacheEntry struct {
	File    string
	Sum     [32]byte
	Page    Page
	BodyOff int
	BodyNil bool
	Stat    sitefs.FileStat // zero: none kept (racy, or not on disk)
	BodySum [32]byte
	Braces  bool // the body holds "{{"
}

func init() {
	// The values front matter params may hold, as gob sends them inside
	// an interface.
	gob.Register([]any{})
	gob.Register(map[string]any{})
	gob.Register(time.Time{})
	gob.Register(int64(0))
}

// ReadCache returns the cache r holds when it was written under key, else
// an empty one; r may be nil. The file is its SHA-256 and then the
// header and the entries (pagecodec.go): a byte changed anywhere (a disk
// error, a cache restored in part) makes the whole file unused, not one
// page wrong.
func ReadCache(r io.Reader, key string) *Cache {
	c := NewCache()
	if r == nil {
		return c
	}
	b, err := io.ReadAll(r)
	if err != nil || len(b) < sha256.Size || sha256.Sum256(b[sha256.Size:]) != [sha256.Size]byte(b[:sha256.Size]) {
		return c
	}
	d := &decoder{b: b[sha256.Size:]}
	if d.str() != cacheMagic || d.uvarint() != cacheFormat || d.str() != key {
		return c
	}
	n := d.count()
	written := d.varint()
	if d.err != nil {
		return c
	}
	entries, err := decodeEntries(d.b, n)
	if err != nil {
		return c
	}
	stats := now().UnixNano() >= written
	m := make(map[string]cached, len(entries))
	for i := range entries {
		e := &entries[i]
		if e.BodyOff < 0 {
			return c
		}
		p := &e.Page
		if p.Meta.Params == nil {
			p.Meta.Params = map[string]any{} // an empty table comes back nil, as from gob
		}
		if p.Meta.Lines == nil {
			p.Meta.Lines = map[string]int{}
		}
		ce := cached{sum: e.Sum, page: p, bodyOff: e.BodyOff, bodyNil: e.BodyNil, bodySum: e.BodySum, braces: e.Braces}
		if stats {
			ce.st = e.Stat
		}
		m[e.File] = ce
	}
	c.m = m
	return c
}

// WriteTo writes the entries of the files the last Load read (pages
// without diagnostics, see the top of the file) under key.
func (c *Cache) WriteTo(w io.Writer, key string) error {
	c.mu.Lock()
	keep := make([]cacheEntry, 0, len(c.seen))
	for file := range c.seen {
		e, ok := c.m[file]
		if !ok || !e.keep() {
			continue
		}
		keep = append(keep, cacheEntry{File: file, Sum: e.sum, Page: *e.page, BodyOff: e.bodyOff, BodyNil: e.bodyNil, Stat: e.st, BodySum: e.bodySum, Braces: e.braces})
	}
	c.mu.Unlock()
	h := &encoder{}
	h.str(cacheMagic)
	h.uvarint(cacheFormat)
	h.str(key)
	h.uvarint(uint64(len(keep)))
	h.varint(now().UnixNano())
	index, chunks, err := encodeChunks(keep)
	if err != nil {
		return err
	}
	// The sum of what follows it, then that, chunk by chunk: the file is
	// never gathered into one buffer.
	d := sha256.New()
	d.Write(h.b)
	d.Write(index)
	for _, c := range chunks {
		d.Write(c)
	}
	for _, b := range append([][]byte{d.Sum(nil), h.b, index}, chunks...) {
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

// keep reports whether WriteTo keeps the entry.
func (e cached) keep() bool {
	return e.page != nil && len(e.diags) == 0 && plainMeta(&e.page.Meta)
}

// Changed reports whether the last Load parsed a file WriteTo keeps, kept
// another stat for one, or did not read a file the cache holds: only then
// does a cache file need writing again.
func (c *Cache) Changed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fresh > 0 || c.restat > 0 {
		return true
	}
	for file, e := range c.m {
		if !c.seen[file] && e.keep() {
			return true
		}
	}
	return false
}

// plain reports whether v holds only values that come back from gob as
// they went in: text, whole and decimal numbers, true/false, dates, and
// non-empty lists and tables of them (gob would return an empty one as
// nil).
func plain(v any) bool {
	switch x := v.(type) {
	case string, bool, int, int64, float64:
		return true
	case time.Time:
		return x.Location() == time.UTC
	case []any:
		for _, e := range x {
			if !plain(e) {
				return false
			}
		}
		return len(x) > 0
	case map[string]any:
		for _, e := range x {
			if !plain(e) {
				return false
			}
		}
		return len(x) > 0
	}
	return false
}

// plainMeta reports whether m comes back from gob as it went in: its
// params plain (an empty table of params is restored by ReadCache), and
// its dates in UTC (gob gives a date with an offset the machine's local
// zone back in time.Local, whose name a layout may print).
func plainMeta(m *Meta) bool {
	for _, v := range m.Params {
		if !plain(v) {
			return false
		}
	}
	return m.Updated.Location() == time.UTC && m.Review.Location() == time.UTC
}

// Statted returns how many files the last Load took by their stat alone,
// without reading them.
func (c *Cache) Statted() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.statted
}
