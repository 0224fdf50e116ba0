package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindAlert is the node kind of a GitHub-style alert (> [!NOTE]).
var KindAlert = ast.NewNodeKind("Alert")

// Alert is a blockquote that starts with [!NOTE], [!TIP], [!IMPORTANT],
// [!WARNING] or [!CAUTION]; it renders as a labelled callout.
type Alert struct {
	ast.BaseBlock
	AlertType string // note, tip, important, warning, caution
}

// Kind implements ast.Node.
func (n *Alert) Kind() ast.NodeKind { return KindAlert }

// Dump implements ast.Node.
func (n *Alert) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"AlertType": n.AlertType}, nil)
}

var alertTypes = map[string]string{
	"[!NOTE]": "note", "[!TIP]": "tip", "[!IMPORTANT]": "important",
	"[!WARNING]": "warning", "[!CAUTION]": "caution",
}

type alertTransformer struct{}

func (alertTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var quotes []*ast.Blockquote
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if bq, ok := n.(*ast.Blockquote); ok && entering {
			quotes = append(quotes, bq)
		}
		return ast.WalkContinue, nil
	})
	for _, bq := range quotes {
		para, ok := bq.FirstChild().(*ast.Paragraph)
		if !ok || para.Lines().Len() == 0 {
			continue
		}
		first := para.Lines().At(0)
		kind, ok := alertTypes[string(bytes.ToUpper(bytes.TrimSpace(first.Value(src))))]
		if !ok {
			continue
		}
		// Drop the inline nodes of the marker line, up to its line break.
		for c := para.FirstChild(); c != nil; {
			next := c.NextSibling()
			end := false
			if t, ok := c.(*ast.Text); ok {
				end = t.SoftLineBreak() || t.HardLineBreak()
			}
			para.RemoveChild(para, c)
			c = next
			if end {
				break
			}
		}
		lines := para.Lines()
		rest := text.NewSegments()
		for i := 1; i < lines.Len(); i++ {
			rest.Append(lines.At(i))
		}
		para.SetLines(rest)
		alert := &Alert{AlertType: kind}
		parent := bq.Parent()
		parent.ReplaceChild(parent, bq, alert)
		for c := bq.FirstChild(); c != nil; {
			next := c.NextSibling()
			if c == para && !para.HasChildren() {
				c = next
				continue
			}
			alert.AppendChild(alert, c)
			c = next
		}
	}
}

type alertRenderer struct{ t func(string) string }

func (r *alertRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindAlert, r.render)
}

func (r *alertRenderer) render(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	a := n.(*Alert)
	if entering {
		// role="note", never "alert": a callout is static text, and an alert
		// role would make screen readers interrupt on page load.
		_, _ = w.WriteString(`<div class="alert alert-` + a.AlertType + `" role="note"><p class="alert-title">`)
		_, _ = w.Write(util.EscapeHTML([]byte(r.t("alert." + a.AlertType))))
		_, _ = w.WriteString("</p>\n")
	} else {
		_, _ = w.WriteString("</div>\n")
	}
	return ast.WalkContinue, nil
}
