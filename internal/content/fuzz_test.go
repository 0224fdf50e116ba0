package content_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/content"
	"github.com/varde-portal/varde/internal/diag"
)

// The page file the fuzz targets load: in a section, so that the section's
// type and the page's own both apply.
const fuzzFile = "content/veiledere/side.md"

func fuzzConfig(t testing.TB) *config.Config {
	t.Helper()
	cfg, ds := config.Parse([]byte("[languages.nb]\n[languages.nn]\n[sections.veiledere]\ntype = \"onepager\"\n"))
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	return cfg
}

// bundledPages returns the bundled site's page files, the realest seeds
// there are.
func bundledPages(f *testing.F) [][]byte {
	var out [][]byte
	err := filepath.WalkDir("../../content", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out = append(out, b)
		}
		return err
	})
	if err != nil || len(out) == 0 {
		f.Fatalf("the bundled content: %v (%d pages)", err, len(out))
	}
	return out
}

// Known-bad and edge-case page files: the front matter mistakes of
// editor_test.go and docs/format.md, in both formats, and hostile shapes.
var badPages = []string{
	"", "---", "---\n", "---\n---\n", "+++\n+++\n", "---\ntitle: A\n", "+++\ntitle = \"A\"\n",
	"\xef\xbb\xbf---\r\ntitle: BOM og CRLF\r\n---\r\nTekst\r\n",
	"---\ntitle: A\n\taudience: [ansatt]\n---\n",
	"---\ntitle: A\ndescription: Slik gjør du: les dette\n---\n",
	"---\ntitle: \"Personvern\ndescription: Kort\nweight: 2\n---\n",
	"---\ntitle: A\naudience: [ansatt, leder\ndescription: x\n---\n",
	"---\ntitle: \"Personvern\" i kommunen\n---\n",
	"---\n title: Skjermlås\ntype: norm\n---\n",
	"title: Skjermlås\ntype: norm\n---\n\nTekst.\n",
	"---\ntitle: A\na: &a [x, *a]\n---\n",
	"---\ntitle: A\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\na1: &a1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]\na2: &a2 [*a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1]\na3: &a3 [*a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2]\na4: [*a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3]\n---\n",
	"---\n- a\n- b\n---\n", "---\n42\n---\n", "---\n!!binary aGVp\n---\n", "---\ntitle: !!int x\n---\n",
	"---\ntitle: [a, b]\ntype: {x: 1}\nweight: 2.5\npass: 101\ndraft: \"ja\"\nupdated: 2025-13-45\nnsm: 2.10\naudience: ansatt, leder\n---\n",
	"---\ntitle: A\ntype: blogg\nid: \"\"\nslug: ../x\naliases: [/a/, \"//b\"]\n---\n",
	"---\ntitle: A\ndraft: \"a\\nb\"\nweight: 99999999999999999999999\n---\n",
	"---\ntitle: A\n---\n---\n---\n",
	"+++\ntitle = \"TOML-side\"\nnsm = [\"1.2\", \"2.3.1\"]\nupdated = 2024-12-24\nreview = \"2026-01-01\"\ndraft = false\n+++\n\nTekst\n",
	"+++\ntitle = Skjermlås\n+++\n", "+++\ntitle: \"A\"\n+++\n", "+++\ntitle = \"A\nweight = 2\n+++\n",
	"+++\ntitle = \"A\"\naudience = [\"ansatt\"\nweight = 2\n+++\n", "+++\ntitle = \"A\"\ntitle = \"B\"\n+++\n",
	"+++\ntitle = 1\nweight = \"2\"\nversion = 2.10\nupdated = 1979-05-27T07:32:00Z\n[params]\nx = 1\n+++\n",
	"+++\n[[x]]\n[x.y\n+++\n", "\ntitle = \"A\"\n+++\n", "---\ntitle: a\xffb\n---\n",
}

// FuzzPage loads any page file as varde does (content.Load through an
// fs.FS): nothing panics; every diagnostic names the file and a line of
// it, with a message of valid UTF-8 on one line; a page that loads has its
// fields at lines of its front matter and its body cut from the file; a
// page without errors has a title, an id and a known type. The seed
// corpus is in testdata/fuzz/FuzzPage.
func FuzzPage(f *testing.F) {
	for _, b := range bundledPages(f) {
		f.Add(b)
	}
	for _, s := range badPages {
		f.Add([]byte(s))
	}
	cfg := fuzzConfig(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 256<<10 {
			return
		}
		checkPage(t, cfg, src)
	})
}

// FuzzFrontMatter fuzzes the front matter alone, between delimiters of
// either format, so that the fuzzer spends its time inside YAML and TOML
// rather than on the delimiters. The seed corpus is in
// testdata/fuzz/FuzzFrontMatter.
func FuzzFrontMatter(f *testing.F) {
	for _, b := range bundledPages(f) {
		if fm, _, ok := bytes.Cut(bytes.TrimPrefix(b, []byte("---\n")), []byte("\n---\n")); ok {
			f.Add(false, string(fm))
		}
	}
	for _, s := range badPages {
		switch {
		case strings.HasPrefix(s, "---\n"):
			fm, _, _ := strings.Cut(s[4:], "\n---\n")
			f.Add(false, fm)
		case strings.HasPrefix(s, "+++\n"):
			fm, _, _ := strings.Cut(s[4:], "\n+++\n")
			f.Add(true, fm)
		}
	}
	cfg := fuzzConfig(f)
	f.Fuzz(func(t *testing.T, toml bool, fm string) {
		if len(fm) > 64<<10 {
			return
		}
		delim := "---"
		if toml {
			delim = "+++"
		}
		checkPage(t, cfg, []byte(delim+"\n"+fm+"\n"+delim+"\nTekst.\n"))
	})
}

