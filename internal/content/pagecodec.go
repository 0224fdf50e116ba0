package content

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"time"

	"github.com/varde-portal/varde/internal/sitefs"
)

// The cache file's entries are written and read by hand rather than by
// gob: decoding the 10,000-page corpus's file with gob (reflection, a
// value at a time) was about 80 CPU-ms on the critical path of every
// rebuild ("content read" waits for it), and writing it 0.1–0.3 CPU-s
// whenever a page changed (docs/performance.md, "Session 19: one-page
// rebuild"). The entries come back as gob gave them: an empty list or table
// as nil, a date through time's MarshalBinary (so in the same location),
// params of the plain kinds only (plain). They are cut into chunks of
// their own, so that a file is decoded on every core.
//
// TestPageCodecFields fails when Page, Meta or sitefs.FileStat gains a
// field, which this file must then learn.

// entryChunks is the most chunks a file is cut into.
const entryChunks = 8

var errCodec = errors.New("damaged page cache entry")

type encoder struct{ b []byte }

func (e *encoder) uvarint(n uint64) { e.b = binary.AppendUvarint(e.b, n) }
func (e *encoder) varint(n int64)   { e.b = binary.AppendVarint(e.b, n) }
func (e *encoder) str(s string)     { e.uvarint(uint64(len(s))); e.b = append(e.b, s...) }
func (e *encoder) sum(s *[32]byte)  { e.b = append(e.b, s[:]...) }

func (e *encoder) bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

func (e *encoder) strs(ss []string) {
	e.uvarint(uint64(len(ss)))
	for _, s := range ss {
		e.str(s)
	}
}

func (e *encoder) time(t time.Time) error {
	if t.IsZero() {
		e.uvarint(0) // gob sends no zero date: it comes back as time.Time{}
		return nil
	}
	b, err := t.MarshalBinary()
	if err != nil {
		return err
	}
	e.uvarint(uint64(len(b)))
	e.b = append(e.b, b...)
	return nil
}

// Tags of the values params may hold.
const (
	tagString = iota + 1
	tagBool
	tagInt
	tagInt64
	tagFloat
	tagTime
	tagList
	tagTable
)

func (e *encoder) value(v any) error {
	switch x := v.(type) {
	case string:
		e.b = append(e.b, tagString)
		e.str(x)
	case bool:
		e.b = append(e.b, tagBool)
		e.bool(x)
	case int:
		e.b = append(e.b, tagInt)
		e.varint(int64(x))
	case int64:
		e.b = append(e.b, tagInt64)
		e.varint(x)
	case float64:
		e.b = append(e.b, tagFloat)
		e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(x))
	case time.Time:
		e.b = append(e.b, tagTime)
		b, err := x.MarshalBinary()
		if err != nil {
			return err
		}
		e.uvarint(uint64(len(b)))
		e.b = append(e.b, b...)
	case []any:
		e.b = append(e.b, tagList)
		e.uvarint(uint64(len(x)))
		for _, y := range x {
			if err := e.value(y); err != nil {
				return err
			}
		}
	case map[string]any:
		e.b = append(e.b, tagTable)
		return e.table(x)
	default:
		return fmt.Errorf("a param of type %T", v)
	}
	return nil
}

func (e *encoder) table(m map[string]any) error {
	e.uvarint(uint64(len(m)))
	for k, v := range m {
		e.str(k)
		if err := e.value(v); err != nil {
			return err
		}
	}
	return nil
}

