package site

import (
	"path"
	"strings"

	"github.com/varde-portal/varde/internal/diag"
)

// normExample is a first-person norm per language, for the message that
// asks for one.
var normExample = map[string]string{"nn": "Eg låser skjermen når eg går frå", "en": "I lock my screen when I leave"}

// Validate applies the rules each page type sets for its front matter (a
// one-pager needs a description, a norm its statement, a course a quiz)
// and checks that aliases name free addresses.
func (s *Site) Validate() []diag.Diagnostic {
	var diags diag.List
	s.validateAliases(&diags)
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
				example := normExample[p.Lang]
				if example == "" {
					example = "Jeg låser skjermen når jeg går fra"
				}
				diags.Errorf(file, 1, "a norm needs a statement: the norm in the first person, e.g. statement: \"%s\"", example)
			}
		case "course":
			if len(p.Quizzes) == 0 {
				diags.Warnf(file, 1, "a course without a quiz can never be passed: add at least one ```quiz block (its questions make the course score)")
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

// validateAliases reports an alias that is the address of a page (the
// redirect would replace it) or of another alias (one would be lost).
func (s *Site) validateAliases(diags *diag.List) {
	taken := map[string]*Page{}
	for _, p := range s.Pages {
		if !p.IsContent() {
			continue
		}
		for _, a := range p.Aliases {
			line := p.Source.Meta.Lines["aliases"]
			if q := s.ByPath(a); q != nil {
				diags.Errorf(p.Source.File, line, "alias %s is the address of another page (%s); remove it or choose another", a, q.Describe())
				continue
			}
			if q := taken[a]; q != nil && q != p {
				diags.Errorf(p.Source.File, line, "alias %s is also an alias of %s; one address can lead to one page only", a, q.Describe())
				continue
			}
			taken[a] = p
		}
	}
}

// aliasPath resolves an alias from the front matter of the page at
// pagePath to the site path its redirect is written at, as Hugo does: from
// the site root when it starts with a slash, else from the page's folder
// ("gammel-dpia" on /veiledere/dpia/ is /veiledere/gammel-dpia/). It ends
// in a slash unless it names a file.
func aliasPath(pagePath, a string) string {
	if !strings.HasPrefix(a, "/") {
		a = path.Join(path.Dir(strings.TrimSuffix(pagePath, "/")), a)
	}
	a = path.Clean("/" + a)
	if path.Ext(a) == "" && a != "/" {
		a += "/"
	}
	return a
}

// Describe names a page in a message: its file, or for a generated page
// its address.
func (p *Page) Describe() string {
	if p.Source != nil {
		return p.Source.File
	}
	return "page " + p.Path
}
