package build

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/varde-portal/varde/internal/diag"
)

// TestTitleOnlySiteWithTranslations: a config.toml with only a title gives
// a bokmål and nynorsk site, so x.nn.md is the translation of x.md (with
// the same control questions and quiz), not a page of its own whose ids
// collide with the bokmål page. The only thing said is that baseURL is
// missing.
func TestTitleOnlySiteWithTranslations(t *testing.T) {
	page := func(title, q, yes, no string) string {
		return "---\ntitle: " + title + "\ndescription: " + title + ".\ntype: checklist\n---\n\n- [ ] " + q + " {#plan}\n\n```quiz\n? " + q + "\n- [x] " + yes + "\n- [ ] " + no + "\n```\n"
	}
	fsys := fstest.MapFS{
		"config.toml":          {Data: []byte("title = \"Personvern i Vik kommune\"\n")},
		"content/_index.md":    {Data: []byte("---\ntitle: Forside\n---\nVelkommen.\n")},
		"content/_index.nn.md": {Data: []byte("---\ntitle: Framside\n---\nVelkomen.\n")},
		"content/x.md":         {Data: []byte(page("Beredskap", "Har vi en beredskapsplan?", "Ja", "Nei"))},
		"content/x.nn.md":      {Data: []byte(page("Beredskap", "Har vi ein beredskapsplan?", "Ja", "Nei"))},
	}
	l, err := Load(context.Background(), Options{FS: fsys, NoHistory: true, IndexDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	var other []string
	for _, d := range l.Diags {
		if d.Severity == diag.Error || !strings.Contains(d.Msg, "no baseURL") {
			other = append(other, d.String())
		}
	}
	if len(other) > 0 {
		t.Errorf("diagnostics besides the missing baseURL:\n%s", strings.Join(other, "\n"))
	}
	if got := strings.Join(l.Site.Langs, ","); got != "nb,nn" {
		t.Errorf("languages %s", got)
	}
	x := l.Site.ByID("x", "nb")
	if x == nil || len(x.Translations) != 1 || x.Translations[0].Path != "/nn/x/" || len(x.Quizzes) != 1 || len(x.Questions) != 1 {
		t.Fatalf("x = %+v", x)
	}
	out := renderMemory(t, Options{FS: fsys, NoHistory: true, IndexDir: t.TempDir()})
	expectFiles(t, out, map[string][]string{
		"x/index.html":    {"Har vi en beredskapsplan?", `hreflang="nn"`},
		"nn/x/index.html": {"Har vi ein beredskapsplan?", `lang="nn"`},
		"nn/index.html":   {"Velkomen."},
	})
}

// TestBokmaalOnlySiteHasNoNynorsk: the nynorsk of the defaults appears only
// when the site has nynorsk pages.
func TestBokmaalOnlySiteHasNoNynorsk(t *testing.T) {
	fsys := fstest.MapFS{
		"config.toml":       {Data: []byte("title = \"Vik\"\nbaseURL = \"https://vik.example/\"\n")},
		"content/_index.md": {Data: []byte("---\ntitle: Forside\n---\n")},
		"content/x.md":      {Data: []byte("---\ntitle: X\n---\nTekst.\n")},
	}
	out := renderMemory(t, Options{FS: fsys, NoHistory: true, IndexDir: t.TempDir()})
	for _, name := range out.Names() {
		if strings.HasPrefix(name, "nn/") || strings.Contains(name, ".nn.") || strings.Contains(name, "-nn.") || strings.Contains(name, "/nn.") {
			t.Errorf("nynorsk output on a bokmål-only site: %s", name)
		}
	}
	if b, _ := out.Get("x/index.html"); strings.Contains(string(b), "Nynorsk") {
		t.Error("the language switcher offers nynorsk")
	}
}
