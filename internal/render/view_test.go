package render

import (
	"testing"

	"github.com/varde-portal/varde/internal/checklist"
	"github.com/varde-portal/varde/internal/site"
)

// A one-pager with control questions loads the answering module only; the
// checklist page's overview, report and exports (checklist-page.js) load on
// checklist pages, which hold questions or gather them from other pages.
func TestChecklistModulesByPage(t *testing.T) {
	q := []*checklist.Question{{}}
	for _, c := range []struct {
		name              string
		page              *site.Page
		extra             map[string]any
		checklist, cqPage bool
	}{
		{"one-pager with questions", &site.Page{Type: "onepager", Questions: q}, nil, true, false},
		{"checklist page", &site.Page{Type: "checklist", Questions: q}, nil, true, true},
		{"checklist page that only gathers", &site.Page{Type: "checklist"}, map[string]any{"collected": []string{"x"}}, true, true},
		{"checklist-typed page without questions", &site.Page{Type: "checklist"}, nil, false, false},
		{"page without questions", &site.Page{Type: "page"}, nil, false, false},
	} {
		v := &View{Page: c.page, Extra: c.extra}
		if got := v.uses("checklist"); got != c.checklist {
			t.Errorf("%s: uses(checklist) = %v, want %v", c.name, got, c.checklist)
		}
		if got := v.uses("checklist-page"); got != c.cqPage {
			t.Errorf("%s: uses(checklist-page) = %v, want %v", c.name, got, c.cqPage)
		}
	}
}
