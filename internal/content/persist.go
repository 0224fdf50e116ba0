package content

// The parsed pages of the last build, kept in the site's .varde/cache
// between runs of varde build (issue 22: "parsed pages reused"). Parsing
// YAML front matter was half of reading 10,000 pages (docs/performance.md,
// session 15); a page whose file has not changed is taken from here.
//
// An entry is used only for a file with the very bytes it was parsed from:
// it is keyed by the SHA-256 of the file's content, never by its size or
// modification time. An edit that keeps both (a tool that restores the
// mtime, two saves in one second) is still seen, and a git checkout that
// gives every file a new mtime costs nothing. Every file is read anyway,
// since its Markdown is needed (or hashed, for the Markdown cache), so the
// hash is the only extra work: about 0.05 s for 80 MB of pages.
//
// The file as a whole is used only under the key the caller gives (Varde's
// version and config.toml, which a page's language, section type and
// defaults come from) and the format below. Only pages that parsed without
// any diagnostic are kept, so warnings are said again on every build, and
// only pages whose params hold plain values (text, numbers, true/false,
// dates, lists and tables of them), which come back exactly as parsed.
// A missing, damaged or foreign file is an empty cache: a normal build.

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"fmt"
	"io"
	"time"
)

// cacheFormat changes whenever what the file holds changes meaning
// (Page's or Meta's fields, how they are parsed).
const cacheFormat = 1

type cacheHeader struct {
	Format  int
	Key     string
	Entries int
}

// cacheEntry is one parsed file. The body is not stored: it is the end of
// the file, from BodyOff (nil when the file ends at the closing delimiter
// without a newline).
type cacheEntry struct {
	File    string
	Sum     [32]byte
	Page    Page
	BodyOff int
	BodyNil bool
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
// an empty one; r may be nil. The file is its SHA-256 and then the gob
// stream: a byte changed anywhere (a disk error, a cache restored in part)
// makes the whole file unused, not one page wrong.
func ReadCache(r io.Reader, key string) *Cache {
	c := NewCache()
	if r == nil {
		return c
	}
	b, err := io.ReadAll(r)
	if err != nil || len(b) < sha256.Size || sha256.Sum256(b[sha256.Size:]) != [sha256.Size]byte(b[:sha256.Size]) {
		return c
	}
	dec := gob.NewDecoder(bytes.NewReader(b[sha256.Size:]))
	var h cacheHeader
	if err := dec.Decode(&h); err != nil || h.Format != cacheFormat || h.Key != key || h.Entries < 0 {
		return c
	}
	m := make(map[string]cached, min(h.Entries, 1<<20))
	for range h.Entries {
		var e cacheEntry
		if err := dec.Decode(&e); err != nil || e.BodyOff < 0 {
			return c
		}
		p := e.Page
		if p.Meta.Params == nil {
			p.Meta.Params = map[string]any{} // gob leaves out empty maps
		}
		if p.Meta.Lines == nil {
			p.Meta.Lines = map[string]int{}
		}
		m[e.File] = cached{sum: e.Sum, page: &p, bodyOff: e.BodyOff, bodyNil: e.BodyNil}
	}
	c.m = m
	return c
}

// WriteTo writes the entries of the files the last Load read (pages
// without diagnostics, see the top of the file) under key.
func (c *Cache) WriteTo(w io.Writer, key string) error {
	c.mu.Lock()
	var keep []cacheEntry
	for file := range c.seen {
		e, ok := c.m[file]
		if !ok || !e.keep() {
			continue
		}
		keep = append(keep, cacheEntry{File: file, Sum: e.sum, Page: *e.page, BodyOff: e.bodyOff, BodyNil: e.bodyNil})
	}
	c.mu.Unlock()
	var buf bytes.Buffer
	buf.Write(make([]byte, sha256.Size)) // the sum, once known
	enc := gob.NewEncoder(&buf)
	if err := enc.Encode(cacheHeader{Format: cacheFormat, Key: key, Entries: len(keep)}); err != nil {
		return err
	}
	for i := range keep {
		if err := enc.Encode(&keep[i]); err != nil {
			return fmt.Errorf("%s: %v", keep[i].File, err)
		}
	}
	b := buf.Bytes()
	sum := sha256.Sum256(b[sha256.Size:])
	copy(b, sum[:])
	_, err := w.Write(b)
	return err
}

// keep reports whether WriteTo keeps the entry.
func (e cached) keep() bool {
	return e.page != nil && len(e.diags) == 0 && plainMeta(&e.page.Meta)
}

// Changed reports whether the last Load parsed a file WriteTo keeps, or
// did not read a file the cache holds: only then does a cache file need
// writing again.
func (c *Cache) Changed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fresh > 0 {
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
