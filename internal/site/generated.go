package site

import "github.com/varde-portal/varde/internal/diag"

// addGenerated adds the pages that no content file describes: the 404 page
// and the search page, per language.
func (s *Site) addGenerated(diags *diag.List) {
	for _, lang := range s.Langs {
		if s.Home[lang] == nil {
			continue
		}
		nf := &Page{Kind: KindNotFound, Lang: lang, ID: "404", Type: "404", Path: s.langPrefix(lang) + "/404.html"}
		nf.Parent = s.Home[lang]
		s.add(nf, diags)
		if s.Config.SearchEnabled() {
			sp := &Page{Kind: KindSearch, Lang: lang, ID: "search", Type: "search", Path: s.langPrefix(lang) + "/sok/"}
			sp.Parent = s.Home[lang]
			s.add(sp, diags)
		}
	}
}

// AddSpecial adds a generated page with its own layout (e.g. "whatsnew").
// It is used by later stages that derive pages from the graph, before
// rendering starts.
func (s *Site) AddSpecial(p *Page, diags *diag.List) {
	p.Kind = KindSpecial
	if p.Parent == nil {
		p.Parent = s.Home[p.Lang]
	}
	s.add(p, diags)
}

// LangPrefix returns the URL path prefix of a language: "" for the default
// language, "/nn" for nynorsk.
func (s *Site) LangPrefix(lang string) string { return s.langPrefix(lang) }