func checkPage(t *testing.T, cfg *config.Config, src []byte) {
	t.Helper()
	set, ds := content.Load(fstest.MapFS{fuzzFile: {Data: src}}, cfg, content.Options{})
	lines := bytes.Count(src, []byte("\n")) + 1
	failed := false
	for _, d := range ds {
		if d.File != fuzzFile {
			t.Fatalf("diagnostic names %q: %v", d.File, d)
		}
		if d.Line < 1 || d.Line > lines {
			t.Fatalf("diagnostic at line %d of a %d-line file: %v\n%q", d.Line, lines, d, src)
		}
		if d.Msg == "" || !utf8.ValidString(d.Msg) || strings.ContainsAny(d.Msg, "\r\n") {
			t.Fatalf("message is not one line of text: %q\n%q", d.Msg, src)
		}
		failed = failed || d.Severity == diag.Error
	}
	var page *content.Page
	for _, p := range set.Pages {
		if p.File == fuzzFile {
			page = p
		}
	}
	if page == nil {
		if set.Unpublished["veiledere/side.md"] == 0 {
			t.Fatalf("the page is neither loaded nor unpublished: %v", ds)
		}
		if set.Unpublished["veiledere/side.md"] == content.Unreadable && !failed {
			t.Fatalf("unreadable without an error: %v", ds)
		}
		return
	}
	if page.Lang != "nb" || page.Kind != content.KindPage || page.Section != "veiledere" {
		t.Fatalf("page = %+v", page)
	}
	if !bytes.HasSuffix(src, page.Body) || page.BodyLine < 0 || page.BodyLine > lines {
		t.Fatalf("body %q at line %d is not the end of the file", page.Body, page.BodyLine)
	}
	for field, l := range page.Meta.Lines {
		if l < 1 || (page.BodyLine > 0 && l >= page.BodyLine+1) {
			t.Fatalf("field %q at line %d, body at line %d", field, l, page.BodyLine)
		}
	}
	if failed {
		return
	}
	if page.Meta.Title == "" || page.ID == "" || !config.ValidType(page.Type) {
		t.Fatalf("page without errors: title %q, id %q, type %q", page.Meta.Title, page.ID, page.Type)
	}
	if page.Meta.Pass < 0 || page.Meta.Pass > 100 {
		t.Fatalf("pass %d", page.Meta.Pass)
	}
}

// Regressions the fuzz targets found: a YAML tag the value does not fit
// had no line, a value with a line break broke the message's line, and a
// page with an empty title loaded without an error.
func TestFrontMatterFuzzRegressions(t *testing.T) {
	cfg := fuzzConfig(t)
	for _, c := range []struct{ src, want string }{
		{"---\ntitle: A\ndescription: B\nweight: !!int x\n---\n", "content/veiledere/side.md:4: error: front matter is not valid YAML: cannot decode !!str `x` as a !!int"},
		{"---\ntitle: A\ndraft: \"a\\nb\"\n---\n", `content/veiledere/side.md:3: error: draft must be true or false, not "a\nb"`},
		{"---\ntitle: A\nupdated: [x]\n---\n", "content/veiledere/side.md:3: error: updated: a list is not a date; write it as YYYY-MM-DD"},
		{"---\ntype: norm\ntitle:\n---\n", "content/veiledere/side.md:3: error: title is empty: write the page's title after title:"},
		{"+++\ntitle = \"  \"\n+++\n", "content/veiledere/side.md:2: error: title is empty: write the page's title after title:"},
		// YAML counts a lone "\r", NEL, LS and PS as line breaks; the
		// file's lines are its "\n"s: type is on line 2, not 4.
		{"---\ntitle: A\r\rtype: x\n---\nTekst\n", `content/veiledere/side.md:2: error: unknown page type "x" (use one of onepager, checklist, norm, course, page)`},
		{"---\ntitle: A\u2028\u0085\ntype: x\n---\nTekst\n", `content/veiledere/side.md:3: error: unknown page type "x" (use one of onepager, checklist, norm, course, page)`},
		{"---\ntitle: A\r\rtitle: B\n---\nTekst\n", `content/veiledere/side.md:2: error: front matter is not valid YAML: mapping key "title" already defined at line 2`},
		// Several errors at once: the first, on one line.
		{"---\nA:\nA:\nA:\n---\n", `content/veiledere/side.md:3: error: front matter is not valid YAML: mapping key "A" already defined at line 2 (and 2 more error(s) like it below)`},
		// A byte-order mark (Windows editors) is not a line: the front
		// matter is recognised and its lines are the file's.
		{"\ufeff---\r\ntitle: A\r\ntype: x\r\n---\r\nTekst\r\n", `content/veiledere/side.md:3: error: unknown page type "x" (use one of onepager, checklist, norm, course, page)`},
		{"\ufefftitle: A\n---\n", "content/veiledere/side.md:1: error: the front matter has no opening ---: put a line with only --- above title: (the closing --- on line 2 is there)"},
	} {
		_, ds := content.Load(fstest.MapFS{fuzzFile: {Data: []byte(c.src)}}, cfg, content.Options{})
		if len(ds) != 1 || ds[0].String() != c.want {
			t.Errorf("%q:\n got %v\nwant %s", c.src, ds, c.want)
		}
	}
}
