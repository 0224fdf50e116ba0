package search

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"path"
	"sort"
	"sync/atomic"
	"unicode/utf8"
)

// The static index is the same index in files a browser can fetch from any
// static host, lazily and in pieces. For each language <l> (paths relative
// to public/search/):
//
//	index.json       {"v":version,"langs":[{"lang":"nb","docs":N},…]}
//	<l>/meta.json    the manifest: analysis (stop words, suffix rules),
//	                 scoring constants, the first term of every shard,
//	                 facet values; everything needed to find a shard
//	<l>/p/<n>.bin    postings shards: sorted terms, each with its exact and
//	                 compound-part postings (doc number, weight byte) and,
//	                 for a compound, the terms of its pieces
//	<l>/t/<n>.bin    dictionary shards: sorted terms and document counts,
//	                 for typo and prefix candidates
//	<l>/r/<n>.bin    reversed dictionary shards: terms spelled backwards,
//	                 for typo candidates and compound heads
//	<l>/y/<n>.json   thesaurus shards: [[entry key, [[stems of an
//	                 expansion], …]], …] sorted by key (thesaurus.go)
//	<l>/s/<n>.json   document store: [id, url, title, type, audience,
//	                 description] of docsPerShard documents each
//	<l>/x/<n>.json   passages of the body for snippets, a list of short
//	                 texts per document, passagesPerShard documents each;
//	                 fetched for the results shown only (passages.go)
//	<l>/a.bin        each document's type and audience, for filters and
//	                 facet counts on the search page
//
// A first query fetches index.json, one meta.json, one postings shard per
// word and the store shards of the hits it shows. The binary files are
// sequences of unsigned LEB128 varints, bytes and float32s (little-endian);
// terms are front-coded (bytes shared with the previous term, then the
// rest). search.js documents the decoder side. Files are named by number
// and fetched with ?v=<version> so that caches never mix two builds.
//
// Shard sizes trade bytes for files. Measured on 10,000 pages of realistic
// text (TestStaticFirstQuery10k), postings and dictionary shards of
// 24/16 KB made a first query fetch 45 KB on average (104 KB at most) and
// typing "personvernombudet" key by key 211 KB, in 1,518 files; 8/8 KB
// make it 30 KB (64 KB at most) and 139 KB, in 1,870 files; smaller
// shards gain little more.
const (
	staticVersion    = 2       // 2: compound pieces in the postings, thesaurus shards
	postingsShardMax = 8 << 10 // bytes of postings per shard before a new one starts
	dictShardMax     = 8 << 10 // bytes of a dictionary shard before a new one starts
	thesShardMax     = 4 << 10 // bytes of a thesaurus shard before a new one starts
	docsPerShard     = 8
	descMaxRunes     = 300
	// weightRatio is the step of the weight byte's logarithmic scale: a
	// weight is stored as the list's maximum times weightRatio^(q-255),
	// q in 1..255, so it keeps about 2% precision over five decades.
	weightRatio = 1.046
)

// staticManifest is <l>/meta.json.
type staticManifest struct {
	Version   int           `json:"version"`
	V         string        `json:"v"`
	Lang      string        `json:"lang"`
	Docs      int           `json:"docs"`
	Analysis  analysisSpec  `json:"analysis"`
	Scoring   staticScoring `json:"scoring"`
	Postings  []string      `json:"p"` // first term of each postings shard
	Dict      []string      `json:"t"` // first term of each dictionary shard
	Rev       []string      `json:"r"` // first reversed term of each reversed shard
	Thes      []string      `json:"y"` // first key of each thesaurus shard
	DocsShard int           `json:"s"` // documents per store shard
	PassShard int           `json:"x"` // documents per passage shard
	Types     []string      `json:"types"`
	Audiences []string      `json:"audiences"`
	// Priors are the pages whose score is weighed (Document.Prior), by
	// weight; a page not listed weighs 1. In the manifest rather than the
	// attributes because every query needs them, and only the few
	// generated pages are listed.
	Priors []staticPrior `json:"priors,omitempty"`
}

