package checklist

import (
	"reflect"
	"strings"
	"testing"

	"github.com/varde-portal/varde/internal/diag"
)

func src(id, typ string, qs ...*Question) *Source {
	s := &Source{PageID: id, Title: strings.ToUpper(id), URL: "/" + id + "/", File: "content/" + id + ".md", Type: typ, Questions: qs}
	for _, q := range qs {
		q.PageID = id
	}
	return s
}

func qu(id string, line int) *Question { return &Question{ID: id, Line: line} }

func TestCollect(t *testing.T) {
	pool := func() []*Source {
		return []*Source{
			src("ledelse", "onepager", qu("protokoll", 10), qu("ansvar", 14)),
			src("ros", "onepager", qu("ros-arlig", 7)),
			src("tom", "onepager"),
			src("sjekk", "checklist", qu("egen", 20)),
			src("annen-sjekk", "checklist", qu("annen", 5)),
			src("dobbel", "onepager", qu("protokoll", 30)),
		}
	}
	tests := []struct {
		name    string
		own     []*Question
		collect []string
		groups  []string
		diags   []string // "file:line: severity: message fragment"
	}{
		{name: "explicit, in collect order", collect: []string{"ros", "ledelse"}, groups: []string{"ros", "ledelse"}},
		// dobbel.md reuses an id of ledelse.md: CheckIDs reports that, once.
		{name: "all skips checklist pages, empty pages and itself", collect: []string{"all"}, groups: []string{"ledelse", "ros", "dobbel"}},
		{name: "unknown id", collect: []string{"ledelse", "roz", "finnes-ikke"}, groups: []string{"ledelse"},
			diags: []string{
				`content/sjekk.md:4: error: collect: no page has the id "roz" (did you mean "ros"?)`,
				`content/sjekk.md:4: error: collect: no page has the id "finnes-ikke"`,
			}},
		{name: "warnings", collect: []string{"tom", "ros", "ros", "sjekk"}, groups: []string{"ros"},
			diags: []string{
				`content/sjekk.md:4: warning: collect: page "tom" (content/tom.md) has no control questions`,
				`content/sjekk.md:4: warning: collect: "ros" is listed twice`,
				`content/sjekk.md:4: warning: collect: "sjekk" is this page itself`,
			}},
		{name: "all beside ids", collect: []string{"ros", "all"}, groups: []string{"ledelse", "ros", "dobbel"},
			diags: []string{
				`content/sjekk.md:4: warning: collect: "all" already gathers every page`,
			}},
		{name: "explicit checklist page", collect: []string{"annen-sjekk"}, groups: []string{"annen-sjekk"}},
		{name: "nothing to collect", collect: nil, groups: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := pool()
			page := p[3]
			if tt.own != nil {
				page.Questions = tt.own
			}
			groups, ds := Collect(page, tt.collect, 4, p)
			var ids []string
			for _, g := range groups {
				ids = append(ids, g.PageID)
			}
			if !reflect.DeepEqual(ids, tt.groups) {
				t.Errorf("groups = %q, want %q", ids, tt.groups)
			}
			checkDiags(t, ds, tt.diags)
		})
	}
}

// checkDiags compares diagnostics with expected "file:line: severity: msg"
// prefixes, in order.
func checkDiags(t *testing.T, ds []diag.Diagnostic, want []string) {
	t.Helper()
	if len(ds) != len(want) {
		t.Fatalf("diagnostics = %v, want %d: %q", ds, len(want), want)
	}
	for i, d := range ds {
		if !strings.HasPrefix(d.String(), want[i]) {
			t.Errorf("diagnostic %d = %q, want prefix %q", i, d.String(), want[i])
		}
	}
}

func TestCollectKeepsSourceOrder(t *testing.T) {
	a := src("a", "onepager", qu("q3", 3), qu("q1", 9), qu("q2", 12))
	page := src("s", "checklist")
	groups, ds := Collect(page, []string{"a"}, 2, []*Source{a})
	if len(ds) != 0 || len(groups) != 1 {
		t.Fatalf("groups %v diags %v", groups, ds)
	}
	var ids []string
	for _, q := range groups[0].Questions {
		ids = append(ids, q.ID)
	}
	if !reflect.DeepEqual(ids, []string{"q3", "q1", "q2"}) {
		t.Errorf("order = %q", ids)
	}
}

func TestCheckIDs(t *testing.T) {
	nb := src("ledelse", "onepager", qu("protokoll", 10), qu("ansvar", 14))
	nn := src("ledelse", "onepager", qu("protokoll", 10), qu("ansvar", 14))
	nn.File = "content/ledelse.nn.md"
	other := src("ros", "onepager", qu("ros", 3), qu("ansvar", 8))
	checkDiags(t, CheckIDs([]*Source{nb, nn}), nil) // translations share ids
	checkDiags(t, CheckIDs([]*Source{nb, nn, other}), []string{
		`content/ros.md:8: error: control question id "ansvar" is also used at content/ledelse.md:14; answers are kept by id`,
	})
	nb.Questions[1].Scale = "status"
	nn.Questions[1] = &Question{ID: "ansvar", Line: 14, Scale: "maturity"}
	checkDiags(t, CheckIDs([]*Source{nb, nn}), []string{
		`content/ledelse.nn.md:14: warning: control question "ansvar" has the scale "maturity" here but "status" in the translation content/ledelse.md:14`,
	})
}
