package search

import (
	"context"
	"reflect"
	"testing"
)

// CompareDirect runs each query with direct scoring and with bleve's
// searchers on an index of docs and reports any difference (see
// TestDirectScoresEqualBleve); bundled_test.go runs it on the bundled
// content, which package search cannot load.
func CompareDirect(t *testing.T, docs []Document, cases []relevanceCase) {
	t.Helper()
	ix, refIx := buildTestIndex(t, docs), buildRefIndex(t, docs)
	for _, li := range refIx.langs {
		li.viaSearchers = true // the separate fields (fields.go), through bleve's searchers
	}
	differ := 0
	for _, rc := range cases {
		q := Query{Text: rc.query, Lang: rc.lang, Limit: 10}
		direct := search(t, ix, q)
		ref, err := refIx.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		same := direct.Total == ref.Total && reflect.DeepEqual(direct.Facets, ref.Facets) && len(direct.Hits) == len(ref.Hits)
		for i := 0; same && i < len(direct.Hits); i++ {
			a, b := direct.Hits[i], ref.Hits[i]
			// A disjunction of more than ten children sums in bleve's heap
			// order, which direct scoring does not copy: the last bits of
			// a score may differ there, never the order.
			same = a.ID == b.ID && a.Lang == b.Lang && a.tier == b.tier && a.Snippet == b.Snippet && relDiff(a.Score, b.Score) <= 1e-12
		}
		if !same {
			differ++
			t.Errorf("%s %q: direct scoring and bleve's searchers differ", rc.lang, rc.query)
			for i := range max(len(direct.Hits), len(ref.Hits)) {
				var a, b Hit
				if i < len(direct.Hits) {
					a = direct.Hits[i]
				}
				if i < len(ref.Hits) {
					b = ref.Hits[i]
				}
				t.Logf("  %d: %s %.17g tier %d | %s %.17g tier %d", i, a.ID, a.Score, a.tier, b.ID, b.Score, b.tier)
			}
			t.Logf("  total %d %v | %d %v", direct.Total, direct.Facets, ref.Total, ref.Facets)
		}
	}
	t.Logf("%d queries, %d differ", len(cases), differ)
}
