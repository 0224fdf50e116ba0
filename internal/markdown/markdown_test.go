package markdown

import (
	"errors"
	"math/rand"
	"strings"
	"testing"
)

func convert(t *testing.T, src string) *Result {
	t.Helper()
	c := New(Options{Lang: "nb"})
	return c.Convert([]byte(src), Doc{File: "content/a.md", LineOffset: 3, ResolveLink: func(p string) (string, string, error) {
		if p == "b.md" {
			return "/b/", "content/b.md", nil
		}
		if p == "bilde.png" {
			return "/a/bilde.png", "", nil
		}
		return "", "", errors.New("no such file")
	}})
}

func TestHeadingIDs(t *testing.T) {
	r := convert(t, "# Hva sier regelverket\n\n## Årshjul\n\n## Årshjul\n\n## Egen {#egen-id}\n")
	html := string(r.HTML)
	for _, want := range []string{`id="hva-sier-regelverket"`, `id="arshjul"`, `id="arshjul-1"`, `id="egen-id"`} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s in %s", want, html)
		}
	}
	if len(r.Headings) != 4 || r.Headings[1].Text != "Årshjul" {
		t.Errorf("headings = %+v", r.Headings)
	}
	if !r.Anchors["arshjul-1"] {
		t.Errorf("anchors = %v", r.Anchors)
	}
}

// TestHostAnchors: a heading whose id on the git host (letters kept)
// differs from its own also carries that id, so links written either way
// resolve; headings with their own {#id} or the same id on both get none.
func TestHostAnchors(t *testing.T) {
	r := convert(t, "## Slik gjør du det\n\n## Slik gjør du det\n\n## Ansvar & roller\n\n## Plain\n\n## Egen ø {#egen}\n")
	html := string(r.HTML)
	for _, want := range []string{
		`<h2 id="slik-gjor-du-det"><span id="slik-gjør-du-det"></span>Slik gjør du det</h2>`,
		`<h2 id="slik-gjor-du-det-1">Slik gjør du det</h2>`, // the host's second id would be -1 too: not guessed
		`<h2 id="ansvar-og-roller"><span id="ansvar--roller"></span>Ansvar &amp; roller</h2>`,
		`<h2 id="plain">Plain</h2>`,
		`<h2 id="egen">Egen ø</h2>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s in\n%s", want, html)
		}
	}
	if !r.Anchors["slik-gjør-du-det"] || !r.Anchors["slik-gjor-du-det"] || r.Headings[0].Text != "Slik gjør du det" {
		t.Errorf("anchors %v, headings %+v", r.Anchors, r.Headings)
	}
	if strings.Contains(r.Text, "span") {
		t.Errorf("the plain text has markup: %q", r.Text)
	}
}

func TestLinks(t *testing.T) {
	r := convert(t, "Se [B](b.md#del) og [topp](#topp).\n\nOg [borte](c.md) ![alt](bilde.png) [ute](https://example.org/x.md)\n")
	html := string(r.HTML)
	if !strings.Contains(html, `href="/b/#del"`) || !strings.Contains(html, `src="/a/bilde.png"`) || !strings.Contains(html, `href="https://example.org/x.md"`) {
		t.Errorf("html = %s", html)
	}
	if len(r.Links) != 2 || r.Links[0].Target != "content/b.md" || r.Links[0].Fragment != "del" || r.Links[0].Line != 4 || r.Links[1].Target != "" {
		t.Errorf("links = %+v", r.Links)
	}
	if len(r.Diags) != 1 || r.Diags[0].Line != 6 || !strings.Contains(r.Diags[0].Msg, "c.md") {
		t.Errorf("diags = %v", r.Diags)
	}
}

func TestAlert(t *testing.T) {
	r := convert(t, "> [!WARNING]\n> Ikke send **fødselsnummer** på e-post.\n\n> Vanlig sitat\n")
	html := string(r.HTML)
	if !strings.Contains(html, `<div class="alert alert-warning" role="note"><p class="alert-title">alert.warning</p>`) ||
		!strings.Contains(html, "<strong>fødselsnummer</strong>") || strings.Contains(html, "[!WARNING]") || !strings.Contains(html, "<blockquote>") {
		t.Errorf("html = %s", html)
	}
}

func TestCodeAndGFM(t *testing.T) {
	r := convert(t, "```go\nfunc main() {}\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gammel~~ https://ks.no\n\nTerm\n: Definisjon\n\nFotnote[^1]\n\n[^1]: Her.\n\n<script>alert(1)</script>\n")
	html := string(r.HTML)
	for _, want := range []string{`class="hl-chroma"`, "<table>", "<del>gammel</del>", `<a href="https://ks.no">`, "<dl>", "footnote", "<!-- raw HTML omitted -->"} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q in %s", want, html)
		}
	}
	if strings.Contains(r.Text, "func main") || !strings.Contains(r.Text, "Definisjon") {
		t.Errorf("text = %q", r.Text)
	}
}

func TestCountWords(t *testing.T) {
	for _, s := range []string{"", " ", "ord", " to  ord\n", "\x85x\u0085y", "a\x00b\x1cc", "æ ø\tå\u00a0x", "a\u2003b",
		"a\u1680b\u2028c\u2029d\u202fe\u205ff\u3000g\u200ah", "\xc2 \xe2\x80 \xe3", "§ – «» ‐"} {
		if got, want := countWords(s), len(strings.Fields(s)); got != want {
			t.Errorf("countWords(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestCountWordsChunks: countWords reads eight ASCII bytes at a time;
// random strings of spaces, letters and multi-byte runes (valid or not),
// across the chunks' edges, count as strings.Fields has them.
func TestCountWordsChunks(t *testing.T) {
	parts := []string{"a", "Z", " ", "\t", "\n", "\v", "\f", "\r", "\x1f", "!", "å", "\u00a0", "\u0085", "\u3000", "\xe2", "\xc2", "\x85", "ord"}
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for n := r.Intn(40); n > 0; n-- {
			b.WriteString(parts[r.Intn(len(parts))])
		}
		s := b.String()
		if got, want := countWords(s), len(strings.Fields(s)); got != want {
			t.Fatalf("countWords(%q) = %d, want %d", s, got, want)
		}
	}
}

// FuzzCountWords: countWords is len(strings.Fields(s)), valid UTF-8 or not.
func FuzzCountWords(f *testing.F) {
	f.Add("æ ø\tå\u00a0x\u3000y")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := countWords(s), len(strings.Fields(s)); got != want {
			t.Fatalf("countWords(%q) = %d, want %d", s, got, want)
		}
	})
}

// TestLeadLeavesOutQuizzes: the text summaries are made from has no quiz
// (its options would give the answer away) and no code.
func TestLeadLeavesOutQuizzes(t *testing.T) {
	r := convert(t, "```quiz\n? Hva gjør du?\n- [x] Melder fra\n- [ ] Klikker\n```\n\nKurset handler om **e-post**.\n\n```\nkode\n```\n\n- Første punkt\n")
	if r.Lead != "Kurset handler om e-post.\nFørste punkt" {
		t.Errorf("lead %q", r.Lead)
	}
	if !strings.Contains(r.Text, "Melder fra") {
		t.Errorf("the search text lost the quiz: %q", r.Text)
	}
}
