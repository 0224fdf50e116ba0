package search

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// relevance computes recall@5 (the share of wanted pages found in the top
// five) and MRR (mean reciprocal rank of the first wanted page) of ranked
// result lists against testdata/relevance.txt.
func relevance(cases []relevanceCase, ranked [][]string) (recall, mrr float64, misses []string) {
	var found, wanted int
	for i, rc := range cases {
		top := ranked[i]
		if len(top) > 5 {
			top = top[:5]
		}
		first := 0
		for _, w := range rc.want {
			wanted++
			for r, id := range top {
				if id == w {
					found++
					if first == 0 || r+1 < first {
						first = r + 1
					}
				}
			}
			if !contains(top, w) {
				misses = append(misses, fmt.Sprintf("%s %q: %s not in %v", rc.lang, rc.query, w, top))
			}
		}
		if first > 0 {
			mrr += 1 / float64(first)
		}
	}
	return float64(found) / float64(wanted), mrr / float64(len(cases)), misses
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func bleveRanked(t testing.TB, ix *Index, cases []relevanceCase) [][]string {
	var out [][]string
	for _, rc := range cases {
		res, err := ix.Search(context.Background(), Query{Text: rc.query, Lang: rc.lang, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		out = append(out, ids)
	}
	return out
}

// TestRelevance prints recall@5 and MRR of both engines on the relevance
// set and fails below recall@5 0.9.
func TestRelevance(t *testing.T) {
	docs := loadCorpus(t)
	cases := loadRelevance(t)
	ix := buildTestIndex(t, docs)
	engines := map[string][][]string{"bleve": bleveRanked(t, ix, cases)}
	if _, err := execLookNode(); err == nil || isCI() {
		var qs []nodeQuery
		for _, rc := range cases {
			qs = append(qs, nodeQuery{Lang: rc.lang, Text: rc.query, Limit: 10})
		}
		resp := runNode(t, nodeRequest{Dir: writeStatic(t, docs), Queries: qs})
		var ranked [][]string
		for _, r := range resp.Results {
			var ids []string
			for _, id := range r.IDs {
				ids = append(ids, id[strings.Index(id, ":")+1:])
			}
			ranked = append(ranked, ids)
		}
		engines["static"] = ranked
	}
	for _, name := range []string{"bleve", "static"} {
		ranked, ok := engines[name]
		if !ok {
			continue
		}
		recall, mrr, misses := relevance(cases, ranked)
		t.Logf("%-6s recall@5 %.3f  MRR %.3f  (%d queries)", name, recall, mrr, len(cases))
		for _, m := range misses {
			t.Logf("  miss: %s", m)
		}
		if recall < 0.9 {
			t.Errorf("%s: recall@5 %.3f, want at least 0.9", name, recall)
		}
	}
}

// TestCompoundStrategies is the measurement behind decompounding (doc.go):
// the relevance set and the index size with no compound handling, with
// letter n-grams and with decompounding. It fails if decompounding stops
// being the best of the three.
func TestCompoundStrategies(t *testing.T) {
	docs := loadCorpus(t)
	cases := loadRelevance(t)
	type result struct {
		name        string
		recall, mrr float64
		hits        float64 // mean hits per query: matches that are noise grow it
		bytes       int64
	}
	var results []result
	for _, s := range []struct {
		name string
		co   compoundOptions
	}{
		{"none", compoundOptions{disabled: true}},
		{"ngrams", compoundOptions{disabled: true, ngrams: true}},
		{"decompound", compoundOptions{}},
	} {
		c, err := analyzeWith(docs, s.co)
		if err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(t.TempDir(), "idx")
		if err := c.buildIndex(dir, s.co); err != nil {
			t.Fatal(err)
		}
		ix, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		recall, mrr, _ := relevance(cases, bleveRanked(t, ix, cases))
		var hits int
		for _, rc := range cases {
			res, err := ix.Search(context.Background(), Query{Text: rc.query, Lang: rc.lang})
			if err != nil {
				t.Fatal(err)
			}
			hits += res.Total
		}
		ix.Close()
		results = append(results, result{s.name, recall, mrr, float64(hits) / float64(len(cases)), dirSize(t, dir)})
	}
	for _, r := range results {
		t.Logf("%-10s recall@5 %.3f  MRR %.3f  hits/query %.2f  index %d KB", r.name, r.recall, r.mrr, r.hits, r.bytes>>10)
	}
	dec := results[2]
	for _, r := range results[:2] {
		if r.recall > dec.recall || r.recall == dec.recall && r.mrr > dec.mrr {
			t.Errorf("%s (recall %.3f, MRR %.3f) beats decompounding (%.3f, %.3f)", r.name, r.recall, r.mrr, dec.recall, dec.mrr)
		}
	}
	if ng := results[1]; ng.hits < dec.hits {
		t.Errorf("n-grams match fewer pages (%.2f a query) than decompounding (%.2f)", ng.hits, dec.hits)
	}
}
