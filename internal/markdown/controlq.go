package markdown

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/varde-portal/varde/internal/checklist"
	"github.com/varde-portal/varde/internal/diag"
)

// Control questions (docs/format.md, "Control questions"): every GitHub
// task-list item is a question.
//
//	## Ledelse og styring {#ledelse nsm="1.1"}
//	- [ ] Har kommunen en oppdatert behandlingsprotokoll? {#protokoll}
//	  Indented text under the item is guidance.
//
// The question is the item's first line, or the lines up to the one that
// ends with {#id}, or else up to the first line ending in '?'. What follows
// (the rest of that paragraph and the blocks indented under the item) is
// the guidance. The nearest heading above is the question's area; the
// nearest heading with an nsm attribute gives its NSM references.

// KindControlQuestion is the node kind of a control question.
var KindControlQuestion = ast.NewNodeKind("ControlQuestion")

// ControlQuestion replaces the content of a task-list item. Its first
// child is the question's paragraph (inline content only); the other
// children are the guidance blocks.
type ControlQuestion struct {
	ast.BaseBlock
	Question *checklist.Question
	Scale    checklist.Scale
	text     string
	levels   []levelText // the question's own level texts (controlqlevels.go)
}

// Kind implements ast.Node.
func (n *ControlQuestion) Kind() ast.NodeKind { return KindControlQuestion }

// Dump implements ast.Node.
func (n *ControlQuestion) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"ID": n.Question.ID, "Scale": n.Scale.Name}, nil)
}

// PlainText returns the question and its guidance, for search.
func (n *ControlQuestion) PlainText() string { return n.text }

// controlExtension turns task-list items into control questions.
type controlExtension struct{ opts Options }

func (e *controlExtension) Extend(m goldmark.Markdown) {
	scales := e.opts.Scales
	if scales == nil {
		scales, _ = checklist.Scales(e.opts.Lang, nil) // built-ins only: no error possible
	}
	t := e.opts.T
	if t == nil {
		t = func(k string) string { return k }
	}
	m.Parser().AddOptions(parser.WithASTTransformers(
		// After alerts (500), before collectTransformer (900), which must
		// see the questions' ids and resolve the links inside them.
		util.Prioritized(&controlTransformer{scales: scales}, 600),
	))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(&controlRenderer{md: m, t: t}, 500),
	))
}

type controlTransformer struct{ scales map[string]checklist.Scale }

// area is a heading as seen from the questions below it.
type area struct {
	level  int
	text   string
	id     string
	nsm    []string
	hasNSM bool
}

// pending is a task-list item being turned into a question.
type pending struct {
	item    *ast.ListItem
	q       *checklist.Question
	idLine  int    // line of the explicit id, for duplicate messages
	rawID   string // explicit id as written
	written bool   // a {#…} was written, valid or not
	hasID   bool   // the written id is valid and used
	guidTxt string
	levels  []levelText
}

func (t *controlTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if st == nil {
		return // a nested parse (e.g. of a quiz option) has no page
	}
	src := reader.Source()
	var items []*pending
	var stack []area
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			for len(stack) > 0 && stack[len(stack)-1].level >= n.Level {
				stack = stack[:len(stack)-1]
			}
			stack = append(stack, headingArea(st, n, src))
		case *ast.ListItem:
			if !isTaskItem(n) {
				return ast.WalkContinue, nil
			}
			p := &pending{item: n, q: &checklist.Question{PageID: st.doc.PageID}}
			if len(stack) > 0 {
				top := stack[len(stack)-1]
				p.q.Area, p.q.AreaID = top.text, top.id
			}
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i].hasNSM {
					p.q.NSM = stack[i].nsm
					break
				}
			}
			items = append(items, p)
			warnNested(st, n)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	if len(items) == 0 {
		return
	}

	name := st.doc.Scale
	if name == "" {
		name = checklist.DefaultScale
	}
	scale, ok := t.scales[name]
	if !ok {
		line := st.doc.ScaleLine
		if line == 0 {
			line = st.line(firstOffset(items[0].item))
		}
		st.errorAtLine(line,
			"scale %q is not defined (known: %s); name one of them in the page's front matter, or define [scales.%s] in config.toml",
			name, strings.Join(checklist.ScaleNames(t.scales), ", "), name)
		scale = t.scales[checklist.DefaultScale]
	}

	for _, p := range items {
		splitItem(st, src, p)
		p.levels = takeLevels(st, src, p, scale)
	}
	assignIDs(st, items)
	for _, p := range items {
		p.q.Scale = scale.Name
		if !ok {
			p.q.Scale = name // keep the page's (unknown) name on the model
		}
		// guidTxt was read before the level texts left the guidance, so
		// search finds them too.
		cq := &ControlQuestion{Question: p.q, Scale: scale, levels: p.levels, text: strings.TrimSpace(p.q.Text + "\n" + p.guidTxt)}
		cq.SetAttributeString("id", []byte("cq-"+p.q.ID))
		for c := p.item.FirstChild(); c != nil; {
			next := c.NextSibling()
			cq.AppendChild(cq, c)
			c = next
		}
		p.item.AppendChild(p.item, cq)
		p.item.SetAttributeString("class", []byte("cq-item"))
		if list := p.item.Parent(); list != nil {
			list.SetAttributeString("class", []byte("cq-list"))
		}
		st.res.Questions = append(st.res.Questions, p.q)
	}
	insertScaleNote(doc, items[0].item, scale)
}

