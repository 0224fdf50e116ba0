package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"
)

// The analysis cache (issue 22: one page changed, a fraction of a cold
// build). A build keeps each page's analysis, the surfaces of its fields'
// tokens and the offsets of its body's first tokens, in a file in .varde/
// (AnalyzeOptions.Cache); the next build analyzes only the pages whose
// indexed text is not in the file and takes the others' from it.
//
// What a page's analysis depends on is its key: its language and the text
// of its five indexed fields (fieldTexts), hashed. The file as a whole
// holds for one program only (executableHash: tokenizing, folding, stop
// words and stemming are code) and analysisCacheFormat. The thesaurus and
// the compound splits are not in it: they are computed from the whole
// dictionary on every build (analyzeLang, compileThesaurus), so a synonym
// file edited, or a page that brings a new compound part, changes what
// they give without touching a page's own analysis. A missing, unreadable,
// stale or corrupt file is a full analysis, never an error; the file is
// written again (atomically) whenever a page was analyzed anew or left.

// analysisCacheFormat changes when what the file holds changes meaning.
const analysisCacheFormat = 3 // 2: the passages; 3: the compound splits

const analysisCacheMagic = "varde-search-analysis\n"

// docKey is a page's analysis key.
type docKey [16]byte

func analysisKey(lang string, d *Document) docKey {
	// The bytes of put(lang) and put of each of fieldTexts(d), without
	// making the joined texts (four allocations a page, on the analysis's
	// path): the small fields gathered in b, the body read in place (the
	// digest has no WriteString; io.WriteString copied every page's text,
	// 50 MB for 10,000 pages). TestAnalysisKeyAsFieldTexts.
	h := sha256.New()
	var buf [1024]byte
	b := buf[:0]
	put := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	joined := func(ss []string, hyphens bool) {
		n := max(0, len(ss)-1)
		for _, s := range ss {
			n += len(s)
		}
		b = binary.AppendUvarint(b, uint64(n))
		for i, s := range ss {
			if i > 0 {
				b = append(b, '\n')
			}
			start := len(b)
			b = append(b, s...)
			if hyphens {
				// Topic slugs join words with hyphens (fieldTexts).
				for j := start; j < len(b); j++ {
					if b[j] == '-' {
						b[j] = ' '
					}
				}
			}
		}
	}
	put(lang)
	put(d.Title)
	joined(d.Headings, false)
	put(d.Description)
	b = binary.AppendUvarint(b, uint64(len(d.Body)))
	h.Write(b)
	h.Write(unsafe.Slice(unsafe.StringData(d.Body), len(d.Body)))
	b = b[:0]
	joined(d.Topics, true)
	h.Write(b)
	var sum [sha256.Size]byte
	var k docKey
	copy(k[:], h.Sum(sum[:0]))
	return k
}

// cachedLang is one language's pages in the cache: its words (surface
// and stem, by the file's surface number) and each page's analysis.
type cachedLang struct {
	surf, stem []string
	docs       map[docKey]*cachedDoc
	// lexSig is the dictionary's signature (lexiconSig) when the file
	// holds the compound splits of its words: by surface number, each
	// word's parts and top-level pieces, every stem given as the number of
	// a surface of that stem.
	lexSig      docKey
	parts, tops [][]uint32
	// fileSig is wordsSig of the file's words with the default options,
	// made when the file is read (beside Load, for varde build), so that
	// the analysis, on the critical path, need not sort the dictionary
	// to check lexSig (about 30 ms on one core at 10,000 pages): valid
	// when hasFileSig.
	fileSig    docKey
	hasFileSig bool
}

type cachedDoc struct {
	fields  [nFields][]uint32 // the file's surface numbers
	bodyAt  []uint16
	pass    [][2]int // docTerms.pass, when hasPass
	passSig uint64
	hasPass bool
}

// analysisCache is a cache file as read: languages by key.
type analysisCache map[string]*cachedLang

// programKey is what the whole file holds for; "" when the program cannot
// be identified, and then nothing is cached.
func programKey() string {
	exe := executableHash()
	if exe == "" {
		return ""
	}
	return fmt.Sprintf("%d %s", analysisCacheFormat, exe)
}

// readAnalysisCache reads a cache file; nil when there is none or it is
// of another program, truncated or corrupt. A read started ahead of it
// (ReadAnalysisAhead) is taken instead of reading the file again.
func readAnalysisCache(path string) analysisCache {
	if r := takeAhead(path); r != nil {
		<-r.done
		return r.c
	}
	return readAnalysisFile(path)
}

