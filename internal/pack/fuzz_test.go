package pack

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	xhtml "golang.org/x/net/html"

	"github.com/varde-portal/varde/internal/config"
)

// packTOMLSeeds are pack.toml texts as docs/format.md shows them, a pack
// that is a site of its own (config.toml), and mistakes.
var packTOMLSeeds = []string{
	"",
	"title = \"KS-pakken\"\nversion = \"2026.1\"\nvarde = \"0.1\"\n",
	"title = \"KS-pakken\"\nvarde = \">= 0.1.0\"\n[scales.trafikklys]\nkind = \"choice\"\nlevels = [\n  {value = \"gronn\", score = 100, label = \"Grønn\"},\n  {value = \"rod\", score = 0, label = \"Rød\"},\n]\n",
	"varde = \"99.0\"\n", "title = \"x\"\n\nvarde = \"v2\"\n", "varde=\"1.0.0\"\n", "\"varde\" = \"9\"\n", "varde = '9'\n",
	"varde = 9\n", "title = 1\n", "title = \"KS\nversion = \"1\"\n", "[scales]\negen = {kind = \"choice\"}\n", "scales = \"x\"\n",
	"baseURL = \"https://ks.no/\"\ntitle = \"KS\"\n[languages.nb]\n[[packs]]\nname = \"x\"\npath = \"y\"\n",
	"title = \"\"\"\nKS\n\"\"\"\nvarde = \"\"\"\n9.0\"\"\"\n", "varde = \"99999999999999999999.1\"\n", "varde = \"0.1.0.1\"\n", "a = [\n", "title = \"\xff\"\n",
}

// FuzzPackTOML reads any pack.toml (and, for a pack without one, any
// config.toml) as Open does: every diagnostic names the pack's file and a
// line of it, on one line of UTF-8 text; without errors the pack has a
// title, a git pack's version is its ref, the site keeps its own scales
// and gets the pack's others. The seed corpus is in
// testdata/fuzz/FuzzPackTOML.
func FuzzPackTOML(f *testing.F) {
	for i, s := range packTOMLSeeds {
		f.Add(s, i%2 == 0, i%3 == 0)
	}
	f.Fuzz(func(t *testing.T, text string, git, asConfig bool) {
		if len(text) > 16<<10 {
			return
		}
		spec := config.Pack{Name: "ks", Path: "../felles"}
		if git {
			spec = config.Pack{Name: "ks", Git: "https://git.example.no/ks.git", Ref: "2026.1"}
		}
		name := "pack.toml"
		if asConfig {
			name = "config.toml"
		}
		own := map[string]any{"kind": "choice", "egen": true}
		p := &Pack{Spec: spec, Title: spec.Name, fsys: fstest.MapFS{name: {Data: []byte(text)}, "content/a.md": {Data: []byte("# A\n")}}}
		if git {
			p.Version = spec.Ref
		}
		cfg := &config.Config{Scales: map[string]any{"egen": own}}
		ds := p.readConfig(cfg, 0)
		lines := strings.Count(text, "\n") + 1
		failed := false
		for _, d := range ds {
			s := d.String()
			if d.File != p.File(name) || d.Line < 1 || d.Line > lines {
				t.Fatalf("diagnostic not at a line of the %d-line %s: %s\n%q", lines, p.File(name), s, text)
			}
			if d.Msg == "" || !utf8.ValidString(s) || strings.ContainsAny(s, "\n\r") {
				t.Fatalf("diagnostic not one line of text: %q", s)
			}
			failed = failed || d.Severity == 0
		}
		if failed {
			return
		}
		if p.Title == "" && !asConfig {
			// An empty title = "" leaves the pack's name.
			t.Fatalf("pack without a title")
		}
		if git && p.Version != spec.Ref {
			t.Fatalf("git pack version %q, pinned to %q", p.Version, spec.Ref)
		}
		if sc, ok := cfg.Scales["egen"].(map[string]any); !ok || sc["egen"] != true {
			t.Fatalf("the site's own scale was replaced: %v", cfg.Scales["egen"])
		}
		for k := range p.Scales {
			if _, ok := cfg.Scales[k]; !ok {
				t.Fatalf("the pack's scale %q did not reach the site", k)
			}
		}
	})
}

