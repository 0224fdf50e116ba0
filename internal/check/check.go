// Package check is `varde check`: everything a build would reject, plus
// warnings about what an editor probably got wrong (unknown front matter
// fields, images without alt text, missing translations, overdue reviews,
// placeholders left from `varde new`), in words an editor understands.
package check

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/varde-portal/varde/internal/build"
	"github.com/varde-portal/varde/internal/content"
	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/markdown"
	"github.com/varde-portal/varde/internal/site"
	"github.com/varde-portal/varde/internal/textdist"
)

// Placeholder marks text that `varde new` leaves for the editor to fill in.
const Placeholder = "FYLL UT"

// Options configure a check.
type Options struct {
	Source string
	Drafts bool
	Now    time.Time // for review dates; default time.Now()
}

// Run checks a site and returns every diagnostic, sorted by file and line.
func Run(ctx context.Context, o Options) []diag.Diagnostic {
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	var all diag.List
	l, err := build.Load(ctx, build.Options{Source: o.Source, Drafts: o.Drafts, DraftLinksFail: true, Now: o.Now, NoHistory: true})
	if l == nil {
		// Nothing could be read (no such folder): that must not pass as a
		// clean site.
		msg := "cannot check the site"
		if err != nil {
			msg = err.Error()
		}
		return []diag.Diagnostic{diag.Errorf(o.Source, 0, "%s", msg)}
	}
	all.Add(l.Diags...)
	if l.Site != nil {
		all.Add(Site(l.Site, o.Now)...)
		// The site's synonym groups parse in Load (errors stop a build);
		// whether their words occur needs the search analysis, which only
		// check runs to warn.
		all.Add(build.CheckSynonyms(l)...)
		if !all.HasErrors() && l.Renderer != nil {
			all.Add(ownLayouts(l)...)
		}
		if !all.HasErrors() && !l.Config.Markup.AllowScripts {
			all.Add(publishedScripts(o.Source, l.Site.Resources)...)
		}
		if !all.HasErrors() {
			all.Add(remoteStyles(o.Source)...)
		}
	}
	return all.Items()
}

// ownLayouts renders every page, into nothing, when the site has layouts
// of its own (in layouts/ or a theme of its own), and returns the errors:
// a layout can fail only when it runs ({{ .Title }} where a layout reads
// .Page.Title), which failed varde build while check passed. The bundled
// theme's layouts are tested with the program, so a site without layouts
// of its own is not rendered and check stays quick.
func ownLayouts(l *build.Loaded) []diag.Diagnostic {
	th := l.Renderer.Theme
	own := false
	for _, f := range th.Files("layouts") {
		if _, origin, err := th.ReadFile("layouts/" + f); err != nil || !strings.HasPrefix(origin, "bundled ") {
			own = true
			break
		}
	}
	if !own {
		return nil
	}
	return l.Renderer.Pages(l.Site, l.Site.Pages, discard{})
}

// scriptable are the extensions of files a browser runs scripts in when
// one is opened at its own address.
var scriptable = map[string]bool{".html": true, ".htm": true, ".xhtml": true, ".svg": true}

// publishedScripts warns about a script in an HTML or SVG file under
// content/: such files are copied to the output as they are, without the
// CSP tag every page gets, so a script in one runs when the file is opened
// at its own address, where the same script in a page's raw HTML is an
// error. Files are read inside the site folder only (os.Root); a pack's
// files are left alone, and a file over the page size limit too.
func publishedScripts(source string, res []content.Resource) []diag.Diagnostic {
	root, err := os.OpenRoot(source)
	if err != nil {
		return nil
	}
	defer root.Close()
	var ds diag.List
	for _, r := range res {
		if !scriptable[strings.ToLower(path.Ext(r.Rel))] || !strings.HasPrefix(r.File, "content/") {
			continue
		}
		b, ok := readSiteFile(root.FS(), r.File)
		if !ok {
			continue
		}
		for _, fd := range markdown.ScriptsIn(b) {
			ds.Warnf(r.File, fd.Line, "%s: this file is published as it is, without the portal's Content-Security-Policy, so the script would run when the file is opened at its own address; remove it (or set [markup] allowScripts = true in config.toml if the site really means it)", fd.What)
		}
	}
	return ds.Items()
}

