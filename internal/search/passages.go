package search

import (
	"math"
	"sort"
	"strings"
	"sync"
)

// Passages for the static engine's snippets. bleve shows the stretch of a
// page's body where the query matched (snippet.go), since its index keeps
// the text; the static index keeps only each page's description in the
// store a query fetches, because the text of every shown page would not fit
// in the first query's bytes. So the export also chooses, for each page, a
// few short passages of its body that between them hold the words the page
// is most likely to be found by, and writes them to shards of their own
// (<l>/x/<n>.json) that the search page fetches after it has shown the
// results, for the results it shows. There search.js highlights each
// passage as snippet.go does and shows the one with the most matched words
// when the description has none (the reader's word, its synonym or a part
// of it). A word outside the passages gets the description, as a word
// beyond maxSnippetSource does in bleve.
const (
	// A page gets minPassages passages, and one more for every
	// passageEvery bytes of its text, up to maxPassages: a long page has
	// more words to be found by.
	minPassages      = 3
	maxPassages      = 10
	passageEvery     = 4 << 10
	passageLen       = snippetLen
	passagesPerShard = 4 // pages a passage shard: a shown result costs one small file
	// minPassageGain: a later passage is kept only when its new words
	// weigh at least this part of the first passage's.
	minPassageGain = 0.1
)

// choosePassages returns the byte spans of a few windows of body (from
// minPassages to maxPassages, by its length), in text order, chosen greedily: each time the window whose words,
// not yet held by the description or an earlier window, weigh most. A
// word's weight is its idf squared (as in bleve's score) times 1 + log of
// its count on the page, so that the words a page is likely to be found
// by, rare words and its own subject, come first. at and stems are the
// start offsets and stem ids of the body's terms, in order; idf gives a
// stem's idf, skip the stems of the description. sc is scratch space
// reused from page to page (a map a page was most of the cost).
func choosePassages(body string, at []uint16, stems []uint32, idf func(uint32) float64, skip func(uint32) bool, sc *passageScratch) [][2]int {
	limit := len(snippetSource(body))
	n := 0
	for n < len(at) && int(at[n]) < limit {
		n++
	}
	if n == 0 {
		return nil
	}
	// Local ids for the page's stems, their weights, whether covered.
	ids := sc.ids[:0]
	tf, owner := sc.tf[:0], sc.owner[:0]
	for i := 0; i < n; i++ {
		l := sc.local[stems[i]] - 1
		if l < 0 {
			l = int32(len(tf))
			sc.local[stems[i]] = l + 1
			tf = append(tf, 0)
			owner = append(owner, stems[i])
		}
		tf[l]++
		ids = append(ids, l)
	}
	for _, s := range owner {
		sc.local[s] = 0
	}
	sc.ids, sc.tf, sc.owner = ids, tf, owner
	weight := grow(sc.weight, len(tf))
	covered := grow(sc.covered, len(tf))
	count := grow(sc.count, len(tf))
	sc.weight, sc.covered, sc.count = weight, covered, count
	for l, c := range tf {
		covered[l] = skip(owner[l])
		weight[l] = 0
		if !covered[l] {
			w := idf(owner[l])
			weight[l] = w * w * (1 + math.Log(float64(c)))
		}
	}
	var out [][2]int
	var firstGain float64
	rounds := min(minPassages+limit/passageEvery, maxPassages)
	for round := 0; round < rounds; round++ {
		// Windows start at a term and hold the terms starting within
		// passageLen bytes of it: a two-pointer sweep keeps each window's
		// gain, the weight of the distinct uncovered stems in it.
		clear(count)
		best, bestI := 0.0, -1
		gain := 0.0
		j := 0
		for i := 0; i < n; i++ {
			for j < n && int(at[j]) < int(at[i])+passageLen {
				if count[ids[j]] == 0 && !covered[ids[j]] {
					gain += weight[ids[j]]
				}
				count[ids[j]]++
				j++
			}
			if gain > best+1e-9 {
				best, bestI = gain, i
			}
			count[ids[i]]--
			if count[ids[i]] == 0 && !covered[ids[i]] {
				gain -= weight[ids[i]]
			}
		}
		// A window worth a small part of the first holds only words a
		// reader is unlikely to look for: not worth the bytes.
		if bestI < 0 || round > 0 && best < firstGain*minPassageGain {
			break
		}
		if round == 0 {
			firstGain = best
		}
		// The window starts snippetBefore bytes before its rarest new
		// word, as bleve's snippet does before its first match, so the
		// word a reader is likely to have typed is not at the cut.
		heavy, hw := bestI, -1.0
		for k := bestI; k < n && int(at[k]) < int(at[bestI])+passageLen; k++ {
			if w := idf(owner[ids[k]]); !covered[ids[k]] && w > hw {
				heavy, hw = k, w
			}
		}
		start := wordStart(body, int(at[heavy])-snippetBefore)
		if start > int(at[heavy]) {
			start = int(at[heavy])
		}
		end := cut(body, start, passageLen)
		out = append(out, [2]int{start, end})
		for k := 0; k < n; k++ {
			if int(at[k]) >= start && int(at[k]) < end {
				covered[ids[k]] = true
			}
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a][0] < out[b][0] })
	return out
}

// passageScratch is choosePassages' scratch space for one goroutine.
type passageScratch struct {
	local   []int32 // by stem id: 1 + the page's local id, 0 when not on it
	inDesc  []bool  // by stem id: in the page's description
	ids     []int32
	tf      []int32
	owner   []uint32
	weight  []float64
	covered []bool
	count   []int32
}