// isTaskItem reports whether a list item starts with a GFM task checkbox.
func isTaskItem(li *ast.ListItem) bool {
	fc := li.FirstChild()
	if fc == nil {
		return false
	}
	switch fc.(type) {
	case *ast.Paragraph, *ast.TextBlock:
	default:
		return false
	}
	_, ok := fc.FirstChild().(*extast.TaskCheckBox)
	return ok
}

// warnNested reports task-list items inside a question's guidance: they
// stay plain checkboxes, which the editor may not expect.
func warnNested(st *state, item *ast.ListItem) {
	_ = ast.Walk(item, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if li, ok := n.(*ast.ListItem); ok && entering && li != item && isTaskItem(li) {
			st.warnf(firstOffset(li),
				"this task-list item is indented under the control question on line %d, so it is part of that question's guidance, not a question of its own; unindent it to make it one",
				st.line(firstOffset(item)))
		}
		return ast.WalkContinue, nil
	})
}

func firstOffset(n ast.Node) int {
	for c := n; c != nil; c = c.FirstChild() {
		if c.Type() == ast.TypeBlock && c.Lines().Len() > 0 {
			return c.Lines().At(0).Start
		}
	}
	return 0
}

// headingArea reads a heading's text, id and nsm attribute.
func headingArea(st *state, h *ast.Heading, src []byte) area {
	a := area{level: h.Level, text: inlineText(h, src)}
	if dropStyle(h) {
		st.warnAtLine(st.line(firstOffset(h)), "heading attribute style is left out: the portal's Content-Security-Policy does not allow inline styles, so browsers would ignore it and report a violation; give the heading a class (.name) and style it in the site's CSS")
	}
	if v, ok := h.AttributeString("id"); ok {
		a.id = attrString(v)
	}
	if v, ok := h.AttributeString("nsm"); ok {
		a.hasNSM = true
		for _, ref := range checklist.SplitNSM(attrString(v)) {
			if !checklist.ValidNSMRef(ref) {
				st.errorAtLine(st.line(firstOffset(h)),
					"heading attribute nsm: %q is not a reference to NSM grunnprinsipper such as \"2.3.1\" (a category 1–4, then principle and measure numbers)", ref)
				continue
			}
			a.nsm = append(a.nsm, ref)
		}
	}
	return a
}

// dropStyle removes a heading's style attribute, which goldmark would
// write: the Content-Security-Policy of every page forbids inline style,
// so it would only make browsers report a violation. It reports whether
// there was one.
func dropStyle(h *ast.Heading) bool {
	attrs := h.Attributes()
	found := false
	for _, a := range attrs {
		found = found || strings.EqualFold(string(a.Name), "style")
	}
	if !found {
		return false
	}
	h.RemoveAttributes()
	for _, a := range attrs {
		if !strings.EqualFold(string(a.Name), "style") {
			h.SetAttribute(a.Name, a.Value)
		}
	}
	return true
}

