package config

import (
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/varde-portal/varde/internal/diag"
)

func TestDefaultsWithoutFile(t *testing.T) {
	c, ds := Load(fstest.MapFS{})
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	if c.Title != "Varde" || c.BaseURL != "/" || c.DefaultLanguage != "nb" || c.Theme != "default" ||
		strings.Join(c.LanguageOrder, ",") != "nb,nn" || c.Taxonomies["audience"] != "malgruppe" || !c.SearchEnabled() || !c.MinifyEnabled() || c.Feed.Limit != 20 {
		t.Errorf("defaults = %+v", c)
	}
	if c.Languages["nb"].Name != "Bokmål" {
		t.Errorf("language name = %q", c.Languages["nb"].Name)
	}
}

func TestParse(t *testing.T) {
	c, ds := Parse([]byte(`
title = "Kommune"
defaultLanguage = "nb"
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
		"scales.x.levels": 9, "scales.x.levels[0]": 10, "scales.x.levels[0].score": 10, "scales.x.a.b": 12, "missing": 0,
	} {
		if got := l.line(key); got != want {
			t.Errorf("line(%q) = %d, want %d", key, got, want)
		}
	}
}

// A config.toml with only a title gives a bokmål and nynorsk site, so that
// x.nn.md is a translation out of the box.
func TestNorwegianDefaults(t *testing.T) {
	c, ds := Parse([]byte("title = \"Kommunen\"\n"))
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	if got := strings.Join(c.LanguageOrder, ","); got != "nb,nn" || c.DefaultLanguage != "nb" || !c.ImplicitLanguages {
		t.Errorf("order %s, default %s, implicit %v", got, c.DefaultLanguage, c.ImplicitLanguages)
	}
	if c.Languages["nn"].Name != "Nynorsk" || c.Languages["nb"].Name != "Bokmål" {
		t.Errorf("names: %+v", c.Languages)
	}
	c, ds = Parse([]byte("defaultLanguage = \"nn\"\n"))
	if len(ds) > 0 || c.DefaultLanguage != "nn" || strings.Join(c.LanguageOrder, ",") != "nn,nb" {
		t.Errorf("defaultLanguage = nn without [languages]: %v %s %v", ds, c.DefaultLanguage, c.LanguageOrder)
	}
	c, ds = Parse([]byte("[languages]\n"))
	if len(ds) != 1 || ds[0].Severity != diag.Warning || ds[0].Line != 1 || strings.Join(c.LanguageOrder, ",") != "nb,nn" {
		t.Errorf("empty [languages]: %v %v", ds, c.LanguageOrder)
	}
}

// Without defaultLanguage the default is the configured language with the
// lowest weight; of languages with the same weight, the one written first.
func TestDefaultLanguageFromWeight(t *testing.T) {
	for _, c := range []struct{ src, def, order string }{
		{"[languages.nn]\ntitle = \"Kommunen\"\n", "nn", "nn"},
		{"[languages.nb]\nweight = 2\n[languages.nn]\nweight = 1\n", "nn", "nn,nb"},
		{"[languages.nb]\n[languages.nn]\n", "nb", "nb,nn"},
		{"[languages.nn]\n[languages.nb]\n", "nn", "nn,nb"},
		{"[languages.en]\nweight = 1\n[languages.nb]\nweight = 1\n[languages.nn]\nweight = 0\n", "nn", "nn,en,nb"},
		{"defaultLanguage = \"nb\"\n[languages.nb]\nweight = 2\n[languages.nn]\nweight = 1\n", "nb", "nb,nn"},
	} {
		cfg, ds := Parse([]byte(c.src))
		if len(ds) > 0 {
			t.Errorf("%q: %v", c.src, ds)
			continue
		}
		if cfg.DefaultLanguage != c.def || strings.Join(cfg.LanguageOrder, ",") != c.order {
			t.Errorf("%q: default %s order %v, want %s and %s", c.src, cfg.DefaultLanguage, cfg.LanguageOrder, c.def, c.order)
		}
	}
	_, ds := Parse([]byte("title = \"x\"\ndefaultLanguage = \"nbb\"\n[languages.nb]\n[languages.nn]\n"))
	if len(ds) != 1 || ds[0].String() != `config.toml:2: error: defaultLanguage: "nbb" is not one of the languages in [languages] (nb, nn); did you mean "nb"? Set it to one of them, or add [languages.nbb]` {
		t.Errorf("typo: %v", ds)
	}
}

// The common TOML mistakes are reported at the line where the broken
// construct starts, with the fix.
func TestTOMLMistakes(t *testing.T) {
	for _, c := range []struct{ name, src, want string }{
		{"unquoted text", "title = Kommunen vår\n", `config.toml:1: error: the text of title must be in quotes: write title = "Kommunen vår"`},
		{"unclosed quote", "\ntitle = \"Kommunen\nbaseURL = \"https://k.no/\"\n", "config.toml:2: error: the text that starts with a quote on this line is not closed"},
		{"colon", "title: \"x\"\n", "config.toml:1: error: settings are written name = value in TOML: replace ':' with '=' (title = …)"},
		{"unclosed header", "title = \"x\"\n[languages.nn\nname = \"Nynorsk\"\n", "config.toml:2: error: the table name [languages.nn is not closed: end it with ]"},
		{"twice", "title = \"a\"\n\ntitle = \"b\"\n", "config.toml:3: error: title is set twice (also on line 1): keep one of them"},
		{"unclosed list", "[scales.x]\nlevels = [\n  {value = \"a\", score = 1},\n\n[sections.om]\ntype = \"page\"\n", "config.toml:2: error: the list that starts on this line is not closed"},
		{"unclosed table", "[scales.x]\nlevels = [\n  {value = \"a\", score = 1},\n  {value = \"b\", score = 0\n]\n", "config.toml:4: error: the table in braces that starts on this line is not closed"},
		{"text after value", "title = \"Kommunen\" vår\n", `config.toml:1: error: there is more after the value of title: put all of the text in quotes`},
		{"no value", "title =\n", `config.toml:1: error: title has no value after '='`},
		{"backslash", "title = \"C:\\mappe\"\n", `config.toml:1: error: invalid escape in string '\m': a backslash`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, ds := Parse([]byte(c.src))
			if len(ds) != 1 || !strings.HasPrefix(ds[0].String(), c.want) {
				t.Errorf("got %v\nwant %s…", ds, c.want)
			}
		})
	}
}

// The line scanner reads any text without panicking or looping: it runs
// on config.toml before the decoder has said whether it is TOML at all.
func FuzzKeyLines(f *testing.F) {
	for _, s := range []string{"title = \"x\"\n[a]\nb = [\n {c = 1, d = [1, {e = 2}]},\n]\n", "[[e]]\nname = 'x'\n", "a = \"\"\"\nx\n\"\"\"\nb = [[[", "x = {a = \"\\\"\", b = '''", "= [ , } ] {"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		newKeyLines(s)
		_, _ = Parse([]byte(s))
	})
}

// TestBaseURLShapes: a baseURL that would publish broken addresses is an
// error at its line, not a site whose CSS is at "/portalcss/…" (a query
// or fragment, which the build appended paths to), "#ZgotmplZ" canonical
// links (a host without a scheme), relative links that break below the
// home page (a path without its leading slash, as "www.kommune.no/x/"),
// or a password on every page (user:pass@).
func TestBaseURLShapes(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"https://k.no/portal?x=1", "query"},
		{"https://k.no/portal/#top", "fragment"},
		{"/portal?", "query"},
		{"//k.no/portal/", "scheme"},
		{"www.k.no/portal/", "start with /"},
		{"portal", "start with /"},
		{"https://user:pw@k.no/", "user name"},
		{"https://k.no:99999/", "port"},
		{"https://k.no:0/", "port"},
	} {
		_, ds := Parse([]byte("title = \"x\"\nbaseURL = " + strconv.Quote(c.in) + "\n"))
		got := ""
		for _, d := range ds {
			got += d.String() + "\n"
		}
		if !strings.Contains(got, "config.toml:2: error: baseURL:") || !strings.Contains(got, c.want) {
			t.Errorf("baseURL %q: got %q, want an error at line 2 saying %q", c.in, got, c.want)
		}
		if _, err := CheckBaseURL(c.in); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("CheckBaseURL(%q) = %v, want %q", c.in, err, c.want)
		}
	}
	for in, want := range map[string]string{
		"/":                       "/",
		"/portal":                 "/portal/",
		"https://k.no":            "https://k.no/",
		"http://k.no:8080/a/":     "http://k.no:8080/a/",
		"https://k.no/personvern": "https://k.no/personvern/",
		"https://k.no/æøå":        "https://k.no/æøå/",
		"https://k.no/%7Ex/":      "https://k.no/%7Ex/",
	} {
		c, ds := Parse([]byte("baseURL = " + strconv.Quote(in) + "\n"))
		if len(ds) > 0 || c.BaseURL != want {
			t.Errorf("baseURL %q: got %q %v, want %q", in, c.BaseURL, ds, want)
		}
		if got, err := CheckBaseURL(in); err != nil || got != want {
			t.Errorf("CheckBaseURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

// TestTableSettingsOfTheWrongKind: a setting that must be a table, given
// as text, a number or a list, was dropped without a word (languages =
// "nb" built the default bokmål and nynorsk; sections = 5, params = 3 the
// same as nothing), where another setting of the wrong kind is an error.
func TestTableSettingsOfTheWrongKind(t *testing.T) {
	for src, want := range map[string]string{
		"title = \"x\"\nlanguages = \"nb\"\n": "config.toml:2: error: languages must be a table, not text",
		"sections = 5\n":                      "config.toml:1: error: sections must be a table, not a whole number",
		"taxonomies = [\"audience\"]\n":       "config.toml:1: error: taxonomies must be a table, not a list",
		"scales = \"x\"\n":                    "config.toml:1: error: scales must be a table, not text",
		"params = true\n":                     "config.toml:1: error: params must be a table, not true or false",
		"values = 1.5\n":                      "config.toml:1: error: values must be a table, not a number",
		"[[languages]]\nname = \"nb\"\n":      "config.toml:1: error: languages must be a table, not a list",
	} {
		_, ds := Parse([]byte(src))
		var got []string
		for _, d := range ds {
			got = append(got, d.String())
		}
		if !strings.Contains(strings.Join(got, "\n"), want) {
			t.Errorf("%q: got %q, want %q", src, got, want)
		}
	}
}

// TestTaxonomyFolderTaken: a taxonomy folder that is the folder of Varde's
// own pages (sok, nsm…), a language's, or the other taxonomy's stopped the
// build with "content: error: page would be written to /sok/, which
// taxonomy page already uses; change its slug or file name", naming no
// file and the wrong fix. It is an error at the setting's line.
func TestTaxonomyFolderTaken(t *testing.T) {
	for src, want := range map[string]string{
		"[taxonomies]\naudience = \"sok\"\n":                     `config.toml:2: error: taxonomies.audience: "sok" is the folder of Varde's own pages (/sok/: search)`,
		"[taxonomies]\ntopics = \"nsm\"\n":                       `config.toml:2: error: taxonomies.topics: "nsm" is the folder of Varde's own pages (/nsm/: NSM principles)`,
		"[taxonomies]\naudience = \"nn\"\n":                      `config.toml:2: error: taxonomies.audience: "nn" is the folder of the language nn`,
		"[taxonomies]\naudience = \"tema\"\ntopics = \"tema\"\n": `error: taxonomies.topics: "tema" is also the folder of audience`,
	} {
		_, ds := Parse([]byte(src))
		var got []string
		for _, d := range ds {
			got = append(got, d.String())
		}
		if !strings.Contains(strings.Join(got, "\n"), want) {
			t.Errorf("%q: got %q, want %q", src, got, want)
		}
	}
	if _, ds := Parse([]byte("[taxonomies]\naudience = \"hvem\"\ntopics = \"emne\"\n")); len(ds) > 0 {
		t.Errorf("free folders: %v", ds)
	}
}

// TestEditionDir: an edition's snapshot folder outside the site was
// refused only when read, as "config.toml: error: edition \"g\": snapshot
// folder \"/etc\": open /etc: invalid argument" (no line, no reason), and
// dir = "." ended in "refusing to write the site into …/public: it is
// inside the site's .". Both are errors at the dir line, saying why.
func TestEditionDir(t *testing.T) {
	for dir, want := range map[string]string{
		"/etc":      `config.toml:4: error: editions[0].dir: "/etc" must be a folder inside the site, written relative to it (e.g. "editions/g")`,
		"../andre":  `config.toml:4: error: editions[0].dir: "../andre" must be a folder inside the site`,
		".":         `config.toml:4: error: editions[0].dir: "." is the site folder itself`,
		"content/g": `config.toml:4: error: editions[0].dir: "content/g" is inside content/`,
	} {
		_, ds := Parse([]byte("[[editions]]\nname = \"g\"\n\ndir = " + strconv.Quote(dir) + "\n"))
		var got []string
		for _, d := range ds {
			got = append(got, d.String())
		}
		if !strings.Contains(strings.Join(got, "\n"), want) {
			t.Errorf("dir %q: got %q, want %q", dir, got, want)
		}
	}
	if _, ds := Parse([]byte("[[editions]]\nname = \"g\"\ndir = \"editions/g\"\n")); len(ds) > 0 {
		t.Errorf("editions/g: %v", ds)
	}
}

// TestFeedLimit: [feed] limit = -5 or 0 built feeds of 20 entries without a
// word; a limit must be a number of entries.
func TestFeedLimit(t *testing.T) {
	for _, v := range []string{"0", "-5"} {
		_, ds := Parse([]byte("[feed]\nlimit = " + v + "\n"))
		if len(ds) != 1 || ds[0].String() != "config.toml:2: error: feed.limit: "+v+" is not a number of entries; use 1 or more (default 20)" {
			t.Errorf("limit %s: %v", v, ds)
		}
	}
	if c, ds := Parse([]byte("[feed]\nlimit = 5\n")); len(ds) > 0 || c.Feed.Limit != 5 {
		t.Errorf("limit 5: %d %v", c.Feed.Limit, ds)
	}
	if c, _ := Parse([]byte("title = \"x\"\n")); c.Feed.Limit != 20 {
		t.Errorf("default limit %d", c.Feed.Limit)
	}
}

// TestEditionNameLength: a 300-character edition name passed config and
// failed in varde edition snapshot with "lstat editions/aaa…/content: file
// name too long"; names are at most 100 characters.
func TestEditionNameLength(t *testing.T) {
	long := strings.Repeat("a", 101)
	_, ds := Parse([]byte("[[editions]]\nname = \"" + long + "\"\ndir = \"editions/a\"\n"))
	if len(ds) != 1 || !strings.Contains(ds[0].String(), "config.toml:2: error: editions[0].name: the name is 101 characters long; use a short one such as 2025 (at most 100)") {
		t.Errorf("got %v", ds)
	}
}

// TestControlCharactersInText: title = "Kom\u001bmune" (an escape that
// TOML allows) and a [values] text with \u0007 reached every page's HTML
// as raw control characters, a parse error there. A text setting with a
// control character other than tab and line breaks is an error at its
// line.
func TestControlCharactersInText(t *testing.T) {
	_, ds := Parse([]byte("title = \"Kom\\u001bmune\"\n[values]\nkommune = \"ok\"\n[values.pvo]\nnavn = \"Kari\\u0007\"\n[[editions]]\nname = \"a\"\ndir = \"e\\u0000\"\n"))
	var got []string
	for _, d := range ds {
		got = append(got, d.String())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		`config.toml:1: error: title: the text holds a control character (U+001B)`,
		`config.toml:5: error: values.pvo.navn: the text holds a control character (U+0007)`,
		`config.toml:8: error: editions[0].dir: the text holds a control character (U+0000)`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in\n%s", want, all)
		}
	}
	if strings.Contains(all, "kommune") {
		t.Errorf("a clean value reported:\n%s", all)
	}
	if _, ds := Parse([]byte("title = \"To\\tord\\nlinje\"\n")); len(ds) > 0 {
		t.Errorf("tab and line break: %v", ds)
	}
}