// grow returns s with length n, reusing its array when it is big enough.
func grow[T any](s []T, n int) []T {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]T, n)
}

// passageSpans chooses each document's passages (or takes those the
// analysis cache kept, when still valid) and returns their byte spans in
// its body, by doc number; nil for a document without passages.
func (lc *langCorpus) passageSpans() [][][2]int {
	if lc.taken != nil {
		return lc.taken.spans // chosen beside the bleve segments (textrelease.go)
	}
	out := make([][][2]int, len(lc.docs))
	if lc.feat.noPassages {
		return out
	}
	st := lc.stats()
	cdfOf := make([]uint32, len(lc.lex.stems))
	for s, t := range lc.lex.stems {
		if ts := st.byTerm[t]; ts != nil {
			cdfOf[s] = uint32(ts.cdf)
		}
	}
	pw := lc.newPassageWeights(st.n, cdfOf)
	parallel(len(lc.docs), func(i int) { out[i] = pw.spans(i) })
	return out
}

// passageWeights is what choosing a page's passages takes from the whole
// language: the number of pages and each stem's document frequency.
type passageWeights struct {
	lc    *langCorpus
	n     int
	idfOf []float64
	cdfOf []uint32
	pool  sync.Pool
}

// newPassageWeights returns the weights for n pages with the document
// frequencies cdfOf, by stem id (0: the stem is on no page).
func (lc *langCorpus) newPassageWeights(n int, cdfOf []uint32) *passageWeights {
	pw := &passageWeights{lc: lc, n: n, idfOf: make([]float64, len(cdfOf)), cdfOf: cdfOf}
	for s, df := range cdfOf {
		if df > 0 {
			pw.idfOf[s] = idf(n, int(df))
		}
	}
	pw.pool.New = func() any {
		return &passageScratch{local: make([]int32, len(lc.lex.stems)), inDesc: make([]bool, len(lc.lex.stems))}
	}
	return pw
}

// spans chooses the passages of document i, or takes those the analysis
// cache kept when still valid; nil when it has none. It may run on
// several goroutines at once, each for other documents.
func (pw *passageWeights) spans(i int) [][2]int {
	lc := pw.lc
	dt := lc.docs[i]
	body := dt.doc.Body
	if body == "" || len(dt.bodyAt) == 0 {
		return nil
	}
	sc := pw.pool.Get().(*passageScratch)
	defer pw.pool.Put(sc)
	stems := make([]uint32, len(dt.bodyAt))
	for k, id := range dt.fields[fBody][:len(dt.bodyAt)] {
		stems[k] = lc.lex.stemOf[id]
	}
	// The passages of a page whose indexed text is as in the last
	// build (the analysis cache) and whose words are on as many pages
	// are those the last build chose: nothing else goes into the
	// choice. A page changed elsewhere changes only the document
	// frequencies of its own words.
	sig := passageSig(pw.n, stems, pw.cdfOf)
	spans := dt.pass
	if dt.hasPass && dt.passSig == sig && spansFit(spans, len(body)) {
		lc.passReused.Add(1)
	} else {
		desc := dt.fields[fDescription]
		for _, id := range desc {
			sc.inDesc[lc.lex.stemOf[id]] = true
		}
		spans = choosePassages(body, dt.bodyAt, stems, func(s uint32) float64 { return pw.idfOf[s] }, func(s uint32) bool { return sc.inDesc[s] }, sc)
		for _, id := range desc {
			sc.inDesc[lc.lex.stemOf[id]] = false
		}
		dt.pass, dt.passSig, dt.hasPass = spans, sig, true
		lc.passDirty.Store(true)
	}
	return spans
}

// passageTexts returns the passages of document i at spans as text (white
// space collapsed, control characters dropped); never nil.
func (lc *langCorpus) passageTexts(i int, spans [][2]int) []string {
	if lc.taken != nil {
		return lc.taken.texts[i] // taken beside the bleve segments (textrelease.go)
	}
	body := lc.docs[i].doc.Body
	out := []string{}
	for _, sp := range spans {
		out = append(out, strings.TrimSpace(collapse(body[sp[0]:sp[1]])))
	}
	return out
}

// passages returns each document's passages as text, by doc number.
func (lc *langCorpus) passages() [][]string {
	spans := lc.passageSpans()
	out := make([][]string, len(lc.docs))
	parallel(len(lc.docs), func(i int) {
		if len(spans[i]) > 0 {
			out[i] = lc.passageTexts(i, spans[i])
		}
	})
	return out
}

// passageSig is what a page's passages depend on besides its analysis:
// the number of pages and the document frequency of each of its first
// body terms (the idf that weighs them), in order.
func passageSig(n int, stems []uint32, cdfOf []uint32) uint64 {
	const prime = 1099511628211 // FNV-1a's, a word at a time
	h := uint64(14695981039346656037)
	h = (h ^ uint64(n)) * prime
	h = (h ^ uint64(len(stems))) * prime
	for _, s := range stems {
		h = (h ^ uint64(cdfOf[s])) * prime
	}
	return h
}

// spansFit reports whether spans are ordered byte ranges within a body of
// n bytes (a cache file is checked, not trusted).
func spansFit(spans [][2]int, n int) bool {
	for _, sp := range spans {
		if sp[0] < 0 || sp[0] > sp[1] || sp[1] > n {
			return false
		}
	}
	return true
}
