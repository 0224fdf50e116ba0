package markdown

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"

	"github.com/varde-portal/varde/internal/checklist"
)

// A control question may say what each level of its scale means for it,
// as a list in its guidance whose items start with a level:
//
//	- [ ] Kan dere vise vedtatte mål? {#kd-ledelse-mal}
//	  Mål gjør det mulig å prioritere.
//
//	  - Nivå 1: Det finnes ingen vedtatte mål.
//	  - Nivå 2: Mål finnes, men er gamle eller ukjente for lederne.
//	  - Nivå 3: Målene er vedtatt og kjent i ledergruppen.
//	  - Nivå 4: Målene har måltall som følges opp hvert år.
//
// "Nivå" (or "Level") is optional: "- 1: …" and, on a configured scale,
// "- gronn: …" work too. The list leaves the guidance; its texts stand
// beside the answers (checklist.Question.Levels). The scale's general
// level texts are shown once on the page instead (ScaleNote).

// levelText is one level text of a question: the block that holds it,
// with the "Nivå 1:" in front cut off.
type levelText struct {
	value string
	block ast.Node
}

// levelPrefix matches "Nivå 1: ", "level 2: " or "gronn: " at the start of
// a list item; group 1 is the word, group 2 the level's value.
var levelPrefix = regexp.MustCompile(`^(?i:(nivå|level)\s+)?([A-Za-z0-9][A-Za-z0-9.-]*)\s*:\s*`)

// matchLevel reads the level prefix of a list item's first block: its
// value, whether "Nivå"/"Level" was written, and the source offset where
// the text after it starts. ok is false when the block does not start so.
func matchLevel(block ast.Node, src []byte) (value string, word bool, cut int, ok bool) {
	if block == nil || block.Lines().Len() == 0 {
		return "", false, 0, false
	}
	seg := block.Lines().At(0)
	m := levelPrefix.FindSubmatchIndex(seg.Value(src))
	if m == nil {
		return "", false, 0, false
	}
	return string(seg.Value(src)[m[4]:m[5]]), m[2] >= 0, seg.Start + m[1], true
}

// takeLevels finds the list of level texts among a question's guidance
// blocks, removes it from the guidance and returns its texts. A list is
// one when its first item starts with a level of the scale, or with
// "Nivå"/"Level" and a value (then a value the scale lacks is an error).
// Every item of it must name a level of the scale once; levels left out
// are a warning (the reader sees their label alone).
func takeLevels(st *state, src []byte, p *pending, s checklist.Scale) []levelText {
	if s.IsCheck() {
		return nil
	}
	values := make([]string, len(s.Levels))
	for i, l := range s.Levels {
		values[i] = l.Value
	}
	var out []levelText
	listLine := 0
	for c := p.item.FirstChild(); c != nil; {
		next := c.NextSibling()
		list, isList := c.(*ast.List)
		if !isList || c == p.item.FirstChild() || list.FirstChild() == nil {
			c = next
			continue
		}
		value, word, _, ok := matchLevel(list.FirstChild().FirstChild(), src)
		if _, known := s.Level(value); !ok || (!known && !word) {
			c = next
			continue
		}
		line := st.line(firstOffset(list))
		if listLine != 0 {
			st.errorAtLine(line, "this control question gives its level texts twice (also on line %d); keep one list", listLine)
			c = next
			continue
		}
		listLine = line
		seen := map[string]int{}
		for item := list.FirstChild(); item != nil; item = item.NextSibling() {
			block := item.FirstChild()
			itemLine := st.line(firstOffset(item))
			value, _, cut, ok := matchLevel(block, src)
			_, known := s.Level(value)
			switch {
			case !ok:
				st.errorAtLine(itemLine, "this list gives the question's level texts, so each item starts with a level and a colon, such as \"Nivå %s: …\"", values[0])
				continue
			case !known:
				st.errorAtLine(itemLine, "%q is not a level of the scale %s (its levels: %s)", value, s.Name, strings.Join(values, ", "))
				continue
			case seen[value] != 0:
				st.errorAtLine(itemLine, "level %s already has a text on line %d", value, seen[value])
				continue
			case block.NextSibling() != nil:
				st.errorAtLine(itemLine, "the text of level %s is one paragraph; put more under the question's guidance", value)
			}
			seen[value] = itemLine
			if !cutInline(block, cut) {
				st.errorAtLine(itemLine, "write \"Nivå %s:\" as plain text at the start of the item, without emphasis or links", value)
				continue
			}
			if strings.TrimSpace(inlineText(block, src)) == "" {
				st.errorAtLine(itemLine, "level %s has no text after the colon", value)
				continue
			}
			out = append(out, levelText{value: value, block: block})
		}
		var missing []string
		for _, v := range values {
			if l, _ := s.Level(v); seen[v] == 0 && l.Score != checklist.Excluded {
				missing = append(missing, v)
			}
		}
		if len(missing) > 0 && len(out) > 0 {
			st.warnf(firstOffset(list), "this control question has no text of its own for level %s; readers see the level's name alone there", strings.Join(missing, ", "))
		}
		p.item.RemoveChild(p.item, c)
		c = next
	}
	return out
}

