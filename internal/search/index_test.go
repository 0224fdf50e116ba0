package search

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func ids(r *Results) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.ID)
	}
	return out
}

func search(t *testing.T, ix *Index, q Query) *Results {
	t.Helper()
	r, err := ix.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	return r
}

func TestSearch(t *testing.T) {
	ix := buildTestIndex(t, loadCorpus(t))
	for _, tc := range []struct {
		name  string
		q     Query
		first string // the expected best hit
		also  string // a page that must be in the hits too ("" for none)
	}{
		{"inflected", Query{Text: "personvernombudet", Lang: "nb"}, "roller/personvernombud", ""},
		{"exact above compound", Query{Text: "sikkerhet", Lang: "nb"}, "veiledere/hjemmekontor", "styring/informasjonssikkerhet"},
		{"compound part", Query{Text: "virus", Lang: "nb"}, "veiledere/sikkerhetskopi", ""},
		{"typo", Query{Text: "taushetsplickt", Lang: "nb"}, "veiledere/taushetsplikt", ""},
		{"prefix of the last word", Query{Text: "tilgangss", Lang: "nb"}, "veiledere/tilgangsstyring", ""},
		{"nynorsk", Query{Text: "sikkerheita", Lang: "nn"}, "styring/informasjonssikkerhet", ""},
		{"english", Query{Text: "reporting breaches", Lang: "en"}, "veiledere/avvik", ""},
		{"hyphen", Query{Text: "e-post", Lang: "nb"}, "veiledere/phishing", ""},
	} {
		r := search(t, ix, tc.q)
		got := ids(r)
		if len(got) == 0 || got[0] != tc.first {
			t.Errorf("%s: %q gave %v, want %s first", tc.name, tc.q.Text, got, tc.first)
		}
		if tc.also != "" && !contains(got, tc.also) {
			t.Errorf("%s: %q gave %v, want %s among them", tc.name, tc.q.Text, got, tc.also)
		}
	}
}

func TestSearchFiltersAndFacets(t *testing.T) {
	ix := buildTestIndex(t, loadCorpus(t))
	all := search(t, ix, Query{Text: "personvern", Lang: "nb"})
	if all.Total == 0 || all.Facets.Type["onepager"] == 0 {
		t.Fatalf("personvern: %d hits, facets %v", all.Total, all.Facets)
	}
	only := search(t, ix, Query{Text: "personvern", Lang: "nb", Type: "checklist"})
	for _, h := range only.Hits {
		if h.Type != "checklist" {
			t.Errorf("type filter let %s (%s) through", h.ID, h.Type)
		}
	}
	if only.Total != all.Facets.Type["checklist"] {
		t.Errorf("filtered total %d, facet said %d", only.Total, all.Facets.Type["checklist"])
	}
	// A facet ignores its own filter: the type counts stay those of all types.
	if !equalCounts(only.Facets.Type, all.Facets.Type) {
		t.Errorf("type facets changed under a type filter: %v, was %v", only.Facets.Type, all.Facets.Type)
	}
	aud := search(t, ix, Query{Text: "personvern", Lang: "nb", Audience: "leder"})
	if aud.Total != all.Facets.Audience["leder"] {
		t.Errorf("audience filter: %d hits, facet said %d", aud.Total, all.Facets.Audience["leder"])
	}
	if r := search(t, ix, Query{Text: "personvern", Lang: "nb", Type: "no-such-type"}); r.Total != 0 {
		t.Errorf("unknown type matched %d pages", r.Total)
	}
}

func TestSearchLanguages(t *testing.T) {
	ix := buildTestIndex(t, loadCorpus(t))
	if got := ix.Langs(); strings.Join(got, " ") != "en nb nn" {
		t.Errorf("Langs() = %v", got)
	}
	r := search(t, ix, Query{Text: "passord"})
	langs := map[string]bool{}
	for _, h := range r.Hits {
		langs[h.Lang] = true
	}
	if !langs["nb"] || !langs["nn"] {
		t.Errorf("all-language search for passord found languages %v", langs)
	}
	for i := 1; i < len(r.Hits); i++ {
		if r.Hits[i].Score > r.Hits[i-1].Score {
			t.Errorf("hits not ordered by score: %v", r.Hits)
		}
	}
	if r := search(t, ix, Query{Text: "passord", Lang: "de"}); r.Total != 0 || len(r.Hits) != 0 {
		t.Errorf("a language without an index gave %d hits", r.Total)
	}
	if r := search(t, ix, Query{Text: "passord", Lang: "nb", Limit: 1}); len(r.Hits) != 1 {
		t.Errorf("Limit 1 gave %d hits", len(r.Hits))
	}
}

