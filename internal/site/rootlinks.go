package site

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/textdist"
)

// Site-absolute links ([x](/veiledere/dpia/)) are written into the page as
// they are, so they cannot be resolved while the page is converted: the
// pages made after conversion (reference pages, what's new, changelogs)
// are not in the graph yet, and the files outside it (static files, feeds,
// editions) are only known to the build. They are checked here, once,
// after everything is loaded, as strictly as relative links: a link to an
// address the site does not serve is an error.

// Served returns a function telling whether the site serves p, a path
// below its base path ("/veiledere/dpia/", "/nn/sok/", "/bilde.png"): a
// page, an alias (a redirect page) or a content file. The page is returned
// when p leads to one, for anchor checks.
//
// Like a static host, it takes a folder's address without its trailing
// slash (the server redirects) and with index.html.
func (s *Site) Served() func(p string) (*Page, bool) {
	aliases := map[string]*Page{}
	for _, q := range s.Pages {
		for _, a := range q.Aliases {
			aliases[a] = q
		}
	}
	return func(p string) (*Page, bool) {
		cands := []string{p}
		switch {
		case strings.HasSuffix(p, "/index.html"):
			cands = append(cands, strings.TrimSuffix(p, "index.html"))
		case !strings.HasSuffix(p, "/") && path.Ext(p) == "":
			cands = append(cands, p+"/")
		}
		for _, c := range cands {
			if q := s.byPath[c]; q != nil {
				return q, true
			}
			if q := aliases[c]; q != nil {
				return q, true
			}
		}
		return nil, s.resFile[strings.TrimPrefix(p, "/")]
	}
}

// CheckRootLinks reports every site-absolute link or image address that
// leads to nothing the site serves, and a #fragment missing on the page it
// leads to. outside tells about what the build writes beside the graph
// (static files, feeds, the sitemap, editions, asset bundles), given a path
// below the base path; nil: nothing. It is called once every page is in
// the graph.
//
// When the site lives below a path (baseURL https://x.no/personvern/), a
// link must carry it: /personvern/veiledere/ is the site's, and
// /veiledere/ leads elsewhere on the host. That is an error when the site
// has a page at the address without the prefix (the editor meant it) and
// is left alone otherwise, as a link to another site would be.
func (s *Site) CheckRootLinks(outside func(p string) bool) []diag.Diagnostic {
	var diags diag.List
	served := s.Served()
	lookup := func(p string) (*Page, bool) {
		if q, ok := served(p); ok {
			return q, true
		}
		return nil, outside != nil && outside(p)
	}
	base := strings.TrimSuffix(s.BasePath, "/") // "" at the host's root
	for _, p := range s.Pages {
		if p.Source == nil {
			continue
		}
		for _, l := range p.Links {
			if !l.Root {
				continue
			}
			what := "link"
			if l.Image {
				what = "image"
			}
			rel, inSite := l.Path, true
			if base != "" {
				switch {
				case l.Path == base:
					rel = "/"
				case strings.HasPrefix(l.Path, base+"/"):
					rel = strings.TrimPrefix(l.Path, base)
				default:
					inSite = false
				}
			}
			if !inSite {
				if _, ok := lookup(l.Path); ok {
					diags.Errorf(p.Source.File, l.Line, "%s %q leads outside the site, which is published under %s/: write %s, or link to the page's file", what, l.Dest, base, printable(base+l.Path))
				}
				continue
			}
			target, ok := lookup(rel)
			if !ok {
				diags.Errorf(p.Source.File, l.Line, "%s %q: the site has no page or file at %s%s", what, l.Dest, printable(l.Path), s.suggestPath(rel, base))
				continue
			}
			if l.Fragment == "" || target == nil || target.Anchors == nil || anchorOK(target, l.Fragment) {
				continue
			}
			where := "page " + target.Path
			if target.Source != nil {
				where = target.Source.File
			}
			diags.Errorf(p.Source.File, l.Line, "link %q: no heading or anchor %s in %s%s", l.Dest, printable("#"+l.Fragment), where, anchorHint(target, l.Fragment))
		}
	}
	return diags.Items()
}

// anchorOK reports whether a link to #frag on p finds its target: an id on
// the page, a footnote, or the layout's main element.
func anchorOK(p *Page, frag string) bool {
	return p.Anchors[frag] || strings.HasPrefix(frag, "fn:") || strings.HasPrefix(frag, "fnref:") || frag == "main"
}

// suggestPath proposes the page address closest to a dead one.
func (s *Site) suggestPath(rel, base string) string {
	paths := make([]string, 0, len(s.byPath))
	for p := range s.byPath {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	if best := textdist.Closest(rel, paths, 3); best != "" {
		return fmt.Sprintf(" (did you mean %s%s?)", base, best)
	}
	return ""
}
