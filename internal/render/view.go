package render

import (
	"fmt"
	"html/template"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/varde-portal/varde/internal/hyphen"
	"github.com/varde-portal/varde/internal/site"
	"github.com/varde-portal/varde/internal/slug"
)

// View is what a layout sees as "." : the page, the site and helpers that
// depend on the page's language.
type View struct {
	// The fields in the order the layouts use them most: html/template
	// finds a field by comparing names from the first (issue 22).
	Page  *site.Page
	Lang  string
	Extra map[string]any // data that later stages attach (history, references)

	// Keys for Cached, each naming what a part of the page shows besides
	// the site and the language (the functions of the same names below
	// say what). They are fields, set with the View, rather than methods:
	// in html/template a method call as an argument costs several times a
	// field (the method is looked up by name and its type built on every
	// call), and every page passes five of them (issue 22).
	MenuKey      string
	LanguagesKey string
	TermsKey     string
	RelatedKey   string
	UpdatedKey   string
	ScriptsKey   string // the Scripts, joined

	// What every page's layouts ask of the View, set with it for the
	// same reason (viewfast.go has what each is).
	HeadTitle     string
	NoIndex       bool
	DataPass      int
	TermRefs      bool
	EditionSwitch bool
	SiteKey       string // identifies the site in browser storage (same for all languages)

	Site    *site.Site
	CSS     string   // URL of the stylesheet bundle
	JS      string   // URL of the script bundle every page of this language loads
	Scripts []string // JS first, then the modules this page uses
	Dev     bool     // served by `varde serve`: adds the live-reload script
	Edition *EditionInfo

	r   *Renderer
	set *template.Template // the template set rendering this page

	deps *Deps // what the templates read, for the rendered-page cache (deps.go); nil when off
}

// Cached renders the partial template name with this view once for each
// distinct set of keys and reuses the HTML for every later page with the
// same keys, as Hugo's partialCached: for the parts of a page that are
// alike on many pages (the footer's links, the main menu), whose template
// calls are a good part of the cost of rendering 10,000 pages. The keys
// must name everything the partial's output depends on besides the site;
// the cache lives as long as the renderer, which is one build.
func (v *View) Cached(name string, keys ...any) (template.HTML, error) {
	return v.cached(name, fragmentKey(name, keys))
}

// cachedPart is the layouts' "cached VIEW NAME KEY": Cached(NAME,
// VIEW.Lang, KEY), the same part under the same cache key. A template
// function of fixed arity rather than the method: html/template calls a
// method with variadic arguments through reflection at several times the
// cost of a function, and a page has about ten such parts (issue 22).
func cachedPart(v *View, name, key string) (template.HTML, error) {
	var b strings.Builder
	b.Grow(len(name) + len(v.Lang) + len(key) + 8)
	b.WriteString(name)
	for _, s := range [2]string{v.Lang, key} {
		b.WriteString(strconv.Itoa(len(s)))
		b.WriteByte(':')
		b.WriteString(s)
	}
	return v.cached(name, b.String())
}

func (v *View) cached(name, key string) (template.HTML, error) {
	if v.set == nil {
		return "", fmt.Errorf("Cached %q: no template set (the page is not being rendered)", name)
	}
	if noFragmentReuse {
		var b strings.Builder
		err := v.set.ExecuteTemplate(&b, name, v)
		return template.HTML(b.String()), err
	}
	if h, ok := v.r.fragments.Load(key); ok {
		v.reuseFragment(key) // deps.go
		return h.(template.HTML), nil
	}
	outer := v.beginFragment() // deps.go
	var b strings.Builder
	if err := v.set.ExecuteTemplate(&b, name, v); err != nil {
		return "", err
	}
	v.endFragment(key, outer) // deps.go: before the HTML is shared
	h := template.HTML(b.String())
	v.r.fragments.Store(key, h)
	return h, nil
}

// noFragmentReuse makes Cached render its partial every time, as if the
// layout included it with {{ template }}: set by this package's tests,
// which compare the pages so rendered with the reused ones.
var noFragmentReuse bool