// TestSearchBadInput: nothing a reader types is an error or a panic, and
// query-syntax characters are plain text.
func TestSearchBadInput(t *testing.T) {
	docs := append(loadCorpus(t), Document{ID: "x/html", Lang: "nb", URL: "/x/", Title: "HTML i tekst",
		Description: "Om <script>alert(1)</script> & \"sitater\" i sikkerhet.", Body: "Tekst med <b>tagger</b> og sikkerhet."})
	ix := buildTestIndex(t, docs)
	for _, text := range []string{
		"", "   ", "og i på det", "\"", "*", ":", "~", "^", "+", "-", "(", ")", "<script>", "\"*:~^+-()",
		"title:sikkerhet", "sikker*", "sikkerhet~2", "sikkerhet^10", "+sikkerhet -passord", "(sikkerhet OR passord)",
		strings.Repeat("sikkerhet ", 1000), strings.Repeat("x", 10000), "\x00\xff\xfe ugyldig utf-8 \xc3",
		"🙂🙂", "<script>alert(1)</script> sikkerhet",
	} {
		for _, lang := range []string{"", "nb", "nn", "en", "x/../y"} {
			r, err := ix.Search(context.Background(), Query{Text: text, Lang: lang, Limit: -5})
			if err != nil {
				t.Errorf("Search(%.40q, %q): %v", text, lang, err)
				continue
			}
			for _, h := range r.Hits {
				s := strings.ReplaceAll(strings.ReplaceAll(h.Snippet, "<mark>", ""), "</mark>", "")
				if strings.ContainsAny(s, "<>") {
					t.Errorf("Search(%.40q): snippet not escaped: %s", text, h.Snippet)
				}
			}
		}
	}
	r := search(t, ix, Query{Text: "<script>", Lang: "nb"})
	if len(r.Hits) == 0 || r.Hits[0].ID != "x/html" {
		t.Fatalf("<script> as text should find the page that has it: %v", ids(r))
	}
	want := "Om &lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; &amp; &#34;sitater&#34; i sikkerhet."
	if r.Hits[0].Snippet != want {
		t.Errorf("snippet = %s\nwant      %s", r.Hits[0].Snippet, want)
	}
	if r := search(t, ix, Query{Text: "sikkerhet", Lang: "nb", Limit: 1000}); len(r.Hits) > maxLimit {
		t.Errorf("Limit not capped: %d hits", len(r.Hits))
	}
}

func TestSearchCancelled(t *testing.T) {
	ix := buildTestIndex(t, loadCorpus(t))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ix.Search(ctx, Query{Text: "sikkerhet"}); err == nil {
		t.Error("a cancelled search did not fail")
	}
}

// TestCloseWhileSearching: Close waits for the searches under way, and a
// search after Close fails with ErrClosed, never with bleve's own error
// or a panic.
func TestCloseWhileSearching(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "search.bleve")
	if err := BuildIndex(dir, loadCorpus(t)); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 1000)
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				if _, err := ix.Search(context.Background(), Query{Text: "personvern sikkerhet", Type: "onepager"}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	time.Sleep(time.Millisecond)
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if !errors.Is(err, ErrClosed) {
			t.Errorf("search during Close: %v, want ErrClosed", err)
		}
	}
	if _, err := ix.Search(context.Background(), Query{Text: "passord"}); !errors.Is(err, ErrClosed) {
		t.Errorf("search after Close: %v", err)
	}
	if err := ix.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestSnippet(t *testing.T) {
	an := analyzerFor("nb")
	body := strings.Repeat("Fyll ord her. ", 30) + "Her står det om sikkerhet og sikkerheten i kommunen. " + strings.Repeat("Mer tekst. ", 30)
	for _, tc := range []struct{ desc, body, want string }{
		{"Om sikkerhet.", body, "Om <mark>sikkerhet</mark>."},
		{"Ingen treff her.", body, "… Fyll ord her. Fyll ord her. Fyll ord her. Her står det om <mark>sikkerhet</mark> og <mark>sikkerheten</mark> i kommunen." + strings.Repeat(" Mer tekst.", 11) + " Mer …"},
		{"Bare beskrivelse.", "Ingenting.", "Bare beskrivelse."},
		{"", "Kort & <godt>.", "Kort &amp; &lt;godt&gt;."},
		{"Om informasjonssikkerhet.", "", "Om <mark>informasjonssikkerhet</mark>."},
	} {
		if got := snippet(an, tc.desc, tc.body, map[string]bool{"sikker": true}); got != tc.want {
			t.Errorf("snippet(%q, …) =\n%s\nwant\n%s", tc.desc, got, tc.want)
		}
	}
}

