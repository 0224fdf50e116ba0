// Package check is `varde check`: everything a build would reject, plus
// warnings about what an editor probably got wrong (unknown front matter
// fields, images without alt text, missing translations, overdue reviews,
// placeholders left from `varde new`), in words an editor understands.
package check

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/varde-portal/varde/internal/build"
	"github.com/varde-portal/varde/internal/content"
	"github.com/varde-portal/varde/internal/diag"
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
	l, _ := build.Load(ctx, build.Options{Source: o.Source, Drafts: o.Drafts, Now: o.Now})
	if l == nil {
		return all.Items()
	}
	all.Add(l.Diags...)
	if l.Site != nil {
		all.Add(Site(l.Site, o.Now)...)
	}
	return all.Items()
}

// Site runs the checks that only warn (and the placeholder check) on a
// loaded site.
func Site(s *site.Site, now time.Time) []diag.Diagnostic {
	var ds diag.List
	for _, p := range s.Pages {
		if !p.IsContent() {
			continue
		}
		cp := p.Source
		m := cp.Meta
		for _, f := range m.Unknown {
			ds.Warnf(cp.File, m.Lines[f], "unknown front matter field %q%s; Varde ignores it (put theme settings under params:)", f, suggestField(f))
		}
		if strings.TrimSpace(m.Description) == "" && p.Kind == site.KindPage {
			ds.Warnf(cp.File, 1, "description is empty: write one sentence that sums up the page (it shows in lists, search results and link previews)")
		}
		if !m.Review.IsZero() && m.Review.Before(now) {
			ds.Warnf(cp.File, m.Lines["review"], "the review date %s has passed: read the page through, then set a new review date", m.Review.Format("2006-01-02"))
		}
		for _, img := range p.Images {
			if strings.TrimSpace(img.Alt) == "" {
				ds.Warnf(cp.File, img.Line, "image %q has no alt text: describe what it shows in the brackets, ![like this](%s), so screen readers can read it", img.Dest, img.Dest)
			}
		}
		placeholders(cp, &ds)
	}
	missingTranslations(s, &ds)
	return ds.Items()
}

// placeholders reports text left from `varde new` as errors: such a page
// must not be published.
func placeholders(cp *content.Page, ds *diag.List) {
	lines := strings.Split(string(cp.Body), "\n")
	for i, l := range lines {
		if strings.Contains(l, Placeholder) {
			ds.Errorf(cp.File, cp.BodyLine+i+1, "placeholder %q is still here: replace it with real text", strings.TrimSpace(l))
		}
	}
	for k, line := range cp.Meta.Lines {
		if v := fieldText(cp.Meta, k); strings.Contains(v, Placeholder) {
			ds.Errorf(cp.File, line, "%s still has the placeholder from varde new: %q", k, v)
		}
	}
}

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
	}
	return ""
}

// missingTranslations warns when a page exists in some languages but not
// in another language that has pages in the same section.
func missingTranslations(s *site.Site, ds *diag.List) {
	langsWithContent := map[string]bool{}
	for _, p := range s.Pages {
		if p.IsContent() && p.Kind == site.KindPage {
			langsWithContent[p.Lang] = true
		}
	}
	if len(langsWithContent) < 2 {
		return
	}
	sectionLangs := map[string]map[string]bool{} // section → languages with pages there
	for _, p := range s.Pages {
		if p.IsContent() && p.Kind == site.KindPage {
			if sectionLangs[p.Section] == nil {
				sectionLangs[p.Section] = map[string]bool{}
			}
			sectionLangs[p.Section][p.Lang] = true
		}
	}
	for _, p := range s.Pages {
		if !p.IsContent() || p.Kind != site.KindPage || p.Lang != s.Config.DefaultLanguage {
			continue
		}
		have := map[string]bool{p.Lang: true}
		for _, t := range p.Translations {
			have[t.Lang] = true
		}
		var missing []string
		for lang := range sectionLangs[p.Section] {
			if !have[lang] {
				missing = append(missing, lang)
			}
		}
		sort.Strings(missing)
		for _, lang := range missing {
			ds.Warnf(p.Source.File, 0, "no %s translation, though other pages in %s/ have one (add %s)", s.Config.Languages[lang].Name, p.Section, translationFile(p.Source.File, lang))
		}
	}
}

func translationFile(file, lang string) string {
	return strings.TrimSuffix(file, ".md") + "." + lang + ".md"
}

func suggestField(f string) string {
	if best := textdist.Closest(strings.ToLower(f), content.FieldNames(), 2); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}
