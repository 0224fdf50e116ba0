package markdown

import (
	"strings"
	"testing"
)

const shy = "\u00AD"

// h1–h3 get soft hyphens in their long words in the HTML; the id, the
// heading list (table of contents), the page text (search index) and the
// lead (descriptions, feeds) keep the editor's text.
func TestHeadingHyphenation(t *testing.T) {
	src := "# Personvernkonsekvensvurdering i kommunen\n\n" +
		"Personvernkonsekvensvurdering er et krav.\n\n" +
		"## Informasjonssikkerhet og *databehandleravtale*\n\n" +
		"### Slik gjør du en [personvernkonsekvensvurdering](#personvernkonsekvensvurdering-i-kommunen)\n\n" +
		"#### Behandlingsprotokollen\n\n" +
		"## Bruk `personvernkonsekvensvurdering` i koden\n\n" +
		"## Manuell&shy;personvernkonsekvensvurdering\n\n" +
		"Setext-overskrift med informasjonssikkerhet\n" +
		"over to linjer\n===\n"
	r := convert(t, src)
	html := r.HTML
	for _, want := range []string{
		`<h1 id="personvernkonsekvensvurdering-i-kommunen">Per` + shy + `son` + shy + `vern` + shy + `kon` + shy + `se` + shy + `kvens` + shy + `vur` + shy + `de` + shy + `ring i kommunen</h1>`,
		`>In` + shy + `for` + shy + `ma` + shy + `sjons` + shy + `sik` + shy + `ker` + shy + `het og <em>data` + shy + `be` + shy + `hand` + shy + `ler` + shy + `av` + shy + `tale</em></h2>`,
		`">per` + shy + `son` + shy + `vern`, // link text in an h3
		`>Behandlingsprotokollen</h4>`,       // h4: body size, left whole
		`<p>Personvernkonsekvensvurdering er et krav.</p>`,
		`<code>personvernkonsekvensvurdering</code>`,
		// The editor's own break (goldmark writes &shy; as the character),
		// and no others.
		`>Manuell` + shy + `personvernkonsekvensvurdering</h2>`,
		// A setext heading over two lines keeps its line break.
		"med in" + shy + "for" + shy + "ma" + shy + "sjons" + shy + "sik" + shy + "ker" + shy + "het\nover to linjer</h1>",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q in\n%s", strings.ReplaceAll(want, shy, "-"), strings.ReplaceAll(html, shy, "-"))
		}
	}
	if strings.Contains(html, `href="#per`+shy) || strings.Contains(html, `id="per`+shy) {
		t.Errorf("soft hyphen in an id or link:\n%s", html)
	}
	for _, h := range r.Headings {
		if strings.Contains(h.Text+h.ID, shy) {
			t.Errorf("heading list has a soft hyphen: %+v", h)
		}
	}
	if strings.Contains(r.Text, shy) || strings.Contains(r.Lead, shy) {
		t.Errorf("page text or lead has a soft hyphen: %q / %q", r.Text, r.Lead)
	}
	if !strings.Contains(r.Text, "Personvernkonsekvensvurdering i kommunen") {
		t.Errorf("page text lost the heading: %q", r.Text)
	}
}

// An editor's &shy; (or soft hyphen) fixes the breaks of its word only:
// the heading's other long words get theirs, whether goldmark's text node
// holds the whole heading or part of it (linkify.go).
func TestHeadingHyphenationEditorBreaks(t *testing.T) {
	for _, src := range []string{
		"## Manuell&shy;vurdering og informasjonssikkerhet i kommunen\n",
		"## Manuell\u00advurdering og informasjonssikkerhet i kommunen\n",
		"## Manuell&shy;vurdering og informasjonssikkerhet i kommunen, se post@kommune.no\n",
	} {
		html := convert(t, src).HTML
		want := "Manuell" + shy + "vurdering og in" + shy + "for" + shy + "ma" + shy + "sjons" + shy + "sik" + shy + "ker" + shy + "het i kommunen"
		if !strings.Contains(html, want) {
			t.Errorf("%q: missing %q in\n%s", src, strings.ReplaceAll(want, shy, "-"), strings.ReplaceAll(html, shy, "-"))
		}
	}
}

// Languages without patterns render headings as written.
func TestHeadingHyphenationEnglish(t *testing.T) {
	c := New(Options{Lang: "en"})
	r := c.Convert([]byte("# Personvernkonsekvensvurdering\n"), Doc{File: "content/a.en.md"})
	if strings.Contains(r.HTML, shy) {
		t.Errorf("English page hyphenated: %q", r.HTML)
	}
	c = New(Options{Lang: "nn"})
	r = c.Convert([]byte("# Informasjonssikkerheit\n"), Doc{File: "content/a.nn.md"})
	if !strings.Contains(r.HTML, "In"+shy+"for") {
		t.Errorf("nynorsk heading not hyphenated: %q", r.HTML)
	}
}
