package search

import (
	"bytes"
	"math"
	"testing"
)

// TestWeigherAsScore holds the export's weigher to score.go's exactWeight
// and partWeight, bit for bit, and postingsWeighed to postings byte for
// byte, on every posting of the test corpus and 2,000 synthetic pages.
func TestWeigherAsScore(t *testing.T) {
	for _, docs := range [][]Document{loadCorpus(t), synthCorpus(t, 2000)} {
		c, err := Analyze(docs)
		if err != nil {
			t.Fatal(err)
		}
		for _, lc := range c.langs {
			st := lc.stats()
			wt := newWeigher(st)
			for _, ts := range st.terms {
				ex, pt := wt.exact(ts), wt.part(ts)
				for _, p := range ts.postings {
					if a, b := ex(p), st.exactWeight(ts, p); math.Float64bits(a) != math.Float64bits(b) {
						t.Fatalf("%s %q doc %d: exact weight %v, score.go %v", lc.lang, ts.term, p.doc, a, b)
					}
					if a, b := pt(p), st.partWeight(ts, p); math.Float64bits(a) != math.Float64bits(b) {
						t.Fatalf("%s %q doc %d: part weight %v, score.go %v", lc.lang, ts.term, p.doc, a, b)
					}
				}
				var old, fast encoder
				old.postings(st, ts, st.exactWeight)
				old.postings(st, ts, st.partWeight)
				ws := fast.postingsWeighed(nil, ts, wt.exact)
				fast.postingsWeighed(ws, ts, wt.part)
				if !bytes.Equal(old.buf, fast.buf) {
					t.Fatalf("%s %q: postings bytes differ", lc.lang, ts.term)
				}
			}
		}
	}
}

// postings is the encoder as it was before the weigher, with score.go's
// weight functions computed per posting: postingsWeighed must write the
// same bytes.
func (e *encoder) postings(st *langStats, ts *termStats, weight func(*termStats, posting) float64) {
	ws := make([]float64, len(ts.postings))
	for i, p := range ts.postings {
		ws[i] = weight(ts, p)
	}
	e.weighted(ts, ws)
}
