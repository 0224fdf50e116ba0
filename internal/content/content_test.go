package content

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/diag"
)

func testConfig(t *testing.T) *config.Config {
	t.Helper()
	cfg, ds := config.Parse([]byte("[languages.nb]\n[languages.nn]\n[sections.veiledere]\ntype = \"onepager\"\n"))
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	return cfg
}

func load(t *testing.T, files map[string]string, opt Options) (*Set, []diag.Diagnostic) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	return Load(fsys, testConfig(t), opt)
}

func TestFrontMatterFormats(t *testing.T) {
	set, ds := load(t, map[string]string{
		"content/veiledere/yaml.md": "---\ntitle: YAML-side\ndescription: Kort.\naudience: [leder, it]\ntopics: personvern\nupdated: 2025-03-01\nweight: 2\npass: 70\nfarge: blå\n---\nTekst\n",
		"content/veiledere/toml.md": "+++\ntitle = \"TOML-side\"\nnsm = [\"1.2\", \"2.3.1\"]\nupdated = 2024-12-24\nreview = \"2026-01-01\"\ndraft = false\n+++\n\nTekst\n",
	}, Options{})
	if len(ds) > 0 {
		t.Fatalf("diags: %v", ds)
	}
	byID := map[string]*Page{}
	for _, p := range set.Pages {
		byID[p.ID] = p
	}
	y := byID["veiledere/yaml"]
	if y == nil || y.Meta.Title != "YAML-side" || y.Type != "onepager" || len(y.Meta.Audience) != 2 || y.Meta.Topics[0] != "personvern" ||
		!y.Meta.Updated.Equal(time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)) || y.Meta.Weight != 2 || y.Meta.Pass != 70 || y.Meta.Params["farge"] != "blå" || y.BodyLine != 10 {
		t.Errorf("yaml page = %+v", y)
	}
	tm := byID["veiledere/toml"]
	if tm == nil || tm.Meta.Title != "TOML-side" || len(tm.Meta.NSM) != 2 || tm.Meta.Updated.Format("2006-01-02") != "2024-12-24" || tm.Meta.Review.Year() != 2026 || tm.BodyLine != 7 {
		t.Errorf("toml page = %+v", tm)
	}
	if y.Meta.Lines["weight"] != 7 || tm.Meta.Lines["nsm"] != 3 {
		t.Errorf("lines: %v %v", y.Meta.Lines, tm.Meta.Lines)
	}
}

// TestYAMLNumbersAsWritten: text fields written as numbers keep their
// digits (NSM 2.10 is not 2.1).
func TestYAMLNumbersAsWritten(t *testing.T) {
	set, ds := load(t, map[string]string{"content/a.md": "---\ntitle: 2024\nversion: 2.10\nnsm: [2.10, \"1.1\", 3]\nlegal: 5.0\n---\n"}, Options{})
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	var m Meta
	for _, p := range set.Pages {
		if p.Rel == "a.md" {
			m = p.Meta
		}
	}
	if m.Title != "2024" || m.Version != "2.10" || strings.Join(m.NSM, ",") != "2.10,1.1,3" || strings.Join(m.Legal, ",") != "5.0" {
		t.Errorf("title %q, version %q, nsm %q, legal %q", m.Title, m.Version, m.NSM, m.Legal)
	}
}

func TestBadFrontMatter(t *testing.T) {
	cases := []struct {
		name, src, want string
		line            int
	}{
		{"broken yaml", "---\ntitle: A\nx: 1\n  y: 2\n---\n", "y is indented, but the field above already has its value", 4},
		{"broken toml", "+++\ntitle = \"A\"\nweight = = 3\n+++\n", "weight = must be followed by a value", 3},
		{"unclosed", "---\ntitle: A\n", "never closed", 1},
		{"no title", "---\ndescription: x\n---\n", "title is missing", 1},
		{"wrong type", "---\ntitle: A\nweight: tung\n---\n", "weight must be a whole number", 3},
		{"list type", "---\ntitle: A\naudience: {a: 1}\n---\n", "audience must be a list", 3},
		{"bad date", "---\ntitle: A\nreview: neste år\n---\n", "not a date", 3},
		{"unknown type", "---\ntitle: A\ntype: blogg\n---\n", "unknown page type \"blogg\"", 3},
		{"pass range", "---\ntitle: A\npass: 120\n---\n", "pass must be a percent", 3},
		{"title list", "---\ntitle: [a, b]\n---\n", "title must be text, not a list", 2},
		{"duplicate key", "---\ntitle: A\ntitle: B\n---\n", `mapping key "title" already defined at line 2`, 3},
		{"latin-1", "---\ntitle: A\n---\nGr\xf8nn\n", "not UTF-8 text", 4},
		{"toml number", "+++\ntitle = \"A\"\nversion = 2.10\n+++\n", `version is the number 2.1; write it in quotes ("2.1")`, 3},
		{"toml number in list", "+++\ntitle = \"A\"\nnsm = [\"1.1\", 2.10]\n+++\n", `nsm[1] is the number 2.1`, 3},
		// YAML's and TOML's escapes put control characters into the page's HTML.
		{"control character by a YAML escape", "---\ntitle: A\ndescription: \"Kom\\u001bmune\"\n---\n", "description: the text holds a control character (U+001B), which no page can show", 3},
		{"control character in a nested value", "---\ntitle: A\nparams:\n  x: [\"a\", \"b\\a\"]\n---\n", "params.x[1]: the text holds a control character (U+0007)", 3},
		{"control character by a TOML escape", "+++\ntitle = \"Kom\\u001bmune\"\n+++\n", "title: the text holds a control character (U+001B)", 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, ds := load(t, map[string]string{"content/a.md": c.src}, Options{})
			if len(ds) != 1 || !strings.Contains(ds[0].Msg, c.want) || ds[0].Line != c.line || ds[0].File != "content/a.md" || ds[0].Severity != diag.Error {
				t.Errorf("diags = %v, want one error at line %d containing %q", ds, c.line, c.want)
			}
		})
	}
}