// md converts Markdown as the site's default converter is set up (GFM,
// footnotes, definition lists, heading attributes), with raw HTML let
// through as [markup] unsafe = true does: the stricter case for values.
var md = goldmark.New(
	goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.DefinitionList),
	goldmark.WithParserOptions(parser.WithAutoHeadingID(), parser.WithHeadingAttribute()),
	goldmark.WithRendererOptions(html.WithUnsafe()),
)

// codeTexts lists the text of every code span and code block of src, in
// order, as goldmark reads them.
func codeTexts(src []byte) []string {
	var out []string
	doc := md.Parser().Parse(text.NewReader(src))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.CodeSpan:
			var b bytes.Buffer
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if t, ok := c.(*ast.Text); ok {
					b.Write(t.Segment.Value(src))
				}
			}
			out = append(out, "span:"+b.String())
			return ast.WalkSkipChildren, nil
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			var b bytes.Buffer
			for i := 0; i < n.Lines().Len(); i++ {
				seg := n.Lines().At(i)
				b.Write(seg.Value(src))
			}
			out = append(out, "block:"+b.String())
		}
		return ast.WalkContinue, nil
	})
	return out
}

// tags counts the elements of an HTML text by name.
func tags(h []byte) map[string]int {
	out := map[string]int{}
	z := xhtml.NewTokenizer(bytes.NewReader(h))
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return out
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			name, _ := z.TagName()
			out[string(name)]++
		case xhtml.CommentToken:
			out["!--"]++
		}
	}
}

