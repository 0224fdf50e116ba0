package config

import (
	"net/url"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"
)

// configSeeds are config.toml texts worth starting from: the bundled
// site's own, the forms docs/format.md shows, and mistakes editors make.
func configSeeds(f *testing.F) []string {
	seeds := []string{
		"",
		"title = \"Kommunen\"\nbaseURL = \"https://k.no/personvern/\"\n",
		"[languages.nb]\n[languages.nn]\nname = \"Nynorsk\"\nweight = 2\n",
		"defaultLanguage = \"nn\"\n",
		"defaultLanguage = \"nx\"\n[languages.nb]\n[languages.nn]\n",
		"[languages]\n",
		"[sections.veiledere]\ntype = \"onepager\"\nweight = 1\nmenu = false\n",
		"[sections.x]\ntype = \"blogg\"\n",
		"[taxonomies]\naudience = \"malgruppe\"\ntopics = \"tema\"\ntags = \"x\"\n",
		"[taxonomies]\naudience = \"a b/c\"\n",
		"[[editions]]\nname = \"2024\"\ndir = \"editions/2024\"\n[[editions]]\nname = \"2024\"\nref = \"v1\"\ndir = \"x\"\n[[editions]]\nname = \"nb\"\n",
		"[search]\nenabled = false\ndir = \"x\"\n[markup]\nunsafe = true\nallowScripts = true\n[security]\ncsp = false\n",
		"minify = false\n[feed]\nlimit = -3\n[params]\nx = 1\n[[menu]]\nname = \"A\"\nurl = \"/a/\"\nweight = 2\n",
		"baseURL = \"ftp://x\"\n", "baseURL = \"https://\"\n", "baseURL = \"//k.no/?q#f\"\n", "baseURL = \"www.k.no/p\"\n", "baseURL = \"%zz\"\n", "theme = \"../x\"\n",
		"title: \"x\"\n", "title = \"Kommunen\nbaseURL = \"x\"\n", "title = \"a\"\ntitle = \"b\"\n",
		"tittel = \"x\"\n", "[languages.nb\n", "[languages.Bokmål]\n", "[languages.nb]\nweight = \"1\"\n",
		"title = \"C:\\mappe\"\n", "title =\n", "title = \"Kommunen\" vår\n", "a = [\n", "x = {a = 1\n",
		"[scales.trafikklys]\nkind = \"choice\"\nlevels = [\n  {value = \"gronn\", score = 100, label = {nb = \"Grønn\", nn = \"Grøn\", en = \"Green\"}, description = \"Alt er på plass.\"},\n  {value = \"gul\", score = 50, label = \"Gul\"},\n  {value = \"rod\", score = 0, label = {nb = \"Rød\", nn = \"Raud\", en = \"Red\"}},\n  {value = \"ukjent\", score = -1, label = \"Vet ikke\"},\n]\n",
		"\xef\xbb\xbftitle = \"BOM\"\r\n[languages.nb]\r\n",
		"title = \"\xff\"\n",
		"[[languages]]\n", "languages = 1\n", "editions = \"2024\"\n", "sections = []\n",
	}
	if b, err := os.ReadFile("../../config.toml"); err == nil {
		seeds = append(seeds, string(b))
	} else {
		f.Fatalf("the bundled config.toml: %v", err)
	}
	return seeds
}

// FuzzLoad reads any config.toml as varde does (Load through an fs.FS):
// it never panics, every diagnostic names config.toml and a line inside
// the file (≥ 1 whenever the text has a line to point at), and a file
// without errors gives a Config the later stages can trust. The seed
// corpus is in testdata/fuzz/FuzzLoad.
func FuzzLoad(f *testing.F) {
	for _, s := range configSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 64<<10 {
			return // config.toml is small; large inputs only slow the search down
		}
		cfg, ds := Load(fstest.MapFS{File: {Data: []byte(text)}})
		lines := strings.Count(text, "\n") + 1
		failed := false
		for _, d := range ds {
			if d.File != File {
				t.Fatalf("diagnostic names %q: %v", d.File, d)
			}
			if d.Line < 1 || d.Line > lines {
				t.Fatalf("diagnostic at line %d of a %d-line file: %v\n%q", d.Line, lines, d, text)
			}
			if d.Msg == "" || !utf8.ValidString(d.Msg) {
				t.Fatalf("bad message %q", d.Msg)
			}
			failed = failed || d.Severity == 0
		}
		if cfg == nil {
			if !failed {
				t.Fatalf("no Config and no error: %v", ds)
			}
			return
		}
		if failed {
			return
		}
		if !strings.HasSuffix(cfg.BaseURL, "/") || cfg.Title == "" || cfg.Theme == "" || cfg.Feed.Limit <= 0 || cfg.Search.Dir == "" || cfg.SiteKey == "" {
			t.Fatalf("defaults missing: %+v", cfg)
		}
		if u, err := url.Parse(cfg.BaseURL); err != nil || strings.ContainsAny(cfg.BaseURL, "?#") || u.User != nil ||
			!(strings.HasPrefix(cfg.BaseURL, "/") && !strings.HasPrefix(cfg.BaseURL, "//") || u.Scheme == "https" || u.Scheme == "http") {
			t.Fatalf("baseURL %q accepted: pages would get broken addresses", cfg.BaseURL)
		}
		if _, ok := cfg.Languages[cfg.DefaultLanguage]; !ok {
			t.Fatalf("default language %q is not among %v", cfg.DefaultLanguage, cfg.Languages)
		}
		if len(cfg.LanguageOrder) != len(cfg.Languages) || cfg.LanguageOrder[0] != cfg.DefaultLanguage {
			t.Fatalf("language order %v for %v (default %q)", cfg.LanguageOrder, cfg.Languages, cfg.DefaultLanguage)
		}
		for code, l := range cfg.Languages {
			if l.Name == "" || !langCode.MatchString(code) {
				t.Fatalf("language %q = %+v", code, l)
			}
		}
		for name, s := range cfg.Sections {
			if s.Type != "" && !ValidType(s.Type) {
				t.Fatalf("section %q has type %q", name, s.Type)
			}
		}
		for field, seg := range cfg.Taxonomies {
			if (field != "audience" && field != "topics") || seg == "" || strings.ContainsAny(seg, `/\ `) {
				t.Fatalf("taxonomy %q → %q", field, seg)
			}
		}
		for _, e := range cfg.Editions {
			if !editionName.MatchString(e.Name) || (e.Ref == "") == (e.Dir == "") {
				t.Fatalf("edition %+v", e)
			}
		}
	})
}

