package search_test

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/varde-portal/varde/internal/search"
)

// updateQueries are the development set's queries and some of ours: words
// of the pages the tests change, add and remove, facets, every language.
func updateQueries(t *testing.T) [][2]string {
	qs := search.RelevanceQueries(t, "testdata/eval_dev.txt")
	for _, q := range []string{
		"kvantekryptering", "skyggemapper rutiner", "sjøormvarsling", "personvern", "passord",
		"informasjonssikkerhet", "avvik", "tilgangsstyring", "risikovurdering", "logg",
		"kommunedirektør", "ansatte", "leverandør databehandleravtale", "beredskap øvelse",
	} {
		qs = append(qs, [2]string{"nb", q}, [2]string{"nn", q}, [2]string{"", q})
	}
	return qs
}

// sameResults checks that every query gives the same hits, in the same
// order, with the same snippets and scores equal within float tolerance,
// and the same totals and facets, in the index in got as in want.
func sameResults(t *testing.T, what, got, want string, queries [][2]string) {
	t.Helper()
	open := func(dir string) *search.Index {
		ix, err := search.Open(dir)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		t.Cleanup(func() { ix.Close() })
		return ix
	}
	g, w := open(got), open(want)
	ctx := context.Background()
	bad := 0
	for _, q := range queries {
		for _, typ := range []string{"", "onepager"} {
			query := search.Query{Text: q[1], Lang: q[0], Type: typ, Limit: 20}
			gr, err := g.Search(ctx, query)
			if err != nil {
				t.Fatal(err)
			}
			wr, err := w.Search(ctx, query)
			if err != nil {
				t.Fatal(err)
			}
			same := len(gr.Hits) == len(wr.Hits) && gr.Total == wr.Total && reflect.DeepEqual(gr.Facets, wr.Facets)
			for i := 0; same && i < len(gr.Hits); i++ {
				a, b := gr.Hits[i], wr.Hits[i]
				same = a.ID == b.ID && a.Lang == b.Lang && a.URL == b.URL && a.Title == b.Title && a.Type == b.Type &&
					a.Snippet == b.Snippet && math.Abs(a.Score-b.Score) <= 1e-9*math.Max(1, math.Abs(b.Score))
			}
			if !same {
				if bad++; bad <= 5 {
					t.Errorf("%s: %s %q type %q:\n got %d hits (total %d) %v\nwant %d hits (total %d) %v", what, q[0], q[1], typ,
						len(gr.Hits), gr.Total, hitList(gr), len(wr.Hits), wr.Total, hitList(wr))
				}
			}
		}
	}
	if bad > 5 {
		t.Errorf("%s: %d queries differ in all", what, bad)
	}
}

func hitList(r *search.Results) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.Lang+":"+h.ID)
	}
	return out
}

// fresh builds docs into a new folder, from scratch.
func fresh(t *testing.T, docs []search.Document, opt search.AnalyzeOptions) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "search.bleve")
	buildInto(t, dir, docs, opt)
	if n := search.IndexUpdates(t, dir); n != 0 {
		t.Fatalf("a new folder's index had %d updates", n)
	}
	return dir
}