// TestBuildIndexReplaces: a second build replaces the first atomically;
// an index opened before keeps answering, and old generations are removed.
func TestBuildIndexReplaces(t *testing.T) {
	docs := loadCorpus(t)
	dir := filepath.Join(t.TempDir(), "search.bleve")
	if err := BuildIndex(dir, docs[:3]); err != nil {
		t.Fatal(err)
	}
	old, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	if err := BuildIndex(dir, docs); err != nil {
		t.Fatal(err)
	}
	cur, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer cur.Close()
	if n := search(t, old, Query{Text: "passord", Lang: "nb"}).Total; n != 0 {
		t.Errorf("old index found %d pages for passord, want 0", n)
	}
	if n := search(t, cur, Query{Text: "passord", Lang: "nb"}).Total; n == 0 {
		t.Error("new index found nothing for passord")
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 2 {
		t.Errorf("index folder holds %v, want CURRENT and one generation", names)
	}
}

func TestOpenErrors(t *testing.T) {
	if _, err := Open(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("Open of a missing folder did not fail")
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, currentFile), []byte("g1\n"), 0o644)
	if _, err := Open(dir); err == nil || !strings.Contains(err.Error(), "meta.json") {
		t.Errorf("Open of a broken index: %v", err)
	}
	// An index of another version asks to be built again.
	os.MkdirAll(filepath.Join(dir, "g1"), 0o755)
	os.WriteFile(filepath.Join(dir, "g1", "meta.json"), []byte(`{"version":1,"langs":["nb"]}`), 0o644)
	if _, err := Open(dir); !errors.Is(err, ErrOutdated) {
		t.Errorf("Open of an index of version 1: %v, want ErrOutdated", err)
	}
}

func TestAnalyzeErrors(t *testing.T) {
	for _, tc := range []struct {
		docs []Document
		want string
	}{
		{[]Document{{ID: "", Lang: "nb", URL: "/a/"}}, "empty id"},
		{[]Document{{ID: "a", Lang: "nb"}, {ID: "a", Lang: "nb"}}, `two documents with id "a"`},
		{[]Document{{ID: "a", Lang: "../x"}}, "bad language code"},
	} {
		_, err := Analyze(tc.docs)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Analyze: %v, want %q", err, tc.want)
		}
	}
	// The same id in two languages is a translation, not a clash.
	if _, err := Analyze([]Document{{ID: "a", Lang: "nb"}, {ID: "a", Lang: "nn"}}); err != nil {
		t.Error(err)
	}
	// No documents at all still make an index that answers nothing.
	ix := buildTestIndex(t, nil)
	if r := search(t, ix, Query{Text: "sikkerhet"}); r.Total != 0 {
		t.Errorf("empty index: %d hits", r.Total)
	}
}

// An index built from the same documents by the same program is kept;
// any change to a document, or a missing file, builds a new one.
func TestBuildIndexKeepsUnchanged(t *testing.T) {
	docs := loadCorpus(t)[:5]
	dir := filepath.Join(t.TempDir(), "search.bleve")
	current := func() string {
		b, err := os.ReadFile(filepath.Join(dir, "CURRENT"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if err := BuildIndex(dir, docs); err != nil {
		t.Fatal(err)
	}
	first := current()
	if err := BuildIndex(dir, docs); err != nil {
		t.Fatal(err)
	}
	if current() != first {
		t.Error("unchanged documents: the index was built again")
	}
	changed := append([]Document(nil), docs...)
	changed[2].Headings = append(append([]string(nil), changed[2].Headings...), "Ny overskrift")
	if err := BuildIndex(dir, changed); err != nil {
		t.Fatal(err)
	}
	second := current()
	if second == first {
		t.Fatal("a changed heading did not rebuild the index")
	}
	gen := filepath.Join(dir, strings.TrimSpace(second))
	if err := os.Remove(filepath.Join(gen, docs[0].Lang+".vocab")); err != nil {
		t.Fatal(err)
	}
	if err := BuildIndex(dir, changed); err != nil {
		t.Fatal(err)
	}
	if current() == second {
		t.Error("a damaged index was kept")
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
}
