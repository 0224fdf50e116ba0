package render

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/varde-portal/varde/internal/content"
	"github.com/varde-portal/varde/internal/site"
)

func TestLookupOrder(t *testing.T) {
	page := &site.Page{Kind: site.KindPage, Type: "onepager", Section: "veiledere", Source: &content.Page{}}
	if got := strings.Join(Lookup(page), " "); got != "onepager/single.html veiledere/single.html _default/single.html" {
		t.Errorf("page: %s", got)
	}
	sec := &site.Page{Kind: site.KindSection, Type: "norm", Section: "adferdsnorm"}
	if got := strings.Join(Lookup(sec), " "); got != "norm/list.html adferdsnorm/list.html _default/list.html" {
		t.Errorf("section: %s", got)
	}
	custom := &site.Page{Kind: site.KindPage, Type: "page", Section: "om", Source: &content.Page{Meta: content.Meta{Layout: "plakat"}}}
	if got := strings.Join(Lookup(custom), " "); got != "page/plakat.html om/plakat.html _default/plakat.html" {
		t.Errorf("layout: %s", got)
	}
	if got := strings.Join(Lookup(&site.Page{Kind: site.KindHome}), " "); got != "index.html _default/list.html" {
		t.Errorf("home: %s", got)
	}
}

func TestSiteOverridesThemeFileByFile(t *testing.T) {
	siteFS := fstest.MapFS{
		"layouts/partials/footer.html": {Data: []byte(`<footer>egen</footer>`)},
		"assets/css/99-egen.css":       {Data: []byte(`.egen{}`)},
		"i18n/nb/egen.toml":            {Data: []byte(`home = "Hjem"`)},
	}
	th, err := LoadTheme(siteFS, "default")
	if err != nil {
		t.Fatal(err)
	}
	b, where, err := th.ReadFile("layouts/partials/footer.html")
	if err != nil || string(b) != "<footer>egen</footer>" || where != "site" {
		t.Errorf("override: %q from %s (%v)", b, where, err)
	}
	if _, where, _ := th.ReadFile("layouts/partials/header.html"); where == "site" {
		t.Error("header should come from the theme")
	}
	css := strings.Join(th.Files("assets/css"), " ")
	if !strings.Contains(css, "00-base.css") || !strings.Contains(css, "99-egen.css") {
		t.Errorf("css files: %s", css)
	}
	strs, err := LoadStrings(th, []string{"nb", "nn"}, "nb")
	if err != nil {
		t.Fatal(err)
	}
	if strs.T("nb", "home") != "Hjem" || strs.T("nn", "home") != "Framsida" || strs.T("nn", "finnes.ikke") != "finnes.ikke" {
		t.Errorf("strings: %q %q", strs.T("nb", "home"), strs.T("nn", "home"))
	}
	if _, err := LoadTheme(siteFS, "finnes-ikke"); err == nil || !strings.Contains(err.Error(), `theme "finnes-ikke" not found`) {
		t.Errorf("missing theme: %v", err)
	}
}
