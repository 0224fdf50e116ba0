package site

import (
	"strings"

	"github.com/varde-portal/varde/internal/content"
	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/slug"
)

// Taxonomies are the front matter fields that group pages, in menu order.
var Taxonomies = []string{"audience", "topics"}

// Audiences are the audiences docs/format.md lists, by slug; the theme names
// each in every language (audience.<slug> in its i18n files). A site adds
// its own by giving one a page (content/<audience segment>/<slug>/_index.md).
var Audiences = []string{"ansatt", "leder", "kommunedirektor", "it", "personvernombud"}

func termsOf(p *Page, field string) []string {
	if p.Source == nil {
		return nil
	}
	switch field {
	case "audience":
		return p.Source.Meta.Audience
	case "topics":
		return p.Source.Meta.Topics
	}
	return nil
}

// buildTaxonomies makes a list page per taxonomy and language and a page per
// term, taking titles and intros from content/<segment>/<term>/_index.md.
func (s *Site) buildTaxonomies(termContent map[string]*content.Page, coll *collators, diags *diag.List) {
	for _, lang := range s.Langs {
		s.Taxonomy[lang] = map[string]*Page{}
		for _, field := range Taxonomies {
			seg := s.Config.Taxonomies[field]
			if seg == "" {
				continue
			}
			terms := map[string]*Page{}
			var order []*Page
			for _, p := range s.Pages {
				if p.Lang != lang || !p.IsContent() {
					continue
				}
				for _, t := range termsOf(p, field) {
					sl := slug.Make(t)
					if sl == "" {
						diags.Errorf(p.Source.File, p.Source.Meta.Lines[field], "%s value %q has no letters or digits", field, t)
						continue
					}
					if len(sl) > maxSegment {
						diags.Errorf(p.Source.File, p.Source.Meta.Lines[field], "the address %s of the %s value %s has a part of %d bytes, longer than the %d a file name may have, so its page cannot be written; shorten the value",
							shortPath(s.langPrefix(lang)+"/"+seg+"/"+sl+"/", sl), field, shortPath(t, t), len(sl), maxSegment)
						continue
					}
					tp := terms[sl]
					if tp == nil {
						tp = &Page{Kind: KindTerm, Lang: lang, ID: seg + "/" + sl, Type: "term", Title: t,
							Path: s.langPrefix(lang) + "/" + seg + "/" + sl + "/", Data: map[string]any{"taxonomy": field, "term": sl}}
						if cp := termContent[lang+"\x00"+field+"\x00"+sl]; cp != nil {
							tp.Source = cp
							tp.Title, tp.Description, tp.Weight = cp.Meta.Title, cp.Meta.Description, cp.Meta.Weight
							s.byFile[cp.Rel] = tp
						}
						terms[sl] = tp
						order = append(order, tp)
					}
					tp.Pages = append(tp.Pages, p)
					if p.Terms == nil {
						p.Terms = map[string][]*Term{}
					}
					p.Terms[field] = append(p.Terms[field], &Term{Taxonomy: field, Slug: sl, Page: tp})
				}
			}
			if len(order) == 0 {
				continue
			}
			list := &Page{Kind: KindTaxonomy, Lang: lang, ID: seg, Type: "taxonomy", Title: field,
				Path: s.langPrefix(lang) + "/" + seg + "/", Data: map[string]any{"taxonomy": field}}
			if cp := termContent[lang+"\x00"+field]; cp != nil {
				list.Source = cp
				list.Title, list.Description = cp.Meta.Title, cp.Meta.Description
				s.byFile[cp.Rel] = list
			}
			coll.sort(lang, order)
			for _, tp := range order {
				coll.sort(lang, tp.Pages)
				tp.Parent = list
			}
			list.Pages = order
			list.Parent = s.Home[lang]
			s.add(list, diags)
			for _, tp := range order {
				s.add(tp, diags)
			}
			s.Taxonomy[lang][field] = list
		}
	}
	// A term description file for a term no page uses is probably a typo.
	for key, cp := range termContent {
		if s.byFile[cp.Rel] == nil {
			diags.Warnf(cp.File, 0, "no page uses this %s; check the folder name against the pages' front matter", termKeyField(key)+" term")
		}
	}
}

// TermName is the UI-string key that names a term page's term in the
// theme ("audience.it"), for a term without a page of its own and for the
// search filter.
func TermName(p *Page) string {
	return p.Data["taxonomy"].(string) + "." + p.Data["term"].(string)
}

// termKeyField is the taxonomy field of a termContent key,
// "lang\x00field" or "lang\x00field\x00term".
func termKeyField(key string) string {
	return strings.Split(key, "\x00")[1]
}