// staticScoring carries score.go's constants to search.js.
type staticScoring struct {
	Fields       int     `json:"fields"`
	WeightRatio  float64 `json:"weightRatio"`
	Fuzzy        float64 `json:"fuzzy"`
	Prefix       float64 `json:"prefix"`
	Suffix       float64 `json:"suffix"`
	FuzzyMinLen  int     `json:"fuzzyMinLen"`
	PrefixMinLen int     `json:"prefixMinLen"`
	SuffixMinLen int     `json:"suffixMinLen"`
	MaxFuzzy     int     `json:"maxFuzzy"`
	MaxPrefix    int     `json:"maxPrefix"`
	MaxSuffix    int     `json:"maxSuffix"`
	MaxTerms     int     `json:"maxTerms"`
	MaxRunes     int     `json:"maxRunes"`
	RevMin       int     `json:"revMin"`
	MinTermLen   int     `json:"minTermLen"`
	MaxTermLen   int     `json:"maxTermLen"`
	Thesaurus    float64 `json:"thesaurus"`
	Compound     float64 `json:"compound"`
	PartMin      int     `json:"partMin"`
	GraceMin     int     `json:"graceMin"`
	MaxPieceSyn  int     `json:"maxPieceSyn"`
	MaxPhrase    int     `json:"maxPhrase"`
	EdgeMin      int     `json:"edgeMin"`        // queryEdgeMin (compound.go)
	Piece        float64 `json:"piece"`          // boostPiece (compound.go)
	KnownPrefix  int     `json:"knownPrefixMin"` // knownPrefixMin (compound.go)
}

type staticIndexFile struct {
	Version int              `json:"version"`
	V       string           `json:"v"`
	Langs   []staticLangInfo `json:"langs"`
}

type staticLangInfo struct {
	Lang string `json:"lang"`
	Docs int    `json:"docs"`
}

// staticPrior is a weight and the pages (numbers, ascending) that have it.
type staticPrior struct {
	W    float64 `json:"w"`
	Docs []int   `json:"d"`
}

// staticPriors groups the pages whose prior is not 1 by prior, the
// lowest first.
func (lc *langCorpus) staticPriors() []staticPrior {
	var out []staticPrior
	at := map[float64]int{}
	for num, dt := range lc.docs {
		w := dt.doc.prior()
		if w == 1 {
			continue
		}
		i, ok := at[w]
		if !ok {
			i = len(out)
			at[w] = i
			out = append(out, staticPrior{W: w})
		}
		out[i].Docs = append(out[i].Docs, num)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].W < out[j].W })
	return out
}

// ExportStatic analyzes docs and returns the static index files, keyed by
// path relative to the search folder (public/search/).
func ExportStatic(docs []Document) (map[string][]byte, error) {
	c, err := Analyze(docs)
	if err != nil {
		return nil, err
	}
	return c.ExportStatic()
}

// ExportStatic returns the corpus's static index files; see the package
// function ExportStatic. The output depends only on the documents: the
// same pages give the same bytes.
func (c *Corpus) ExportStatic() (map[string][]byte, error) {
	return c.exportWith(nil)
}