// readSiteFile reads a file of the site through fsys (an os.Root's, so
// nothing outside the site is read), up to the page size limit: a larger
// file, or one that cannot be read, is passed over (ok false).
func readSiteFile(fsys fs.FS, name string) (b []byte, ok bool) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	b, err = io.ReadAll(io.LimitReader(f, markdown.DefaultPageSize+1))
	return b, err == nil && len(b) <= markdown.DefaultPageSize
}

// discard is a render.Sink that keeps nothing.
type discard struct{}

func (discard) Write(string, []byte) error { return nil }

// Site runs the checks that only warn (and the placeholder check) on a
// loaded site.
func Site(s *site.Site, now time.Time) []diag.Diagnostic {
	var ds diag.List
	// A review date is a day: it has passed from the day after, not from
	// midnight of the day itself.
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	for _, p := range s.Pages {
		if !p.IsContent() {
			continue
		}
		cp := p.Source
		m := cp.Meta
		for _, f := range m.Unknown {
			ds.Warnf(cp.File, m.Lines[f], "unknown front matter field %q%s; Varde ignores it (put theme settings under params:)", f, suggestField(f))
		}
		// One-pagers without a description already fail the build
		// (site.Validate); a second message would only repeat it.
		if strings.TrimSpace(m.Description) == "" && p.Kind == site.KindPage && p.Type != "onepager" {
			if line, ok := m.Lines["description"]; ok {
				ds.Warnf(cp.File, line, "description is empty: write one sentence that sums up the page (it shows in lists, search results and link previews)")
			} else {
				ds.Warnf(cp.File, 1, "no description: add a description: line to the front matter with one sentence that sums up the page (it shows in lists, search results and link previews)")
			}
		}
		if !m.Review.IsZero() && m.Review.Before(today) {
			ds.Warnf(cp.File, m.Lines["review"], "the review date %s has passed: read the page through, then set a new review date", m.Review.Format("2006-01-02"))
		}
		for _, img := range p.Images {
			if strings.TrimSpace(img.Alt) == "" {
				ds.Warnf(cp.File, img.Line, "image %q has no alt text: describe what it shows in the brackets, ![like this](%s), so screen readers can read it", img.Dest, img.Dest)
			}
		}
		topHeadings(p, &ds)
		placeholders(cp, &ds)
	}
	missingTranslations(s, &ds)
	return ds.Items()
}

// topHeadings warns about a `#` heading in the body. The theme shows the
// title as the page's one h1, so a second one breaks the outline screen
// readers navigate by; Markdown brought over from other tools often opens
// with "# <the title>", which then stands twice on the page.
func topHeadings(p *site.Page, ds *diag.List) {
	cp := p.Source
	from := 0 // body lines already matched, so repeated headings get their own lines
	for _, h := range p.Headings {
		if h.Level != 1 {
			continue
		}
		line, next := headingLine(cp.Body, from)
		from = next
		if strings.EqualFold(strings.TrimSpace(h.Text), strings.TrimSpace(cp.Meta.Title)) {
			ds.Warnf(cp.File, cp.BodyLine+line, "the heading %q repeats the title, which the page already shows as its heading: remove this line", "# "+h.Text)
			continue
		}
		ds.Warnf(cp.File, cp.BodyLine+line, "%q is a top-level heading, but the title is the page's only one: write ## for the main headings (## %s)", "# "+h.Text, h.Text)
	}
}

// headingLine finds the 1-based body line of the next ATX heading "# …"
// at or after line index from, outside fenced code, and returns the index
// to go on from. The heading list comes from the converted page in order,
// so the n-th such line is the n-th level-1 heading; one the scan cannot
// place (a setext heading underlined with ===) is reported at the body's
// first line.
func headingLine(body []byte, from int) (line, next int) {
	lines := strings.Split(string(body), "\n")
	fence := ""
	for i, l := range lines {
		t := strings.TrimLeft(l, " ")
		if len(l)-len(t) > 3 {
			continue // indented code
		}
		if fence != "" {
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = t[:3]
			continue
		}
		if i < from || !strings.HasPrefix(t, "#") || strings.HasPrefix(t, "##") {
			continue
		}
		if rest := strings.TrimRight(t[1:], "\r"); rest == "" || rest[0] == ' ' || rest[0] == '\t' {
			return i + 1, i + 1
		}
	}
	return 1, from
}

