package render

import (
	"html/template"
	"strings"

	"github.com/varde-portal/varde/internal/site"
)

// Helpers for the layouts every page runs (head, header, related pages,
// term pages). A layout action costs a few microseconds in html/template
// (each method call and each escaper goes through reflection), so what
// used to be a chain of fields, a range with an if inside or a condition
// of several builtins is one call here, and the keys let View.Cached
// reuse HTML that many pages share. docs/performance.md, issue 22.

// headTitle (View.HeadTitle) is the text of the page's <title>: the site title on the home
// page, else the page's title, a dash and the site title.
func headTitle(v *View) string {
	if v.Page.Kind == site.KindHome {
		return v.SiteTitle()
	}
	return v.Page.Title + " – " + v.SiteTitle()
}

// noIndex (View.NoIndex) reports whether the page asks search engines to leave it out: an
// edition's pages, the 404 page and the search page.
func noIndex(v *View) bool {
	return v.Edition.Name != "" || v.Page.Kind == site.KindNotFound || v.Page.Kind == site.KindSearch
}

// Alternate is one <link rel="alternate" hreflang> of a page.
type Alternate struct {
	Lang string
	URL  string // absolute
}

// Alternates are the page's translations, itself included, with absolute
// URLs: the entries of Languages that are this page's own translation.
func (v *View) Alternates() []Alternate {
	var out []Alternate
	for _, l := range v.Languages() {
		if l.Exact {
			out = append(out, Alternate{Lang: l.Lang, URL: v.Abs(l.URL)})
		}
	}
	return out
}

// languagesKey (View.LanguagesKey) names what the language switcher shows besides the site's
// language names: the page's language and, for every other language, the
// link it gets (the page's translation or that language's home page). With
// the language, a key for Cached: every page without translations in a
// language shares one switcher.
func languagesKey(v *View) string {
	var b strings.Builder
	for _, l := range v.Languages() {
		b.WriteString(l.Lang)
		if !l.Current {
			b.WriteByte('=')
			b.WriteString(l.URL)
		}
		b.WriteByte(0)
	}
	return b.String()
}

// relatedKey (View.RelatedKey) names the page's related pages (their paths, in order): with
// the language, everything the related-pages box depends on besides the
// site (a key for Cached). Pages of one type and set of topics share their
// related pages, so a site renders a few hundred boxes, not one a page.
func relatedKey(v *View) string {
	var b strings.Builder
	for _, p := range v.Page.Related {
		b.WriteString(p.Path)
		b.WriteByte(0)
	}
	return b.String()
}

// TermGroup is one type's pages on a term's page.
type TermGroup struct {
	Type  string
	Pages []*site.Page // the sections first, then the single pages, each in list order
}

// TermGroups groups the pages of a term's page by type, in the order
// given (types with no pages left out), the sections of each type before
// its single pages. One pass instead of three ranges over every page per
// type: an audience's page lists thousands of pages on a large site.
func (v *View) TermGroups(types ...string) []TermGroup {
	idx := make(map[string]int, len(types))
	for i, t := range types {
		if _, ok := idx[t]; !ok {
			idx[t] = i
		}
	}
	sections := make([][]*site.Page, len(types))
	pages := make([][]*site.Page, len(types))
	for _, p := range v.Page.Pages {
		i, ok := idx[p.Type]
		if !ok {
			continue
		}
		if p.Kind == site.KindPage {
			pages[i] = append(pages[i], p)
		} else {
			sections[i] = append(sections[i], p)
		}
	}
	var out []TermGroup
	for i, t := range types {
		if idx[t] != i || len(sections[i])+len(pages[i]) == 0 {
			continue
		}
		out = append(out, TermGroup{Type: t, Pages: append(sections[i], pages[i]...)})
	}
	return out
}

// dataPass (View.DataPass) is the pass mark a page's body carries for course.js: the
// front matter's pass, else 80 for a course, else 0 (no attribute).
func dataPass(v *View) int {
	src := v.Page.Source
	switch {
	case src == nil:
		return 0
	case src.Meta.Pass != 0:
		return src.Meta.Pass
	case src.Type == "course":
		return 80
	}
	return 0
}

// updatedKey (View.UpdatedKey) is the day the page was last updated, "" for none: with the
// language, everything a date line depends on (a key for Cached; Date and
// ISODate show the day only).
func updatedKey(v *View) string {
	if v.Page.Updated.IsZero() {
		return ""
	}
	return v.Page.Updated.Format("2006-01-02 -0700 MST")
}

// termRefs (View.TermRefs) reports whether the page's list of terms also lists the legal
// references and NSM principles it cites: every type but the one-pager
// (whose fact box has them), when it cites any.
func termRefs(v *View) bool {
	if v.Page.Type == "onepager" {
		return false
	}
	for _, k := range []string{"legal", "nsm"} {
		if t, _ := template.IsTrue(v.Extra[k]); t {
			return true
		}
	}
	return false
}

// editionSwitch (View.EditionSwitch) reports whether the menu offers the page's other editions.
func editionSwitch(v *View) bool { return v.Edition != nil && len(v.Edition.List) > 1 }