// attrString turns a goldmark attribute value into text: nsm="1.2 2.3",
// nsm=2 and nsm=["1.2", "2.3"] are all accepted.
func attrString(v any) string {
	switch v := v.(type) {
	case []byte:
		return string(v)
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = attrString(e)
		}
		return strings.Join(parts, " ")
	}
	return fmt.Sprint(v)
}

// trailingID matches "{#id}" at the end of a line.
var trailingID = regexp.MustCompile(`\{#([^{}]*)\}$`)

// splitItem removes the checkbox and the {#id}, and splits the item's first
// paragraph into the question and the guidance that follows it.
func splitItem(st *state, src []byte, p *pending) {
	para := p.item.FirstChild()
	box, _ := para.FirstChild().(*extast.TaskCheckBox)
	para.RemoveChild(para, para.FirstChild()) // the TaskCheckBox
	lines := para.Lines()
	p.q.Line = st.line(lines.At(0).Start)
	if box != nil && box.IsChecked {
		// On the git host it looks answered; in the portal every reader
		// answers for themselves.
		st.warnf(lines.At(0).Start, "control question written as ticked (- [x]): the portal shows it unanswered, since each reader gives their own answer; write - [ ]")
	}

	// Find the question's last line and the {#id} on it.
	qEnd, cut := -1, -1
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		v := bytes.TrimRight(seg.Value(src), " \t\r\n")
		if m := trailingID.FindSubmatchIndex(v); m != nil {
			qEnd, cut = i, seg.Start+m[0]
			p.rawID, p.written, p.hasID = strings.TrimSpace(string(v[m[2]:m[3]])), true, true
			p.idLine = st.line(seg.Start)
			break
		}
	}
	if qEnd < 0 {
		qEnd = 0
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			if bytes.HasSuffix(bytes.TrimRight(seg.Value(src), " \t\r\n\\"), []byte("?")) {
				qEnd = i
				break
			}
		}
	}

	// Move the inline nodes after the question's last line to a guidance
	// paragraph, and drop those from the {#id} on.
	var guide *ast.Paragraph
	if qEnd+1 < lines.Len() {
		guide = ast.NewParagraph()
		rest := text.NewSegments()
		for i := qEnd + 1; i < lines.Len(); i++ {
			rest.Append(lines.At(i))
		}
		guide.SetLines(rest)
	}
	lineOf := func(pos int) int {
		return sort.Search(lines.Len(), func(i int) bool { return lines.At(i).Stop > pos })
	}
	line, afterCut, prevBreak := 0, false, false
	var lastQ *ast.Text
	for c := para.FirstChild(); c != nil; {
		next := c.NextSibling()
		if pos := inlineStart(c); pos >= 0 {
			line = lineOf(pos)
		} else if prevBreak {
			line++
		}
		txt, isText := c.(*ast.Text)
		prevBreak = isText && (txt.SoftLineBreak() || txt.HardLineBreak())
		switch {
		case line > qEnd && guide != nil:
			guide.AppendChild(guide, c)
		case line == qEnd && cut >= 0 && (afterCut || inlineStart(c) >= cut):
			afterCut = true
			para.RemoveChild(para, c)
		case isText && cut >= 0 && txt.Segment.Start < cut && txt.Segment.Stop > cut:
			txt.Segment = txt.Segment.WithStop(cut)
			afterCut = true
			lastQ = txt
		default:
			if isText {
				lastQ = txt
			} else {
				lastQ = nil
			}
		}
		c = next
	}
	if lastQ != nil {
		lastQ.Segment = lastQ.Segment.TrimRightSpace(src)
		lastQ.SetSoftLineBreak(false)
		lastQ.SetHardLineBreak(false)
		if lastQ.Segment.IsEmpty() {
			para.RemoveChild(para, lastQ)
		}
	}
	q := text.NewSegments()
	for i := 0; i <= qEnd; i++ {
		q.Append(lines.At(i))
	}
	para.SetLines(q)
	if guide != nil && guide.HasChildren() {
		p.item.InsertAfter(p.item, para, guide)
	}

	// Guidance blocks render as paragraphs even in a tight list.
	var gtext []string
	for c := para.NextSibling(); c != nil; {
		next := c.NextSibling()
		if tb, ok := c.(*ast.TextBlock); ok {
			np := ast.NewParagraph()
			np.SetLines(tb.Lines())
			for cc := tb.FirstChild(); cc != nil; {
				nn := cc.NextSibling()
				np.AppendChild(np, cc)
				cc = nn
			}
			p.item.ReplaceChild(p.item, tb, np)
			c = np
		}
		gtext = append(gtext, plainText(c, src))
		c = next
	}
	p.guidTxt = strings.Join(gtext, "\n")
	p.q.Text = inlineText(para, src)
	if p.q.Text == "" {
		st.errorAtLine(p.q.Line, "control question has no text; write the question after \"- [ ]\"")
	}
}

