package worddiff

import (
	"html"
	"html/template"
	"strings"
)

// Labels are the words TreeHTML writes around the marks, in the reader's
// language. Screen readers do not announce <ins> and <del>, so every mark
// holds visually hidden words saying where it starts and ends; a block
// added, removed or moved whole starts with a visible tag naming that.
// An empty label is left out.
type Labels struct {
	InsStart, InsEnd, DelStart, DelEnd string // "start på tillegg:" … "slutt på sletting"
	Added, Removed                     string // "Lagt til:", "Fjernet:"
	MovedAway, MovedHere               string // "Flyttet herfra:", "Flyttet hit:"
}

// TreeHTML renders a structural comparison as the page's own elements
// (h2, p, ul/ol/li, table/tr/td, pre, blockquote) with the changed words
// in <ins> and <del>. A block that changed, or was added, removed or
// moved whole, has the class diff-changed, diff-added, diff-removed,
// diff-moved-away or diff-moved-here; the blocks inside one added or
// removed whole are marked through their words only. Line breaks are
// <br>; a code block keeps its text as written.
func TreeHTML(cs []Change, l Labels) template.HTML {
	w := treeWriter{l: l}
	for _, c := range cs {
		w.block(c, false)
	}
	return template.HTML(w.b.String())
}

type treeWriter struct {
	b       strings.Builder
	l       Labels
	pending string // the tag of a block marked whole, for its first text
}

// block writes one block; marked says it is inside a block marked whole.
func (w *treeWriter) block(c Change, marked bool) {
	whole := c.Kind != Same && c.Kind != Changed
	if whole && !marked {
		w.pending = w.tagText(c.Kind)
	}
	leaf := (&Node{Tag: c.Tag}).leaf()
	if c.Tag != "" {
		w.b.WriteString("<")
		w.b.WriteString(c.Tag)
		if c.Kind != Same && !marked {
			w.b.WriteString(` class="diff-`)
			w.b.WriteString(c.Kind.String())
			w.b.WriteString(`"`)
		}
		w.b.WriteString(">")
		if c.Tag == "pre" {
			// The parser drops a line break right after <pre>: this one,
			// not the code's own first blank line.
			w.b.WriteString("\n")
		}
	}
	if leaf {
		w.writeTag(c.Tag == "pre")
		w.spans(c.Spans, c.Tag == "pre")
	} else {
		for _, k := range c.Children {
			w.block(k, marked || whole)
		}
		switch c.Tag {
		case "li", "td", "th", "blockquote": // an empty one still shows the tag
			w.writeTag(false)
		}
	}
	if c.Tag != "" {
		w.b.WriteString("</")
		w.b.WriteString(c.Tag)
		w.b.WriteString(">")
	}
	if whole && !marked {
		w.pending = "" // a table or list with no text at all
	}
	if c.Tag != "" && !inlineParent(c.Tag) {
		w.b.WriteByte('\n')
	}
}

// inlineParent reports whether a block sits where a line break would be
// text (inside a cell of a row) rather than between blocks.
func inlineParent(tag string) bool { return tag == "td" || tag == "th" }

func (w *treeWriter) tagText(k Kind) string {
	switch k {
	case Added:
		return w.l.Added
	case Removed:
		return w.l.Removed
	case MovedAway:
		return w.l.MovedAway
	case MovedHere:
		return w.l.MovedHere
	}
	return ""
}

// writeTag writes the pending tag of a block marked whole.
func (w *treeWriter) writeTag(pre bool) {
	if w.pending == "" {
		return
	}
	w.b.WriteString(`<span class="diff-tag">`)
	w.b.WriteString(html.EscapeString(w.pending))
	w.b.WriteString(`</span>`)
	if pre {
		w.b.WriteString("\n") // code keeps its first line's indentation
	} else {
		w.b.WriteString(" ")
	}
	w.pending = ""
}

// spans writes a leaf's text with its marks. The white space at the ends
// of a mark is written outside it, so that words are underlined or struck
// through and the spaces between them are not; a mark of white space alone
// is nothing a reader could see marked, so an inserted one is plain text
// and a deleted one is left out.
func (w *treeWriter) spans(spans []Span, pre bool) {
	for _, s := range spans {
		if s.Op == Equal {
			w.text(s.Text, pre)
			continue
		}
		body := strings.TrimSpace(s.Text)
		if body == "" {
			if s.Op == Insert {
				w.text(s.Text, pre)
			}
			continue
		}
		start := strings.Index(s.Text, body)
		el, open, close := "ins", w.l.InsStart, w.l.InsEnd
		if s.Op == Delete {
			el, open, close = "del", w.l.DelStart, w.l.DelEnd
		}
		w.text(s.Text[:start], pre)
		w.b.WriteString("<" + el + ">")
		if open != "" {
			w.b.WriteString(`<span class="visually-hidden">` + html.EscapeString(open) + ` </span>`)
		}
		w.text(body, pre)
		if close != "" {
			w.b.WriteString(`<span class="visually-hidden"> ` + html.EscapeString(close) + `</span>`)
		}
		w.b.WriteString("</" + el + ">")
		w.text(s.Text[start+len(body):], pre)
	}
}

// text writes escaped text; outside code, a line break is a <br>.
func (w *treeWriter) text(s string, pre bool) {
	s = html.EscapeString(s)
	if !pre {
		s = strings.ReplaceAll(s, "\n", "<br>")
	}
	w.b.WriteString(s)
}
