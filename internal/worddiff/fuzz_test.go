package worddiff

import (
	"html"
	"strings"
	"testing"
)

// FuzzDiff checks, for any two texts, that nothing panics and that every
// form of the diff gives both texts back: the spans, the rendered HTML
// (old = everything outside <ins>, new = everything outside <del>) and
// the paragraph blocks.
func FuzzDiff(f *testing.F) {
	for _, s := range [][2]string{
		{"", ""},
		{"Kommunen bør ha en protokoll.", "Kommunen skal ha en oppdatert protokoll."},
		{"the cat sat", "a dog sat"},
		{"A\n\nB b\n\nC", "A\n\nB c\r\n\r\nD"},
		{"<b>&amp;</b>", "<i>&lt;</i>"},
		{"a\xffb", "a\xfeb"},
		{"2.3.1 e-post", "2.3.2 e–post"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, old, new string) {
		spans := Diff(old, new)
		checkSpans(t, spans, old, new)
		out := string(HTML(spans))
		if got := unrender(out, "ins"); got != old {
			t.Fatalf("HTML without <ins> = %q, want %q (html %q)", got, old, out)
		}
		if got := unrender(out, "del"); got != new {
			t.Fatalf("HTML without <del> = %q, want %q (html %q)", got, new, out)
		}
		checkBlocks(t, Blocks(old, new), old, new)
	})
}

// unrender drops the elements named drop with their content, then the
// other marks, and unescapes the text. It is linear, so that large fuzz
// inputs stay fast.
func unrender(s, drop string) string {
	open, close := "<"+drop+">", "</"+drop+">"
	var b strings.Builder
	for {
		i := strings.Index(s, open)
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		j := strings.Index(s[i:], close)
		if j < 0 {
			return "unclosed <" + drop + ">"
		}
		s = s[i+j+len(close):]
	}
	return html.UnescapeString(strings.NewReplacer("<ins>", "", "</ins>", "", "<del>", "", "</del>", "").Replace(b.String()))
}

// FuzzTree checks, for any two HTML fragments, that the structural
// comparison never panics and renders well-formed HTML (every element
// closed, in order) whose text is the newer page's when the deletions are
// dropped and the older page's when the insertions are, and that a page
// compared with itself is unchanged.
func FuzzTree(f *testing.F) {
	for _, s := range [][2]string{
		{"", ""},
		{"<h2>Les mer</h2><p>Kommunen bør ha en protokoll.</p>", "<h2>Les også</h2><p>Kommunen skal ha en protokoll.</p>"},
		{"<ol><li>En<ul><li>Under</li></ul></li><li><p>To</p></li></ol>", "<ol><li>En<ul><li>Under</li><li>Ny</li></ul></li><li>Tre</li><li><p>To</p></li></ol>"},
		{"<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>", "<table><caption>T</caption><tr><th>A</th></tr><tr><td>1</td><td>3</td><td>4</td></tr></table>"},
		{"<p>Flytt</p><p>Fast</p>", "<p>Fast</p><p>Flytt</p>"},
		{"<div class=code><pre><code>a\n\nb</code></pre></div><blockquote>x<p>y</p></blockquote>", "<pre>\n\na\nc</pre><blockquote><p>y</p>x</blockquote>"},
		{"<p>a<br>b &amp; <b>c</b></p><fieldset><legend>Q</legend><label>Ja</label></fieldset>", "<p>a<br><br>b &lt; c\ue000d</p><details><summary>S</summary>t</details>"},
		{"<ul><li>a</li></ul>text<table><td>x", "<li>løs</li><tr><td>y</td></tr><p>\xff</p>"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, old, new string) {
		checkTree(t, string(TreeHTML(Tree(old, new), labels)), old, new)
		for _, c := range Tree(new, new) {
			if c.Kind != Same {
				t.Fatalf("a page compared with itself has a %v %s", c.Kind, c.Tag)
			}
		}
	})
}