// inlineStart returns the source offset where an inline node starts, or -1
// when it holds no text to tell.
func inlineStart(n ast.Node) int {
	switch n := n.(type) {
	case *ast.Text:
		return n.Segment.Start
	case *ast.RawHTML:
		if n.Segments.Len() > 0 {
			return n.Segments.At(0).Start
		}
		return -1
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if pos := inlineStart(c); pos >= 0 {
			return pos
		}
	}
	return -1
}

// assignIDs checks explicit ids and derives the missing ones, so that a
// derived id never takes an id written explicitly further down.
func assignIDs(st *state, items []*pending) {
	taken := map[string]int{} // id → line
	for _, p := range items {
		if !p.hasID {
			continue
		}
		id := p.rawID
		if !checklist.ValidID(id) && checklist.ValidID(id[:min(len(id), 100)]) {
			st.errorAtLine(p.idLine, "control question id {#%s} is %d characters long; an id may have at most 100, for example {#%s}",
				id, len(id), fallbackID(p.q.Text))
			p.hasID = false
			continue
		}
		if !checklist.ValidID(id) {
			st.errorAtLine(p.idLine,
				"control question id {#%s} may only hold letters, digits, '-', '_' and '.', starting with a letter or digit; for example {#%s}",
				id, fallbackID(p.q.Text))
			p.hasID = false // derive one to render with; the build stops anyway
			continue
		}
		if first, dup := taken[id]; dup {
			st.errorAtLine(p.idLine, "control question id {#%s} is already used on line %d; ids must be unique on a page", id, first)
			id = checklist.UniqueID(id, func(s string) bool { _, ok := taken[s]; return ok })
		}
		taken[id] = p.idLine
		p.q.ID, p.q.ExplicitID = id, true
	}
	for _, p := range items {
		if p.hasID {
			continue
		}
		id := checklist.UniqueID(fallbackID(p.q.Text), func(s string) bool { _, ok := taken[s]; return ok })
		taken[id] = p.q.Line
		p.q.ID = id
		if !p.written {
			st.res.Diags = append(st.res.Diags, diag.Warnf(st.doc.File, p.q.Line,
				"control question has no {#id}; answers are kept by id, so add one: {#%s}", id))
		}
	}
}

func fallbackID(text string) string {
	if id := checklist.DeriveID(text); id != "" {
		return id
	}
	return "sporsmal"
}

// controlRenderer renders a ControlQuestion with checklist.RenderQuestion,
// the renderer the checklist pages use too. It renders the question's
// inline content and the guidance with the full goldmark renderer first,
// so links, emphasis and code in them work as anywhere else.
type controlRenderer struct {
	md goldmark.Markdown
	t  func(string) string
}

func (r *controlRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindControlQuestion, r.render)
	reg.Register(KindScaleNote, r.renderNote)
}

func (r *controlRenderer) render(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	cq := n.(*ControlQuestion)
	var qb, gb bytes.Buffer
	first := cq.FirstChild()
	if first != nil {
		for c := first.FirstChild(); c != nil; c = c.NextSibling() {
			if err := r.md.Renderer().Render(&qb, src, c); err != nil {
				return ast.WalkStop, err
			}
		}
		for c := first.NextSibling(); c != nil; c = c.NextSibling() {
			if err := r.md.Renderer().Render(&gb, src, c); err != nil {
				return ast.WalkStop, err
			}
		}
	}
	cq.Question.HTML = strings.TrimSpace(qb.String())
	cq.Question.Guidance = gb.String()
	if err := r.renderLevels(cq, src); err != nil {
		return ast.WalkStop, err
	}
	if err := checklist.RenderQuestion(w, cq.Question, cq.Scale, r.t, checklist.RenderOptions{}); err != nil {
		return ast.WalkStop, err
	}
	return ast.WalkSkipChildren, nil
}
