package search

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"hash/crc32"
	"io"
	"math"
	"os"
	"sync"
	"unsafe"
)

// The static index's cache (issue 22: one page changed, a fraction of a
// cold build). Of the static index's 4,500 files for 10,000 pages, a
// change to one page changes a few: the store and passage shards that hold
// it, and the postings shards of its words (whose document frequencies
// change, and so every weight of their postings). A build into an output
// folder keeps, in a file of its own in .varde/cache, for every postings,
// store and passage shard a signature of everything its bytes are made
// from and the hash and size of what was written; and for every term its
// postings' bytes with a signature of what they are made from. The next
// build into that folder
//
//   - encodes again only the postings of terms whose signature changed
//     (the others' bytes are the cached ones),
//   - and makes no file whose signature is the one recorded: it asks the
//     caller to put the previous output's copy in place instead
//     (output.Dir.Keep, which links it after checking the live file
//     against the output's manifest); only when that cannot be done are
//     the bytes made.
//
// A signature covers, for a postings shard, the number of pages and every
// term of the shard with its postings (page numbers and term counts per
// field), the field lengths of those pages (the norms in the weights) and
// the term's compound pieces; for a store shard, the fields of its pages
// that the store shows; for a passage shard, its pages' analysis keys (the
// indexed text, body included) and the passages chosen. The file as a
// whole holds for one program (programKey) and the key the caller gives
// (the output folder, whether files are minified). The index's version, a
// hash of every shard, is computed from each shard's name, size and
// content hash, so a kept file needs no bytes for it either. A missing,
// damaged or stale file is a full export, never an error.

const staticCacheMagic = "varde-static-cache 2\n" // 2: signatures without lengths, pages' lengths

// A term whose postings changed only in the field lengths of a few pages
// (a title edited changes the length of every list page that names the
// page, and so the norm of every term on them: 1,760 terms' postings, the
// longest ones, were encoded again at 10,000 pages) is patched rather
// than encoded again: its signature without lengths (sigNoLen) is the
// cached one, so its pages, counts, document frequencies and pieces are;
// the pages whose lengths changed (the cache keeps each page's length
// signature, by page number, with a signature of the pages' ids in
// order) are weighed again, and their weight bytes replace theirs in the
// cached bytes. That gives the bytes a fresh encoding gives as long as the
// list's maximum weight, from which every byte is quantized, is a page's
// whose lengths did not change (patchPayload checks, and a term that fails
// is encoded again).

// StaticCache is what one build's static export keeps for the next build
// into the same output folder; see the top of this file.
type StaticCache struct {
	key   string
	terms map[string]map[string]termPayload // language → term → postings
	docs  map[string]langDocs               // language → its pages' lengths

	mu    sync.Mutex
	files map[string]staticEntry // path under search/ → entry

	// What the export that made this cache took from the previous one:
	// terms whose postings were not encoded again, files kept.
	termsReused, filesKept int
	termsPatched           int // of termsReused: postings patched (see patchPayload)
}

// langDocs is what the cache knows of one language's pages: a signature
// of their ids in order (ids, docIDsSig), and by page number the
// signature of each page's field lengths (docLenSigs).
type langDocs struct {
	ids  uint64
	lens []uint64
}

// termPayload is a term's encoded postings (postingsPayloads) and the
// signature of what they were encoded from.
type termPayload struct {
	sig      uint64
	sigNoLen uint64 // the signature without the pages' lengths
	data     []byte
}

// staticEntry is what the cache knows of one file.
type staticEntry struct {
	sig  uint64 // of its inputs
	hash uint64 // staticHash of the exported bytes (the version)
	size int64  // of the exported bytes
	// out and outSize are the hash (output.ContentHash) and size of the
	// file as written to the output folder (minified); outSize < 0 when
	// the writer did not say.
	out     uint64
	outSize int64
}

var staticCRC = crc32.MakeTable(crc32.Castagnoli)

// staticHash is the hash of a file's bytes that goes into the version: two
// CRC-32 in hardware, as the output folder's manifest hashes (only builds'
// bytes are told apart, no attacker is resisted).
func staticHash(b []byte) uint64 {
	return uint64(crc32.Checksum(b, staticCRC))<<32 | uint64(crc32.ChecksumIEEE(b))
}

// Signatures: 64 bits mixed a word at a time (the finalizer of
// SplitMix64 after each word), over inputs that are builds' own, not an
// attacker's.
func mix(h, x uint64) uint64 {
	h ^= x
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 31
	h *= 0x94d049bb133111eb
	return h ^ h>>29
}

