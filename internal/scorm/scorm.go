// Package scorm packages a course page of a Varde site as a SCORM 1.2
// package, the format learning platforms such as Moodle (and KS Læring,
// which is built on it) track reliably.
//
// A package holds the course page as index.html, the site's stylesheet and
// the script bundle of the course's language, the files the page shows
// (images, linked documents), a small adapter script (scorm.js) that
// reports the result to the platform's SCORM API, and imsmanifest.xml,
// which names the page as the package's one SCO and lists every file.
//
// The page is the one the site publishes, without the site's header,
// breadcrumbs and footer: a learner inside a learning platform should not
// wander off into the portal in the course's frame. Links to other pages of
// the portal open in a new window at the portal's public address. The
// package loads nothing from elsewhere and has no inline script, so it runs
// under the same strict Content-Security-Policy as the site.
//
// The package sits on top of the build pipeline (internal/build), so the
// course is rendered exactly as on the site and package quiz stays a plain
// model.
package scorm

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/varde-portal/varde/internal/build"
	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/site"
)

// Package is a built SCORM package: its files by name, the manifest
// among them.
type Package struct {
	Course *site.Page // the course page it was made from
	files  map[string][]byte
}

// ManifestName is the name of the manifest at the root of every package.
const ManifestName = "imsmanifest.xml"

// LaunchName is the package's launch page, the SCO.
const LaunchName = "index.html"

// AdapterName is the adapter script that talks to the platform.
const AdapterName = "scorm.js"

// Names returns the names of the package's files, sorted, manifest
// included.
func (p *Package) Names() []string {
	out := make([]string, 0, len(p.files))
	for n := range p.files {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// UnknownCourseError says that no course page has the id asked for. It
// lists the ids there are, so the editor can pick one.
type UnknownCourseError struct {
	ID, Lang string
	Courses  []string // course ids in that language, sorted
	Type     string   // the page's type when a page has the id but is no course
}

func (e *UnknownCourseError) Error() string {
	var b strings.Builder
	if e.Type != "" {
		fmt.Fprintf(&b, "the page %q (%s) is a %s page, not a course", e.ID, e.Lang, e.Type)
	} else {
		fmt.Fprintf(&b, "no course has the id %q in language %s", e.ID, e.Lang)
	}
	if len(e.Courses) == 0 {
		b.WriteString("; the site has no course pages in that language (pages with type: course)")
	} else {
		b.WriteString("; the courses are:\n  " + strings.Join(e.Courses, "\n  "))
	}
	return b.String()
}

// ErrUnknownLanguage is returned, wrapped, by Export when the site has no
// such language.
var ErrUnknownLanguage = errors.New("the site has no language")

// FindCourse returns the course page with an id in a language ("" for the
// site's default language), or an *UnknownCourseError.
func FindCourse(s *site.Site, id, lang string) (*site.Page, error) {
	if lang == "" {
		lang = s.Config.DefaultLanguage
	}
	id = strings.Trim(strings.TrimSpace(id), "/")
	p := s.ByID(id, lang)
	if p != nil && p.IsContent() && p.Kind == site.KindPage && p.Type == "course" {
		return p, nil
	}
	e := &UnknownCourseError{ID: id, Lang: lang}
	if p != nil {
		e.Type = p.Type
	}
	for _, q := range s.ContentPages(lang) {
		if q.Kind == site.KindPage && q.Type == "course" {
			e.Courses = append(e.Courses, q.ID)
		}
	}
	sort.Strings(e.Courses)
	return nil, e
}

// Export loads the site as build.Load does and packages the course with
// the given id and language ("" for the default). The diagnostics are the
// build's warnings, and the errors when the site does not build or the
// course cannot be packaged (the error is then a *diag.Failure).
func Export(ctx context.Context, o build.Options, id, lang string) (*Package, []diag.Diagnostic, error) {
	l, err := build.Load(ctx, o)
	var diags []diag.Diagnostic
	if l != nil {
		diags = l.Diags
	}
	if err != nil {
		return nil, diags, err
	}
	if lang != "" && !hasLang(l.Site, lang) {
		return nil, diags, fmt.Errorf("%w %q (it has %s)", ErrUnknownLanguage, lang, strings.Join(l.Site.Langs, ", "))
	}
	p, err := FindCourse(l.Site, id, lang)
	if err != nil {
		return nil, diags, err
	}
	pkg, err := Build(l, p)
	var fail *diag.Failure
	if errors.As(err, &fail) {
		diags = append(diags, fail.Diags...)
	}
	return pkg, diags, err
}

func hasLang(s *site.Site, lang string) bool {
	for _, l := range s.Langs {
		if l == lang {
			return true
		}
	}
	return false
}
