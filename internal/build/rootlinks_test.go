package build

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/testsite"
)

// TestRootLinksToBuildOutputs: site-absolute links to what the build
// writes beside the graph (feeds, sitemap, robots.txt, static files, the
// bundles, generated pages, an edition's pages and files) pass; links to
// nothing, in the site or in an edition, are errors at their lines.
func TestRootLinksToBuildOutputs(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	links := strings.Join([]string{
		"[a](/index.xml) [b](/sitemap.xml) [c](/robots.txt) [d](/favicon.svg) [e](/hva-er-nytt.xml)", // 5
		"[f](/sok/) [g](/hva-er-nytt/) [h](/css/main.css) [i](/2023/) [j](/2023/veiledere/dpia/)",    // 6
		"[k](/2023/veiledere/mal.txt) [l](/2023) [m](/egen.txt) [n](/2023/index.xml)",                // 7
		"",                       // 8
		"[dødt](/finnes/ikke/)",  // 9
		"",                       // 10
		"[gammel](/2023/borte/)", // 11
	}, "\n")
	testsite.Write(t, dir, map[string]string{
		"config.toml":                             "title = \"Testportal\"\n[[editions]]\nname = \"2023\"\ndir = \"editions/2023\"\n",
		"content/_index.md":                       page("title: Testportal\n", links+"\n"),
		"static/egen.txt":                         "egen fil\n",
		"editions/2023/content/_index.md":         page("title: Gammel\n", "Tekst.\n"),
		"editions/2023/content/veiledere/dpia.md": page("title: DPIA\n", "Tekst.\n"),
		"editions/2023/content/veiledere/mal.txt": "mal\n",
	})
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	_, err := Load(context.Background(), Options{Source: dir})
	var fail *diag.Failure
	if !errors.As(err, &fail) {
		t.Fatalf("err = %v", err)
	}
	var got []string
	for _, d := range fail.Diags {
		if d.Severity == diag.Error {
			got = append(got, d.String())
		}
	}
	want := []string{
		`content/_index.md:9: error: link "/finnes/ikke/": the site has no page or file at /finnes/ikke/`,
		`content/_index.md:11: error: link "/2023/borte/": the site has no page or file at /2023/borte/`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