// ExportStaticReusing is ExportStatic for a build into an output folder
// that may hold the previous build's static index (staticcache.go). Every
// file whose inputs are those prev recorded for it is offered to keep,
// with the hash (output.ContentHash) and size it was written with; when
// keep puts the previous output's copy in place and says so, the file is
// not made and not returned (keep is called from several goroutines at
// once). The files returned are the others, the same
// bytes ExportStatic gives for them. It also returns the cache for the
// next build: record in it how each returned file was written
// (StaticCache.Written) and save it once the output is in place. key names
// what else the written bytes depend on (the output folder, minifying); a
// prev of another key or program is not used. A corpus analyzed without
// an analysis cache file (its pages have no keys) is exported in full and
// gives no cache.
func (c *Corpus) ExportStaticReusing(prev *StaticCache, key string, keep func(name string, out uint64, size int64) bool) (map[string][]byte, *StaticCache, error) {
	pk := programKey()
	if c.cacheFile == "" || pk == "" || keep == nil {
		files, err := c.exportWith(nil)
		return files, nil, err
	}
	key = pk + "\x00" + key
	r := &staticReuse{next: newStaticCache(key), keep: keep, kept: map[string]staticEntry{}}
	if prev != nil && prev.key == key {
		r.prev = prev
	}
	files, err := c.exportWith(r)
	if err != nil {
		return nil, nil, err
	}
	r.next.filesKept = len(r.kept)
	return files, r.next, nil
}

func (c *Corpus) exportWith(r *staticReuse) (map[string][]byte, error) {
	files := map[string][]byte{}
	var manifests []*staticManifest
	for _, lc := range c.langs {
		m, err := lc.exportStatic(files, r)
		if err != nil {
			return nil, err
		}
		manifests = append(manifests, m)
	}
	// The version is a hash of every shard (by its name, size and content
	// hash, so that a file kept from the previous output needs no bytes
	// for it); manifests carry it.
	type shardSum struct {
		size int64
		hash uint64
	}
	sums := make(map[string]shardSum, len(files))
	for n, b := range files {
		sums[n] = shardSum{int64(len(b)), staticHash(b)}
	}
	if r != nil {
		for n, e := range r.kept {
			sums[n] = shardSum{e.size, e.hash}
		}
		r.next.mu.Lock()
		for n, e := range r.next.files {
			if s, ok := sums[n]; ok {
				e.size, e.hash = s.size, s.hash
				r.next.files[n] = e
			}
		}
		r.next.mu.Unlock()
	}
	names := make([]string, 0, len(sums))
	for n := range sums {
		names = append(names, n)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		fmt.Fprintf(h, "%s %d %016x\n", n, sums[n].size, sums[n].hash)
	}
	for _, m := range manifests {
		spec, _ := json.Marshal(m)
		h.Write(spec)
	}
	v := hex.EncodeToString(h.Sum(nil))[:16]
	idx := staticIndexFile{Version: staticVersion, V: v, Langs: []staticLangInfo{}}
	for _, m := range manifests {
		m.V = v
		data, err := json.Marshal(m)
		if err != nil {
			return nil, err
		}
		files[path.Join(m.Lang, "meta.json")] = data
		idx.Langs = append(idx.Langs, staticLangInfo{m.Lang, m.Docs})
	}
	data, err := json.Marshal(idx)
	if err != nil {
		return nil, err
	}
	files["index.json"] = data
	return files, nil
}

