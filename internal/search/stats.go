package search

import "runtime"

// The per-language statistics that scoring needs. Both engines score with
// bleve's tf-idf (see score.go), so the static export computes exactly the
// numbers bleve derives from its own index: document count, field lengths,
// term frequencies and document frequencies per field.

// nStatFields counts the text fields and then their parts fields: the
// parts of text field f are kept at nFields+f.
const nStatFields = 2 * nFields

// posting is one document's occurrences of one term, per field. The
// counts are shared: 2.3 million postings of the 10,000-page corpus have
// 14,000 distinct count vectors, so each posting holds the number of its
// vector in langStats.vecs (8 bytes a posting; a pointer to the vector
// made it 16, the vector itself 24). Read it with langStats.tf.
type posting struct {
	doc uint32
	vec uint32 // index into langStats.vecs
}

// termStats is one stem's postings and document frequencies.
type termStats struct {
	term     string
	postings []posting // by doc number
	df       [nStatFields]int
	cdf      int // documents holding the term in any field
}

// langStats is everything scoring needs for one language.
type langStats struct {
	n      int                   // documents
	length [][nStatFields]int    // per doc, tokens per field
	terms  []*termStats          // sorted by term
	byTerm map[string]*termStats //
	vecs   [][nStatFields]uint16 // the postings' count vectors (posting.vec)
}

// tf returns the counts per field of posting p. Nothing may write through
// it: the vector is shared by every posting with the same counts.
func (st *langStats) tf(p posting) *[nStatFields]uint16 { return &st.vecs[p.vec] }

// stats returns the corpus statistics, computed once: the bleve build (for
// its dictionary) and the static export both need them, often at the same
// time.
func (lc *langCorpus) stats() *langStats {
	lc.statsOnce.Do(func() { lc.statsCache = lc.computeStats() })
	return lc.statsCache
}

// computeStats counts every page's terms on both cores, each page into a
// list of its distinct stems with their counts per field, and then lays
// the lists out as postings, in page order, in one array sized in advance.
// (It was one pass on one core with a slice per stem grown as it went.)
// oneMax bounds the counts of the vectors computeStats finds by field
// and count rather than in its map.
const oneMax = 32

func (lc *langCorpus) computeStats() *langStats {
	n, nStems := len(lc.docs), len(lc.lex.stems)
	st := &langStats{n: n, length: make([][nStatFields]int, n)}
	type stemTF struct {
		stem uint32
		tf   [nStatFields]uint16
	}
	type stemVec struct {
		stem uint32
		vec  uint32 // in the worker's vecs, until the layout below
	}
	perDoc := make([][]stemVec, n)
	byWorker := make([]int32, n) // the worker that counted each page
	type scratch struct {
		slot    []int32 // by stem: 1 + its place in the page's list, 0 when not on it
		touched []stemTF
		ids     map[[nStatFields]uint16]uint32 // the worker's count vectors, by their place in vecs
		vecs    [][nStatFields]uint16
		// one holds the place in vecs of the vectors with one field
		// counted, fewer than oneMax times (most of them), by field and
		// count, 1 + the place (0: not met yet): an array lookup instead
		// of the map's, 2.3 million times at 10,000 pages.
		one [nStatFields * oneMax]uint32
	}
	scratches := make([]*scratch, runtime.GOMAXPROCS(0))
	parallelWorkers(n, func(w, num int) {
		sc := scratches[w]
		if sc == nil {
			sc = &scratch{slot: make([]int32, nStems), ids: map[[nStatFields]uint16]uint32{}}
			scratches[w] = sc
		}
		byWorker[num] = int32(w)
		list := sc.touched[:0]
		count := func(stem uint32, f int) {
			k := sc.slot[stem] - 1
			if k < 0 {
				k = int32(len(list))
				sc.slot[stem] = k + 1
				list = append(list, stemTF{stem: stem})
			}
			if list[k].tf[f] < 0xffff {
				list[k].tf[f]++
			}
		}
		dt := lc.docs[num]
		for f, ids := range dt.fields {
			st.length[num][f] = len(ids)
			for _, id := range ids {
				count(lc.lex.stemOf[id], f)
			}
		}
		for f, ids := range dt.parts {
			st.length[num][nFields+f] = len(ids)
			for _, s := range ids {
				count(s, nFields+f)
			}
		}
		vl := make([]stemVec, len(list))
		for i, e := range list {
			sc.slot[e.stem] = 0
			at := -1 // in sc.one
			for f, c := range e.tf {
				if c == 0 {
					continue
				}
				if at >= 0 || c >= oneMax {
					at = -1
					break
				}
				at = f*oneMax + int(c)
			}
			if at >= 0 && sc.one[at] > 0 {
				vl[i] = stemVec{e.stem, sc.one[at] - 1}
				continue
			}
			v, ok := sc.ids[e.tf]
			if !ok {
				v = uint32(len(sc.vecs))
				sc.vecs = append(sc.vecs, e.tf)
				sc.ids[e.tf] = v
			}
			if at >= 0 {
				sc.one[at] = v + 1
			}
			vl[i] = stemVec{e.stem, v}
		}
		perDoc[num] = vl
		sc.touched = list
	})
	// The workers' vectors one after the other (a vector two workers both
	// met is in the table twice: a few thousand at most).
	base := make([]uint32, len(scratches))
	for w, sc := range scratches {
		if sc != nil {
			base[w] = uint32(len(st.vecs))
			st.vecs = append(st.vecs, sc.vecs...)
		}
	}
	// Postings per stem, then one array cut into each stem's share.
	size := make([]int, nStems)
	total := 0
	for _, list := range perDoc {
		for _, e := range list {
			size[e.stem]++
		}
		total += len(list)
	}
	all := make([]posting, total)
	perStem := make([]*termStats, nStems)
	kept := 0
	for _, k := range size {
		if k > 0 {
			kept++
		}
	}
	stats := make([]termStats, kept)
	st.terms = make([]*termStats, 0, kept)
	off := 0
	for s, k := range size {
		if k == 0 {
			continue
		}
		ts := &stats[len(st.terms)]
		ts.term = lc.lex.stems[s]
		ts.postings = all[off : off : off+k]
		off += k
		perStem[s] = ts
		st.terms = append(st.terms, ts)
	}
	for num, list := range perDoc {
		b := base[byWorker[num]]
		for _, e := range list {
			ts := perStem[e.stem]
			ts.postings = append(ts.postings, posting{doc: uint32(num), vec: b + e.vec})
		}
		perDoc[num] = nil
	}
	parallel(len(st.terms), func(i int) {
		ts := st.terms[i]
		ts.cdf = len(ts.postings)
		for _, p := range ts.postings {
			for f, c := range st.tf(p) {
				if c > 0 {
					ts.df[f]++
				}
			}
		}
	})
	st.byTerm = make(map[string]*termStats, len(st.terms))
	for _, ts := range st.terms {
		st.byTerm[ts.term] = ts
	}
	sortTerms(st.terms)
	return st
}
