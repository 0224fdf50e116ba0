package build

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/varde-portal/varde/internal/search"
	"github.com/varde-portal/varde/internal/testsite"
)

// searchSite is a small portal with pages that cite NSM principles and
// legal provisions and name audiences and topics (so the build generates
// those pages), a term page with its own intro, a draft, and a snapshot
// edition that cites the same references.
func searchSite(t *testing.T) string {
	dir := t.TempDir()
	testsite.Write(t, dir, map[string]string{
		"config.toml": "title = \"Testportal\"\nbaseURL = \"https://test.example.no/\"\n" +
			"[languages.nb]\nname = \"Bokmål\"\n[languages.nn]\nname = \"Nynorsk\"\n" +
			"[sections.veiledere]\ntype = \"onepager\"\n" +
			"[[editions]]\nname = \"2023\"\ndir = \"editions/2023\"\n",
		"content/_index.md":           page("title: Testportal\n", "Velkommen.\n"),
		"content/_index.nn.md":        page("title: Testportal\n", "Velkomen.\n"),
		"content/veiledere/_index.md": page("title: Veiledere\n", "Korte veiledere.\n"),
		"content/veiledere/tilgang.md": page("title: Tilgangsstyring\ndescription: Hvem får se hva.\n"+
			"nsm: [\"2.6\"]\nlegal: [\"GDPR art. 32\"]\naudience: [it]\ntopics: [tilgangsstyring]\nupdated: 2025-03-01\n",
			"Gi tilgang etter tjenstlig behov.\n"),
		"content/veiledere/tilgang.nn.md": page("title: Tilgangsstyring\ndescription: Kven får sjå kva.\n"+
			"nsm: [\"2.6\"]\naudience: [it]\n", "Gje tilgang etter tenestleg behov.\n"),
		"content/veiledere/utkast.md": page("title: Utkast om sjøormer\ndraft: true\nnsm: [\"1.1\"]\n", "Sjøormer.\n"),
		"content/malgruppe/it/_index.md": page("title: IT\ndescription: For driftsfolket.\n",
			"Systemeiere og driftere finner de tekniske tiltakene her.\n"),
		"editions/2023/content/_index.md":           page("title: Testportal\n", "Velkommen til 2023.\n"),
		"editions/2023/content/veiledere/_index.md": page("title: Veiledere\n", "Veiledere i 2023.\n"),
		"editions/2023/content/veiledere/tilgang.md": page("title: Gammel tilgangsstyring\ndescription: Gammelt råd.\nnsm: [\"2.6\", \"4.1\"]\n"+
			"legal: [\"GDPR art. 33\"]\naudience: [leder]\n", "Et gammelt råd om gjestepassord.\n"),
	})
	return dir
}

func TestSearchDocsGeneratedPages(t *testing.T) {
	l, err := Load(context.Background(), Options{Source: searchSite(t)})
	if err != nil {
		t.Fatal(err)
	}
	docs := SearchDocs(l.Site)
	byKey := map[string]search.Document{}
	for _, d := range docs {
		byKey[d.Lang+"/"+d.ID] = d
	}
	for key, typ := range map[string]string{
		"nb/veiledere/tilgang":     "onepager",
		"nb/veiledere/_index":      "onepager",
		"nb/nsm":                   SearchTypeNSM,
		"nb/nsm/2-6":               SearchTypeNSM,
		"nb/nsm/dekning":           SearchTypeNSM,
		"nn/nsm/2-6":               SearchTypeNSM,
		"nb/regelverk":             SearchTypeLegal,
		"nb/regelverk/gdpr-art-32": SearchTypeLegal,
		"nb/malgruppe":             SearchTypeAudience,
		"nb/malgruppe/it":          SearchTypeAudience,
		"nn/malgruppe/it":          SearchTypeAudience,
		"nb/tema":                  SearchTypeTopic,
		"nb/tema/tilgangsstyring":  SearchTypeTopic,
		"nb/whatsnew":              SearchTypeWhatsNew,
		"nn/whatsnew":              SearchTypeWhatsNew,
	} {
		d, ok := byKey[key]
		if !ok {
			t.Errorf("%s is not indexed", key)
			continue
		}
		if d.Type != typ {
			t.Errorf("%s: type %q, want %q", key, d.Type, typ)
		}
		if d.Title == "" || d.URL == "" {
			t.Errorf("%s: no title or URL: %+v", key, d)
		}
	}
	// Pages with nothing to find, and drafts.
	for _, key := range []string{"nb/search", "nb/404", "nb/", "nb/_index", "nb/veiledere/utkast"} {
		if _, ok := byKey[key]; ok {
			t.Errorf("%s is indexed", key)
		}
	}
	for _, d := range docs {
		if strings.HasPrefix(d.URL, "/2023/") || strings.Contains(d.Body, "gjestepassord") || strings.Contains(d.Body, "Gammel") {
			t.Errorf("a page of the 2023 edition is indexed: %s %s", d.ID, d.URL)
		}
		if strings.Contains(d.Title+d.Body, "sjøormer") || strings.Contains(d.Title+d.Body, "Sjøormer") {
			t.Errorf("%s holds the draft's words", d.ID)
		}
	}
	if _, ok := byKey["nb/regelverk/gdpr-art-33"]; ok {
		t.Error("the legal page only the 2023 edition cites is indexed")
	}
	// The text of generated pages is what they show.
	for key, want := range map[string][]string{
		"nb/nsm/2-6":               {"NSMs grunnprinsipper", "2.6.1", "Tilgangsstyring"},
		"nb/nsm":                   {"2.6", "Identifisere og kartlegge", "Beskytt e-post og nettleser"},
		"nb/regelverk/gdpr-art-32": {"Regelverk", "personvernforordningen", "Tilgangsstyring"},
		"nb/regelverk":             {"GDPR art. 32"},
		"nb/malgruppe/it":          {"Målgruppe", "Systemeiere og driftere", "Tilgangsstyring"},
		"nb/malgruppe":             {"IT"},
		"nb/tema/tilgangsstyring":  {"Tema", "Tilgangsstyring"},
	} {
		body := byKey[key].Body
		for _, w := range want {
			if !strings.Contains(strings.ToLower(body), strings.ToLower(w)) {
				t.Errorf("%s: the indexed text does not hold %q:\n%s", key, w, body)
			}
		}
	}
	if d := byKey["nb/malgruppe/it"]; d.Description != "For driftsfolket." {
		t.Errorf("term page description: %q", d.Description)
	}
}