// exportStatic adds the files of one language to files, but those r keeps
// from the previous output (r nil: none).
func (lc *langCorpus) exportStatic(files map[string][]byte, r *staticReuse) (*staticManifest, error) {
	st := lc.stats()
	m := &staticManifest{
		Version: staticVersion, Lang: lc.lang, Docs: st.n, Analysis: lc.an.spec(),
		Scoring: staticScoring{
			Fields: nFields, WeightRatio: weightRatio,
			Fuzzy: boostFuzzy, Prefix: boostPrefix, Suffix: boostSuffix,
			FuzzyMinLen: fuzzyMinLen, PrefixMinLen: prefixMinLen, SuffixMinLen: suffixMinLen,
			MaxFuzzy: maxFuzzy, MaxPrefix: maxPrefix, MaxSuffix: maxSuffix,
			MaxTerms: maxQueryTerms, MaxRunes: maxQueryRunes, RevMin: fuzzyRevMin,
			MinTermLen: minTermLen, MaxTermLen: maxTermLen,
			Thesaurus: boostThesaurus, Compound: boostCompound, PartMin: queryPartMin,
			GraceMin: graceMin, MaxPhrase: maxPhraseWords, MaxPieceSyn: maxPieceSynonyms,
			EdgeMin: queryEdgeMin, Piece: boostPiece, KnownPrefix: knownPrefixMin,
		},
		DocsShard: docsPerShard, PassShard: passagesPerShard,
	}
	if m.Analysis.Stop == nil {
		m.Analysis.Stop = []string{}
	}
	if m.Analysis.Rules == nil {
		m.Analysis.Rules = [][2]string{}
	}
	dir := lc.lang
	voc, err := lc.queryVocab()
	if err != nil {
		return nil, err
	}

	// Postings, in term order, cut into shards by size. With a cache, a
	// term whose postings are made from what they were made from in the
	// previous build takes that build's bytes, and a shard of such terms
	// all, cut at the same places, is kept from the previous output.
	var sigs, sigsNoLen []uint64
	var prevTerms map[string]termPayload
	var docs langDocs
	var changed []bool // by page: its lengths changed since the previous build
	if r != nil {
		lenSig := docLenSigs(st)
		sigs, sigsNoLen = make([]uint64, len(st.terms)), make([]uint64, len(st.terms))
		parallel(len(st.terms), func(i int) {
			sigs[i], sigsNoLen[i] = termSigs(st, st.terms[i], lenSig, voc.Pieces[st.terms[i].term])
		})
		prevTerms = r.prevTerms(lc.lang)
		docs = langDocs{ids: docIDsSig(lc), lens: lenSig}
		if prev, ok := r.prevDocs(lc.lang); ok && prev.ids == docs.ids && len(prev.lens) == len(lenSig) {
			changed = make([]bool, len(lenSig))
			for d, l := range lenSig {
				changed[d] = l != prev.lens[d]
			}
		}
	}
	var cached func(i int, wt *weigher) ([]byte, bool)
	var reused, patched atomic.Int64
	if prevTerms != nil {
		cached = func(i int, wt *weigher) ([]byte, bool) {
			ts := st.terms[i]
			p, ok := prevTerms[ts.term]
			if ok && p.sig == sigs[i] {
				reused.Add(1)
				return p.data, true
			}
			if ok && changed != nil && p.sigNoLen == sigsNoLen[i] {
				if data, ok := patchPayload(p.data, ts, changed, [2]func(posting) float64{wt.exact(ts), wt.part(ts)}); ok {
					reused.Add(1)
					patched.Add(1)
					return data, true
				}
			}
			return nil, false
		}
	}
	// The shards are cut where their bytes reach postingsShardMax, from
	// the sizes of their terms' bytes; only the shards the previous output
	// does not keep are then made (most are kept on a rebuild).
	payload := lc.postingsPayloads(st, voc, cached)
	type cut struct {
		from, to int // terms
		sig      uint64
	}
	var cuts []cut
	size, from := 0, 0
	var shardSig uint64
	prev := ""
	for i, ts := range st.terms {
		if i > from && size >= postingsShardMax {
			cuts = append(cuts, cut{from, i, mix(shardSig, uint64(i-from))})
			size, from, prev, shardSig = 0, i, "", 0
		}
		if i == from {
			m.Postings = append(m.Postings, ts.term)
		}
		size += termSize(prev, ts.term) + len(payload(i))
		prev = ts.term
		if r != nil {
			shardSig = mix(shardSig, sigs[i])
		}
	}
	if len(st.terms) > from || len(m.Postings) == 0 {
		if len(m.Postings) == 0 {
			m.Postings = []string{""}
		}
		cuts = append(cuts, cut{from, len(st.terms), mix(shardSig, uint64(len(st.terms)-from))})
	}
	for k, c := range cuts {
		name := fmt.Sprintf("%s/p/%d.bin", dir, k)
		if r.take(name, c.sig) {
			continue
		}
		var body encoder
		prev := ""
		for i := c.from; i < c.to; i++ {
			body.term(prev, st.terms[i].term)
			prev = st.terms[i].term
			body.append(payload(i))
		}
		var w encoder
		w.header(c.to - c.from)
		w.append(body.bytes())
		files[name] = w.finish()
	}
	if r != nil {
		next := make(map[string]termPayload, len(st.terms))
		for i, ts := range st.terms {
			next[ts.term] = termPayload{sig: sigs[i], sigNoLen: sigsNoLen[i], data: payload(i)}
		}
		r.next.mu.Lock()
		r.next.terms[lc.lang] = next
		r.next.docs[lc.lang] = docs
		r.next.termsReused += int(reused.Load())
		r.next.termsPatched += int(patched.Load())
		r.next.mu.Unlock()
	}

	// The dictionaries and the thesaurus.
	m.Dict = writeDict(files, dir+"/t", voc.Terms, func(i int) int { return int(voc.CDF[i]) })
	m.Rev = writeDict(files, dir+"/r", voc.rev, func(i int) int { return int(voc.CDF[voc.revTerm[i]]) })
	if m.Thes, err = writeThes(files, dir+"/y", voc.Thes); err != nil {
		return nil, err
	}

	// The document store and the attributes.
	var typeIdx, audIdx map[string]int
	m.Types, m.Audiences, typeIdx, audIdx = lc.facetNames()
	m.Priors = lc.staticPriors()
	var attrs encoder
	attrs.uvarint(uint64(len(lc.docs)))
	// The store and the passages are made on every core, but for the
	// shards the previous output keeps (each a Keep's few system calls).
	storeName := func(k int) string { return fmt.Sprintf("%s/s/%d.json", dir, k) }
	nStore := (len(lc.docs) + docsPerShard - 1) / docsPerShard
	err = r.jsonShards(files, nStore, storeName, func(k int) uint64 {
		// What the store shows of its pages.
		docs := lc.docs[k*docsPerShard : min((k+1)*docsPerShard, len(lc.docs))]
		sig := mix(uint64(staticVersion), uint64(len(docs)))
		for _, dt := range docs {
			d := dt.doc
			sig = mixString(mixString(mixString(sig, d.ID), d.URL), d.Title)
			sig = mixString(mixStrings(mixString(sig, d.Type), d.Audience), d.Description)
		}
		return sig
	}, func(k int) any {
		docs := lc.docs[k*docsPerShard : min((k+1)*docsPerShard, len(lc.docs))]
		rows := make([][]interface{}, 0, len(docs))
		for _, dt := range docs {
			d := dt.doc
			aud := append([]string{}, d.Audience...)
			if aud == nil {
				aud = []string{}
			}
			rows = append(rows, []interface{}{d.ID, d.URL, plainText(d.Title), d.Type, aud, plainText(truncateRunes(d.Description, descMaxRunes))})
		}
		return rows
	})
	if err != nil {
		return nil, err
	}
	// The passages for snippets, fetched only for the results shown: the
	// text of a shard's passages only for the shards not kept.
	spans := lc.passageSpans()
	passName := func(k int) string { return fmt.Sprintf("%s/x/%d.json", dir, k) }
	nPass := (len(lc.docs) + passagesPerShard - 1) / passagesPerShard
	err = r.jsonShards(files, nPass, passName, func(k int) uint64 {
		start, end := k*passagesPerShard, min((k+1)*passagesPerShard, len(lc.docs))
		sig := mix(uint64(staticVersion), uint64(end-start))
		for i := start; i < end; i++ {
			key := lc.docs[i].key
			sig = mix(mix(sig, binary.LittleEndian.Uint64(key[:8])), binary.LittleEndian.Uint64(key[8:]))
			sig = mix(sig, uint64(len(spans[i])))
			for _, sp := range spans[i] {
				sig = mix(mix(sig, uint64(sp[0])), uint64(sp[1]))
			}
		}
		return sig
	}, func(k int) any {
		rows := make([][]string, 0, passagesPerShard)
		for i := k * passagesPerShard; i < min((k+1)*passagesPerShard, len(lc.docs)); i++ {
			rows = append(rows, lc.passageTexts(i, spans[i]))
		}
		return rows
	})
	if err != nil {
		return nil, err
	}
	for _, dt := range lc.docs {
		if dt.doc.Type == "" {
			attrs.uvarint(0)
		} else {
			attrs.uvarint(uint64(typeIdx[dt.doc.Type] + 1))
		}
		seen := map[int]bool{}
		var as []int
		for _, a := range dt.doc.Audience {
			if !seen[audIdx[a]] {
				seen[audIdx[a]] = true
				as = append(as, audIdx[a])
			}
		}
		attrs.uvarint(uint64(len(as)))
		for _, a := range as {
			attrs.uvarint(uint64(a))
		}
	}
	files[dir+"/a.bin"] = attrs.finish()
	return m, nil
}

