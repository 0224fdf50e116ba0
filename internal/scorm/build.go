package scorm

import (
	_ "embed"
	"fmt"
	"html"
	"io/fs"
	"regexp"
	"strings"

	"github.com/varde-portal/varde/internal/build"
	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/output"
	"github.com/varde-portal/varde/internal/quiz"
	"github.com/varde-portal/varde/internal/site"
)

// adapter is scorm.js, the script that reports to the platform. It is
// added to packages only: the public site has no SCORM API to talk to.
//
//go:embed scorm.js
var adapter []byte

var cssURL = regexp.MustCompile(`url\(\s*(['"]?)([^'")]*)['"]?\s*\)`)

// Build renders a course page of a loaded site, and only what it needs,
// into memory and makes the package of it. A page that loads something
// from another site, or a file the site does not have, is an error (a
// *diag.Failure naming the course's file).
func Build(l *build.Loaded, course *site.Page) (*Package, error) {
	s, r := l.Site, l.Renderer
	rendered := output.NewMemory()
	if err := r.Assets(s, rendered); err != nil {
		return nil, fmt.Errorf("theme assets: %w", err)
	}
	var diags diag.List
	diags.Add(r.Pages(s, []*site.Page{course}, rendered)...)
	if err := diags.Err(); err != nil {
		return nil, err
	}
	page, ok := rendered.Get(course.OutFile)
	if !ok {
		return nil, fmt.Errorf("the renderer wrote no %s for %s", course.OutFile, course.ID)
	}
	k := newPacker(l, course, rendered)
	view := r.View(s, course)
	css := k.assetName(view.CSS)
	var scripts []string
	for _, u := range view.Scripts {
		scripts = append(scripts, k.assetName(u))
	}
	for _, name := range append([]string{css}, scripts...) {
		if name == "" || !k.include(name) {
			return nil, fmt.Errorf("the renderer wrote no stylesheet or script for %s (looked for %q and %q)", course.Lang, css, strings.Join(scripts, ", "))
		}
	}
	k.files[css] = k.cssURLs(css, k.files[css])
	ex, err := k.extract(page)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", course.Source.File, err)
	}
	if len(k.problems) > 0 {
		diags.Add(k.problems...)
		return nil, diags.Err()
	}
	for _, reserved := range []string{LaunchName, AdapterName, ManifestName} {
		if _, clash := k.files[reserved]; clash {
			return nil, fmt.Errorf("the site has a file %s at its root, which a SCORM package needs for its own; rename it", reserved)
		}
	}
	k.files[AdapterName] = adapter
	k.files[LaunchName] = launchPage(s, course, ex, css, scripts)
	pkg := &Package{Course: course, files: k.files}
	k.files[ManifestName] = manifest(s, course, pkg.Names())
	return pkg, nil
}

// newPacker returns a packer for a course whose page and assets the
// renderer has written to rendered.
func newPacker(l *build.Loaded, course *site.Page, rendered *output.Memory) *packer {
	r := l.Renderer
	k := &packer{
		site: l.Site, course: course, rendered: rendered,
		resources:     map[string]string{},
		readResource:  func(file string) ([]byte, error) { return fs.ReadFile(r.Theme.SiteFS(), file) },
		files:         map[string][]byte{},
		newWindowText: r.Strings.T(course.Lang, "course.new_window"),
		seenProblem:   map[string]bool{},
	}
	for _, res := range l.Site.Resources {
		k.resources[res.Rel] = res.File
	}
	return k
}

// assetName turns the URL of a bundle, as the layouts link it, into its
// path below the site root.
func (k *packer) assetName(u string) string {
	_, rel, inSite, _ := k.resolve(u)
	if !inSite {
		return ""
	}
	return rel
}

// passOf is the course's pass mark in percent.
func passOf(p *site.Page) int {
	if pass := p.Meta().Pass; pass > 0 {
		return pass
	}
	return quiz.DefaultPass
}

func icons(links [][]attr) string {
	var b strings.Builder
	for _, l := range links {
		b.WriteString("<link" + attrsString(l) + ">\n")
	}
	return b.String()
}

// launchPage writes index.html: the course's <main> in a page of its own,
// with the body attributes the scripts read, the stylesheet, and the
// adapter before the bundle, so that it listens before quiz.js reports a
// result restored from an earlier visit.
func launchPage(s *site.Site, course *site.Page, ex *extracted, css string, scripts []string) []byte {
	title := course.Title
	if st := s.Config.LangTitle(course.Lang); st != "" {
		title += " – " + st
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html>
<html lang="%s">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%s</title>
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<link rel="stylesheet" href="%s">
%s</head>
<body%s>
<div class="page-wrap">
<main%s>`, html.EscapeString(course.Lang), html.EscapeString(title), html.EscapeString(relative(css, "")),
		icons(ex.icons), attrsString(ex.body), attrsString(ex.main))
	b.Write(ex.html)
	fmt.Fprintf(&b, `</main>
</div>
<script src="%s" defer></script>
`, AdapterName)
	for _, js := range scripts {
		fmt.Fprintf(&b, "<script src=\"%s\" defer></script>\n", html.EscapeString(relative(js, "")))
	}
	b.WriteString("</body>\n</html>\n")
	return []byte(b.String())
}
