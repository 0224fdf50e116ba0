package build

import (
	"errors"
	"html/template"

	"github.com/varde-portal/varde/internal/checklist"
	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/render"
	"github.com/varde-portal/varde/internal/site"
)

// scalesByLang resolves the answer scales (built-in and from config.toml)
// with labels in each language; problems in config.toml are reported once.
func scalesByLang(cfg *config.Config, diags *diag.List) map[string]map[string]checklist.Scale {
	custom, err := checklist.DecodeScales(cfg.Scales)
	reported := map[string]bool{}
	reportScaleErrors(cfg, diags, err, reported)
	out := map[string]map[string]checklist.Scale{}
	for i, lang := range cfg.LanguageOrder {
		scales, err := checklist.Scales(lang, custom)
		if i == 0 {
			reportScaleErrors(cfg, diags, err, reported)
		}
		out[lang] = scales
	}
	return out
}

// reportScaleErrors reports each problem joined in err at the line of
// config.toml that holds its setting, once a setting: a value of the wrong
// kind is left unset by the decoding, and validation would add "missing"
// (score = 100.5 got both messages).
func reportScaleErrors(cfg *config.Config, diags *diag.List, err error, reported map[string]bool) {
	if err == nil {
		return
	}
	errs := []error{err}
	if many, ok := err.(interface{ Unwrap() []error }); ok {
		errs = many.Unwrap()
	}
	for _, e := range errs {
		line := 0
		var fe *checklist.FieldError
		if errors.As(e, &fe) {
			if reported[fe.Field] {
				continue
			}
			reported[fe.Field] = true
			line = cfg.Line(fe.Field)
		}
		diags.Errorf(config.File, line, "%v", e)
	}
}

// gatherChecklists gives every page's questions their page-level NSM
// references, checks that no question id is used on two different pages,
// and renders for each checklist page the questions it collects, grouped by
// source page. It returns the rendered groups by checklist page key.
func gatherChecklists(s *site.Site, scales map[string]map[string]checklist.Scale, r *render.Renderer, diags *diag.List) map[string][]template.HTML {
	var all []*checklist.Source
	byLang := map[string][]*checklist.Source{}
	for _, p := range contentInMenuOrder(s) {
		for _, q := range p.Questions {
			q.PageNSM = p.Source.Meta.NSM
		}
		src := &checklist.Source{PageID: p.ID, Title: p.Title, URL: p.URL, File: p.Source.File, Type: p.Type, Questions: p.Questions}
		all = append(all, src)
		byLang[p.Lang] = append(byLang[p.Lang], src)
	}
	diags.Add(checklist.CheckIDs(all)...)
	out := map[string][]template.HTML{}
	for _, lang := range s.Langs {
		t := r.T(lang)
		for _, p := range s.ContentPages(lang) {
			m := p.Source.Meta
			if p.Type != "checklist" {
				if len(m.Core) > 0 {
					diags.Warnf(p.Source.File, m.Lines["core"], "core has an effect only on a checklist page (type: checklist); this page is of type %s", p.Type)
				}
				continue
			}
			self := &checklist.Source{PageID: p.ID, Title: p.Title, URL: p.URL, File: p.Source.File, Type: p.Type, Questions: p.Questions}
			shown := append([]*checklist.Question(nil), p.Questions...)
			if len(m.Collect) > 0 {
				groups, ds := checklist.Collect(self, m.Collect, m.Lines["collect"], byLang[lang])
				diags.Add(ds...)
				for _, g := range groups {
					out[p.Key()] = append(out[p.Key()], checklist.GroupHTML(g, scales[lang], t, 3))
					shown = append(shown, g.Questions...)
				}
			}
			diags.Add(checklist.CheckCore(self, m.Core, m.Lines["core"], shown)...)
		}
	}
	return out
}

// contentInMenuOrder lists content pages as a reader meets them: home,
// then each section and its pages in the site's order, depth first.
func contentInMenuOrder(s *site.Site) []*site.Page {
	var out []*site.Page
	seen := map[*site.Page]bool{}
	var walk func(p *site.Page)
	walk = func(p *site.Page) {
		if p == nil || seen[p] {
			return
		}
		seen[p] = true
		if p.IsContent() {
			out = append(out, p)
		}
		for _, c := range p.Pages {
			walk(c)
		}
		for _, c := range p.Sections {
			walk(c)
		}
	}
	for _, lang := range s.Langs {
		walk(s.Home[lang])
	}
	for _, p := range s.Pages { // pages outside the tree (none today), for completeness
		if p.IsContent() && !seen[p] && (p.Kind == site.KindPage || p.Kind == site.KindSection) {
			out = append(out, p)
		}
	}
	return out
}
