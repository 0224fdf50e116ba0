package search

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

// priorDocs are three pages with the same words, so that only their
// priors tell them apart: without priors the list page would come first
// (equal scores are ranked in id order).
func priorDocs() []Document {
	text := "Personvernombudet gir råd om personvern og følger med på at reglene blir fulgt."
	return []Document{
		{ID: "a-liste", Lang: "nb", URL: "/malgruppe/personvernombud/", Title: "Personvernombud", Body: text, Type: "audience", Prior: PriorList},
		{ID: "b-artikkel", Lang: "nb", URL: "/regelverk/gdpr-art-37/", Title: "Personvernombud", Body: text, Type: "legal", Prior: PriorReference},
		{ID: "c-veileder", Lang: "nb", URL: "/veiledere/personvernombud/", Title: "Personvernombud", Body: text, Type: "onepager"},
	}
}

// TestPriorRanksListPagesLast: a generated list page comes after a legal
// reference page, and that after the guide, when all three match a query
// equally well, in both engines, and each score is the guide's times the
// page's prior.
func TestPriorRanksListPagesLast(t *testing.T) {
	docs := priorDocs()
	want := []string{"c-veileder", "b-artikkel", "a-liste"}
	ix := buildTestIndex(t, docs)
	res := search(t, ix, Query{Text: "personvernombud", Lang: "nb"})
	if got := ids(res); !reflect.DeepEqual(got, want) {
		t.Fatalf("bleve: %v, want %v", got, want)
	}
	for i, p := range []float64{1, PriorReference, PriorList} {
		if r := res.Hits[i].Score / res.Hits[0].Score; math.Abs(r-p) > 1e-9 {
			t.Errorf("bleve: %s scores %.6f of the guide, want %v", res.Hits[i].ID, r, p)
		}
	}

	resp := runNode(t, nodeRequest{Dir: writeStatic(t, docs), Queries: []nodeQuery{{Lang: "nb", Text: "personvernombud", Limit: 10}}})
	js := resp.Results[0]
	var wantJS []string
	for _, id := range want {
		wantJS = append(wantJS, "nb:"+id)
	}
	if !reflect.DeepEqual(js.IDs, wantJS) {
		t.Fatalf("static: %v, want %v", js.IDs, wantJS)
	}
	for i, h := range res.Hits {
		if relDiff(h.Score, js.Scores[i]) > 1e-6 {
			t.Errorf("%s scores bleve %.6f, static %.6f", h.ID, h.Score, js.Scores[i])
		}
	}
}

// TestPriorStatic: the static manifest lists the pages whose prior is not
// 1, by prior, and no content page.
func TestPriorStatic(t *testing.T) {
	c, err := Analyze(priorDocs())
	if err != nil {
		t.Fatal(err)
	}
	got := c.langs[0].staticPriors()
	want := []staticPrior{{W: PriorList, Docs: []int{0}}, {W: PriorReference, Docs: []int{1}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("priors %+v, want %+v", got, want)
	}
}

// TestPriorBad: a prior outside 0 to 1 is an error naming the page.
func TestPriorBad(t *testing.T) {
	for _, p := range []float64{-0.5, 1.5, math.NaN()} {
		_, err := Analyze([]Document{{ID: "x", Lang: "nb", Prior: p}})
		if err == nil || !strings.Contains(err.Error(), `document "x": prior`) {
			t.Errorf("prior %v: %v, want an error naming the page", p, err)
		}
	}
}
