package search

import (
	"math"
	"sort"
	"strings"
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
// by, rare words and its own subject, come first. at and stems are the start offsets and stem ids
// of the body's terms, in order; weight gives a stem's idf, skip the stems
// of the description.
func choosePassages(body string, at []uint32, stems []uint32, idf func(uint32) float64, skip func(uint32) bool) [][2]int {
	limit := len(snippetSource(body))
	n := 0
	for n < len(at) && int(at[n]) < limit {
		n++
	}
	if n == 0 {
		return nil
	}
	// Local ids for the page's stems, their weights, whether covered.
	local := map[uint32]int{}
	ids := make([]int, n)
	var tf []int
	var owner []uint32
	for i := 0; i < n; i++ {
		l, ok := local[stems[i]]
		if !ok {
			l = len(tf)
			local[stems[i]] = l
			tf = append(tf, 0)
			owner = append(owner, stems[i])
		}
		tf[l]++
		ids[i] = l
	}
	weight := make([]float64, len(tf))
	covered := make([]bool, len(tf))
	for l, c := range tf {
		if skip(owner[l]) {
			covered[l] = true
			continue
		}
		w := idf(owner[l])
		weight[l] = w * w * (1 + math.Log(float64(c)))
	}
	count := make([]int, len(tf))
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

// passages returns each document's passages as text (white space
// collapsed, control characters dropped), by doc number.
func (lc *langCorpus) passages() [][]string {
	st := lc.stats()
	idfOf := make([]float64, len(lc.lex.stems))
	for s, t := range lc.lex.stems {
		if ts := st.byTerm[t]; ts != nil {
			idfOf[s] = idf(st.n, ts.cdf)
		}
	}
	out := make([][]string, len(lc.docs))
	parallel(len(lc.docs), func(i int) {
		dt := lc.docs[i]
		body := dt.doc.Body
		if body == "" || len(dt.bodyAt) == 0 {
			return
		}
		inDesc := map[uint32]bool{}
		for _, id := range dt.fields[fDescription] {
			inDesc[lc.lex.stemOf[id]] = true
		}
		stems := make([]uint32, len(dt.bodyAt))
		for k, id := range dt.fields[fBody][:len(dt.bodyAt)] {
			stems[k] = lc.lex.stemOf[id]
		}
		for _, sp := range choosePassages(body, dt.bodyAt, stems, func(s uint32) float64 { return idfOf[s] }, func(s uint32) bool { return inDesc[s] }) {
			out[i] = append(out[i], strings.TrimSpace(collapse(body[sp[0]:sp[1]])))
		}
	})
	return out
}
