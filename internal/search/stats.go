package search

// The per-language statistics that scoring needs. Both engines score with
// bleve's tf-idf (see score.go), so the static export computes exactly the
// numbers bleve derives from its own index: document count, field lengths,
// term frequencies and document frequencies per field.

// nStatFields counts the text fields and then their parts fields: the
// parts of text field f are kept at nFields+f.
const nStatFields = 2 * nFields

// posting is one document's occurrences of one term, per field.
type posting struct {
	doc uint32
	tf  [nStatFields]uint16
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
}

// stats returns the corpus statistics, computed once: the bleve build (for
// its dictionary) and the static export both need them, often at the same
// time.
func (lc *langCorpus) stats() *langStats {
	lc.statsOnce.Do(func() { lc.statsCache = lc.computeStats() })
	return lc.statsCache
}

func (lc *langCorpus) computeStats() *langStats {
	st := &langStats{n: len(lc.docs), length: make([][nStatFields]int, len(lc.docs)), byTerm: map[string]*termStats{}}
	perStem := make([]*termStats, len(lc.lex.stems))
	tf := make([][nStatFields]uint16, len(lc.lex.stems))
	var touched []uint32
	count := func(stem uint32, f int) {
		if tf[stem] == ([nStatFields]uint16{}) {
			touched = append(touched, stem)
		}
		if tf[stem][f] < 0xffff {
			tf[stem][f]++
		}
	}
	for num, dt := range lc.docs {
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
		for _, s := range touched {
			ts := perStem[s]
			if ts == nil {
				ts = &termStats{term: lc.lex.stems[s]}
				perStem[s] = ts
			}
			ts.postings = append(ts.postings, posting{doc: uint32(num), tf: tf[s]})
			ts.cdf++
			for f, n := range tf[s] {
				if n > 0 {
					ts.df[f]++
				}
			}
			tf[s] = [nStatFields]uint16{}
		}
		touched = touched[:0]
	}
	for _, ts := range perStem {
		if ts != nil {
			st.terms = append(st.terms, ts)
			st.byTerm[ts.term] = ts
		}
	}
	sortTerms(st.terms)
	return st
}
