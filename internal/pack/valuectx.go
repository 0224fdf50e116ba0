package pack

import (
	"html"
	"sort"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Where a {{name}} stands decides how its value goes in: as written in
// code, HTML-escaped in raw HTML (which goldmark passes on as it is under
// [markup] unsafe = true, so backslash escapes would not make the value
// text there), Markdown-escaped everywhere else. Code and raw HTML are
// found by goldmark itself, with the block extensions of the site's
// converter, because a line-by-line guess misses code that Markdown nests:
// an indented block, a fence inside a list item or a quote, a code span
// over two lines (FuzzValues found each of these filled in).

// valueParser reads a page's block structure as internal/markdown does.
var valueParser = goldmark.New(
	goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.DefinitionList),
	goldmark.WithParserOptions(parser.WithHeadingAttribute()),
).Parser()

// span is a byte range [start, stop) of a page's Markdown.
type span struct{ start, stop int }

// valueContexts holds the code and raw HTML of a page, sorted by start.
type valueContexts struct{ code, raw []span }

// readValueContexts finds the code (spans, blocks and a fence's info
// string) and raw HTML (blocks and inline tags) of body.
func readValueContexts(body []byte) valueContexts {
	var c valueContexts
	doc := valueParser.Parse(text.NewReader(body))
	lines := func(dst *[]span, n ast.Node) {
		for i := 0; i < n.Lines().Len(); i++ {
			seg := n.Lines().At(i)
			*dst = append(*dst, span{seg.Start, seg.Stop})
		}
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.FencedCodeBlock:
			lines(&c.code, n)
			if n.Info != nil {
				c.code = append(c.code, span{n.Info.Segment.Start, n.Info.Segment.Stop})
			}
		case *ast.CodeBlock:
			lines(&c.code, n)
		case *ast.CodeSpan:
			for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
				if t, ok := ch.(*ast.Text); ok {
					c.code = append(c.code, span{t.Segment.Start, t.Segment.Stop})
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock:
			lines(&c.raw, n)
			if n.HasClosure() {
				c.raw = append(c.raw, span{n.ClosureLine.Start, n.ClosureLine.Stop})
			}
		case *ast.RawHTML:
			for i := 0; i < n.Segments.Len(); i++ {
				seg := n.Segments.At(i)
				c.raw = append(c.raw, span{seg.Start, seg.Stop})
			}
		}
		return ast.WalkContinue, nil
	})
	for _, s := range [][]span{c.code, c.raw} {
		sort.Slice(s, func(i, j int) bool { return s[i].start < s[j].start })
	}
	return c
}

// overlaps reports whether [start, stop) meets a span of spans.
func overlaps(spans []span, start, stop int) bool {
	i := sort.Search(len(spans), func(i int) bool { return spans[i].stop > start })
	for ; i < len(spans) && spans[i].start < stop; i++ {
		if spans[i].stop > start {
			return true
		}
	}
	return false
}

// EscapeHTMLValue writes a value for raw HTML: HTML-escaped, with line
// breaks as spaces (a blank line would end an HTML block).
func EscapeHTMLValue(s string) string {
	return html.EscapeString(strings.NewReplacer("\r", " ", "\n", " ", "\t", " ").Replace(s))
}
