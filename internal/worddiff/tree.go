package worddiff

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A page is more than its paragraphs: a reader finds their way in a
// comparison by the headings, and a changed list item or table cell only
// makes sense in its list or table. Tree compares two pages as HTML (the
// converted Markdown, as the reader sees it) block by block, keeping that
// structure: headings, paragraphs, lists and their items (nested), tables
// with their rows and cells, code blocks and quotes. Everything else (the
// boxes of alerts, checklists, quizzes, figures) is looked through: its
// blocks count as blocks of the container it sits in, so that what an
// editor wrote is compared and the theme's furniture is not.

// Node is one block of a page's structure.
type Node struct {
	// Tag is the element: p, h1–h6, pre, caption (leaves, with Text), or
	// ul, ol, li, table, thead, tbody, tfoot, tr, th, td, blockquote
	// (containers, with Children); "" is text written directly in a list
	// item, cell or quote, beside any blocks there.
	Tag      string
	Text     string // a leaf's text: white space collapsed, line breaks (<br>) as "\n"; verbatim in pre
	Children []*Node

	key string // tag, text and children: equal keys are equal blocks
	bag *bag   // the words of the whole block, once counted
}

// leaf reports whether the node holds text rather than blocks.
func (n *Node) leaf() bool {
	switch n.Tag {
	case "", "p", "pre", "caption", "h1", "h2", "h3", "h4", "h5", "h6":
		return true
	}
	return false
}

// Parse reads an HTML fragment (a page's body) into its blocks.
// It never fails: HTML is parsed as a browser does, whatever it holds.
func Parse(s string) []*Node {
	ctx := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(s), ctx)
	if err != nil {
		return nil // only a failing reader errs, and a strings.Reader does not
	}
	p := &parser{}
	var out []*Node
	for _, n := range nodes {
		out = p.blocks(out, n, true)
	}
	return p.flush(out, true)
}

// parser collects blocks and the text that runs between them.
type parser struct {
	run strings.Builder // text not yet in a block
}

// flush ends the running text: a "" leaf inside a container, a paragraph
// at the top.
func (p *parser) flush(out []*Node, top bool) []*Node {
	text := collapse(p.run.String())
	p.run.Reset()
	if text == "" {
		return out
	}
	tag := ""
	if top {
		tag = "p"
	}
	return append(out, &Node{Tag: tag, Text: text})
}

// skipped reports whether an element holds nothing a reader reads as the
// page's text: scripts, form controls and their labels (a quiz's options
// are repeated in its answer key), images, anything hidden, and the
// visually hidden helper texts.
func skipped(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Template, atom.Noscript, atom.Input, atom.Textarea,
		atom.Select, atom.Button, atom.Label, atom.Svg, atom.Math, atom.Img, atom.Picture,
		atom.Video, atom.Audio, atom.Iframe, atom.Object, atom.Canvas, atom.Hr, atom.Head, atom.Title:
		return true
	}
	for _, a := range n.Attr {
		switch {
		case a.Namespace != "":
		case a.Key == "hidden", a.Key == "aria-hidden" && a.Val == "true":
			return true
		case a.Key == "class" && hasClass(a.Val, "visually-hidden"):
			return true
		}
	}
	return false
}

func hasClass(list, c string) bool {
	for _, f := range strings.Fields(list) {
		if f == c {
			return true
		}
	}
	return false
}

// blocks adds the blocks of n, at the level of a container (top: the page
// itself), to out.
func (p *parser) blocks(out []*Node, n *html.Node, top bool) []*Node {
	switch n.Type {
	case html.TextNode:
		p.run.WriteString(n.Data)
		return out
	case html.ElementNode:
	default:
		return out
	}
	if skipped(n) {
		return out
	}
	switch n.DataAtom {
	case atom.P, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Legend, atom.Summary, atom.Figcaption, atom.Dt:
		out = p.flush(out, top)
		tag := n.Data
		switch n.DataAtom {
		case atom.Legend, atom.Summary, atom.Figcaption, atom.Dt:
			tag = "p" // a caption or term reads as a paragraph of its own
		}
		if text := collapse(inline(n)); text != "" {
			out = append(out, &Node{Tag: tag, Text: text})
		}
		return out
	case atom.Pre:
		out = p.flush(out, top)
		if text := strings.TrimSuffix(verbatim(n), "\n"); strings.TrimSpace(text) != "" {
			out = append(out, &Node{Tag: "pre", Text: text})
		}
		return out
	case atom.Ul, atom.Ol, atom.Menu:
		out = p.flush(out, top)
		tag := "ul"
		if n.DataAtom == atom.Ol {
			tag = "ol"
		}
		l := &Node{Tag: tag}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && c.DataAtom == atom.Li && !skipped(c) {
				l.Children = append(l.Children, container(c, "li"))
			}
		}
		if len(l.Children) > 0 {
			out = append(out, l)
		}
		return out
	case atom.Table:
		out = p.flush(out, top)
		if t := table(n); t != nil {
			out = append(out, t)
		}
		return out
	case atom.Blockquote:
		out = p.flush(out, top)
		if q := container(n, "blockquote"); len(q.Children) > 0 {
			out = append(out, q)
		}
		return out
	case atom.Br:
		p.run.WriteString(lineBreak)
		return out
	case atom.Div, atom.Section, atom.Article, atom.Aside, atom.Header, atom.Footer, atom.Nav,
		atom.Main, atom.Figure, atom.Fieldset, atom.Details, atom.Dl, atom.Dd, atom.Form,
		atom.Address, atom.Hgroup, atom.Search, atom.Li, atom.Tr, atom.Td, atom.Th, atom.Caption,
		atom.Thead, atom.Tbody, atom.Tfoot:
		// A box, or a part of a list or table out of its place: its
		// blocks are blocks here.
		out = p.flush(out, top)
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			out = p.blocks(out, c, top)
		}
		return p.flush(out, top)
	}
	// Inline markup (links, emphasis, code): its text runs on.
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		out = p.blocks(out, c, top)
	}
	return out
}

