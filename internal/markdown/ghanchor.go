package markdown

import (
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Headings get ids with Norwegian-friendly ASCII slugs ("slik-gjor-du-det"),
// while git hosts such as GitHub and GitLab keep the letters
// ("slik-gjør-du-det"). Editors preview their links on the git host
// (docs/format.md), so a heading whose git-host id differs from its own also
// carries that id, on an empty element at its start: a link written either
// way resolves, on the host and in the portal.

// kindHostAnchor is the empty element that carries a heading's git-host id.
var kindHostAnchor = ast.NewNodeKind("HostAnchor")

type hostAnchor struct {
	ast.BaseInline
	id string
}

func (n *hostAnchor) Kind() ast.NodeKind { return kindHostAnchor }

func (n *hostAnchor) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"id": n.id}, nil)
}

// hostSlug makes a heading's id the way GitHub does: lower case, letters,
// digits, '-' and '_' kept, spaces made '-', anything else dropped.
func hostSlug(text string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(text) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '-' || r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

// addHostAnchor gives heading h (with id, its text as given) its git-host
// id, as one more anchor of the page, when that differs from id and names
// nothing else on the page. A heading with an id of its own ({#id}) gets
// none: the git host shows that id as text and makes no useful one.
func (st *state) addHostAnchor(h *ast.Heading, id, text string) {
	if st.ids == nil || !st.ids.generated[id] {
		return
	}
	host := hostSlug(text)
	if host == "" || host == id || st.res.Anchors[host] {
		return
	}
	st.res.Anchors[host] = true
	h.InsertBefore(h, h.FirstChild(), &hostAnchor{id: host})
}

type hostAnchorRenderer struct{}

func (hostAnchorRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindHostAnchor, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(`<span id="`)
			_, _ = w.Write(util.EscapeHTML([]byte(n.(*hostAnchor).id)))
			_, _ = w.WriteString(`"></span>`)
		}
		return ast.WalkSkipChildren, nil
	})
}