func mixString(h uint64, s string) uint64 {
	h = mix(h, uint64(len(s)))
	for len(s) >= 8 {
		h = mix(h, binary.LittleEndian.Uint64([]byte(s[:8])))
		s = s[8:]
	}
	var tail uint64
	for i := 0; i < len(s); i++ {
		tail |= uint64(s[i]) << (8 * i)
	}
	return mix(h, tail)
}

func mixStrings(h uint64, ss []string) uint64 {
	h = mix(h, uint64(len(ss)))
	for _, s := range ss {
		h = mixString(h, s)
	}
	return h
}

// newStaticCache starts the cache of this build.
func newStaticCache(key string) *StaticCache {
	return &StaticCache{key: key, terms: map[string]map[string]termPayload{}, docs: map[string]langDocs{}, files: map[string]staticEntry{}}
}

// Written records that the file name (a path under search/, as the export
// named it) was written with output hash out and size: the next build may
// then keep it. Safe for concurrent use.
func (c *StaticCache) Written(name string, out uint64, size int64) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.files[name]; ok {
		e.out, e.outSize = out, size
		c.files[name] = e
	}
}

// staticReuse is one export's use of the previous build's cache.
type staticReuse struct {
	prev *StaticCache // nil: nothing to reuse
	next *StaticCache
	keep func(name string, out uint64, size int64) bool
	mu   sync.Mutex
	kept map[string]staticEntry
}

// take reports whether the file name, made from inputs of signature sig,
// is in place without its bytes: the previous build made it from the same
// inputs and the caller put that build's copy in place. Otherwise the
// caller makes it, and made records its bytes.
func (r *staticReuse) take(name string, sig uint64) bool {
	if r == nil {
		return false
	}
	if r.prev != nil {
		if e, ok := r.prev.files[name]; ok && e.sig == sig && e.outSize >= 0 && r.keep(name, e.out, e.outSize) {
			r.mu.Lock()
			r.kept[name] = e
			r.mu.Unlock()
			r.next.mu.Lock()
			r.next.files[name] = e
			r.next.mu.Unlock()
			return true
		}
	}
	r.next.mu.Lock()
	r.next.files[name] = staticEntry{sig: sig, outSize: -1}
	r.next.mu.Unlock()
	return false
}

// takeShards is take for count shards, on every core: which of them are
// kept. name and sig give a shard's name and signature; neither is called
// without a cache (r nil), and then none is kept.
func (r *staticReuse) takeShards(count int, name func(k int) string, sig func(k int) uint64) []bool {
	kept := make([]bool, count)
	if r == nil {
		return kept
	}
	parallel(count, func(k int) { kept[k] = r.take(name(k), sig(k)) })
	return kept
}

// jsonShards puts into files the count JSON shards named by name that the
// previous output does not keep (takeShards, with sig), each the JSON of
// rows(k), made on every core.
func (r *staticReuse) jsonShards(files map[string][]byte, count int, name func(k int) string, sig func(k int) uint64, rows func(k int) any) error {
	kept := r.takeShards(count, name, sig)
	made := make([][]byte, count)
	var firstErr error
	var once sync.Once
	parallel(count, func(k int) {
		if kept[k] {
			return
		}
		data, err := json.Marshal(rows(k))
		if err != nil {
			once.Do(func() { firstErr = err })
			return
		}
		made[k] = data
	})
	if firstErr != nil {
		return firstErr
	}
	for k, data := range made {
		if !kept[k] {
			files[name(k)] = data
		}
	}
	return nil
}

// prevTerms is the previous build's postings of one language, nil for none.
func (r *staticReuse) prevTerms(lang string) map[string]termPayload {
	if r == nil || r.prev == nil {
		return nil
	}
	return r.prev.terms[lang]
}

// prevDocs is the previous build's pages of one language; ok false when
// there is none.
func (r *staticReuse) prevDocs(lang string) (langDocs, bool) {
	if r == nil || r.prev == nil {
		return langDocs{}, false
	}
	d, ok := r.prev.docs[lang]
	return d, ok
}

// Reused says what the export that made c took from the previous build:
// the terms whose postings it did not encode again and the files it kept.
func (c *StaticCache) Reused() (terms, files int) {
	if c == nil {
		return 0, 0
	}
	return c.termsReused, c.filesKept
}

// Patched says how many of the terms Reused counts had their postings
// patched for pages whose lengths changed (patchPayload).
func (c *StaticCache) Patched() int {
	if c == nil {
		return 0
	}
	return c.termsPatched
}