// TestSearchFindsGeneratedPages searches the generated pages in both
// engines' indexes as `varde build` writes them: by their own words, by
// type, and never an edition's page.
func TestSearchFindsGeneratedPages(t *testing.T) {
	dir := searchSite(t)
	dest := filepath.Join(t.TempDir(), "public")
	idxDir := filepath.Join(t.TempDir(), "index")
	if _, err := Build(context.Background(), Options{Source: dir, Dest: dest, IndexDir: idxDir}); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(idxDir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	find := func(q search.Query) []string {
		t.Helper()
		res, err := ix.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, h := range res.Hits {
			if strings.HasPrefix(h.URL, "/2023/") {
				t.Errorf("%q finds a page of the 2023 edition: %s", q.Text, h.URL)
			}
			ids = append(ids, h.Lang+"/"+h.ID)
		}
		return ids
	}
	for _, c := range []struct {
		q    search.Query
		want string
	}{
		{search.Query{Text: "systemeiere driftere", Lang: "nb"}, "nb/malgruppe/it"},
		{search.Query{Text: "NSM 2.6", Lang: "nb"}, "nb/nsm/2-6"},
		{search.Query{Text: "grunnprinsipper", Lang: "nb", Type: SearchTypeNSM}, "nb/nsm"},
		{search.Query{Text: "dekning grunnprinsipper", Lang: "nb"}, "nb/nsm/dekning"},
		{search.Query{Text: "GDPR art. 32", Lang: "nb"}, "nb/regelverk/gdpr-art-32"},
		{search.Query{Text: "regelverk", Lang: "nb", Type: SearchTypeLegal}, "nb/regelverk"},
		{search.Query{Text: "hva er nytt", Lang: "nb"}, "nb/whatsnew"},
		{search.Query{Text: "tilgangsstyring", Lang: "nb", Type: SearchTypeTopic}, "nb/tema/tilgangsstyring"},
		{search.Query{Text: "tilgangsstyring", Lang: "nn", Type: SearchTypeAudience}, "nn/malgruppe/it"},
	} {
		if ids := find(c.q); !slices.Contains(ids, c.want) {
			t.Errorf("%+v: %s not among %v", c.q, c.want, ids)
		}
	}
	if ids := find(search.Query{Text: "gjestepassord"}); len(ids) > 0 {
		t.Errorf("a word only in the 2023 edition finds %v", ids)
	}
	types, _ := ix.Values()
	for _, typ := range []string{SearchTypeNSM, SearchTypeLegal, SearchTypeAudience, SearchTypeTopic, SearchTypeWhatsNew} {
		if !slices.Contains(types, typ) {
			t.Errorf("the bleve index has no %q pages: %v", typ, types)
		}
	}
	// The static index names the same types in its manifest.
	data, err := os.ReadFile(filepath.Join(dest, "search", "nb", "meta.json"))
	if err != nil {
		t.Fatal(err)
	}
	var meta struct {
		Types []string `json:"types"`
	}
	if err := json.Unmarshal(data, &meta); err != nil {
		t.Fatal(err)
	}
	for _, typ := range []string{SearchTypeNSM, SearchTypeLegal, SearchTypeAudience, SearchTypeTopic, SearchTypeWhatsNew} {
		if !slices.Contains(meta.Types, typ) {
			t.Errorf("the static index has no %q pages: %v", typ, meta.Types)
		}
	}
}