// postingsPayloads encodes what follows each term in a postings shard:
// its exact and compound-part postings and its pieces. Terms are encoded
// in blocks on both cores (each term's bytes depend on the term alone);
// the shards are then cut in term order. payload(i) is the bytes of
// st.terms[i]. cached, when not nil, gives the bytes of a term whose
// postings the previous build encoded from the same inputs
// (staticcache.go): they are taken as they are.
func (lc *langCorpus) postingsPayloads(st *langStats, voc *vocab, cached func(i int, wt *weigher) ([]byte, bool)) (payload func(i int) []byte) {
	const block = 512
	nb := (len(st.terms) + block - 1) / block
	bufs := make([][]byte, nb)
	ends := make([][]int, nb)
	// A cached term's bytes are used where they are (the previous cache's,
	// never written to), not copied into the block's buffer: most terms of
	// a rebuild, megabytes copied twice over.
	direct := make([][]byte, len(st.terms))
	wt := newWeigher(st)
	parallelWorkers(nb, func(w, b int) {
		var e encoder
		ws := make([]float64, 0, 64)
		lo, hi := b*block, min((b+1)*block, len(st.terms))
		ends[b] = make([]int, 0, hi-lo)
		for i, ts := range st.terms[lo:hi] {
			if cached != nil {
				if data, ok := cached(lo+i, wt); ok {
					direct[lo+i] = data
					ends[b] = append(ends[b], len(e.buf))
					continue
				}
			}
			ws = e.postingsWeighed(ws, ts, wt.exact)
			ws = e.postingsWeighed(ws, ts, wt.part)
			ps := voc.Pieces[ts.term]
			e.uvarint(uint64(len(ps)))
			for _, p := range ps {
				e.uvarint(uint64(len(p)))
				e.buf = append(e.buf, p...)
			}
			ends[b] = append(ends[b], len(e.buf))
		}
		bufs[b] = e.buf
	})
	return func(i int) []byte {
		if direct[i] != nil {
			return direct[i]
		}
		b, k := i/block, i%block
		from := 0
		if k > 0 {
			from = ends[b][k-1]
		}
		return bufs[b][from:ends[b][k]]
	}
}

