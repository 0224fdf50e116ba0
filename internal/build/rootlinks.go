package build

import (
	"strings"

	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/site"
)

// checkRootLinks checks the site-absolute links of the site's pages
// (site.CheckRootLinks) against everything a build writes: the graph's
// pages, aliases and content files, and, known here, the files beside the
// graph (served).
func checkRootLinks(l *Loaded, diags *diag.List) {
	diags.Add(l.Site.CheckRootLinks(served(l))...)
}

// served tells whether the build writes a file or page that the site graph
// does not hold, given its path below the base path: static files of the
// site and theme, the feeds, sitemap.xml and robots.txt, the surveys' CSV
// and JSON, the stylesheet,
// script and search bundles (whose names carry a hash), and the pages and
// files of the editions under /NAME/.
//
// It names what Render writes; a new kind of output must be added here
// too, or links to it are reported as dead.
func served(l *Loaded) func(p string) bool {
	s := l.Site
	static := map[string]bool{}
	for _, f := range l.Renderer.Theme.Files("static") {
		static[f] = true
	}
	files := map[string]bool{"sitemap.xml": true, "robots.txt": true}
	for _, lang := range s.Langs {
		files[strings.TrimPrefix(s.LangPrefix(lang)+"/index.xml", "/")] = true // RecentFeed
	}
	for _, w := range l.whatsnew {
		files[w.feedFile] = true
	}
	// A survey's figures beside its pages (writeSurveyFiles), which a
	// coordinator's page links to for download.
	for _, sv := range l.surveys {
		if len(sv.pages) == 0 {
			continue
		}
		files[surveyJSONFile(l, sv)] = true
		for _, p := range sv.pages {
			files[surveyCSVFile(sv, p)] = true
		}
	}
	bundles := []string{"css/", "js/"}
	if l.Config.SearchEnabled() {
		bundles = append(bundles, "search/")
	}
	type edition struct {
		prefix string
		served func(string) (*site.Page, bool)
		langs  []string
		site   *site.Site
	}
	var eds []edition
	for _, e := range l.editions {
		if e.l != nil && e.l.Site != nil {
			eds = append(eds, edition{prefix: e.prefix, served: e.l.Site.Served(), site: e.l.Site})
		}
	}
	return func(p string) bool {
		name := strings.TrimPrefix(p, "/")
		if files[name] || static[name] {
			return true
		}
		for _, b := range bundles {
			if strings.HasPrefix(name, b) && len(name) > len(b) {
				return true
			}
		}
		for _, e := range eds {
			rest, ok := strings.CutPrefix(name, e.prefix)
			if !ok {
				if name+"/" != e.prefix {
					continue
				}
				rest = "" // /2024 for /2024/
			}
			// An edition has its pages, redirects and files, the static
			// files and its feeds under its folder (editionSite.render).
			if _, ok := e.served("/" + rest); ok || static[rest] {
				return true
			}
			for _, lang := range e.site.Langs {
				if rest == strings.TrimPrefix(e.site.LangPrefix(lang)+"/index.xml", "/") {
					return true
				}
			}
		}
		return false
	}
}
