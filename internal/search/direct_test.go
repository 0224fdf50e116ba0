package search

import (
	"context"
	"math"
	"reflect"
	"strings"
	"testing"
)

// TestDirectScoresEqualBleve: direct scoring (direct.go) on the packed
// index (fields.go) gives the hits, order, scores, totals and facets that
// bleve's searchers give on the same pages in ten separate fields, on every
// query of the relevance sets and the agreement test, with and without
// filters, on the test corpus and on generated pages.
func TestDirectScoresEqualBleve(t *testing.T) {
	var queries []Query
	for _, q := range agreementQueries(t) {
		queries = append(queries, Query{Text: q.Text, Lang: q.Lang, Type: q.Type, Audience: q.Audience, Limit: 20})
	}
	for _, path := range []string{"testdata/eval_dev.txt", "testdata/bundled_relevance.txt"} {
		for _, rc := range loadRelevanceFile(t, path) {
			queries = append(queries, Query{Text: rc.query, Lang: rc.lang, Limit: 20})
		}
	}
	for _, q := range loadQueries {
		queries = append(queries, Query{Text: q, Lang: "nb", Limit: 20}, Query{Text: q, Lang: "nb", Type: "onepager", Audience: "leder", Limit: 5})
	}
	corpora := map[string][]Document{"test corpus": loadCorpus(t)}
	if !testing.Short() {
		corpora["1,000 generated pages"] = synthCorpus(t, 1000)
	}
	corpora["test corpus, small postings cache"] = corpora["test corpus"]
	for name, docs := range corpora {
		ix, refIx := buildTestIndex(t, docs), buildRefIndex(t, docs)
		for _, li := range refIx.langs {
			li.viaSearchers = true
		}
		for _, li := range ix.langs {
			if li.direct == nil {
				t.Fatalf("%s: %s: no direct scoring", name, li.lang)
			}
			if strings.Contains(name, "small") {
				li.direct.maxBytes = 8 << 10
			}
		}
		worst := 0.0
		for _, q := range queries {
			direct := search(t, ix, q)
			ref := search(t, refIx, q)
			if direct.Total != ref.Total || !reflect.DeepEqual(direct.Facets, ref.Facets) {
				t.Errorf("%s: %+v: total %d, facets %v; bleve's searchers: %d, %v", name, q, direct.Total, direct.Facets, ref.Total, ref.Facets)
			}
			if len(direct.Hits) != len(ref.Hits) {
				t.Errorf("%s: %+v: %d hits, bleve's searchers %d", name, q, len(direct.Hits), len(ref.Hits))
				continue
			}
			for i, h := range direct.Hits {
				r := ref.Hits[i]
				if h.ID != r.ID || h.Lang != r.Lang || h.Snippet != r.Snippet || h.tier != r.tier {
					t.Errorf("%s: %+v: hit %d is %s:%s (tier %d, %.6f), bleve's searchers %s:%s (tier %d, %.6f)", name, q, i, h.Lang, h.ID, h.tier, h.Score, r.Lang, r.ID, r.tier, r.Score)
					break
				}
				if h.Score != r.Score {
					worst = math.Max(worst, relDiff(h.Score, r.Score))
				}
			}
		}
		for _, li := range ix.langs {
			if ds := li.direct; ds.bytes > ds.maxBytes || ds.bytes < 0 {
				t.Errorf("%s: %s: the postings cache holds %d bytes, at most %d", name, li.lang, ds.bytes, ds.maxBytes)
			}
		}
		// A disjunction of more than ten children (a word with many typo
		// candidates) sums in bleve's heap order, which direct scoring
		// does not copy: the last bit of a score may differ there.
		if worst > 1e-12 {
			t.Errorf("%s: scores differ from bleve's searchers by up to %.3g (relative)", name, worst)
		}
		t.Logf("%s: %d queries, largest relative score difference %.3g", name, len(queries), worst)
	}
}