func (e *encoder) entry(c *cacheEntry) error {
	e.str(c.File)
	e.sum(&c.Sum)
	e.varint(int64(c.BodyOff))
	e.bool(c.BodyNil)
	e.varint(c.Stat.Size)
	e.varint(c.Stat.Mtime)
	e.varint(c.Stat.Ctime)
	e.uvarint(c.Stat.Ino)
	e.uvarint(c.Stat.Dev)
	e.sum(&c.BodySum)
	e.bool(c.Braces)
	p := &c.Page
	for _, s := range []string{p.File, p.Rel, p.Dir, p.Section, p.Base, p.Lang, string(p.Kind), p.ID, p.Type} {
		e.str(s)
	}
	// Never a body in practice (see cached.page); an empty one comes
	// back nil, as from gob.
	e.uvarint(uint64(len(p.Body)))
	e.b = append(e.b, p.Body...)
	e.varint(int64(p.BodyLine))
	e.bool(p.Auto)
	m := &p.Meta
	for _, s := range []string{m.Title, m.Description, m.Type, m.ID} {
		e.str(s)
	}
	for _, ss := range [][]string{m.Audience, m.Topics, m.NSM, m.Legal} {
		e.strs(ss)
	}
	e.str(m.Version)
	if err := e.time(m.Updated); err != nil {
		return err
	}
	if err := e.time(m.Review); err != nil {
		return err
	}
	e.str(m.Owner)
	e.strs(m.Related)
	e.str(m.Scale)
	e.strs(m.Collect)
	e.strs(m.Core)
	e.varint(int64(m.Pass))
	e.str(m.Statement)
	e.bool(m.Draft)
	e.varint(int64(m.Weight))
	e.strs(m.Aliases)
	e.str(m.Slug)
	e.str(m.Layout)
	if err := e.table(m.Params); err != nil {
		return err
	}
	e.strs(m.Unknown)
	e.uvarint(uint64(len(m.Lines)))
	for k, n := range m.Lines {
		e.str(k)
		e.varint(int64(n))
	}
	return nil
}

// decoder reads what encoder wrote; a read past the end or a value out of
// range sets err, and every later read gives zero values.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail() {
	if d.err == nil {
		d.err = errCodec
	}
	d.b = nil
}

func (d *decoder) uvarint() uint64 {
	n, k := binary.Uvarint(d.b)
	if k <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[k:]
	return n
}

func (d *decoder) varint() int64 {
	n, k := binary.Varint(d.b)
	if k <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[k:]
	return n
}

// int reads a varint that must fit an int.
func (d *decoder) int() int {
	n := d.varint()
	if n != int64(int(n)) {
		d.fail()
		return 0
	}
	return int(n)
}

// count reads a length, which must not exceed the bytes left (every
// element takes at least one).
func (d *decoder) count() int {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.fail()
		return 0
	}
	return int(n)
}

func (d *decoder) bytes(n int) []byte {
	if n > len(d.b) {
		d.fail()
		return nil
	}
	b := d.b[:n:n]
	d.b = d.b[n:]
	return b
}

func (d *decoder) str() string { return string(d.bytes(d.count())) }

func (d *decoder) sum(s *[32]byte) { copy(s[:], d.bytes(32)) }

func (d *decoder) bool() bool {
	b := d.bytes(1)
	if len(b) == 0 || b[0] > 1 {
		d.fail()
		return false
	}
	return b[0] == 1
}

func (d *decoder) strs() []string {
	n := d.count()
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = d.str()
	}
	return out
}

func (d *decoder) time() time.Time {
	n := d.count()
	if n == 0 {
		return time.Time{}
	}
	var t time.Time
	if err := t.UnmarshalBinary(d.bytes(n)); err != nil {
		d.fail()
	}
	return t
}

func (d *decoder) value(depth int) any {
	if depth > 64 {
		d.fail()
		return nil
	}
	tag := d.bytes(1)
	if len(tag) == 0 {
		d.fail()
		return nil
	}
	switch tag[0] {
	case tagString:
		return d.str()
	case tagBool:
		return d.bool()
	case tagInt:
		return d.int()
	case tagInt64:
		return d.varint()
	case tagFloat:
		b := d.bytes(8)
		if len(b) < 8 {
			return nil
		}
		return math.Float64frombits(binary.LittleEndian.Uint64(b))
	case tagTime:
		var t time.Time
		if err := t.UnmarshalBinary(d.bytes(d.count())); err != nil {
			d.fail()
		}
		return t
	case tagList:
		n := d.count()
		if n == 0 {
			d.fail() // plain lists are never empty
			return nil
		}
		out := make([]any, n)
		for i := range out {
			out[i] = d.value(depth + 1)
		}
		return out
	case tagTable:
		m := d.table(depth + 1)
		if m == nil {
			d.fail() // plain tables are never empty
		}
		return m
	}
	d.fail()
	return nil
}

// table reads a table; nil when it is empty (as gob gives it).
func (d *decoder) table(depth int) map[string]any {
	n := d.count()
	if n == 0 {
		return nil
	}
	m := make(map[string]any, n)
	for range n {
		k := d.str()
		m[k] = d.value(depth)
	}
	return m
}