// weigher computes langStats.exactWeight and partWeight with what repeats
// across postings computed once: each document's field norms, and per
// term each field's boost times idf squared, multiplied in the same order
// as score.go multiplies them, so that the weights are the same to the
// last bit (TestWeigherAsScore).
type weigher struct {
	st    *langStats
	norm  [][nStatFields]float64 // per doc, fieldNorm of each field's length
	sqrtN [64]float64            // √tf for small tf
}

func newWeigher(st *langStats) *weigher {
	wt := &weigher{st: st, norm: make([][nStatFields]float64, st.n)}
	for d, ls := range st.length {
		for f, l := range ls {
			wt.norm[d][f] = fieldNorm(l)
		}
	}
	for i := range wt.sqrtN {
		wt.sqrtN[i] = math.Sqrt(float64(i))
	}
	return wt
}

func (wt *weigher) sqrt(tf uint16) float64 {
	if int(tf) < len(wt.sqrtN) {
		return wt.sqrtN[tf]
	}
	return math.Sqrt(float64(tf))
}

// exact returns a function giving exactWeight of each posting of ts.
func (wt *weigher) exact(ts *termStats) func(p posting) float64 {
	var pre [nFields]float64
	for f := 0; f < nFields; f++ {
		if ts.df[f] > 0 {
			i := idf(wt.st.n, ts.df[f])
			pre[f] = fieldBoost[f] * i * i
		}
	}
	return func(p posting) float64 {
		var sum float64
		matched := 0
		norm := &wt.norm[p.doc]
		tf := wt.st.tf(p)
		for f := 0; f < nFields; f++ {
			if tf[f] == 0 {
				continue
			}
			sum += pre[f] * wt.sqrt(tf[f]) * norm[f]
			matched++
		}
		return sum * float64(matched) / nFields
	}
}