// TestQuickMarksEqualSlow: finding the matched words by searching the
// lower-cased text (snippet_quick.go) marks the same words as analyzing
// every word, in every page of the test corpus and of generated pages,
// for the terms of the relevance queries, and in text made to trip it
// (capitals, æøå and their capitals, ä and ö, accents, inner apostrophes
// and dots, combining marks, nynorsk -heit).
func TestQuickMarksEqualSlow(t *testing.T) {
	docs := append(loadCorpus(t), synthCorpus(t, 30)...)
	tricky := "PERSONVERN Personvernet «personvernombud» Æresord ØKONOMI Åpenhet søknad SØKNAD " +
		"Kafé kafe naïve Ärlig Österreich o\u0308konomi a\u030Apen don't Kommunens' 2.3.1 1,5 personvern's " +
		"tryggleiken sikkerheit Sikkerheita løysingar - e-post IT-sikkerhet «Risiko»-vurdering ß straße " +
		"Personvern—sikkerhet personvern.sikkerhet tilgangs\u00ADstyring ﬁlen ＰＥＲＳＯＮＶＥＲＮ"
	docs = append(docs, Document{ID: "tricky", Lang: "nb", Body: tricky}, Document{ID: "tricky-nn", Lang: "nn", Body: tricky})
	ix := buildTestIndex(t, loadCorpus(t))
	var queries []string
	for _, rc := range loadRelevanceFile(t, "testdata/bundled_relevance.txt") {
		queries = append(queries, rc.query)
	}
	queries = append(queries, loadQueries...)
	queries = append(queries, "kafe naive ærlig økonomi åpen dont 2.3.1 sikkerheit tryggleik straße filen e-post")
	compared, marked := 0, 0
	for _, li := range ix.langs {
		for _, text := range queries {
			match := matchSet(li.voc.plan(li.an, text))
			if len(match) == 0 {
				continue
			}
			h := highlighter{li.an, match}
			for _, d := range docs {
				body := snippetSource(d.Body)
				q := h.quick()
				fast := h.marksWith(body, len(body), q)
				if q != nil {
					q.release()
				}
				slow := h.marksWith(body, len(body), nil)
				if !reflect.DeepEqual(fast, slow) {
					t.Fatalf("%s %q on %s: marks %v, analyzing every word %v", li.lang, text, d.ID, spans(body, fast), spans(body, slow))
				}
				compared++
				marked += len(slow)
			}
		}
	}
	t.Logf("%d texts compared, %d marks", compared, marked)
}

func spans(s string, m [][2]int) []string {
	var out []string
	for _, x := range m {
		out = append(out, s[x[0]:x[1]])
	}
	return out
}

// TestVocabCountsEqualBleve: the dictionary's count of pages per field,
// by which direct scoring skips the fields a term is not in, is bleve's
// count of postings for every term and field in the separate layout, and
// the count of each field's postings direct scoring unpacks from the packed
// one.
func TestVocabCountsEqualBleve(t *testing.T) {
	ix := buildTestIndex(t, loadCorpus(t))
	for _, li := range ix.langs {
		r, err := li.adv.Reader()
		if err != nil {
			t.Fatal(err)
		}
		docTotal, _ := r.DocCount()
		for i, term := range li.voc.Terms {
			for f := 0; f < nStatFields; f++ {
				p, err := li.direct.postings(context.Background(), r, f, term, docTotal)
				if err != nil {
					t.Fatal(err)
				}
				if p.count != uint64(li.voc.DF[i][f]) || len(p.docs) != int(p.count) {
					t.Errorf("%s %q in %s: dictionary %d pages, packed postings %d", li.lang, term, statFieldName(f), li.voc.DF[i][f], p.count)
				}
			}
		}
		r.Close()
	}
	ix = buildRefIndex(t, loadCorpus(t))
	for _, li := range ix.langs {
		r, err := li.adv.Reader()
		if err != nil {
			t.Fatal(err)
		}
		for i, term := range li.voc.Terms {
			for f := 0; f < nStatFields; f++ {
				name := statFieldName(f)
				tfr, err := r.TermFieldReader(context.Background(), []byte(term), name, false, false, false)
				if err != nil {
					t.Fatal(err)
				}
				if n := tfr.Count(); n != uint64(li.voc.DF[i][f]) {
					t.Errorf("%s %q in %s: dictionary %d pages, bleve %d", li.lang, term, name, li.voc.DF[i][f], n)
				}
				tfr.Close()
			}
		}
		r.Close()
	}
}