func render(t *testing.T, src []byte) []byte {
	var b bytes.Buffer
	if err := md.Convert(src, &b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// valueSeeds are pages that use values in every Markdown context a value
// can stand in, and values that look like markup.
var valueSeeds = []struct{ page, value string }{
	{"Kontakt personvernombudet i {{kommune}} på {{personvernombud.epost}}.\n", "Nordfjella kommune"},
	{"# Avvik i {{ kommune }}\n\nMeld til {{avvikskanal}}. Mangler: {{ukjent}}, {{a b}}, {{tom}}.\n", "<script>alert(1)</script>"},
	{"Kode: `{{kommune}}` og ``{{kommune}} ` `` og `{{kommune}}\n\n```\n{{kommune}}\n```\n\n~~~~md\n{{kommune}}\n~~~\n~~~~\n", "<b>fet</b>"},
	{"Tekst\n\n    {{kommune}}\n\n1.  punkt\n\n    ```\n    {{kommune}}\n    ```\n", "*x*"},
	{"> ```\n> {{kommune}}\n> ```\n\n- ```\n  {{kommune}}\n  ```\n", "[lenke](javascript:alert(1))"},
	{"`a\n{{kommune}}`\n", "`kode`"},
	{"<div title=\"{{kommune}}\">\n{{kommune}}\n</div>\n\n<span title=\"{{kommune}}\">{{kommune}}</span>\n", "\"><img src=x onerror=alert(1)>"},
	{"[{{kommune}}]({{kommune}}) ![{{kommune}}](x.png) <https://{{kommune}}> www.{{kommune}}.no\n\n[r]: {{kommune}}\n", "a b"},
	{"| a | {{kommune}} |\n|---|---|\n| {{kommune}} | b |\n", "x | y"},
	{"*{{kommune}}* **{{kommune}}** _{{kommune}}_\n{{kommune}}\n---\n", " * "},
	{"{{kommune}}\n", "    innrykk"},
	{"{{kommune}}\n", "# overskrift\n\n- punkt"},
	{"Term\n: {{kommune}}[^1]\n\n[^1]: {{kommune}}\n", "&amp; &#60;b&#62;"},
	{"## {{kommune}} {#id}\n", "} {onclick=x"},
	{"{{{kommune}}} {{{{kommune}}}} {{kommune}}}}\n", "{{kommune}}"},
	{"\r\n{{kommune}}\r\n```\r\n{{kommune}}\r\n```\r\n", "\r"},
}

// FuzzValues puts a value into any page, as applyValues does: a name
// config.toml does not set is returned at a line of the page that uses
// it; code (spans and blocks, as goldmark reads them) is exactly as
// written; and the value is text: the page with it has no element (nor
// comment, paragraphs aside) more than the page with a plain word in its
// place, even with raw HTML allowed. The seed corpus is in testdata/fuzz/FuzzValues.
func FuzzValues(f *testing.F) {
	for _, s := range valueSeeds {
		f.Add(s.page, s.value)
	}
	f.Fuzz(func(t *testing.T, page, value string) {
		if len(page) > 8<<10 || len(value) > 1<<10 || !utf8.ValidString(page) || !utf8.ValidString(value) {
			return
		}
		values := map[string]string{"kommune": value, "personvernombud.epost": value, "tom": ""}
		out, unset := ExpandValues([]byte(page), values)
		lines := strings.Split(page, "\n")
		for _, u := range unset {
			if u.Line < 1 || u.Line > len(lines) {
				t.Fatalf("{{%s}} at line %d of %d", u.Name, u.Line, len(lines))
			}
			if _, set := values[u.Name]; !set && (!strings.Contains(lines[u.Line-1], u.Name) || !strings.Contains(lines[u.Line-1], "{{")) {
				t.Fatalf("{{%s}} named at line %d: %q", u.Name, u.Line, lines[u.Line-1])
			}
			if !config.ValidValueName(u.Name) {
				t.Fatalf("{{%s}} is no value name", u.Name)
			}
		}
		if a, b := codeTexts([]byte(page)), codeTexts(out); strings.Join(a, "\x00") != strings.Join(b, "\x00") {
			t.Fatalf("code changed:\n%q\n%q\npage %q\nout  %q", a, b, page, out)
		}
		// The value between letters, so that it meets the text around it
		// as a word does; the same page with a word in its place.
		word := map[string]string{"kommune": "QQ", "personvernombud.epost": "QQ", "tom": ""}
		withValue := map[string]string{"kommune": "Q" + value + "Q", "personvernombud.epost": "Q" + value + "Q", "tom": ""}
		plain, _ := ExpandValues([]byte(page), word)
		valued, _ := ExpandValues([]byte(page), withValue)
		want, got := tags(render(t, plain)), tags(render(t, valued))
		for name, n := range got {
			// A value with a space breaks a link reference definition
			// ([r]: {{x}}) into a paragraph: text, not markup.
			if n > want[name] && name != "p" {
				t.Fatalf("the value made markup: %d <%s> with it, %d with a word\npage %q\nvalue %q\nhtml %s", n, name, want[name], page, value, render(t, valued))
			}
		}
	})
}

// Code that Markdown nests is left as written, as a top-level fence is
// (FuzzValues: the line-by-line reading filled in values in an indented
// block, a fence in a list item or a quote, and a code span over two
// lines).
func TestValuesLeaveNestedCode(t *testing.T) {
	values := map[string]string{"kommune": "Os"}
	for _, page := range []string{
		"Tekst\n\n    {{kommune}}\n",
		"1.  punkt\n\n    ```\n    {{kommune}}\n    ```\n",
		"> ```\n> {{kommune}}\n> ```\n",
		"- ```\n  {{kommune}}\n  ```\n",
		"`a\n{{kommune}}`\n",
		"```{{kommune}}\nx\n```\n",
	} {
		out, unset := ExpandValues([]byte(page), values)
		if string(out) != page || len(unset) != 0 {
			t.Errorf("%q became %q (%v)", page, out, unset)
		}
	}
	// Outside the code, in the same page, the value goes in.
	out, _ := ExpandValues([]byte("> ```\n> {{kommune}}\n> ```\n>\n> I {{kommune}}.\n"), values)
	if string(out) != "> ```\n> {{kommune}}\n> ```\n>\n> I Os.\n" {
		t.Errorf("got %q", out)
	}
}

// In raw HTML a value is HTML-escaped: backslashes do not escape there,
// and [markup] unsafe = true passes the HTML on (FuzzValues: a value
// "\"><img src=x onerror=alert(1)>" made an img element in a div).
func TestValuesInRawHTML(t *testing.T) {
	values := map[string]string{"kommune": "\"><img src=x onerror=alert(1)>"}
	out, _ := ExpandValues([]byte("<div title=\"{{kommune}}\">\n{{kommune}}\n</div>\n\nI <span title=\"{{kommune}}\">{{kommune}}</span>.\n"), values)
	want := "<div title=\"&#34;&gt;&lt;img src=x onerror=alert(1)&gt;\">\n&#34;&gt;&lt;img src=x onerror=alert(1)&gt;\n</div>\n\n" +
		"I <span title=\"&#34;&gt;&lt;img src=x onerror=alert(1)&gt;\">\\\"\\>\\<img src\\=x onerror\\=alert\\(1\\)\\></span>.\n"
	if string(out) != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	if h := render(t, out); tags(h)["img"] != 0 {
		t.Errorf("an img from a value: %s", h)
	}
}

// White space at either end of a value and a backtick in it stay text
// (FuzzValues: "    innrykk" at the start of a line became a code block,
// and "`" closed a code span opened before the value).
func TestValueEdgesStayText(t *testing.T) {
	for _, c := range []struct{ page, value, html string }{
		{"{{kommune}}\n", "    innrykk", "<p>    innrykk</p>\n"},
		{"- {{kommune}}\n", "     kode", "<ul>\n<li>     kode</li>\n</ul>\n"},
		{"a {{kommune}}\nb\n", "x  ", "<p>a x  \nb</p>\n"},
		{"`{{kommune}}", "`", "<p>``</p>\n"},
		{"`a` {{kommune}} `b`", "` og `", "<p><code>a</code> ` og ` <code>b</code></p>\n"},
	} {
		out, _ := ExpandValues([]byte(c.page), map[string]string{"kommune": c.value})
		if got := string(render(t, out)); got != c.html {
			t.Errorf("%q with %q: %q, want %q", c.page, c.value, got, c.html)
		}
	}
}

// pack.toml's messages are at a line of it: a quoted key, a key written
// in other case, and a file that is not UTF-8 (FuzzPackTOML: line 0 for
// "varde" = "9" and for vArde.0 = ""; the foreign bytes quoted into a
// message).
func TestPackTOMLLines(t *testing.T) {
	for text, want := range map[string]string{
		"title = \"KS\"\n\"varde\" = \"9\"\n":       "../felles/pack.toml:2: error: pack \"ks\" needs Varde 9 or newer",
		"title = \"KS\"\n'varde' = '9'\n":           "../felles/pack.toml:2: error: pack \"ks\" needs Varde 9 or newer",
		"title = \"KS\"\n\"\\u0076arde\" = \"9\"\n": "../felles/pack.toml:1: error: pack \"ks\" needs Varde 9 or newer",
		"title = \"KS\"\n\n[!\xa1\n":                "../felles/pack.toml:3: error: the file is not UTF-8 text",
		// The decoder matches keys without regard to case and named no
		// line for these (FuzzPackTOML: vArde.0 = "").
		"vArde.0=\"\"": "../felles/pack.toml:1: error: vArde must be text, not a table",
		"title = \"KS\"\nVarde = \"\"\"9.1\n2\"\"\"\n": "../felles/pack.toml:2: error: pack \"ks\" needs Varde 9.1 2 or newer",
		"title = \"KS\"\n\n[VARDE]\nx = 1\n":           "../felles/pack.toml:3: error: VARDE must be text, not a table",
		// Shown to readers ("Fra KS-pakken"): a control character went
		// into every page of the pack as it was.
		"varde = \"0.1\"\ntitle = \"KS\\u001b[31m\"\n": "../felles/pack.toml:2: error: title: the text holds a control character (U+001B)",
	} {
		p := &Pack{Spec: config.Pack{Name: "ks", Path: "../felles"}, Title: "ks", fsys: fstest.MapFS{"pack.toml": {Data: []byte(text)}}}
		ds := p.readConfig(&config.Config{}, 0)
		if len(ds) != 1 || !strings.HasPrefix(ds[0].String(), want) {
			t.Errorf("%q: got %v, want %s…", text, ds, want)
		}
	}
}
