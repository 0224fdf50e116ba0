package build

import (
	"fmt"
	"sort"

	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/reference"
	"github.com/varde-portal/varde/internal/render"
	"github.com/varde-portal/varde/internal/site"
)

// RefLink is a reference shown in a fact box: its label as cited, its title
// and the page listing all guidance that cites it.
type RefLink struct {
	Label, Title, URL string
}

// references validates every nsm: and legal: value, builds the pages per
// NSM principle and per legal reference (with an overview and a coverage
// page), and returns each page's fact-box links by page key.
type references struct {
	nsm   map[string][]RefLink // page key → links
	legal map[string][]RefLink
}

// RefCitation is one guidance page citing a reference, for listing pages.
type RefCitation struct {
	Page *site.Page
	Cite string // the exact reference the page cites (e.g. "2.3.1")
}

func addReferencePages(s *site.Site, r *render.Renderer, diags *diag.List) *references {
	refs := &references{nsm: map[string][]RefLink{}, legal: map[string][]RefLink{}}
	for _, lang := range s.Langs {
		if s.Home[lang] == nil {
			continue
		}
		pre := s.LangPrefix(lang)
		byPrinciple := map[string][]RefCitation{} // "2.3" → citing pages
		byLegal := map[string][]RefCitation{}     // slug → citing pages
		legalRef := map[string]reference.LegalRef{}
		for _, p := range s.ContentPages(lang) {
			cp := p.Source
			for _, raw := range cp.Meta.NSM {
				ref, err := reference.ParseNSM(raw)
				if err != nil {
					diags.Errorf(cp.File, cp.Meta.Lines["nsm"], "nsm: %v", err)
					continue
				}
				title, _ := reference.NSMTitle(ref, lang)
				link := RefLink{Label: ref.String(), Title: title}
				if ref.Level() != reference.NSMCategory {
					pr := ref.PrincipleRef()
					link.URL = pathURL(s, pre+"/nsm/"+pr.Slug()+"/")
					byPrinciple[pr.String()] = append(byPrinciple[pr.String()], RefCitation{p, ref.String()})
				} else {
					link.URL = pathURL(s, pre+"/nsm/")
				}
				refs.nsm[p.Key()] = append(refs.nsm[p.Key()], link)
			}
			for _, raw := range cp.Meta.Legal {
				ref, err := reference.ParseLegal(raw)
				if err != nil {
					diags.Errorf(cp.File, cp.Meta.Lines["legal"], "legal: %v", err)
					continue
				}
				title, _ := reference.LegalTitle(ref, lang)
				link := RefLink{Label: ref.String(), Title: title, URL: pathURL(s, pre+"/regelverk/"+ref.Slug()+"/")}
				byLegal[ref.Slug()] = append(byLegal[ref.Slug()], RefCitation{p, ref.String()})
				legalRef[ref.Slug()] = ref
				refs.legal[p.Key()] = append(refs.legal[p.Key()], link)
			}
		}
		if len(byPrinciple) == 0 && len(byLegal) == 0 {
			continue
		}
		t := func(key string) string { return r.Strings.T(lang, key) }
		if len(byPrinciple) > 0 {
			addNSMPages(s, lang, pre, t, byPrinciple, diags)
		}
		if len(byLegal) > 0 {
			addLegalPages(s, lang, pre, t, byLegal, legalRef, diags)
		}
	}
	return refs
}

// addNSMPages adds the NSM overview, one page per principle, and the
// coverage page, for one language.
func addNSMPages(s *site.Site, lang, pre string, t func(string) string, byPrinciple map[string][]RefCitation, diags *diag.List) {
	// NSM overview, one page per principle, and the coverage page.
	nsmIndex := &site.Page{Lang: lang, ID: "nsm", Type: "nsm", Layout: "nsm-index", Title: t("nsm_title"),
		Description: t("nsm_description"), Path: pre + "/nsm/"}
	var cats []map[string]any
	var uncovered []map[string]any
	for _, c := range reference.NSMCategories() {
		var ps []map[string]any
		for _, pr := range c.Principles {
			cites := byPrinciple[pr.ID()]
			sortCitations(s, lang, cites)
			ref, _ := reference.ParseNSM(pr.ID())
			pp := &site.Page{Lang: lang, ID: "nsm/" + ref.Slug(), Type: "nsm", Layout: "nsm-principle",
				Title: pr.ID() + " " + pr.Title.Get(lang), Path: pre + "/nsm/" + ref.Slug() + "/",
				Description: fmt.Sprintf(t("nsm_principle_description"), pr.ID()),
				Data:        map[string]any{"number": pr.ID(), "principle": pr.Title.Get(lang), "category": c.Title.Get(lang), "citations": cites, "measures": measures(pr, lang)}}
			pp.Parent = nsmIndex
			s.AddSpecial(pp, diags)
			entry := map[string]any{"id": pr.ID(), "title": pr.Title.Get(lang), "url": pp.URL, "count": len(cites)}
			ps = append(ps, entry)
			if len(cites) == 0 {
				uncovered = append(uncovered, map[string]any{"id": pr.ID(), "title": pr.Title.Get(lang), "url": pp.URL, "category": c.Title.Get(lang)})
			}
		}
		cats = append(cats, map[string]any{"number": c.Number, "title": c.Title.Get(lang), "principles": ps})
	}
	total := 0
	for _, c := range reference.NSMCategories() {
		total += len(c.Principles)
	}
	nsmIndex.Data = map[string]any{"categories": cats, "version": reference.NSMVersion()}
	s.AddSpecial(nsmIndex, diags)
	cov := &site.Page{Lang: lang, ID: "nsm/dekning", Type: "nsm", Layout: "nsm-coverage", Title: t("nsm_coverage_title"),
		Description: t("nsm_coverage_description"), Path: pre + "/nsm/dekning/",
		Data: map[string]any{"uncovered": uncovered, "covered": total - len(uncovered), "total": total}}
	cov.Parent = nsmIndex
	s.AddSpecial(cov, diags)
	nsmIndex.Data["coverage"] = cov.URL
	nsmIndex.Data["covered"] = total - len(uncovered)
	nsmIndex.Data["total"] = total
}

