package config

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestDefaultsWithoutFile(t *testing.T) {
	c, ds := Load(fstest.MapFS{})
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	if c.Title != "Varde" || c.BaseURL != "/" || c.DefaultLanguage != "nb" || c.Theme != "default" ||
		len(c.LanguageOrder) != 1 || c.Taxonomies["audience"] != "malgruppe" || !c.SearchEnabled() || !c.MinifyEnabled() || c.Feed.Limit != 20 {
		t.Errorf("defaults = %+v", c)
	}
	if c.Languages["nb"].Name != "Bokmål" {
		t.Errorf("language name = %q", c.Languages["nb"].Name)
	}
}

func TestParse(t *testing.T) {
	c, ds := Parse([]byte(`
title = "Kommune"
baseURL = "https://kommune.example/portal"
[languages.nb]
weight = 2
[languages.nn]
weight = 1
title = "Kommune nn"
[languages.en]
weight = 3
[sections.veiledere]
type = "onepager"
[[editions]]
name = "2022"
dir = "editions/2022"
[params]
farge = "blå"
[scales.trafikklys]
kind = "choice"
levels = [{value = "gronn", score = 100, label = {nb = "Grønn"}}]
`))
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	if got := strings.Join(c.LanguageOrder, ","); got != "nb,nn,en" {
		t.Errorf("order = %s (default language first, then by weight)", got)
	}
	if c.BaseURL != "https://kommune.example/portal/" || c.SiteKey != "kommune.example/portal" {
		t.Errorf("baseURL %q, site key %q", c.BaseURL, c.SiteKey)
	}
	if c.LangTitle("nn") != "Kommune nn" || c.LangTitle("en") != "Kommune" {
		t.Errorf("titles: %q %q", c.LangTitle("nn"), c.LangTitle("en"))
	}
}

func TestValidation(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"syntax", "title = \"x\nbaseURL = 1\n", "config.toml:1: error:"},
		{"unknown key", "\ntitel = \"x\"\n", `config.toml:2: error: unknown setting "titel" (did you mean "title"?)`},
		{"unknown nested key", "[sections.x]\ntype = \"page\"\n\nvekt = 2\n", `config.toml:4: error: unknown setting "sections.x.vekt"`},
		{"bad type", "# comment\n[sections.x]\ntype = \"blogg\"\n", `config.toml:3: error: sections.x.type: unknown page type "blogg"`},
		{"default language", "defaultLanguage = \"se\"\n[languages.nb]\n[languages.nn]\n", `config.toml:1: error: defaultLanguage: "se" is not one of the languages in [languages] (nb, nn)`},
		{"bad base", "baseURL = \"ftp://x\"\n", `baseURL: "ftp://x" is not an http(s) address`},
		{"bad lang", "[languages.norsk]\n", `languages.norsk: "norsk" is not a language code`},
		{"edition both", "[[editions]]\nname = \"2022\"\nref = \"v1\"\ndir = \"e\"\n", "give either ref"},
		{"edition name", "[[editions]]\nname = \"20 22\"\ndir = \"e\"\n", `editions[0].name: "20 22"`},
		{"edition dup", "[[editions]]\nname = \"a\"\ndir = \"e\"\n[[editions]]\nname = \"a\"\ndir = \"f\"\n", `config.toml:5: error: editions[1].name: "a" is used twice`},
		{"taxonomy", "[taxonomies]\ntags = \"tagger\"\n", "only audience and topics"},
		{"theme path", "theme = \"../x\"\n", "must be a folder name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, ds := Parse([]byte(c.src))
			var all []string
			for _, d := range ds {
				all = append(all, d.String())
			}
			if !strings.Contains(strings.Join(all, "\n"), c.want) {
				t.Errorf("diags %q, want %q", all, c.want)
			}
		})
	}
}

func TestKeyLines(t *testing.T) {
	l := newKeyLines(`title = "x"
[languages."nb"]
name = "Bokmål"
[[editions]]
name = "a"
[[editions]]
  name = "b"
[scales.x]
levels = [
  {value = "a", score = 1},
]
a.b = 1
`)
	for key, want := range map[string]int{
		"title": 1, "languages.nb": 2, "languages.nb.name": 3,
		"editions[0].name": 5, "editions[1].name": 7, "editions[1]": 6, "editions.name": 4,
		"scales.x.levels[0].score": 9, "scales.x.a.b": 12, "missing": 0,
	} {
		if got := l.line(key); got != want {
			t.Errorf("line(%q) = %d, want %d", key, got, want)
		}
	}
}
