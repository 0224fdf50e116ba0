package build

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
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

// synonymSite is a small two-language site whose own synonym files name a
// local system: "Visma" is what employees say, the pages say lønnssystem
// (lønssystem in nynorsk). One group of each file occurs nowhere.
func synonymSite(t *testing.T, files map[string]string) string {
	dir := t.TempDir()
	all := map[string]string{
		"config.toml": "title = \"Testportal\"\nbaseURL = \"https://test.example.no/\"\n" +
			"[languages.nb]\nname = \"Bokmål\"\n[languages.nn]\nname = \"Nynorsk\"\n" +
			"[sections.veiledere]\ntype = \"onepager\"\n",
		"content/_index.md":           page("title: Testportal\n", "Velkommen.\n"),
		"content/_index.nn.md":        page("title: Testportal\n", "Velkomen.\n"),
		"content/veiledere/_index.md": page("title: Veiledere\n", "Korte veiledere.\n"),
		"content/veiledere/lonn.md": page("title: Tilgang til lønn\ndescription: Hvem får se lønnsdata.\n",
			"Bare lønnsavdelingen får tilgang til lønnssystemet, og tilgangen logges.\n"),
		"content/veiledere/lonn.nn.md": page("title: Tilgang til løn\ndescription: Kven får sjå lønsdata.\n",
			"Berre lønsavdelinga får tilgang til lønssystemet, og tilgangen blir logga.\n"),
		"content/veiledere/annet.md": page("title: Passord\ndescription: Om passord.\n", "Lange passord er best.\n"),
	}
	for k, v := range files {
		all[k] = v
	}
	testsite.Write(t, dir, all)
	return dir
}

// nodeSearch runs queries on a static index in search.js (Node), through
// the search package's agreement harness, and returns each query's hit ids
// (lang:id) and snippets. The test is skipped where there is no node.
func nodeSearch(t *testing.T, dir string, queries []map[string]any) [][]string {
	t.Helper()
	bin, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node is needed to run search.js")
		}
		t.Skip("node not found")
	}
	req, _ := json.Marshal(map[string]any{"script": "../../themes/default/assets/js/modules/search.js", "dir": dir, "queries": queries})
	cmd := exec.Command(bin, "../search/testdata/node/harness.js")
	cmd.Stdin = bytes.NewReader(req)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.String())
	}
	var resp struct {
		Results []struct {
			IDs []string `json:"ids"`
		} `json:"results"`
	}
	if err := json.Unmarshal(out.Bytes(), &resp); err != nil {
		t.Fatal(err)
	}
	var ids [][]string
	for _, r := range resp.Results {
		ids = append(ids, r.IDs)
	}
	return ids
}

// TestSiteSynonyms builds a site with its own synonym groups and finds the
// page by the local name in both engines: bleve (varde search, the API)
// and search.js over the static index the build wrote. Without the files
// the local name finds nothing, so the groups are what finds it.
func TestSiteSynonyms(t *testing.T) {
	files := map[string]string{
		"data/synonymer.txt":    "# Lokale navn\nVisma = lønnssystem = lønssystem # what we call the payroll system (nb, nn)\nSjøorm = havmonster # occurs nowhere\n",
		"data/synonymer.nn.txt": "Visma-lønn = lønssystem # nynorsk only\n",
	}
	for _, withFiles := range []bool{true, false} {
		t.Run(map[bool]string{true: "with", false: "without"}[withFiles], func(t *testing.T) {
			fs := files
			if !withFiles {
				fs = nil
			}
			dir := synonymSite(t, fs)
			dest := filepath.Join(t.TempDir(), "public")
			idxDir := filepath.Join(t.TempDir(), "index")
			if _, err := Build(context.Background(), Options{Source: dir, Dest: dest, IndexDir: idxDir, NoHistory: true}); err != nil {
				t.Fatal(err)
			}
			ix, err := search.Open(idxDir)
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			queries := []struct{ lang, text, want string }{
				{"nb", "Visma", "nb:veiledere/lonn"},
				{"nn", "Visma", "nn:veiledere/lonn"},
				{"nn", "Visma-lønn", "nn:veiledere/lonn"},
			}
			var nq []map[string]any
			for _, q := range queries {
				nq = append(nq, map[string]any{"lang": q.lang, "text": q.text, "limit": 5})
			}
			static := nodeSearch(t, filepath.Join(dest, "search"), nq)
			for i, q := range queries {
				res, err := ix.Search(context.Background(), search.Query{Text: q.text, Lang: q.lang})
				if err != nil {
					t.Fatal(err)
				}
				var bl []string
				for _, h := range res.Hits {
					bl = append(bl, h.Lang+":"+h.ID)
				}
				if withFiles {
					if len(bl) == 0 || bl[0] != q.want {
						t.Errorf("bleve %s %q: %v, want %s first", q.lang, q.text, bl, q.want)
					}
					if len(static[i]) == 0 || static[i][0] != q.want {
						t.Errorf("search.js %s %q: %v, want %s first", q.lang, q.text, static[i], q.want)
					}
				} else if len(bl) > 0 || len(static[i]) > 0 {
					t.Errorf("%s %q finds %v / %v without the site's synonyms", q.lang, q.text, bl, static[i])
				}
			}
		})
	}
}

// TestSiteSynonymsErrors checks that a malformed line of a site's synonym
// file stops the build with an error at its file and line, and that a file
// for a language the site does not have is named in a warning.
func TestSiteSynonymsErrors(t *testing.T) {
	dir := synonymSite(t, map[string]string{
		"data/synonymer.txt":    "Visma = lønnssystem # fine\n\nbare ord uten likhetstegn\n",
		"data/synonymer.de.txt": "Lohn = lønn\n",
	})
	dest := filepath.Join(t.TempDir(), "public")
	res, err := Build(context.Background(), Options{Source: dir, Dest: dest, IndexDir: filepath.Join(t.TempDir(), "index"), NoHistory: true})
	if err == nil {
		t.Fatal("the build passed a malformed synonym line")
	}
	var msgs []string
	for _, d := range res.Diags {
		msgs = append(msgs, d.String())
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{"data/synonymer.txt:3: error: a synonym group is words joined by '='", "data/synonymer.de.txt: warning: the site has no language \"de\""} {
		if !strings.Contains(all, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, all)
		}
	}
	if _, err := os.Stat(dest); err == nil {
		t.Error("a failed build wrote public/")
	}
}
