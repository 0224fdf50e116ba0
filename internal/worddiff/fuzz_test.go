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