// LoadStaticCache reads the cache file of the last build, for key (see
// ExportStaticReusing); nil when there is none or it cannot be used.
func LoadStaticCache(path, key string) *StaticCache {
	pk := programKey()
	if path == "" || pk == "" {
		return nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	c, err := decodeStaticCache(data, pk+"\x00"+key)
	if err != nil {
		return nil
	}
	return c
}

// Forget lets go of the postings and file entries the cache holds, once
// it is saved: a build keeps it to the end for the counts Reused gives,
// and the postings bytes of every term are megabytes held while the bleve
// index is still being built. A forgotten cache must not be saved.
func (c *StaticCache) Forget() {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.terms, c.files, c.docs = nil, nil, nil
	c.mu.Unlock()
}

// Save writes the cache to path (atomically). Call it once the output it
// describes is in place: it is what the next build keeps files from.
func (c *StaticCache) Save(path string) error {
	if c == nil || path == "" {
		return nil
	}
	// Written as it is encoded, 64 KB at a time: it is saved beside the
	// bleve index, at the build's peak of memory, and the whole file (the
	// postings bytes of every term) grew by appends to about twice its
	// size there.
	return writeCacheFileWith(path, func(w io.Writer) error {
		var e encoder
		var err error
		flush := func(atLeast int) {
			if err == nil && len(e.buf) >= atLeast {
				_, err = w.Write(e.buf)
				e.buf = e.buf[:0]
			}
		}
		e.buf = append(e.buf, staticCacheMagic...)
		str := func(s string) {
			e.uvarint(uint64(len(s)))
			e.buf = append(e.buf, s...)
		}
		u64 := func(v uint64) { e.buf = binary.LittleEndian.AppendUint64(e.buf, v) }
		str(c.key)
		c.mu.Lock()
		e.uvarint(uint64(len(c.files)))
		for name, f := range c.files {
			str(name)
			u64(f.sig)
			u64(f.hash)
			e.uvarint(uint64(f.size))
			u64(f.out)
			e.uvarint(uint64(f.outSize + 1))
			flush(1 << 16)
		}
		c.mu.Unlock()
		e.uvarint(uint64(len(c.terms)))
		for lang, ts := range c.terms {
			str(lang)
			e.uvarint(uint64(len(ts)))
			for t, p := range ts {
				str(t)
				u64(p.sig)
				u64(p.sigNoLen)
				e.uvarint(uint64(len(p.data)))
				e.buf = append(e.buf, p.data...)
				flush(1 << 16)
			}
		}
		e.uvarint(uint64(len(c.docs)))
		for lang, d := range c.docs {
			str(lang)
			u64(d.ids)
			e.uvarint(uint64(len(d.lens)))
			for _, l := range d.lens {
				u64(l)
				flush(1 << 16)
			}
		}
		flush(0)
		return err
	})
}

func decodeStaticCache(data []byte, key string) (*StaticCache, error) {
	if !bytes.HasPrefix(data, []byte(staticCacheMagic)) {
		return nil, errors.New("not a static index cache")
	}
	d := &cacheDecoder{b: data[len(staticCacheMagic):]}
	if d.str() != key || d.err != nil {
		return nil, errors.New("another program's or folder's cache")
	}
	u64 := func() uint64 {
		if d.err != nil {
			return 0
		}
		if len(d.b) < 8 {
			d.err = errors.New("truncated")
			return 0
		}
		v := binary.LittleEndian.Uint64(d.b)
		d.b = d.b[8:]
		return v
	}
	// Names, terms and postings are read in place: data is the file's,
	// kept by the cache and never written to.
	view := func() string {
		n := d.count()
		if d.err != nil {
			return ""
		}
		s := unsafe.String(unsafe.SliceData(d.b), n)
		d.b = d.b[n:]
		return s
	}
	c := newStaticCache(key)
	for n := d.count(); n > 0 && d.err == nil; n-- {
		name := view()
		var f staticEntry
		f.sig, f.hash = u64(), u64()
		f.size = int64(d.uvarint())
		f.out = u64()
		f.outSize = int64(d.uvarint()) - 1
		c.files[name] = f
	}
	for nl := d.count(); nl > 0 && d.err == nil; nl-- {
		lang := d.str()
		nt := d.count()
		ts := make(map[string]termPayload, nt)
		for ; nt > 0 && d.err == nil; nt-- {
			t := view()
			sig, sigNoLen := u64(), u64()
			n := d.count()
			if d.err != nil {
				break
			}
			ts[t] = termPayload{sig: sig, sigNoLen: sigNoLen, data: d.b[:n:n]}
			d.b = d.b[n:]
		}
		c.terms[lang] = ts
	}
	for nl := d.count(); nl > 0 && d.err == nil; nl-- {
		lang := d.str()
		ld := langDocs{ids: u64()}
		n := d.count()
		if d.err != nil || n > len(d.b)/8 {
			return nil, errors.New("truncated")
		}
		ld.lens = make([]uint64, n)
		for i := range ld.lens {
			ld.lens[i] = u64()
		}
		c.docs[lang] = ld
	}
	if d.err != nil {
		return nil, d.err
	}
	if len(d.b) != 0 {
		return nil, errors.New("trailing bytes")
	}
	return c, nil
}

// docLenSigs returns, per page, a signature of its field lengths (the
// norms its postings are weighed by).
func docLenSigs(st *langStats) []uint64 {
	out := make([]uint64, len(st.length))
	for d, ls := range st.length {
		h := uint64(len(ls))
		for _, l := range ls {
			h = mix(h, uint64(l))
		}
		out[d] = h
	}
	return out
}

// termSigs returns the signature of everything a term's postings bytes
// are made from: the number of pages, the term, its postings (page
// numbers and counts per field, from which its document frequencies
// follow), the field lengths of those pages and its compound pieces; and
// the same without the lengths (see patchPayload).
func termSigs(st *langStats, ts *termStats, lenSig []uint64, pieces []string) (sig, noLen uint64) {
	h := mix(uint64(staticVersion), uint64(st.n))
	h = mixString(h, ts.term)
	h = mix(h, uint64(len(ts.postings)))
	// The lengths go into a chain of their own, mixed in at the end: as
	// many mixes a posting as one signature with them took.
	hl := uint64(len(ts.postings))
	for i := range ts.postings {
		p := &ts.postings[i]
		h = mix(h, uint64(p.doc))
		var w uint64
		for f, c := range st.tf(*p) {
			w = w<<16 | uint64(c)
			if f%4 == 3 {
				h = mix(h, w)
				w = 0
			}
		}
		h = mix(h, w)
		hl = mix(hl, lenSig[p.doc])
	}
	noLen = mixStrings(h, pieces)
	return mix(noLen, hl), noLen
}

// docIDsSig is the signature of a language's pages' ids in order: where
// it is the previous build's, a page number means the same page.
func docIDsSig(lc *langCorpus) uint64 {
	h := mix(uint64(staticVersion), uint64(len(lc.docs)))
	for _, dt := range lc.docs {
		h = mixString(h, dt.doc.ID)
	}
	return h
}

// patchPayload returns the postings bytes of ts, made from prev (the
// previous build's bytes of the same term, whose signature without
// lengths is the current one), with the weights of the pages marked in
// changed (whose field lengths changed) made again; false when that would
// not give the bytes a fresh encoding gives, so that the caller encodes
// the term again: prev does not parse, or a changed page may hold the
// list's maximum weight (its byte was 255, or its new weight reaches the
// maximum), which every other byte is quantized against.
func patchPayload(prev []byte, ts *termStats, changed []bool, weights [2]func(posting) float64) ([]byte, bool) {
	// The postings of changed pages, with their new weights.
	type redo struct {
		doc uint32
		w   [2]float64
	}
	var todo []redo
	for _, p := range ts.postings {
		if changed[p.doc] {
			todo = append(todo, redo{p.doc, [2]float64{weights[0](p), weights[1](p)}})
		}
	}
	out := bytes.Clone(prev)
	b := out
	uvarint := func() (uint64, bool) {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			return 0, false
		}
		b = b[n:]
		return v, true
	}
	for list := range 2 {
		count, ok := uvarint()
		if !ok || count > uint64(len(ts.postings)) {
			return nil, false
		}
		patched := 0
		for _, r := range todo {
			if r.w[list] > 0 {
				patched++
			}
		}
		if count == 0 {
			if patched > 0 {
				return nil, false
			}
			continue
		}
		if len(b) < 4 {
			return nil, false
		}
		m32 := math.Float32frombits(binary.LittleEndian.Uint32(b))
		b = b[4:]
		max := float64(m32)
		doc, k := uint32(0), 0
		for range count {
			gap, ok := uvarint()
			if !ok || len(b) == 0 || gap > math.MaxUint32-uint64(doc) {
				return nil, false
			}
			doc += uint32(gap)
			for k < len(todo) && todo[k].doc < doc {
				k++
			}
			if k < len(todo) && todo[k].doc == doc {
				w := todo[k].w[list]
				// The maximum is a page's whose lengths did not change
				// (its weight, and so the maximum, is the same) only
				// when no changed page had the top byte or reaches it
				// now: float32 rounding is within 2^-24 of it.
				if b[0] == 255 || !(w > 0) || w >= max*(1-1e-6) {
					return nil, false
				}
				b[0] = quantize(w, max)
				patched--
			}
			b = b[1:]
		}
		if patched != 0 {
			return nil, false // a changed page's weight appeared or went
		}
	}
	return out, true
}