func (d *decoder) entry(c *cacheEntry) {
	c.File = d.str()
	d.sum(&c.Sum)
	c.BodyOff = d.int()
	c.BodyNil = d.bool()
	c.Stat = sitefs.FileStat{Size: d.varint(), Mtime: d.varint(), Ctime: d.varint(), Ino: d.uvarint(), Dev: d.uvarint()}
	d.sum(&c.BodySum)
	c.Braces = d.bool()
	p := &c.Page
	p.File, p.Rel, p.Dir, p.Section, p.Base, p.Lang = d.str(), d.str(), d.str(), d.str(), d.str(), d.str()
	p.Kind, p.ID, p.Type = Kind(d.str()), d.str(), d.str()
	if n := d.count(); n > 0 {
		p.Body = append([]byte(nil), d.bytes(n)...)
	}
	p.BodyLine = d.int()
	p.Auto = d.bool()
	m := &p.Meta
	m.Title, m.Description, m.Type, m.ID = d.str(), d.str(), d.str(), d.str()
	m.Audience, m.Topics, m.NSM, m.Legal = d.strs(), d.strs(), d.strs(), d.strs()
	m.Version = d.str()
	m.Updated = d.time()
	m.Review = d.time()
	m.Owner = d.str()
	m.Related = d.strs()
	m.Scale = d.str()
	m.Collect = d.strs()
	m.Core = d.strs()
	m.Pass = d.int()
	m.Statement = d.str()
	m.Draft = d.bool()
	m.Weight = d.int()
	m.Aliases = d.strs()
	m.Slug = d.str()
	m.Layout = d.str()
	m.Params = d.table(0)
	m.Unknown = d.strs()
	if n := d.count(); n > 0 {
		m.Lines = make(map[string]int, n)
		for range n {
			k := d.str()
			m.Lines[k] = d.int()
		}
	}
}

// encodeEntries appends the entries to b in chunks: the number of
// chunks, then each chunk's entry count and byte length, then the chunks.
func encodeEntries(b []byte, entries []cacheEntry) ([]byte, error) {
	index, chunks, err := encodeChunks(entries)
	if err != nil {
		return nil, err
	}
	b = append(b, index...)
	for _, c := range chunks {
		b = append(b, c...)
	}
	return b, nil
}

// encodeChunks encodes the entries on every core: the chunk index (their
// number, and each one's entry count and byte length) and the chunks,
// which follow it in the file.
func encodeChunks(entries []cacheEntry) (index []byte, chunks [][]byte, err error) {
	n := min(entryChunks, max(1, len(entries)/500))
	encs := make([]encoder, n)
	per := (len(entries) + n - 1) / n
	errs := make([]error, n)
	var wg sync.WaitGroup
	for k := range encs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			encs[k].b = make([]byte, 0, 640*per) // most entries take 400-600 bytes
			for i := k * per; i < min((k+1)*per, len(entries)); i++ {
				if err := encs[k].entry(&entries[i]); err != nil {
					errs[k] = fmt.Errorf("%s: %v", entries[i].File, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	index = binary.AppendUvarint(index, uint64(n))
	out := make([][]byte, n)
	for k := range encs {
		index = binary.AppendUvarint(index, uint64(max(0, min((k+1)*per, len(entries))-k*per)))
		index = binary.AppendUvarint(index, uint64(len(encs[k].b)))
		out[k] = encs[k].b
	}
	return index, out, nil
}

// decodeEntries reads what encodeEntries wrote, want entries in all, on
// every core; an error when anything is amiss.
func decodeEntries(b []byte, want int) (out []cacheEntry, err error) {
	d := &decoder{b: b}
	n := d.count()
	if n == 0 || n > entryChunks {
		return nil, errCodec
	}
	counts, sizes := make([]int, n), make([]int, n)
	total := 0
	for k := range n {
		counts[k], sizes[k] = d.count(), d.count()
		total += counts[k]
	}
	if d.err != nil || total != want {
		return nil, errCodec
	}
	out = make([]cacheEntry, total)
	chunks := make([]decoder, n)
	for k := range n {
		chunks[k].b = d.bytes(sizes[k])
	}
	if d.err != nil || len(d.b) != 0 {
		return nil, errCodec
	}
	errs := make([]error, n)
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	at := 0
	for k := range n {
		from := at
		at += counts[k]
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			defer func() {
				if recover() != nil {
					errs[k] = errCodec
				}
			}()
			c := &chunks[k]
			for i := from; i < from+counts[k]; i++ {
				c.entry(&out[i])
				if c.err != nil {
					errs[k] = c.err
					return
				}
			}
			if len(c.b) != 0 {
				errs[k] = errCodec
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}
