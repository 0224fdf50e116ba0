package build

import (
	"context"
	"errors"
	"fmt"
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

// TestRootLinksToSurveyFiles: a page may link to a survey's figures (the
// JSON and each language's CSV, which writeSurveyFiles puts beside the
// survey's pages); a file of the survey's folder that the build does not
// write is still a dead link.
func TestRootLinksToSurveyFiles(t *testing.T) {
	dir := writeSurveySite(t, nil)
	cur, _ := versions(t, dir)
	files := map[string]string{
		"content/om.md": page("title: Om\n", strings.Join([]string{
			"Tallene: [CSV](/modenhet/region/modenhet-region.csv), [nynorsk CSV](/nn/modenhet/region/modenhet-region.csv),", // 5
			"[JSON](/modenhet/region/modenhet-region.json).",                                                                // 6
			"", // 7
			"[Dødt](/modenhet/region/modenhet-annen.csv)", // 8
		}, "\n")+"\n"),
	}
	for i := 0; i < 3; i++ {
		files[fmt.Sprintf("modenhet/region/it-%d.json", i)] = shareFile(fmt.Sprintf("Kommune %d", i), "it", cur, map[string]string{"mal": "3"})
	}
	testsite.Write(t, dir, files)
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	res, _, err := buildSurvey(t, dir, false)
	var fail *diag.Failure
	if !errors.As(err, &fail) {
		t.Fatalf("err = %v (%v)", err, res.Diags)
	}
	var got []string
	for _, d := range fail.Diags {
		if d.Severity == diag.Error {
			got = append(got, d.String())
		}
	}
	want := []string{`content/om.md:8: error: link "/modenhet/region/modenhet-annen.csv": the site has no page or file at /modenhet/region/modenhet-annen.csv`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// Without the dead link the site builds, and the files linked to are
	// written where the links point.
	testsite.Write(t, dir, map[string]string{"content/om.md": page("title: Om\n", "[CSV](/modenhet/region/modenhet-region.csv) [nn](/nn/modenhet/region/modenhet-region.csv) [JSON](/modenhet/region/modenhet-region.json)\n")})
	_, out, err := buildSurvey(t, dir, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"modenhet/region/modenhet-region.csv", "nn/modenhet/region/modenhet-region.csv", "modenhet/region/modenhet-region.json"} {
		if b, ok := out.Get(f); !ok || len(b) == 0 {
			t.Errorf("%s is linked to but not written", f)
		}
	}
}