// A setting of the wrong type is reported at its line with what it must
// be (FuzzLoad found these without a line: the decoder's type errors are
// not ParseErrors).
func TestTypeMistakeAtItsLine(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"[languages.nb]\nweight = \"1\"\n", "config.toml:2: error: languages.nb.weight must be a whole number, not text"},
		{"title = \"x\"\neditions = \"2024\"\n", "config.toml:2: error: editions must be a list, not text"},
		{"[[menu]]\nname = \"a\"\n[[menu]]\nweight = \"x\"\n", "config.toml:4: error: menu.weight must be a whole number, not text"},
		{"\n[security]\ncsp = \"nei\"\n", "config.toml:3: error: security.csp must be true or false, not text"},
		{"[languages]\nnb = 100", "config.toml:2: error: languages.nb must be a table, not a whole number"},
	} {
		_, ds := Parse([]byte(c.src))
		if len(ds) != 1 || ds[0].String() != c.want {
			t.Errorf("%q: got %v, want %s", c.src, ds, c.want)
		}
	}
}

// A config.toml that is not UTF-8 is refused at the line of the first
// foreign byte (FuzzLoad: the byte reached a message about a table name).
func TestNotUTF8(t *testing.T) {
	_, ds := Parse([]byte("title = \"x\"\n[0!\xff\n"))
	if len(ds) != 1 || !strings.HasPrefix(ds[0].String(), "config.toml:2: error: the file is not UTF-8 text") {
		t.Errorf("got %v", ds)
	}
}

// An unknown setting with a quoted name (empty, or with a space) is
// reported at its line (FuzzLoad: it had none, the lookup used the quoted
// form).
func TestQuotedUnknownKeyLine(t *testing.T) {
	for _, src := range []string{"\n\"\" = 100\n", "\n\"min side\" = 1\n", "[params]\nx = 1\n[feed]\n'a.b' = 2\n"} {
		_, ds := Parse([]byte(src))
		want := strings.Count(src, "\n")
		if len(ds) != 1 || ds[0].Line != want || !strings.Contains(ds[0].Msg, "unknown setting") {
			t.Errorf("%q: got %v, want an unknown setting at line %d", src, ds, want)
		}
	}
}

// defaultLanguage that is not a language code is reported as itself, at
// its line, also when written in another case, which the TOML decoder
// accepts (FuzzLoad: it was blamed on languages.0, without a line).
func TestDefaultLanguageNotACode(t *testing.T) {
	for _, src := range []string{"title = \"x\"\ndefaultLanguage = \"0\"\n", "title = \"x\"\ndefAultLAnguAge= \"0\" "} {
		_, ds := Parse([]byte(src))
		want := `config.toml:2: error: defaultLanguage: "0" is not a language code such as nb, nn or en`
		if len(ds) != 1 || ds[0].String() != want {
			t.Errorf("%q: got %v, want %s", src, ds, want)
		}
	}
}

// A table defined only by a deeper header ([[scales.x.levels]] defines
// scales.x) has the header's line (FuzzScales: "scales.x.levels: a choice
// scale needs at least two levels" had none).
func TestTableDefinedByHeaderLine(t *testing.T) {
	c, ds := Parse([]byte("title = \"x\"\n\n[[scales.x.y]]\n[scales.z.levels]\n"))
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	for key, want := range map[string]int{"scales": 3, "scales.x": 3, "scales.x.levels": 3, "scales.z": 4, "scales.z.levels.a": 4} {
		if got := c.Line(key); got != want {
			t.Errorf("Line(%q) = %d, want %d", key, got, want)
		}
	}
}