// part returns a function giving partWeight of each posting of ts.
func (wt *weigher) part(ts *termStats) func(p posting) float64 {
	var pre [nFields]float64
	for f := 0; f < nFields; f++ {
		if ts.df[nFields+f] > 0 {
			i := idf(wt.st.n, ts.df[nFields+f])
			pre[f] = boostParts * fieldBoost[f] * i * i
		}
	}
	return func(p posting) float64 {
		var sum float64
		matched := 0
		norm := &wt.norm[p.doc]
		tf := wt.st.tf(p)
		for f := 0; f < nFields; f++ {
			pf := nFields + f
			if tf[pf] == 0 {
				continue
			}
			sum += pre[f] * wt.sqrt(tf[pf]) * norm[pf]
			matched++
		}
		return sum * float64(matched) / nFields
	}
}

// writeThes writes a compiled thesaurus as JSON shards of thesShardMax
// bytes under dir and returns the first key of each shard. A query looks
// up the keys that start with each of its words' stems, which sit
// together in one shard or two.
func writeThes(files map[string][]byte, dir string, t thesTable) ([]string, error) {
	firsts := []string{}
	var rows []json.RawMessage
	size := 0
	flush := func() error {
		data, err := json.Marshal(rows)
		if err != nil {
			return err
		}
		files[fmt.Sprintf("%s/%d.json", dir, len(firsts)-1)] = data
		rows, size = nil, 0
		return nil
	}
	for _, k := range t.keys() {
		row, err := json.Marshal([]interface{}{k, t[k]})
		if err != nil {
			return nil, err
		}
		if len(rows) > 0 && size+len(row) > thesShardMax {
			if err := flush(); err != nil {
				return nil, err
			}
		}
		if len(rows) == 0 {
			firsts = append(firsts, k)
		}
		rows = append(rows, row)
		size += len(row) + 1
	}
	if len(rows) > 0 {
		if err := flush(); err != nil {
			return nil, err
		}
	}
	return firsts, nil
}

// writeDict writes sorted keys with a count each as front-coded shards
// under dir and returns the first key of each shard.
func writeDict(files map[string][]byte, dir string, keys []string, count func(int) int) []string {
	firsts := []string{}
	var body encoder
	n, shard := 0, 0
	prev := ""
	flush := func() {
		var w encoder
		w.header(n)
		w.append(body.bytes())
		files[fmt.Sprintf("%s/%d.bin", dir, shard)] = w.finish()
		shard++
		body, n, prev = encoder{}, 0, ""
	}
	for i, k := range keys {
		if n > 0 && body.len() >= dictShardMax {
			flush()
		}
		if n == 0 {
			firsts = append(firsts, k)
		}
		body.term(prev, k)
		body.uvarint(uint64(count(i)))
		prev = k
		n++
	}
	if n > 0 || len(firsts) == 0 {
		if len(firsts) == 0 {
			firsts = append(firsts, "")
		}
		flush()
	}
	return firsts
}

