package site

import (
	"strings"
	"testing"
)

// rootLinkSite has pages in two languages, an alias, a content file, a
// section and a heading to link to.
func rootLinkSite(t *testing.T, cfg, body string) *Site {
	t.Helper()
	s, ds := build(t, cfg+"[languages.nb]\n[languages.nn]\n", map[string]string{
		"content/_index.md":           "---\ntitle: Hjem\n---\n",
		"content/_index.nn.md":        "---\ntitle: Heim\n---\n",
		"content/veiledere/_index.md": "---\ntitle: Veiledere\n---\n",
		"content/veiledere/dpia.md":   "---\ntitle: DPIA\naliases: [/gammel-dpia/]\n---\n## Når må vi\n",
		"content/veiledere/mal.docx":  "binary",
		"content/lenker.md":           "---\ntitle: Lenker\n---\n" + body,
	})
	for _, d := range ds {
		if d.File == "content/lenker.md" {
			t.Errorf("reported while converting, before every page is known: %v", d)
		}
	}
	return s
}

// TestRootLinksToWhatTheSiteServes: site-absolute links to pages (with or
// without the trailing slash, with index.html), translations, aliases,
// content files, anchors and what the build writes beside the graph pass.
func TestRootLinksToWhatTheSiteServes(t *testing.T) {
	s := rootLinkSite(t, "", strings.Join([]string{
		"[a](/) [b](/veiledere/) [c](/veiledere/dpia/) [d](/veiledere/dpia)",
		"[e](/veiledere/dpia/index.html) [f](/nn/) [g](/gammel-dpia/)",
		"[h](/veiledere/mal.docx) [i](/veiledere/dpia/#nar-ma-vi) [j](/veiledere/dpia/?utm=x)",
		"[k](/favicon.svg) ![bilde](/bilder/logo.png) [l](/404.html)",
	}, "\n"))
	outside := func(p string) bool { return p == "/favicon.svg" || p == "/bilder/logo.png" }
	if ds := s.CheckRootLinks(outside); len(ds) > 0 {
		t.Errorf("reported:\n%s", messages(ds))
	}
}

// TestDeadRootLinks: a site-absolute link or image to nothing the site
// serves is an error at its line, with the closest address; so is a
// missing anchor on the page it leads to.
func TestDeadRootLinks(t *testing.T) {
	s := rootLinkSite(t, "", "Tekst\n\n[x](/finnes/ikke/)\n\n![b](/bilder/borte.png)\n\n[y](/veiledere/dpi/)\n\n[z](/veiledere/dpia/#finnes-ikke)\n")
	got := messages(s.CheckRootLinks(nil))
	for _, want := range []string{
		`content/lenker.md:6: error: link "/finnes/ikke/": the site has no page or file at /finnes/ikke/`,
		`content/lenker.md:8: error: image "/bilder/borte.png": the site has no page or file at /bilder/borte.png`,
		`content/lenker.md:10: error: link "/veiledere/dpi/": the site has no page or file at /veiledere/dpi/ (did you mean /veiledere/dpia/?)`,
		`content/lenker.md:12: error: link "/veiledere/dpia/#finnes-ikke": no heading or anchor #finnes-ikke in content/veiledere/dpia.md`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in\n%s", want, got)
		}
	}
	if n := strings.Count(got, "\n") + 1; n != 4 {
		t.Errorf("%d diagnostics:\n%s", n, got)
	}
}

// TestRootLinksUnderBasePath: when the site is published below a path, a
// link carries it; one without it that names a page of the site is an
// error saying what to write; one to elsewhere on the host is left alone.
func TestRootLinksUnderBasePath(t *testing.T) {
	s := rootLinkSite(t, "baseURL = \"https://kommune.example/personvern/\"\n",
		"[a](/personvern/veiledere/dpia/) [b](/personvern) [c](/personvern/nn/)\n\n[d](/veiledere/dpia/)\n\n[e](/kontakt/)\n\n[f](/personvern/finnes-ikke/)\n")
	got := messages(s.CheckRootLinks(nil))
	want := []string{
		`content/lenker.md:6: error: link "/veiledere/dpia/" leads outside the site, which is published under /personvern/: write /personvern/veiledere/dpia/, or link to the page's file`,
		`content/lenker.md:10: error: link "/personvern/finnes-ikke/": the site has no page or file at /personvern/finnes-ikke/`,
	}
	if got != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", got, strings.Join(want, "\n"))
	}
}
