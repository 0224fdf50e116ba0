package markdown

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/varde-portal/varde/internal/hyphen"
)

// maxHyphenLevel is the deepest heading that gets soft hyphens: h4 and
// below are set at about body size, where long words fit a phone's line.
const maxHyphenLevel = 3

// headingTextRenderer writes the text of h1–h3 headings with soft hyphens
// in their long words (internal/hyphen), so that a phone breaks
// "personvernkonsekvensvurdering" with a hyphen instead of anywhere.
//
// It works at render time, on the HTML only: the AST keeps the editor's
// text, so heading ids, the table of contents, Result.Headings, Text (the
// search index) and Lead (descriptions, feeds) never see a soft hyphen.
// Every other text node goes to goldmark's own text renderer, and so does
// the hyphenated text, so escaping and line breaks stay goldmark's.
type headingTextRenderer struct {
	h    *hyphen.Hyphenator
	base renderer.NodeRenderer // goldmark's HTML renderer, for its renderText
	text renderer.NodeRendererFunc
}

func newHeadingTextRenderer(h *hyphen.Hyphenator) *headingTextRenderer {
	return &headingTextRenderer{h: h, base: html.NewRenderer()}
}

// SetOption passes the page renderer's options (unsafe, hard wraps, XHTML)
// to the base renderer, whose text function this renderer calls.
func (r *headingTextRenderer) SetOption(name renderer.OptionName, value any) {
	if so, ok := r.base.(renderer.SetOptioner); ok {
		so.SetOption(name, value)
	}
}

// funcCapture keeps the functions a NodeRenderer registers.
type funcCapture map[ast.NodeKind]renderer.NodeRendererFunc

func (c funcCapture) Register(k ast.NodeKind, f renderer.NodeRendererFunc) { c[k] = f }

func (r *headingTextRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	c := funcCapture{}
	r.base.RegisterFuncs(c)
	r.text = c[ast.KindText]
	reg.Register(ast.KindText, r.renderText)
}

func (r *headingTextRenderer) renderText(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Text)
	if !entering || n.IsRaw() || !inHyphenatedHeading(n) {
		return r.text(w, source, node, entering)
	}
	value := n.Segment.Value(source)
	hy := hyphenateWords(r.h, value)
	if len(hy) == len(value) {
		return r.text(w, source, node, entering)
	}
	// The same node over the hyphenated text as its source, with the
	// node's line-break flags, for goldmark to write.
	t := ast.NewTextSegment(text.NewSegment(0, len(hy)))
	t.SetSoftLineBreak(n.SoftLineBreak())
	t.SetHardLineBreak(n.HardLineBreak())
	return r.text(w, []byte(hy), t, entering)
}

// hyphenateWords returns text with soft hyphens in its long words, but for
// the words in which the editor wrote &shy; or a soft hyphen: there the
// editor chose the breaks. Word by word, not node by node, so that the
// result does not depend on where goldmark cut the heading's text into
// Text nodes (which it does at every space only when autolinks are
// parsed, linkify.go).
//
// A word that is not UTF-8 is left as it is: hyphen.Text writes an invalid
// byte as U+FFFD when the string it is given has a long word, so the result
// would again depend on the cuts (found by FuzzLinkifyGate). That too goes
// word by word: leaving a whole text node alone for one invalid byte kept
// "Aaaaaaaaabaa \x86" unhyphenated as one node but not as the two linkify
// cuts it into (FuzzLinkifyGate again). A page file that is not UTF-8 is an
// error before it is converted (content.readPage); this only keeps the
// converter's output independent of goldmark's cuts.
func hyphenateWords(h *hyphen.Hyphenator, text []byte) string {
	s := string(text)
	if utf8.Valid(text) && !bytes.Contains(text, shyEntity) && !strings.Contains(s, hyphen.SoftHyphen) {
		return h.Text(s)
	}
	var b strings.Builder
	for len(s) > 0 {
		end := strings.IndexAny(s, " \t")
		if end < 0 {
			end = len(s)
		} else {
			end++ // the blank goes with the word before it
		}
		word := s[:end]
		if utf8.ValidString(word) && !strings.Contains(word, "&shy;") && !strings.Contains(word, hyphen.SoftHyphen) {
			word = h.Text(word)
		}
		b.WriteString(word)
		s = s[end:]
	}
	return b.String()
}

var shyEntity = []byte("&shy;")

// inHyphenatedHeading reports whether n is text of an h1–h3 heading, and
// not inside code: a soft hyphen in code would be copied with it.
func inHyphenatedHeading(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		switch p := p.(type) {
		case *ast.CodeSpan, *ast.RawHTML:
			return false
		case *ast.Heading:
			return p.Level <= maxHyphenLevel
		}
		if p.Type() == ast.TypeBlock {
			return false
		}
	}
	return false
}