// TestSearchDir: [search] dir = "../idx" wrote the index outside the site,
// "content/idx" into content/, whose files the next build published one by
// one, and "/abs" made tmp/… inside the site. The folder must be inside
// the site, relative to it, and outside the folders that are published.
func TestSearchDir(t *testing.T) {
	for dir, want := range map[string]string{
		"../idx":      `config.toml:2: error: search.dir: "../idx" must be a folder inside the site, written relative to it (e.g. ".varde/search.bleve")`,
		"/tmp/idx":    `config.toml:2: error: search.dir: "/tmp/idx" must be a folder inside the site`,
		".":           `config.toml:2: error: search.dir: "." is the site folder itself`,
		"content/idx": `config.toml:2: error: search.dir: "content/idx" is inside content/`,
		"static":      `config.toml:2: error: search.dir: "static" is inside static/`,
	} {
		_, ds := Parse([]byte("[search]\ndir = " + strconv.Quote(dir) + "\n"))
		var got []string
		for _, d := range ds {
			got = append(got, d.String())
		}
		if !strings.Contains(strings.Join(got, "\n"), want) {
			t.Errorf("dir %q: got %q, want %q", dir, got, want)
		}
	}
	for _, dir := range []string{"ut/indeks", ".varde/sok"} {
		if _, ds := Parse([]byte("[search]\ndir = " + strconv.Quote(dir) + "\n")); len(ds) > 0 {
			t.Errorf("dir %q: %v", dir, ds)
		}
	}
}