// cutInline removes the inline content of block before the source offset
// cut. It reports false when a node other than text starts before it.
func cutInline(block ast.Node, cut int) bool {
	for c := block.FirstChild(); c != nil; {
		next := c.NextSibling()
		txt, ok := c.(*ast.Text)
		if !ok {
			return inlineStart(c) >= cut
		}
		switch {
		case txt.Segment.Stop <= cut:
			block.RemoveChild(block, c)
		case txt.Segment.Start < cut:
			txt.Segment = txt.Segment.WithStart(cut)
			return true
		default:
			return true
		}
		c = next
	}
	return true
}

// renderLevels renders the level texts as inline HTML into the question.
func (r *controlRenderer) renderLevels(cq *ControlQuestion, src []byte) error {
	if len(cq.levels) == 0 {
		return nil
	}
	cq.Question.Levels = make(map[string]string, len(cq.levels))
	for _, l := range cq.levels {
		var b bytes.Buffer
		for c := l.block.FirstChild(); c != nil; c = c.NextSibling() {
			if err := r.md.Renderer().Render(&b, src, c); err != nil {
				return err
			}
		}
		cq.Question.Levels[l.value] = strings.TrimSpace(b.String())
	}
	return nil
}

// KindScaleNote is the node kind of a scale note.
var KindScaleNote = ast.NewNodeKind("ScaleNote")

// ScaleNote stands once on a page before its first control question when
// the page's scale describes its levels: the general descriptions, behind
// a disclosure, rendered by checklist.RenderScaleNote.
type ScaleNote struct {
	ast.BaseBlock
	Scale checklist.Scale
}

// Kind implements ast.Node.
func (n *ScaleNote) Kind() ast.NodeKind { return KindScaleNote }

// Dump implements ast.Node.
func (n *ScaleNote) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Scale": n.Scale.Name}, nil)
}

// insertScaleNote puts the scale note before the page's first question:
// before the heading that names its area when that heading stands just
// above the question's list, so the note is read before the first area.
func insertScaleNote(doc *ast.Document, first *ast.ListItem, s checklist.Scale) {
	if !s.Described() || first == nil {
		return
	}
	top := ast.Node(first)
	for top.Parent() != nil && top.Parent() != ast.Node(doc) {
		top = top.Parent()
	}
	if top.Parent() == nil {
		return
	}
	if h, ok := top.PreviousSibling().(*ast.Heading); ok {
		top = h
	}
	doc.InsertBefore(doc, top, &ScaleNote{Scale: s})
}

func (r *controlRenderer) renderNote(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	if err := checklist.RenderScaleNote(w, n.(*ScaleNote).Scale, r.t); err != nil {
		return ast.WalkStop, err
	}
	return ast.WalkSkipChildren, nil
}

var _ renderer.NodeRendererFunc = (*controlRenderer)(nil).renderNote