// aheadReads are the cache files being read ahead of their analysis, by
// path.
var aheadReads struct {
	sync.Mutex
	m map[string]*aheadRead
}

type aheadRead struct {
	done chan struct{}
	c    analysisCache
}

// ReadAnalysisAhead starts reading and decoding the analysis cache file at
// path on a goroutine of its own; the next analysis with that Cache file
// (AnalyzeWith) takes what it read rather than reading the file itself.
// varde build calls it at its start, where loading the site keeps one core
// busy and the other mostly idle, and the analysis then runs beside
// rendering, with both cores taken. Entries are keyed by their pages'
// text, so a file another build rewrote since is as good as the new one.
// Only the next analysis takes the read; an ahead read nobody took is
// replaced by the next.
func ReadAnalysisAhead(path string) {
	if path == "" {
		return
	}
	r := &aheadRead{done: make(chan struct{})}
	aheadReads.Lock()
	if aheadReads.m == nil {
		aheadReads.m = map[string]*aheadRead{}
	}
	aheadReads.m[path] = r
	aheadReads.Unlock()
	go func() {
		defer close(r.done)
		r.c = readAnalysisFile(path)
	}()
}

// ForgetAnalysisAhead drops an ahead read of path that no analysis took
// (the build stopped before its analysis, or has no search), so that a
// long-running process does not keep it.
func ForgetAnalysisAhead(path string) { takeAhead(path) }

// takeAhead removes and returns the ahead read of path, nil for none.
func takeAhead(path string) *aheadRead {
	aheadReads.Lock()
	defer aheadReads.Unlock()
	r := aheadReads.m[path]
	delete(aheadReads.m, path)
	return r
}

