package search

import (
	"strings"
	"testing"
)

// TestStatsAsCounted: the statistics equal a plain count of every page's
// terms (postings with their counts per field, document frequencies,
// field lengths), with pages that hold a word 64 times or more in a field
// (count vectors kept apart from the packed ones) and 65,535 times or more
// (counts capped).
func TestStatsAsCounted(t *testing.T) {
	docs := append(loadCorpus(t), synthCorpus(t, 200)...)
	docs = append(docs,
		Document{ID: "mange", Lang: "nb", URL: "/mange/", Title: "passord passord", Body: strings.Repeat("passord og rutiner ", 70)},
		Document{ID: "svært-mange", Lang: "nb", URL: "/svært-mange/", Title: "logg", Body: strings.Repeat("logg ", 66000)},
		Document{ID: "få", Lang: "nb", URL: "/få/", Title: "passord", Body: "passord"})
	c, err := Analyze(docs)
	if err != nil {
		t.Fatal(err)
	}
	for _, lc := range c.langs {
		st := lc.computeStats()
		type key struct {
			term string
			doc  uint32
		}
		want := map[key]*[nStatFields]uint16{}
		for n, dt := range lc.docs {
			add := func(stem uint32, f int) {
				k := key{lc.lex.stems[stem], uint32(n)}
				if want[k] == nil {
					want[k] = new([nStatFields]uint16)
				}
				if want[k][f] < 0xffff {
					want[k][f]++
				}
			}
			for f, ids := range dt.fields {
				if st.length[n][f] != len(ids) {
					t.Fatalf("%s %s: field %d has %d terms, length %d", lc.lang, dt.doc.ID, f, len(ids), st.length[n][f])
				}
				for _, id := range ids {
					add(lc.lex.stemOf[id], f)
				}
			}
			for f, ids := range dt.parts {
				if st.length[n][nFields+f] != len(ids) {
					t.Fatalf("%s %s: parts field %d has %d terms, length %d", lc.lang, dt.doc.ID, f, len(ids), st.length[n][nFields+f])
				}
				for _, s := range ids {
					add(s, nFields+f)
				}
			}
		}
		got := 0
		for i, ts := range st.terms {
			if i > 0 && st.terms[i-1].term >= ts.term {
				t.Fatalf("%s: terms out of order: %q, %q", lc.lang, st.terms[i-1].term, ts.term)
			}
			if st.byTerm[ts.term] != ts {
				t.Fatalf("%s: byTerm[%q] is not the term", lc.lang, ts.term)
			}
			var df [nStatFields]int
			for j, p := range ts.postings {
				if j > 0 && ts.postings[j-1].doc >= p.doc {
					t.Fatalf("%s %q: postings out of order", lc.lang, ts.term)
				}
				w := want[key{ts.term, p.doc}]
				if w == nil || *w != *st.tf(p) {
					t.Fatalf("%s %q page %d: counts %v, want %v", lc.lang, ts.term, p.doc, *st.tf(p), w)
				}
				for f, n := range w {
					if n > 0 {
						df[f]++
					}
				}
				got++
			}
			if df != ts.df || ts.cdf != len(ts.postings) {
				t.Fatalf("%s %q: df %v cdf %d, want %v %d", lc.lang, ts.term, ts.df, ts.cdf, df, len(ts.postings))
			}
		}
		if got != len(want) {
			t.Fatalf("%s: %d postings, want %d", lc.lang, got, len(want))
		}
	}
}
