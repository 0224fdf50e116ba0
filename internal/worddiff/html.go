package worddiff

import (
	"html"
	"html/template"
	"strings"
)

// HTML renders spans as escaped text with deleted runs in <del> and
// inserted runs in <ins>. Line breaks are kept as they are; show the
// result in an element styled `white-space: pre-line` where they matter.
func HTML(spans []Span) template.HTML {
	var b strings.Builder
	writeSpans(&b, spans)
	return template.HTML(b.String())
}

// Inline diffs two texts word by word and renders the result: HTML(Diff(old, new)).
func Inline(old, new string) template.HTML { return HTML(Diff(old, new)) }

func writeSpans(b *strings.Builder, spans []Span) {
	for _, s := range spans {
		switch s.Op {
		case Delete:
			b.WriteString("<del>")
			b.WriteString(html.EscapeString(s.Text))
			b.WriteString("</del>")
		case Insert:
			b.WriteString("<ins>")
			b.WriteString(html.EscapeString(s.Text))
			b.WriteString("</ins>")
		default:
			b.WriteString(html.EscapeString(s.Text))
		}
	}
}