// readAnalysisFile reads a cache file; see readAnalysisCache.
func readAnalysisFile(path string) analysisCache {
	key := programKey()
	if path == "" || key == "" {
		return nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	c, err := decodeAnalysisCache(data, key)
	if err != nil {
		return nil
	}
	for _, cl := range c {
		if cl.parts != nil {
			cl.fileSig = wordsSig(cl.surf, func(i int) string { return cl.stem[i] }, compoundOptions{})
			cl.hasFileSig = true
		}
	}
	return c
}

// defaultSig reports whether co signs a dictionary as the default
// options do (wordsSig reads only these).
func (co compoundOptions) defaultSig() bool {
	return co.min() == compoundOptions{}.min() && !co.disabled && !co.ngrams
}

// fileLexSig returns wordsSig of cl's own words with lc's options, from
// fileSig when it holds.
func (lc *langCorpus) fileLexSig(cl *cachedLang) docKey {
	if cl.hasFileSig && lc.co.defaultSig() {
		return cl.fileSig
	}
	return wordsSig(cl.surf, func(i int) string { return cl.stem[i] }, lc.co)
}

// sameWords reports whether lex holds cl's words, with their stems, under
// the same numbers: then its signature is the file's words'.
func sameWords(cl *cachedLang, lex *lexicon) bool {
	if len(cl.surf) != len(lex.surf) {
		return false
	}
	for i, w := range lex.surf {
		if w != cl.surf[i] || lex.stems[lex.stemOf[i]] != cl.stem[i] {
			return false
		}
	}
	return true
}

// cacheDecoder reads the file's varints and strings; the first error
// sticks, and every count is checked against the bytes left, so that a
// corrupt file costs an error, never a huge allocation or a panic.
type cacheDecoder struct {
	b   []byte
	err error
}

func (d *cacheDecoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errors.New("bad varint")
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads a count of items of at least one byte each.
func (d *cacheDecoder) count() int {
	v := d.uvarint()
	if v > uint64(len(d.b)) {
		d.err = errors.New("count beyond the end")
		return 0
	}
	return int(v)
}

func (d *cacheDecoder) str() string {
	n := d.count()
	if d.err != nil {
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

// decodeIDs decodes len(out) varints below limit from b into out and
// returns the rest of b; false when b ends first or a number is not
// below limit. The words of every page are most of the file: one loop
// with the common one- and two-byte numbers decoded in place, rather than
// a call a number.
func decodeIDs[T uint16 | uint32](b []byte, out []T, limit uint64) ([]byte, bool) {
	for j := range out {
		var v uint64
		switch {
		case len(b) > 0 && b[0] < 0x80:
			v = uint64(b[0])
			b = b[1:]
		case len(b) > 1 && b[1] < 0x80:
			v = uint64(b[0]&0x7f) | uint64(b[1])<<7
			b = b[2:]
		default:
			var n int
			v, n = binary.Uvarint(b)
			if n <= 0 {
				return nil, false
			}
			b = b[n:]
		}
		if v >= limit {
			return nil, false
		}
		out[j] = T(v)
	}
	return b, true
}

func decodeAnalysisCache(data []byte, key string) (analysisCache, error) {
	if !bytes.HasPrefix(data, []byte(analysisCacheMagic)) {
		return nil, errors.New("not an analysis cache")
	}
	d := &cacheDecoder{b: data[len(analysisCacheMagic):]}
	if d.str() != key || d.err != nil {
		return nil, errors.New("another program's cache")
	}
	c := analysisCache{}
	for nl := d.count(); nl > 0 && d.err == nil; nl-- {
		lang := d.str()
		cl := &cachedLang{docs: map[docKey]*cachedDoc{}}
		ns := d.count()
		cl.surf, cl.stem = make([]string, ns), make([]string, ns)
		for i := 0; i < ns && d.err == nil; i++ {
			cl.surf[i], cl.stem[i] = d.str(), d.str()
		}
		if len(d.b) < len(docKey{}) {
			return nil, errors.New("truncated")
		}
		copy(cl.lexSig[:], d.b)
		d.b = d.b[len(docKey{}):]
		if cl.lexSig != (docKey{}) {
			refs := func() []uint32 {
				n := d.count()
				if n == 0 || d.err != nil {
					return nil
				}
				out := make([]uint32, n)
				rest, ok := decodeIDs(d.b, out, uint64(ns))
				if !ok {
					d.err = errors.New("stem out of range or truncated")
					return nil
				}
				d.b = rest
				return out
			}
			cl.parts, cl.tops = make([][]uint32, ns), make([][]uint32, ns)
			for i := 0; i < ns && d.err == nil; i++ {
				cl.parts[i], cl.tops[i] = refs(), refs()
			}
		}
		nd := d.count()
		// The pages in one allocation, and the map sized for them: a
		// rebuild decodes every page's entry (beside Load).
		cl.docs = make(map[docKey]*cachedDoc, nd)
		cds := make([]cachedDoc, nd)
		for i := 0; i < nd && d.err == nil; i++ {
			if len(d.b) < len(docKey{}) {
				return nil, errors.New("truncated")
			}
			var k docKey
			copy(k[:], d.b)
			d.b = d.b[len(k):]
			cd := &cds[i]
			for f := range cd.fields {
				n := d.count()
				if d.err != nil {
					break
				}
				ids := make([]uint32, n)
				rest, ok := decodeIDs(d.b, ids, uint64(ns))
				if !ok {
					return nil, errors.New("surface number out of range or truncated")
				}
				d.b = rest
				cd.fields[f] = ids
			}
			n := d.count()
			if n > len(cd.fields[fBody]) {
				return nil, errors.New("more offsets than body tokens")
			}
			if n > 0 {
				cd.bodyAt = make([]uint16, n)
				rest, ok := decodeIDs(d.b, cd.bodyAt, maxSnippetSource)
				if !ok {
					return nil, errors.New("offset out of range or truncated")
				}
				d.b = rest
			}
			// The passages: 0 for none known, else 1 + their count, the
			// signature, and each as start and length.
			if np := d.count(); np > 0 {
				cd.hasPass, cd.passSig = true, d.uvarint()
				cd.pass = make([][2]int, np-1)
				for j := range cd.pass {
					start, n := d.uvarint(), d.uvarint()
					if start > 1<<31 || n > 1<<20 {
						return nil, errors.New("passage out of range")
					}
					cd.pass[j] = [2]int{int(start), int(start + n)}
				}
			}
			cl.docs[k] = cd
		}
		c[lang] = cl
	}
	if d.err != nil {
		return nil, d.err
	}
	if len(d.b) != 0 {
		return nil, errors.New("trailing bytes")
	}
	return c, nil
}

// internCached interns the cache's words that a page taken from it uses
// (used, by the file's surface number) and returns their lexicon ids by
// that number. Only those: a word in the lexicon is a word the
// decompounder may split others into, so the word of a page that is gone
// must not be there.
func (lc *langCorpus) internCached(cl *cachedLang, used []bool) []uint32 {
	trans := make([]uint32, len(cl.surf))
	for c, u := range used {
		if u {
			trans[c] = lc.lex.intern(term{Surface: cl.surf[c], Stem: cl.stem[c]})
		}
	}
	return trans
}

// fromCache fills dt from a cached analysis, trans mapping the file's
// surface numbers to lexicon ids (internCached; nil: they are the
// lexicon's already). The lists may be shared
// with cd and with another page of the same texts: nothing writes to a
// page's lists once it has them.
func fromCache(dt *docTerms, cd *cachedDoc, trans []uint32) {
	for f, cids := range cd.fields {
		if trans == nil {
			dt.fields[f] = cids
			continue
		}
		ids := make([]uint32, len(cids))
		for j, c := range cids {
			ids[j] = trans[c]
		}
		dt.fields[f] = ids
	}
	if len(cd.bodyAt) > 0 {
		dt.bodyAt = cd.bodyAt
	}
	dt.pass, dt.passSig, dt.hasPass = cd.pass, cd.passSig, cd.hasPass
}

// saveAnalysis writes the corpus's analysis to its cache file, unless
// every page came from the file and none left it. Its errors are the
// caller's to report or ignore: a cache that cannot be written only makes
// the next build slower.
func (c *Corpus) saveAnalysis() error {
	if c.cacheFile == "" || !c.cacheDirty && !c.passagesDirty() {
		return nil
	}
	key := programKey()
	if key == "" {
		return nil
	}
	// The file is written as it is encoded, a few blocks of pages at a
	// time: it is saved beside the bleve index, at the build's peak of
	// memory, where the whole file in memory (about 40 MB on 10,000
	// pages) and its joins took about three times that.
	return writeCacheFileWith(c.cacheFile, func(w io.Writer) error {
		var e encoder
		e.buf = append(e.buf, analysisCacheMagic...)
		str := func(s string) {
			e.uvarint(uint64(len(s)))
			e.buf = append(e.buf, s...)
		}
		str(key)
		e.uvarint(uint64(len(c.langs)))
		for _, lc := range c.langs {
			str(lc.lang)
			e.uvarint(uint64(len(lc.lex.surf)))
			for i, s := range lc.lex.surf {
				str(s)
				str(lc.lex.stems[lc.lex.stemOf[i]])
			}
			if lc.partsOf != nil && lc.lexSig == (docKey{}) {
				lc.lexSig = lexiconSig(lc.lex, lc.co)
			}
			if lc.partsOf == nil || len(lc.partsOf) != len(lc.lex.surf) {
				e.buf = append(e.buf, make([]byte, len(docKey{}))...)
			} else {
				e.buf = append(e.buf, lc.lexSig[:]...)
				// A stem by the number of a surface of it.
				ref := make([]uint32, len(lc.lex.stems))
				for i := range lc.lex.surf {
					ref[lc.lex.stemOf[i]] = uint32(i)
				}
				for i := range lc.lex.surf {
					e.uvarint(uint64(len(lc.partsOf[i])))
					for _, s := range lc.partsOf[i] {
						e.uvarint(uint64(ref[s]))
					}
					e.uvarint(uint64(len(lc.tops[i])))
					for _, p := range lc.tops[i] {
						e.uvarint(uint64(ref[p.stem]))
					}
				}
			}
			e.uvarint(uint64(len(lc.docs)))
			if _, err := w.Write(e.buf); err != nil {
				return err
			}
			e.buf = e.buf[:0]
			if err := encodeCachedDocs(lc.docs, w); err != nil {
				return err
			}
		}
		return nil
	})
}

// encodeCachedDocs encodes the pages of a language for the cache file and
// writes them to w: in blocks, a few at a time on every core (this is
// most of the file's bytes), each round written in page order: the same
// bytes as one pass.
func encodeCachedDocs(docs []*docTerms, w io.Writer) error {
	const block = 256
	blocks := (len(docs) + block - 1) / block
	round := 2 * runtime.GOMAXPROCS(0)
	parts := make([][]byte, round)
	for first := 0; first < blocks; first += round {
		n := min(round, blocks-first)
		parallel(n, func(j int) {
			k := first + j
			e := encoder{buf: parts[j][:0]}
			for _, dt := range docs[k*block : min((k+1)*block, len(docs))] {
				e.buf = append(e.buf, dt.key[:]...)
				for _, ids := range dt.fields {
					e.uvarint(uint64(len(ids)))
					for _, id := range ids {
						e.uvarint(uint64(id))
					}
				}
				e.uvarint(uint64(len(dt.bodyAt)))
				// Offsets as they are: the joined form of a hyphenated
				// word starts before its last part, so they do not ascend.
				for _, at := range dt.bodyAt {
					e.uvarint(uint64(at))
				}
				if !dt.hasPass {
					e.uvarint(0)
					continue
				}
				e.uvarint(uint64(1 + len(dt.pass)))
				e.uvarint(dt.passSig)
				for _, sp := range dt.pass {
					e.uvarint(uint64(sp[0]))
					e.uvarint(uint64(sp[1] - sp[0]))
				}
			}
			parts[j] = e.buf
		})
		for _, p := range parts[:n] {
			if _, err := w.Write(p); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeCacheFile writes data to path through a temporary file in the same
// folder, so that a reader never sees half a file.
func writeCacheFile(path string, data []byte) error {
	return writeCacheFileWith(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// writeCacheFileWith is writeCacheFile of what write writes.
func writeCacheFileWith(path string, write func(w io.Writer) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return writeFileAtomicWith(path, write)
}

// SaveAnalysis keeps the corpus's per-page analysis for the next build in
// the file AnalyzeOptions.Cache named (nothing without one), when a page
// was analyzed anew or one is gone, with the passages ExportStatic chose
// (call it after ExportStatic; passages not chosen yet are chosen by the
// next build). Safe to call while BuildIndex runs.
func (c *Corpus) SaveAnalysis() error { return c.saveAnalysis() }

// AnalysisReused is how many pages' analysis came from the cache file.
func (c *Corpus) AnalysisReused() int { return c.cacheReused }

// passagesDirty reports whether passages were chosen anew since the cache
// file was read (ExportStatic): the file is then written again.
func (c *Corpus) passagesDirty() bool {
	for _, lc := range c.langs {
		if lc.passDirty.Load() {
			return true
		}
	}
	return false
}

// lexiconSig identifies a dictionary as a set of words with their stems
// (surface ids depend on the order the analysis met them), and the
// compound options that split it.
func lexiconSig(lex *lexicon, co compoundOptions) docKey {
	return wordsSig(lex.surf, func(i int) string { return lex.stems[lex.stemOf[i]] }, co)
}

// wordsSig is lexiconSig of the words surf with their stems.
func wordsSig(surf []string, stemOf func(i int) string, co compoundOptions) docKey {
	words := make([]string, len(surf))
	for i, s := range surf {
		words[i] = s + "\x00" + stemOf(i)
	}
	sort.Strings(words)
	h := sha256.New()
	fmt.Fprintf(h, "%d %t %t %d\n", co.min(), co.disabled, co.ngrams, len(words))
	for _, w := range words {
		io.WriteString(h, w)
		h.Write([]byte{0xff})
	}
	var k docKey
	copy(k[:], h.Sum(nil))
	return k
}

// cachedSplits returns the compound splits of lc's words, by surface id,
// from the cache file: all of them when its dictionary is lc's
// (lexiconSig), else those of the words that no change to the dictionary
// can have split otherwise (updateSplits); nil when they must all be
// computed.
func (lc *langCorpus) cachedSplits(cl *cachedLang) ([][]uint32, [][]piece) {
	if cl == nil || cl.parts == nil {
		return nil, nil
	}
	if len(cl.surf) != len(lc.lex.surf) {
		return lc.updateSplits(cl) // another dictionary: not worth a signature
	}
	if sameWords(cl, lc.lex) {
		// The usual rebuild: the dictionary is the file's, word for word
		// (the file's words are interned first, in its order).
		lc.lexSig = lc.fileLexSig(cl)
	} else {
		lc.lexSig = lexiconSig(lc.lex, lc.co)
	}
	if cl.lexSig != lc.lexSig {
		return lc.updateSplits(cl)
	}
	partsOf := make([][]uint32, len(lc.lex.surf))
	tops := make([][]piece, len(lc.lex.surf))
	tr := lc.splitTranslator(cl)
	for c, w := range cl.surf {
		i, ok := lc.lex.surfIDs[w]
		if !ok {
			return nil, nil
		}
		if partsOf[i], tops[i], ok = tr(c); !ok {
			return nil, nil
		}
	}
	lc.splitsReused = true
	return partsOf, tops
}

// splitTranslator returns a function giving the split of the cache file's
// word c in lc's stem ids; false when a stem of it is not lc's.
func (lc *langCorpus) splitTranslator(cl *cachedLang) func(c int) ([]uint32, []piece, bool) {
	stem := func(c uint32) (uint32, bool) {
		id, ok := lc.lex.stemIDs[cl.stem[c]]
		return id, ok
	}
	return func(c int) ([]uint32, []piece, bool) {
		var parts []uint32
		var top []piece
		var ok bool
		if ps := cl.parts[c]; len(ps) > 0 {
			parts = make([]uint32, len(ps))
			for j, r := range ps {
				if parts[j], ok = stem(r); !ok {
					return nil, nil, false
				}
			}
		}
		if ts := cl.tops[c]; len(ts) > 0 {
			top = make([]piece, len(ts))
			for j, r := range ts {
				if top[j].stem, ok = stem(r); !ok {
					return nil, nil, false
				}
				// The piece's text is not kept: only its stem is used
				// after the split (analyzeLang).
			}
		}
		return parts, top, true
	}
}

// maxChangedKeys bounds the changed dictionary keys updateSplits takes
// on; past it every word is split again.
const maxChangedKeys = 256

// updateSplits returns the splits of lc's words when its dictionary is
// not the cache file's (a page brought new words, or took words away),
// splitting again only the words whose split can have changed. A word's
// split (decompounder.split, and collect on its pieces) looks up only its
// own substrings: among the decompounder's keys (words and stems of at
// least minPart letters, each with its stem) and among the stems, by the
// stem of a suffix, which the Norwegian stemmer makes by cutting (and at
// most shortening "erte"/"ert" to "er"), so a prefix of that suffix and a
// substring of the word too. So a word none of whose substrings is a key
// or a stem that came, went or changed its stem splits as it did. The keys
// and stems that can have changed are those of the words that came, went
// or changed their stem between the file's dictionary and lc's; a word new
// to the dictionary is split. nil when there are too many changes to be
// worth it.
func (lc *langCorpus) updateSplits(cl *cachedLang) ([][]uint32, [][]piece) {
	if lc.an.kind != "nb" {
		// The stemmer argument above is Bokmål's: Nynorsk's rules
		// rewrite -heit to -het before it, which is no substring.
		return nil, nil
	}
	if lc.fileLexSig(cl) != cl.lexSig {
		return nil, nil // split with other options (or a damaged file)
	}
	// A key or stem can only have come, gone or changed with a word that
	// came, went or changed its stem: such words and their stems, old and
	// new, are the changes (a few more than the keys that changed, which
	// only splits a few more words again).
	//
	// The file's number of each of lc's words (-1: a word new to the
	// dictionary) comes from lookups in lc's own word map, which exists
	// already, not from a map of the file's words built here, and the
	// splitting workers read it by index rather than by word. A word the
	// file holds twice (only a damaged file) gets its last number, as such
	// a map gave it.
	prevNum := make([]int32, len(lc.lex.surf))
	for i := range prevNum {
		prevNum[i] = -1
	}
	var goneWords []int // the file's words lc has not
	for c, w := range cl.surf {
		if i, ok := lc.lex.surfIDs[w]; ok {
			prevNum[i] = int32(c)
		} else {
			goneWords = append(goneWords, c)
		}
	}
	var changed []string
	add := func(s ...string) bool {
		changed = append(changed, s...)
		return len(changed) <= maxChangedKeys
	}
	for i, w := range lc.lex.surf {
		st := lc.lex.stems[lc.lex.stemOf[i]]
		c, ok := int(prevNum[i]), prevNum[i] >= 0
		if !ok && !add(w, st) || ok && cl.stem[c] != st && !add(w, st, cl.stem[c]) {
			return nil, nil
		}
	}
	for _, c := range goneWords {
		if !add(cl.surf[c], cl.stem[c]) {
			return nil, nil
		}
	}
	tr := lc.splitTranslator(cl)
	dc := newDecompounder(lc.an, lc.lex, lc.co)
	partsOf := make([][]uint32, len(lc.lex.surf))
	tops := make([][]piece, len(lc.lex.surf))
	var redone atomic.Int64
	parallel(len(lc.lex.surf), func(i int) {
		w := lc.lex.surf[i]
		if c := prevNum[i]; c >= 0 && !containsAny(w, changed) {
			if ps, ts, ok := tr(int(c)); ok {
				partsOf[i], tops[i] = ps, ts
				return
			}
		}
		partsOf[i], tops[i] = dc.partsAndPieces(w, lc.lex.stemOf[i])
		redone.Add(1)
	})
	lc.splitsRedone = int(redone.Load())
	return partsOf, tops
}

// containsAny reports whether any of subs is a substring of s.
func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
