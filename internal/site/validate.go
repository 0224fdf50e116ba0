package site

import "github.com/varde-portal/varde/internal/diag"

// Validate applies the rules each page type sets for its front matter: a
// one-pager needs a description, a norm needs its statement, a checklist's
// collect names pages.
func (s *Site) Validate() []diag.Diagnostic {
	var diags diag.List
	for _, p := range s.Pages {
		if !p.IsContent() || p.Kind != KindPage {
			continue
		}
		m := p.Source.Meta
		file := p.Source.File
		switch p.Type {
		case "onepager":
			if m.Description == "" {
				diags.Errorf(file, 1, "a one-pager needs a description: one sentence that sums it up (shown in lists, search and meta tags)")
			}
		case "norm":
			if m.Statement == "" {
				diags.Errorf(file, 1, "a norm needs a statement: the norm in the first person, e.g. statement: \"Jeg låser skjermen når jeg går fra\"")
			}
		}
		if len(m.Collect) > 0 && p.Type != "checklist" {
			diags.Warnf(file, m.Lines["collect"], "collect only has an effect on checklist pages (this page's type is %s)", p.Type)
		}
		if m.Pass != 0 && p.Type != "course" {
			diags.Warnf(file, m.Lines["pass"], "pass only has an effect on course pages (this page's type is %s)", p.Type)
		}
	}
	return diags.Items()
}