// placeholders reports text left from `varde new` as errors: such a page
// must not be published.
func placeholders(cp *content.Page, ds *diag.List) {
	lines := strings.Split(string(cp.Body), "\n")
	for i, l := range lines {
		if col := strings.Index(l, Placeholder); col >= 0 {
			ds.Add(diag.Diagnostic{
				File: cp.File, Line: cp.BodyLine + i + 1, Col: utf8.RuneCountInString(l[:col]) + 1, Severity: diag.Error,
				Msg: fmt.Sprintf("%q is still here: replace the placeholder with real text (%q)", Placeholder, strings.TrimSpace(l)),
			})
		}
	}
	for k, line := range cp.Meta.Lines {
		if v := fieldText(cp.Meta, k); strings.Contains(v, Placeholder) {
			ds.Errorf(cp.File, line, "%s: %q is still here: replace the placeholder with real text (%q)", k, Placeholder, v)
		}
	}
}

// fieldText returns a front matter field's value as text, lists joined, so
// that a placeholder is found in any field a site's own archetype may use.
func fieldText(m content.Meta, k string) string {
	switch k {
	case "title":
		return m.Title
	case "description":
		return m.Description
	case "owner":
		return m.Owner
	case "statement":
		return m.Statement
	case "version":
		return m.Version
	case "id":
		return m.ID
	case "slug":
		return m.Slug
	case "audience":
		return strings.Join(m.Audience, ", ")
	case "topics":
		return strings.Join(m.Topics, ", ")
	case "nsm":
		return strings.Join(m.NSM, ", ")
	case "legal":
		return strings.Join(m.Legal, ", ")
	case "related":
		return strings.Join(m.Related, ", ")
	case "collect":
		return strings.Join(m.Collect, ", ")
	}
	if v, ok := m.Params[k].(string); ok { // a field for the theme
		return v
	}
	return ""
}

// missingTranslations warns when a page lacks a language that other pages
// in its section have. Each set of translations is reported once, on its
// first file in language order (the default language's when there is one),
// listing every language it lacks, so a page written only in nynorsk is
// reported too.
func missingTranslations(s *site.Site, ds *diag.List) {
	sectionLangs := map[string]map[string]bool{} // section → languages with pages there
	for _, p := range s.Pages {
		if p.IsContent() && p.Kind == site.KindPage {
			if sectionLangs[p.Section] == nil {
				sectionLangs[p.Section] = map[string]bool{}
			}
			sectionLangs[p.Section][p.Lang] = true
		}
	}
	order := map[string]int{}
	for i, lang := range s.Config.LanguageOrder {
		order[lang] = i
	}
	for _, p := range s.Pages {
		if !p.IsContent() || p.Kind != site.KindPage || len(sectionLangs[p.Section]) < 2 {
			continue
		}
		have := map[string]bool{p.Lang: true}
		first := true
		for _, t := range p.Translations {
			have[t.Lang] = true
			if order[t.Lang] < order[p.Lang] {
				first = false
			}
		}
		if !first {
			continue
		}
		var missing []string
		for lang := range sectionLangs[p.Section] {
			if !have[lang] {
				missing = append(missing, lang)
			}
		}
		sort.Slice(missing, func(i, j int) bool { return order[missing[i]] < order[missing[j]] })
		for _, lang := range missing {
			ds.Warnf(p.Source.File, 1, "no %s translation, though other pages in %s/ have one (add %s)",
				langName(s, lang), p.Section, translationFile(p.Source.File, p.Lang, lang, s.Config.DefaultLanguage))
		}
	}
}

func langName(s *site.Site, lang string) string {
	if n := s.Config.Languages[lang].Name; n != "" {
		return n
	}
	return lang
}

// translationFile names the file of a page's translation: the default
// language has no suffix (x.md), the others have one (x.nn.md).
func translationFile(file, from, to, def string) string {
	base := strings.TrimSuffix(file, ".md")
	if from != def {
		base = strings.TrimSuffix(base, "."+from)
	}
	if to == def {
		return base + ".md"
	}
	return base + "." + to + ".md"
}

func suggestField(f string) string {
	if best := textdist.Closest(strings.ToLower(f), content.FieldNames(), 2); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}