func sortedKeys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// encoder builds the binary shards.
type encoder struct{ buf []byte }

func (e *encoder) len() int      { return len(e.buf) }
func (e *encoder) bytes() []byte { return e.buf }
func (e *encoder) append(b []byte) {
	e.buf = append(e.buf, b...)
}

func (e *encoder) uvarint(v uint64) {
	for v >= 0x80 {
		e.buf = append(e.buf, byte(v)|0x80)
		v >>= 7
	}
	e.buf = append(e.buf, byte(v))
}

func (e *encoder) float32(f float32) {
	b := math.Float32bits(f)
	e.buf = append(e.buf, byte(b), byte(b>>8), byte(b>>16), byte(b>>24))
}

// header starts a shard: format version, entry count.
func (e *encoder) header(n int) {
	e.buf = append(e.buf, staticVersion)
	e.uvarint(uint64(n))
}

func (e *encoder) finish() []byte { return e.buf }

// term front-codes t after prev: shared byte count, rest length, rest.
func (e *encoder) term(prev, t string) {
	p := sharedPrefix(prev, t)
	e.uvarint(uint64(p))
	e.uvarint(uint64(len(t) - p))
	e.buf = append(e.buf, t[p:]...)
}

// sharedPrefix is the byte count term front-codes t after prev with.
func sharedPrefix(prev, t string) int {
	p := 0
	for p < len(prev) && p < len(t) && prev[p] == t[p] {
		p++
	}
	// Never split a UTF-8 sequence: the decoder rebuilds strings from bytes.
	for p > 0 && p < len(t) && !utf8.RuneStart(t[p]) {
		p--
	}
	return p
}

// termSize is the length of what term(prev, t) appends.
func termSize(prev, t string) int {
	p := sharedPrefix(prev, t)
	return uvarintLen(uint64(p)) + uvarintLen(uint64(len(t)-p)) + len(t) - p
}

func uvarintLen(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}

// postingsWeighed writes the term's postings with the weights weightOf
// gives (see weighted). weightOf gives the weight function of a term (a
// weigher's, with the field norms and boost·idf² computed once:
// TestWeigherAsScore); ws is reused for the weights.
func (e *encoder) postingsWeighed(ws []float64, ts *termStats, weightOf func(*termStats) func(posting) float64) []float64 {
	weight := weightOf(ts)
	ws = ws[:0]
	for _, p := range ts.postings {
		ws = append(ws, weight(p))
	}
	e.weighted(ts, ws)
	return ws
}

// weighted writes the documents of ts whose weight in ws (one a posting)
// is non-zero: count, then the list's maximum weight (float32) and per
// document the gap from the previous document number and the weight byte.
func (e *encoder) weighted(ts *termStats, ws []float64) {
	n := 0
	var max float64
	for _, w := range ws {
		if w > 0 {
			n++
			max = math.Max(max, w)
		}
	}
	e.uvarint(uint64(n))
	if n == 0 {
		return
	}
	m32 := float32(max)
	e.float32(m32)
	last := uint32(0)
	for i, p := range ts.postings {
		if ws[i] == 0 {
			continue
		}
		e.uvarint(uint64(p.doc - last))
		last = p.doc
		e.buf = append(e.buf, quantize(ws[i], float64(m32)))
	}
}

// quantize maps w in (0, max] to a byte in 1..255 on the log scale of
// weightRatio; dequantize is its inverse (search.js has the same).
func quantize(w, max float64) byte {
	q := math.Round(255 + math.Log(w/max)/math.Log(weightRatio))
	if q < 1 {
		q = 1
	}
	if q > 255 {
		q = 255
	}
	return byte(q)
}

func dequantize(q byte, max float64) float64 {
	return max * math.Pow(weightRatio, float64(q)-255)
}