// container reads a list item, cell or quote: its blocks and the text
// written directly in it.
func container(n *html.Node, tag string) *Node {
	p := &parser{}
	var kids []*Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		kids = p.blocks(kids, c, false)
	}
	return &Node{Tag: tag, Children: p.flush(kids, false)}
}

// table reads a table's caption, row groups, rows and cells; nil when it
// has no rows. The HTML parser has already put every row in a row group
// and moved stray text out of the table.
func table(n *html.Node) *Node {
	t := &Node{Tag: "table"}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || skipped(c) {
			continue
		}
		switch c.DataAtom {
		case atom.Caption:
			if text := collapse(inline(c)); text != "" {
				t.Children = append(t.Children, &Node{Tag: "caption", Text: text})
			}
		case atom.Thead, atom.Tbody, atom.Tfoot:
			g := &Node{Tag: c.Data}
			for r := c.FirstChild; r != nil; r = r.NextSibling {
				if r.Type == html.ElementNode && r.DataAtom == atom.Tr && !skipped(r) {
					if row := tableRow(r); row != nil {
						g.Children = append(g.Children, row)
					}
				}
			}
			if len(g.Children) > 0 {
				t.Children = append(t.Children, g)
			}
		}
	}
	for _, c := range t.Children {
		if c.Tag != "caption" {
			return t
		}
	}
	return nil
}

// tableRow reads a row's cells; nil when it has none.
func tableRow(n *html.Node) *Node {
	row := &Node{Tag: "tr"}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == atom.Td || c.DataAtom == atom.Th) && !skipped(c) {
			row.Children = append(row.Children, container(c, c.Data))
		}
	}
	if len(row.Children) == 0 {
		return nil
	}
	return row
}

// lineBreak stands for a <br> while a block's text is collected, so that
// collapsing white space keeps it.
const lineBreak = "\uE000"

// inline returns the text of an element as it reads, with its markup
// dropped and <br> as lineBreak. A block inside inline content (a list in
// a legend) is read as text apart from the text before it.
func inline(n *html.Node) string {
	return elementText(n, lineBreak, " ")
}

// verbatim returns the text of a code block as written.
func verbatim(n *html.Node) string {
	return strings.ReplaceAll(elementText(n, "\n", ""), lineBreak, "")
}

// elementText collects the text below n, skipping what skipped leaves
// out, writing br for a <br> and apart around each child element.
func elementText(n *html.Node, br, apart string) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				b.WriteString(c.Data)
			case c.Type != html.ElementNode || skipped(c):
			case c.DataAtom == atom.Br:
				b.WriteString(br)
			default:
				b.WriteString(apart)
				walk(c)
				b.WriteString(apart)
			}
		}
	}
	walk(n)
	return b.String()
}

// collapse makes white space as HTML shows it: each run one space, none at
// the ends, and around a line break none at all. The line-break stand-in
// itself becomes "\n" (it is a private-use character, which no page's
// text holds; one that did would read as a line break, which is harmless).
func collapse(s string) string {
	var b strings.Builder
	space := false
	for _, f := range strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f'
	}) {
		if space {
			b.WriteByte(' ')
		}
		b.WriteString(f)
		space = true
	}
	out := b.String()
	if !strings.Contains(out, lineBreak) {
		return out
	}
	lines := strings.Split(out, lineBreak)
	kept := lines[:0]
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			kept = append(kept, l)
		}
	}
	return strings.Join(kept, "\n")
}