// addLegalPages adds the legal index, grouped by law, and a page per cited
// reference, for one language.
func addLegalPages(s *site.Site, lang, pre string, t func(string) string, byLegal map[string][]RefCitation, legalRef map[string]reference.LegalRef, diags *diag.List) {
	legalIndex := &site.Page{Lang: lang, ID: "regelverk", Type: "legal", Layout: "legal-index", Title: t("legal_title"),
		Description: t("legal_description"), Path: pre + "/regelverk/"}
	var laws []map[string]any
	for _, law := range reference.Laws() {
		var items []map[string]any
		for _, slug := range sortedLegal(byLegal, legalRef, law.ID) {
			ref := legalRef[slug]
			cites := byLegal[slug]
			sortCitations(s, lang, cites)
			title, _ := reference.LegalTitle(ref, lang)
			lp := &site.Page{Lang: lang, ID: "regelverk/" + slug, Type: "legal", Layout: "legal-ref", Title: ref.String(),
				Description: title, Path: pre + "/regelverk/" + slug + "/",
				Data: map[string]any{"ref": ref.String(), "title": title, "law": law.Name.Get(lang), "identifier": law.Identifier, "citations": cites}}
			lp.Parent = legalIndex
			s.AddSpecial(lp, diags)
			items = append(items, map[string]any{"ref": ref.String(), "title": title, "url": lp.URL, "count": len(cites)})
		}
		if len(items) > 0 {
			laws = append(laws, map[string]any{"name": law.Name.Get(lang), "short": law.Short, "identifier": law.Identifier, "refs": items})
		}
	}
	legalIndex.Data = map[string]any{"laws": laws}
	s.AddSpecial(legalIndex, diags)
}

func pathURL(s *site.Site, p string) string {
	return s.BasePath[:len(s.BasePath)-1] + p
}

func measures(pr reference.Principle, lang string) []map[string]any {
	var out []map[string]any
	for _, m := range pr.Titled {
		out = append(out, map[string]any{"id": fmt.Sprintf("%s.%d", pr.ID(), m.Number), "title": m.Title.Get(lang)})
	}
	return out
}

func sortCitations(s *site.Site, lang string, cs []RefCitation) {
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].Page.Type != cs[j].Page.Type {
			return typeOrder(cs[i].Page.Type) < typeOrder(cs[j].Page.Type)
		}
		return cs[i].Page.Title < cs[j].Page.Title
	})
}

func typeOrder(t string) int {
	for i, x := range []string{"onepager", "checklist", "norm", "course", "page"} {
		if x == t {
			return i
		}
	}
	return 9
}

// sortedLegal returns the slugs of one law's cited references in the law's
// own section order (article 5 before article 30).
func sortedLegal(byLegal map[string][]RefCitation, refs map[string]reference.LegalRef, lawID string) []string {
	law, _ := reference.LawByID(lawID)
	order := map[string]int{"": -1}
	for i, sec := range law.Sections {
		order[sec.Number] = i
	}
	var out []string
	for slug, ref := range refs {
		if ref.Law == lawID {
			out = append(out, slug)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := refs[out[i]], refs[out[j]]
		oa, oka := order[a.Section]
		ob, okb := order[b.Section]
		if oka && okb && oa != ob {
			return oa < ob
		}
		if oka != okb {
			return oka
		}
		return naturalLess(a.Section, b.Section)
	})
	return out
}

// naturalLess compares section numbers so that "9" sorts before "10".
func naturalLess(a, b string) bool {
	na, nb := leadingInt(a), leadingInt(b)
	if na != nb {
		return na < nb
	}
	return a < b
}

func leadingInt(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
	}
	return n
}