func TestTranslationsIDsDrafts(t *testing.T) {
	files := map[string]string{
		"content/_index.md":            "---\ntitle: Hjem\n---\n",
		"content/veiledere/dpia.md":    "---\ntitle: DPIA\n---\n",
		"content/veiledere/dpia.nn.md": "---\ntitle: DPIA nn\n---\n",
		"content/veiledere/v1.2.md":    "---\ntitle: Versjon\n---\n",
		"content/veiledere/utkast.md":  "---\ntitle: Utkast\ndraft: true\n---\n",
		"content/veiledere/bilde.png":  "png",
		"content/annet/egen.md":        "---\ntitle: Egen\nid: spesiell\n---\n",
		"content/annet/kopi.md":        "---\ntitle: Kopi\nid: spesiell\n---\n",
	}
	set, ds := load(t, files, Options{})
	if len(ds) != 1 || !strings.Contains(ds[0].String(), "content/annet/kopi.md:3: error: id \"spesiell\" is already used by content/annet/egen.md") {
		t.Errorf("diags = %v", ds)
	}
	got := map[string]string{}
	for _, p := range set.Pages {
		got[p.Lang+" "+p.ID] = string(p.Kind) + " " + p.Type
	}
	want := map[string]string{
		"nb _index": "home page", "nb veiledere/dpia": "page onepager", "nn veiledere/dpia": "page onepager",
		"nb veiledere/v1.2": "page onepager", "nb annet/_index": "section page", "nb veiledere/_index": "section onepager",
		"nn veiledere/_index": "section onepager", "nb spesiell": "page page", "nn _index": "home page",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %q, want %q", k, got[k], v)
		}
	}
	if _, ok := got["nb veiledere/utkast"]; ok {
		t.Error("draft included without Drafts")
	}
	if len(set.Resources) != 1 || set.Resources[0].Rel != "veiledere/bilde.png" {
		t.Errorf("resources = %v", set.Resources)
	}
	set, _ = load(t, files, Options{Drafts: true})
	found := false
	for _, p := range set.Pages {
		found = found || p.ID == "veiledere/utkast"
	}
	if !found {
		t.Error("draft missing with Drafts")
	}
}

// TestUnknownLanguageSuffix: x.se.md on a site without Sami is published
// as a page of its own, and the editor is told why.
func TestUnknownLanguageSuffix(t *testing.T) {
	set, ds := load(t, map[string]string{
		"content/om/ombud.md":    "---\ntitle: Ombud\n---\n",
		"content/om/ombud.se.md": "---\ntitle: Ombud sámegillii\n---\n",
		"content/om/v1.2.md":     "---\ntitle: Versjon\n---\n",
	}, Options{})
	if len(ds) != 1 || !strings.Contains(ds[0].String(), `content/om/ombud.se.md:1: warning: "ombud.se.md" looks like a translation into "se", which is not a language of config.toml (nb, nn)`) {
		t.Errorf("diags = %v", ds)
	}
	if len(set.Pages) == 0 {
		t.Fatal("no pages")
	}
}

// TestAutoSectionTitle: a folder without _index.md gets a section titled
// from its name, first letter in upper case even when it is æ, ø or å.
func TestAutoSectionTitle(t *testing.T) {
	set, _ := load(t, map[string]string{"content/øvelser-og-tester/a.md": "---\ntitle: A\n---\n"}, Options{})
	found := false
	for _, p := range set.Pages {
		if p.Kind == KindSection {
			found = true
			if p.Meta.Title != "Øvelser og tester" {
				t.Errorf("section title %q", p.Meta.Title)
			}
		}
	}
	if !found {
		t.Error("no section page made for the folder")
	}
}

// An id clash names its cause: an id written twice, an id taken from the
// file name (with a slug, two files of one name can have two addresses
// and still one id), and x.md beside x.nn.md where nn is the default
// language, so that both are its page.
func TestIDClashSaysWhy(t *testing.T) {
	cfg, cds := config.Parse([]byte("defaultLanguage = \"nn\"\n[languages.nn]\n[languages.nb]\n"))
	if len(cds) > 0 {
		t.Fatal(cds)
	}
	fsys := fstest.MapFS{
		"content/x.md":    {Data: []byte("---\ntitle: A\n---\n")},
		"content/x.nn.md": {Data: []byte("---\ntitle: B\n---\n")},
		"content/a/y.md":  {Data: []byte("---\ntitle: C\nid: z\n---\n")},
		"content/b/y.md":  {Data: []byte("---\ntitle: D\n\nid: z\n---\n")},
	}
	_, ds := Load(fsys, cfg, Options{})
	var got []string
	for _, d := range ds {
		got = append(got, d.String())
	}
	want := []string{
		`content/b/y.md:4: error: id "z" is already used by content/a/y.md; ids must be unique per language`,
		`content/x.nn.md: error: this file and content/x.md are both the "nn" page of this path: "nn" is the default language, whose pages have no suffix; remove one of them`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