// fragmentKey joins a partial's name and its keys into one cache key, each
// key with its length, so that no two lists of keys give the same one. The
// keys are strings in the theme's calls, which take the fast path: this
// runs for every cached partial of every page.
func fragmentKey(name string, keys []any) string {
	var b strings.Builder
	b.WriteString(name)
	for _, k := range keys {
		s, ok := k.(string)
		if !ok {
			s = fmt.Sprintf("%T %v", k, k)
		}
		b.WriteString(strconv.Itoa(len(s)))
		b.WriteByte(':')
		b.WriteString(s)
	}
	return b.String()
}

// menuKey (View.MenuKey) names the main-menu entries the page is, or is below, and
// whether it is each entry itself: together with the language, everything
// the main menu's markup depends on (a key for Cached).
func menuKey(v *View) string {
	var key []string
	for _, m := range v.Menu() {
		if v.InSection(m) {
			if m == v.Page {
				key = append(key, m.URL+" page")
			} else {
				key = append(key, m.URL)
			}
		}
	}
	return strings.Join(key, "\x00")
}

// termsKey (View.TermsKey) names the page's taxonomy terms (each term's page, by taxonomy
// in name order): with the language, everything the list of a page's
// audiences and topics depends on (a key for Cached).
func termsKey(v *View) string {
	var b strings.Builder
	for _, field := range slices.Sorted(maps.Keys(v.Page.Terms)) {
		b.WriteString(field)
		for _, t := range v.Page.Terms[field] {
			b.WriteByte(0)
			b.WriteString(t.Page.Path)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// EditionInfo describes the edition a page belongs to, for the banner.
type EditionInfo struct {
	Name       string // "" for the current portal
	CurrentURL string // the same page in the current edition, "" if gone
	HomeURL    string // the current edition's home page
	CompareURL string // the comparison view of this page, "" if none
	List       []EditionLink
}

// EditionLink is one entry of the edition switcher.
type EditionLink struct {
	Name, URL string
	Current   bool
}

// T returns a UI string in the page's language; args fill {0}, {1} … and
// {name}-style placeholders in order.
//
// When the first argument is the number 1 and a "key.one" string exists,
// that singular form is used ("1 side", not "1 sider").
func (v *View) T(key string, args ...any) string {
	if len(args) > 0 && isOne(args[0]) {
		key = v.r.Strings.Singular(v.Lang, key)
	}
	s := v.r.Strings.T(v.Lang, key)
	for i, a := range args {
		s = strings.ReplaceAll(s, fmt.Sprintf("{%d}", i), fmt.Sprint(a))
	}
	if len(args) > 0 && strings.Contains(s, "{") {
		for _, a := range args {
			i := strings.IndexByte(s, '{')
			j := strings.IndexByte(s, '}')
			if i < 0 || j < i {
				break
			}
			s = s[:i] + fmt.Sprint(a) + s[j+1:]
		}
	}
	return s
}

func isOne(a any) bool {
	switch n := a.(type) {
	case int:
		return n == 1
	case int64:
		return n == 1
	}
	return false
}

// uses reports whether the page needs the script module of that name
// (assets/js/modules/<name>.js): quizzes, control questions and courses by
// what the page holds, any other module by the page's type or layout.
func (v *View) uses(mod string) bool {
	p := v.Page
	switch mod {
	case "quiz":
		return len(p.Quizzes) > 0
	case "checklist":
		return len(p.Questions) > 0 || v.Extra["collected"] != nil
	case "checklist-page":
		// The overview, filters, report and exports: a checklist page's
		// only, so a one-pager's few control questions load checklist.js
		// alone.
		return v.uses("checklist") && (p.Type == "checklist" || v.Extra["collected"] != nil)
	case "course":
		return p.Type == "course" || p.Layout == "mycourses"
	case "survey":
		// A survey's page, and a checklist page a survey is about (its
		// "share your answers" box).
		return p.Layout == "survey" || v.Extra["surveys"] != nil
	}
	return p.Type == mod || p.Layout == mod || (p.Source != nil && p.Source.Meta.Layout == mod)
}

// ScriptModule returns the URL of the script module mod
// (assets/js/modules/<mod>.js), for markup that loads it on first use
// (the search boxes' data-script), or "" when the theme has none. It is
// the same on every page, so cached parts may hold it.
func (v *View) ScriptModule(mod string) string {
	if v.r == nil {
		return ""
	}
	return v.r.modules[mod]
}

// SiteTitle is the site title in the page's language.
func (v *View) SiteTitle() string { return v.Site.Config.LangTitle(v.Lang) }

// SiteName returns the site's short name for the header: the title up to
// its first " – ", " — " or ": " ("Varde" of "Varde – personvern og
// informasjonssikkerhet i kommunen"), or the whole title when it has no
// such separator. The full title is the home page's heading; repeating its
// 56 characters in the header of every page took two lines on a phone.
func (v *View) SiteName() string { return ShortName(v.SiteTitle()) }

// ShortName is SiteName for a given title.
func ShortName(title string) string {
	cut := len(title)
	for _, sep := range []string{" – ", " — ", ": "} {
		if i := strings.Index(title, sep); i > 0 && i < cut {
			cut = i
		}
	}
	return strings.TrimSpace(title[:cut])
}

// Home is the home page in the page's language.
func (v *View) Home() *site.Page { return v.Site.Home[v.Lang] }

// Menu is the main menu in the page's language.
func (v *View) Menu() []*site.Page { return v.Site.Menu[v.Lang] }

// InSection reports whether the page is the menu entry m or below it.
func (v *View) InSection(m *site.Page) bool {
	for p := v.Page; p != nil; p = p.Parent {
		if p == m {
			return true
		}
	}
	return false
}

// Breadcrumbs are the pages above this one, home first.
func (v *View) Breadcrumbs() []*site.Page {
	var out []*site.Page
	for p := v.Page.Parent; p != nil; p = p.Parent {
		out = append([]*site.Page{p}, out...)
	}
	return out
}

// LangLink is one entry of the language switcher.
type LangLink struct {
	Lang, Name, URL string
	Current         bool
	Exact           bool // the URL is this page's own translation
}

// Languages lists the site's languages with the link for each: the page's
// own translation when it has one, else that language's home page.
func (v *View) Languages() []LangLink {
	var out []LangLink
	for _, lang := range v.Site.Langs {
		l := LangLink{Lang: lang, Name: v.Site.Config.Languages[lang].Name, Current: lang == v.Lang}
		switch {
		case l.Current:
			l.URL, l.Exact = v.Page.URL, true
		default:
			if t := v.translation(lang); t != nil {
				l.URL, l.Exact = t.URL, true
			} else if h := v.Site.Home[lang]; h != nil {
				l.URL = h.URL
			} else {
				continue
			}
		}
		out = append(out, l)
	}
	return out
}

func (v *View) translation(lang string) *site.Page {
	for _, t := range v.Page.Translations {
		if t.Lang == lang {
			return t
		}
	}
	if v.Page.Source == nil { // generated pages exist in every language
		return v.Site.ByPath(v.Site.LangPrefix(lang) + strings.TrimPrefix(v.Page.Path, v.Site.LangPrefix(v.Lang)))
	}
	return nil
}

// Canonical is the page's absolute URL.
func (v *View) Canonical() string { return v.Page.Permalink }

// Abs makes a site path absolute with the site's origin (for feeds, meta).
func (v *View) Abs(u string) string { return v.Site.Origin + u }

// URL prefixes a path below the site root with the base path.
func (v *View) URL(p string) string {
	return strings.TrimSuffix(v.Site.BasePath, "/") + "/" + strings.TrimPrefix(p, "/")
}

// LangURL is URL with the page language's prefix: LangURL "sok/" → /nn/sok/.
func (v *View) LangURL(p string) string {
	return v.URL(strings.TrimPrefix(v.Site.LangPrefix(v.Lang)+"/"+strings.TrimPrefix(p, "/"), "/"))
}

// SearchURL is the search page in the page's language, "" when search is off.
func (v *View) SearchURL() string {
	if p := v.Site.ByPath(v.Site.LangPrefix(v.Lang) + "/sok/"); p != nil {
		return p.URL
	}
	return ""
}

// Taxonomy returns the list page of a taxonomy in the page's language.
func (v *View) Taxonomy(field string) *site.Page { return v.Site.Taxonomy[v.Lang][field] }

// TermTitle is a taxonomy term's display title.
func (v *View) TermTitle(t *site.Term) string { return t.Page.Title }

var monthsNB = []string{"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"}
var monthsEN = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

// Date formats a date for readers: "3. mars 2025" (nb, nn), "3 March 2025" (en).
func (v *View) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if v.Lang == "en" {
		return fmt.Sprintf("%d %s %d", t.Day(), monthsEN[t.Month()-1], t.Year())
	}
	return fmt.Sprintf("%d. %s %d", t.Day(), monthsNB[t.Month()-1], t.Year())
}

// ISODate formats a date for <time datetime>.
func (v *View) ISODate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// Overdue reports whether a review date has passed.
func (v *View) Overdue(t time.Time) bool {
	return v.deps.readOverdue(t, overdue(t, v.r.Now)) // deps.go
}

// Now is the build time.
func (v *View) Now() time.Time {
	v.deps.readNow() // deps.go
	return v.r.Now
}

// TypeName is the reader's name for a page type, e.g. "Veileder".
func (v *View) TypeName(t string) string { return v.T("type." + t) }

// Recent returns the n most recently updated content pages in the page's
// language (pages without a date last).
func (v *View) Recent(n int) []*site.Page {
	v.deps.readAll() // deps.go
	var ps []*site.Page
	for _, p := range v.Site.ContentPages(v.Lang) {
		if p.Kind == site.KindPage {
			ps = append(ps, p)
		}
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Updated.After(ps[j].Updated) })
	if len(ps) > n {
		ps = ps[:n]
	}
	return ps
}

// PagesOfType returns the content pages of a type in the page's language.
func (v *View) PagesOfType(t string) []*site.Page {
	v.deps.readAll() // deps.go
	var ps []*site.Page
	for _, p := range v.Site.ContentPages(v.Lang) {
		if p.Kind == site.KindPage && p.Type == t {
			ps = append(ps, p)
		}
	}
	v.Site.SortPages(v.Lang, ps)
	return ps
}

// Get returns extra data attached by a later stage (nil when absent).
func (v *View) Get(key string) any { return v.Extra[key] }

func funcs() template.FuncMap {
	return template.FuncMap{
		"safeHTML": func(s string) template.HTML { return template.HTML(s) },
		"slug":     slug.Make,
		"cached":   cachedPart,
		// hyphenate LANG TEXT puts soft hyphens into TEXT's long words
		// (internal/hyphen). Only for text shown as a heading: never in an
		// attribute, <title>, a meta tag or anything a script reads.
		"hyphenate": hyphen.Text,
		"lower":     strings.ToLower,
		"upper":     strings.ToUpper,
		"join":      strings.Join,
		"add":       func(a, b int) int { return a + b },
		"sub":       func(a, b int) int { return a - b },
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, fmt.Errorf("dict needs key and value pairs")
			}
			m := make(map[string]any, len(kv)/2)
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict key %v is not a string", kv[i])
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
		"first": func(n int, xs []*site.Page) []*site.Page {
			if len(xs) > n {
				return xs[:n]
			}
			return xs
		},
		// when turns a zero time into nil, so {{ with when .Page.Updated }}
		// skips pages without a date (a struct value is never "empty").
		"when": func(t time.Time) any {
			if t.IsZero() {
				return nil
			}
			return t
		},
		"hasPrefix": strings.HasPrefix,
		"list":      func(xs ...any) []any { return xs },
		"contains":  strings.Contains,
		"default": func(def, v any) any {
			if v == nil || v == "" || v == 0 || v == false {
				return def
			}
			return v
		},
	}
}
