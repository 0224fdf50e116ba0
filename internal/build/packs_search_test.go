package build

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/varde-portal/varde/internal/search"
	"github.com/varde-portal/varde/internal/testsite"
)

// synonymPackFiles is a pack with two guides and its own synonym groups
// for every language and for nynorsk.
var synonymPackFiles = map[string]string{
	"pack.toml":                    "title = \"KS-pakken\"\nversion = \"2026.2\"\n",
	"content/_index.md":            page("title: Forside\n", "Velkommen.\n"),
	"content/_index.nn.md":         page("title: Forside\n", "Velkomen.\n"),
	"content/veiledere/_index.md":  page("title: Veiledere\n", "Veiledere.\n"),
	"content/veiledere/lonn.md":    page("title: Lønn\n", "Slik sikrer du lønnssystemet.\n"),
	"content/veiledere/lonn.nn.md": page("title: Lønn\n", "Slik sikrar du lønssystemet.\n"),
	"content/veiledere/sak.md":     page("title: Saker\n", "Slik bruker du sakssystemet.\n"),
	"data/synonymer.txt":           "Visma = lønnssystem = lønssystem # the pack's\n",
	"data/synonymer.nn.txt":        "Huldra = lønssystem # the pack's, nynorsk only (a name without a piece that is a word of the pages)\n",
}

const synonymPackConfig = `title = "Nordfjella"
[languages.nb]
name = "Bokmål"
[languages.nn]
name = "Nynorsk"
[[packs]]
name = "ks"
path = "../ks"
`

// synonymPackBuild builds a site on the pack, both with their files, and
// returns the search hits of each query (lang:text) by bleve.
func synonymPackBuild(t *testing.T, packFiles, siteFiles map[string]string, queries ...string) (map[string][]string, *Result, error) {
	t.Helper()
	root := t.TempDir()
	testsite.Write(t, filepath.Join(root, "ks"), packFiles)
	site := filepath.Join(root, "site")
	testsite.Write(t, site, siteFiles)
	idx := filepath.Join(t.TempDir(), "index")
	res, err := Build(context.Background(), Options{Source: site, Dest: filepath.Join(t.TempDir(), "public"), IndexDir: idx, NoHistory: true})
	if err != nil {
		return nil, res, err
	}
	ix, err := search.Open(idx)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	out := map[string][]string{}
	for _, q := range queries {
		lang, text, _ := strings.Cut(q, ":")
		r, err := ix.Search(context.Background(), search.Query{Text: text, Lang: lang})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range r.Hits {
			out[q] = append(out[q], h.ID)
		}
	}
	return out, res, nil
}

// A pack's synonym files apply beside the site's own: the site's file of
// the same name does not hide the pack's groups, and the site's groups
// apply to the pack's pages too.
func TestPackSynonyms(t *testing.T) {
	site := map[string]string{
		"config.toml":        synonymPackConfig,
		"data/synonymer.txt": "Elements = sakssystem # the site's own\n",
	}
	queries := []string{"nb:Visma", "nn:Huldra", "nb:Elements"}
	hits, res, err := synonymPackBuild(t, synonymPackFiles, site, queries...)
	if err != nil {
		t.Fatalf("%v\n%s", err, diagText(res.Diags))
	}
	want := map[string]string{"nb:Visma": "veiledere/lonn", "nn:Huldra": "veiledere/lonn", "nb:Elements": "veiledere/sak"}
	for _, q := range queries {
		if len(hits[q]) == 0 || hits[q][0] != want[q] {
			t.Errorf("%s: %v, want %s first", q, hits[q], want[q])
		}
	}
	// Without the pack's files, its names find nothing: the groups are
	// what finds the pages.
	bare := map[string]string{}
	for k, v := range synonymPackFiles {
		if !strings.HasPrefix(k, "data/") {
			bare[k] = v
		}
	}
	hits, res, err = synonymPackBuild(t, bare, site, queries...)
	if err != nil {
		t.Fatalf("%v\n%s", err, diagText(res.Diags))
	}
	if len(hits["nb:Visma"]) > 0 || len(hits["nn:Huldra"]) > 0 || len(hits["nb:Elements"]) == 0 {
		t.Errorf("without the pack's synonyms: %v", hits)
	}
}

// A malformed line of a pack's synonym file is an error naming the pack's
// file and line, and stops the build.
func TestPackSynonymsErrorNamesThePackFile(t *testing.T) {
	files := map[string]string{}
	for k, v := range synonymPackFiles {
		files[k] = v
	}
	files["data/synonymer.txt"] = "Visma = lønnssystem\nbare ord\n"
	files["data/synonymer.de.txt"] = "Lohn = lønn\n"
	_, res, err := synonymPackBuild(t, files, map[string]string{"config.toml": synonymPackConfig})
	if err == nil {
		t.Fatal("a malformed synonym line in the pack built")
	}
	all := diagText(res.Diags)
	for _, want := range []string{
		"../ks/data/synonymer.txt:2: error: a synonym group is words joined by '='",
		"../ks/data/synonymer.de.txt: warning: the site has no language \"de\"",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in\n%s", want, all)
		}
	}
}
