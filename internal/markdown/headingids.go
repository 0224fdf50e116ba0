package markdown

import (
	"github.com/yuin/goldmark/ast"

	"github.com/varde-portal/varde/internal/slug"
)

// checkHeadingIDs reports the heading ids an editor gave that cannot work:
// an empty one ({#}) and one that another heading of the page already has.
// Generated ids are made unique (ids.Generate), given ones are not, so two
// headings with {#mål} sent every link to the first and broke the HTML.
// headings are the page's headings in order, ids their ids.
func checkHeadingIDs(st *state, headings []*ast.Heading, ids []Heading) {
	first := map[string]int{} // id → line of the first heading with it
	for i, h := range headings {
		line := st.doc.LineOffset + 1
		if h.Lines().Len() > 0 {
			line = st.line(h.Lines().At(0).Start)
		}
		id := ids[i].ID
		if id == "" {
			suggestion := slug.Make(ids[i].Text)
			if suggestion == "" {
				suggestion = "del"
			}
			st.errorAtLine(line, "the heading's id is empty ({#}): write a name after #, e.g. {#%s}, or remove {#}", suggestion)
			continue
		}
		if at, ok := first[id]; ok {
			st.errorAtLine(line, "heading id #%s is already used by the heading on line %d, so links to it would all lead there: give this heading another {#id}", id, at)
			continue
		}
		first[id] = line
	}
}