func buildInto(t *testing.T, dir string, docs []search.Document, opt search.AnalyzeOptions) {
	t.Helper()
	c, err := search.AnalyzeWith(docs, opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.BuildIndex(dir); err != nil {
		t.Fatalf("BuildIndex: %v", err)
	}
}

// The parallel build of segments, merged, answers as bleve's own offline
// builder's index does.
func TestParallelBuildMatchesBuilder(t *testing.T) {
	docs := bundledDocs(t)
	queries := updateQueries(t)
	search.SetSegmentDocs(t, 37) // several segments a language, and a short last one
	got := fresh(t, docs, search.AnalyzeOptions{})
	c, err := search.AnalyzeWith(docs, search.AnalyzeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(t.TempDir(), "search.bleve")
	if err := os.MkdirAll(want, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := c.BuildIndexReference(want); err != nil {
		t.Fatal(err)
	}
	sameResults(t, "parallel build", got, want, queries)
}

// An index updated page by page answers as one built from scratch, after
// each kind of change; a change of the site's synonyms builds it again.
func TestUpdateInPlace(t *testing.T) {
	docs := bundledDocs(t)
	if len(docs) < 50 {
		t.Fatalf("the bundled portal has %d pages; the test wants at least 50", len(docs))
	}
	queries := updateQueries(t)
	dir := filepath.Join(t.TempDir(), "search.bleve")
	opt := search.AnalyzeOptions{}
	buildInto(t, dir, docs, opt)
	first, err := search.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	firstRes, err := first.Search(context.Background(), search.Query{Text: "passord", Lang: "nb"})
	if err != nil {
		t.Fatal(err)
	}

	docs = append([]search.Document(nil), docs...)
	nb := func(from int) int {
		for i := from; i < len(docs); i++ {
			if docs[i].Lang == "nb" {
				return i
			}
		}
		t.Fatal("no bokmål page")
		return -1
	}
	steps := []struct {
		name   string
		change func()
	}{
		{"one body", func() {
			i := nb(3)
			docs[i].Body += "\nKvantekryptering og skyggemapper krever egne rutiner for sjøormvarsling."
		}},
		{"a title", func() { i := nb(10); docs[i].Title = "Sjøormvarsling i kommunen" }},
		{"a page added", func() {
			docs = append(docs, search.Document{ID: "ny/kvante", Lang: "nb", URL: "/ny/kvante/", Title: "Kvantekryptering for kommuner",
				Description: "Hva kvantekryptering betyr for personvern og passord.", Headings: []string{"Passord", "Skyggemapper"},
				Body: "Kvantekryptering endrer hvordan passord og personvern sikres. Skyggemapper må ryddes.", Type: "onepager",
				Audience: []string{"it"}, Topics: []string{"sikkerhet"}})
		}},
		{"a page removed", func() { i := nb(20); docs = append(docs[:i], docs[i+1:]...) }},
		{"a nynorsk body and a bokmål description", func() {
			for i := range docs {
				if docs[i].Lang == "nn" {
					docs[i].Body = "Sjøormvarsling er ikkje kvantekryptering.\n" + docs[i].Body
					break
				}
			}
			docs[nb(30)].Description = "Passord og skyggemapper."
		}},
	}
	for n, st := range steps {
		st.change()
		buildInto(t, dir, docs, opt)
		if got := search.IndexUpdates(t, dir); got != n+1 {
			t.Fatalf("%s: the index has had %d updates, want %d (updated in place)", st.name, got, n+1)
		}
		sameResults(t, st.name, dir, fresh(t, docs, opt), queries)
	}
	// Readers of the first generation read it still.
	again, err := first.Search(context.Background(), search.Query{Text: "passord", Lang: "nb"})
	if err != nil {
		t.Fatalf("the first generation after updates: %v", err)
	}
	if !reflect.DeepEqual(hitList(again), hitList(firstRes)) {
		t.Errorf("the first generation answers %v after the updates, %v before", hitList(again), hitList(firstRes))
	}

	th, diags := search.ParseThesaurus("data/synonymer.txt", []byte("sjøormvarsling = kvantekryptering # test\n"))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	opt = search.AnalyzeOptions{Thesaurus: th}
	buildInto(t, dir, docs, opt)
	if got := search.IndexUpdates(t, dir); got != 0 {
		t.Errorf("synonyms changed: the index was updated (%d), want a full build", got)
	}
	sameResults(t, "synonyms changed", dir, fresh(t, docs, opt), queries)
}

// Many changed pages make a full build.
func TestUpdateTooManyChanges(t *testing.T) {
	docs := bundledDocs(t)
	dir := filepath.Join(t.TempDir(), "search.bleve")
	buildInto(t, dir, docs, search.AnalyzeOptions{})
	changed := append([]search.Document(nil), docs...)
	for i := range changed {
		if i%3 == 0 {
			changed[i].Body += "\nSjøormvarsling."
		}
	}
	buildInto(t, dir, changed, search.AnalyzeOptions{})
	if got := search.IndexUpdates(t, dir); got != 0 {
		t.Errorf("a third of the pages changed: %d updates, want a full build", got)
	}
	sameResults(t, "many changes", dir, fresh(t, changed, search.AnalyzeOptions{}), updateQueries(t)[:40])
}

// A damaged previous index is built again, with no error.
func TestUpdateDamagedIndex(t *testing.T) {
	docs := bundledDocs(t)
	queries := updateQueries(t)[:60]
	for _, damage := range []struct {
		name string
		do   func(gen string) error
	}{
		{"prints", func(gen string) error {
			return os.WriteFile(filepath.Join(gen, "nb.prints"), []byte(`{"ids":["x"`), 0o644)
		}},
		{"prints of other pages", func(gen string) error {
			return os.WriteFile(filepath.Join(gen, "nb.prints"), []byte(`{"ids":["x","y"],"prints":["a","b"]}`), 0o644)
		}},
		{"root.bolt", func(gen string) error {
			return os.WriteFile(filepath.Join(gen, "nb.bleve", "store", "root.bolt"), []byte("not a bolt file"), 0o644)
		}},
		{"segment gone", func(gen string) error {
			segs, _ := filepath.Glob(filepath.Join(gen, "nb.bleve", "store", "*.zap"))
			for _, s := range segs {
				if err := os.Remove(s); err != nil {
					return err
				}
			}
			return nil
		}},
		{"segment garbled", func(gen string) error {
			segs, _ := filepath.Glob(filepath.Join(gen, "nb.bleve", "store", "*.zap"))
			for _, s := range segs {
				if err := os.WriteFile(s, []byte("garbage, not a zap segment at all, long enough to have a footer of sorts......"), 0o644); err != nil {
					return err
				}
			}
			return nil
		}},
		{"meta", func(gen string) error { return os.WriteFile(filepath.Join(gen, "meta.json"), []byte("{"), 0o644) }},
		{"generation gone", func(gen string) error { return os.RemoveAll(gen) }},
	} {
		t.Run(damage.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "search.bleve")
			buildInto(t, dir, docs, search.AnalyzeOptions{})
			if err := damage.do(search.CurrentGeneration(t, dir)); err != nil {
				t.Fatal(err)
			}
			changed := append([]search.Document(nil), docs...)
			for i := range changed {
				if changed[i].Lang == "nb" { // the damaged language
					changed[i].Body += "\nSjøormvarsling."
					break
				}
			}
			buildInto(t, dir, changed, search.AnalyzeOptions{})
			if got := search.IndexUpdates(t, dir); got != 0 {
				t.Errorf("%d updates of a damaged index, want a full build", got)
			}
			sameResults(t, damage.name, dir, fresh(t, changed, search.AnalyzeOptions{}), queries)
		})
	}
}
