package e2e

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// problem is one finding of a static check, named by file and line.
type problem struct {
	File string
	Line int
	Msg  string
}

func (p problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return p.File + ": " + p.Msg
}

// ref is one URL an element refers to, with what it is for.
type ref struct {
	el       element
	attr     string
	url      string
	resource bool // the browser loads it with the page (not a link to follow)
}

// resourceRels are the <link> relations the browser fetches while it loads
// the page. canonical and alternate only name addresses.
var resourceRels = map[string]bool{
	"stylesheet": true, "icon": true, "apple-touch-icon": true, "mask-icon": true,
	"preload": true, "prefetch": true, "modulepreload": true, "manifest": true,
	"preconnect": true, "dns-prefetch": true, "prerender": true,
}

// refs lists the URLs an element refers to.
func refs(e element) []ref {
	var out []ref
	add := func(attr string, resource bool) {
		if v, ok := e.Attrs[attr]; ok && strings.TrimSpace(v) != "" {
			out = append(out, ref{el: e, attr: attr, url: strings.TrimSpace(v), resource: resource})
		}
	}
	srcset := func(attr string) {
		for _, cand := range strings.Split(e.Attrs[attr], ",") {
			if f := strings.Fields(cand); len(f) > 0 {
				out = append(out, ref{el: e, attr: attr, url: f[0], resource: true})
			}
		}
	}
	if e.InSVG {
		switch e.Tag {
		case "a":
			add("href", false)
			add("xlink:href", false)
		case "use", "image", "feimage", "script":
			add("href", true)
			add("xlink:href", true)
		}
		return out
	}
	switch e.Tag {
	case "a", "area":
		add("href", false)
	case "link":
		res := false
		for _, r := range strings.Fields(strings.ToLower(e.Attrs["rel"])) {
			res = res || resourceRels[r]
		}
		add("href", res)
	case "img", "source":
		add("src", true)
		srcset("srcset")
	case "script", "iframe", "embed", "audio", "track", "input":
		add("src", true)
	case "video":
		add("src", true)
		add("poster", true)
	case "object":
		add("data", true)
	case "form":
		add("action", true) // a form posts its data there: as bad as a resource
	case "button":
		add("formaction", true)
	case "meta":
		if strings.EqualFold(e.Attrs["http-equiv"], "refresh") {
			if _, after, ok := strings.Cut(e.Attrs["content"], "="); ok {
				out = append(out, ref{el: e, attr: "content", url: strings.Trim(strings.TrimSpace(after), `'"`)})
			}
		}
	}
	return out
}

// checkLinks checks that every internal reference of every page resolves
// to a file of the site, and that a #fragment names an id in the target.
// It returns the problems and the number of internal references checked.
func checkLinks(s *site) ([]problem, int) {
	var probs []problem
	n := 0
	for _, d := range s.Docs {
		for _, e := range d.Elements {
			for _, r := range refs(e) {
				if strings.HasPrefix(strings.ToLower(r.url), "javascript:") {
					continue // checkInlineCode reports it
				}
				p, frag, internal := s.resolve(d, r.url)
				if !internal {
					continue
				}
				n++
				file := s.target(p)
				if file == "" {
					probs = append(probs, problem{d.File, e.Line, fmt.Sprintf("<%s %s=%q>: no file for %s", e.Tag, r.attr, r.url, p)})
					continue
				}
				if frag == "" {
					continue
				}
				t := s.docAt(p)
				if t == nil {
					continue // a fragment of a non-HTML file (an SVG sprite, say)
				}
				if !t.IDs[frag] {
					probs = append(probs, problem{d.File, e.Line, fmt.Sprintf("<%s %s=%q>: %s has no id %q", e.Tag, r.attr, r.url, t.File, frag)})
				}
			}
		}
	}
	return probs, n
}

// checkHead checks what every page needs in its head to be found, read
// aloud and shared: a language, a title, a description and a canonical link
// that names the page itself (or, on a page marked noindex, another one).
// Redirect pages for old addresses (aliases)
// need only a title, the redirect and a canonical link to the target. The
// 404 page is served at every missing address, so it needs no canonical
// link (one that is there must still resolve, which checkLinks sees to).
func checkHead(s *site) []problem {
	var probs []problem
	bad := func(d *doc, format string, args ...any) {
		probs = append(probs, problem{File: d.File, Msg: fmt.Sprintf(format, args...)})
	}
	for _, d := range s.Docs {
		if d.Title == "" {
			bad(d, "no <title>")
		}
		if d.isAlias() {
			if d.Canonical == "" {
				bad(d, "redirect page has no canonical link to its target")
			}
			continue
		}
		if d.Lang == "" {
			bad(d, "<html> has no lang")
		}
		if d.Description == "" {
			bad(d, `no <meta name="description">`)
		}
		if d.Kind == "404" {
			continue
		}
		if d.Canonical == "" {
			bad(d, `no <link rel="canonical">`)
			continue
		}
		// A page that asks not to be indexed (a frozen edition, say) may
		// name another page as canonical; checkLinks sees that it exists.
		if p, _, internal := s.resolve(d, d.Canonical); !d.NoIndex && (!internal || p != d.URLPath) {
			bad(d, "canonical link %s does not name the page itself (%s)", d.Canonical, d.URLPath)
		}
	}
	return probs
}

// inSitemap reports whether a page belongs in the sitemap: every page but
// redirects, the 404 page, the search page (a form with no content of its
// own) and pages that ask not to be indexed.
func inSitemap(d *doc) bool {
	return !d.isAlias() && d.Kind != "404" && d.Kind != "search" && d.Type != "search" && !d.NoIndex
}

type sitemapXML struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc  string `xml:"loc"`
		Alts []struct {
			Hreflang string `xml:"hreflang,attr"`
			Href     string `xml:"href,attr"`
		} `xml:"http://www.w3.org/1999/xhtml link"`
	} `xml:"url"`
}

type atomXML struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Links   []struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr"`
	} `xml:"link"`
	Entries []struct {
		Title   string `xml:"title"`
		ID      string `xml:"id"`
		Updated string `xml:"updated"`
		Links   []struct {
			Href string `xml:"href,attr"`
			Rel  string `xml:"rel,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

// wellFormed reads an XML file token by token, which fails on any
// well-formedness error, and then decodes it into v.
func wellFormed(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	dec := xml.NewDecoder(bytes.NewReader(b))
	for {
		if _, err := dec.Token(); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return fmt.Errorf("not well-formed: %w", err)
		}
	}
	return xml.Unmarshal(b, v)
}

// checkFeeds checks that sitemap.xml and every Atom feed are well-formed,
// that the sitemap lists every page that belongs in it and nothing that
// is not a page, and that every feed entry links to a page. It returns the
// problems and the feeds it read.
func checkFeeds(s *site) ([]problem, []string) {
	var probs []problem
	var sm sitemapXML
	listed := map[string]bool{}
	if err := wellFormed(filepath.Join(s.Dir, "sitemap.xml"), &sm); err != nil {
		probs = append(probs, problem{File: "sitemap.xml", Msg: err.Error()})
	}
	home := &doc{URLPath: s.Base.Path}
	for _, u := range sm.URLs {
		p, _, internal := s.resolve(home, u.Loc)
		d := s.docAt(p)
		switch {
		case !internal:
			probs = append(probs, problem{File: "sitemap.xml", Msg: "<loc> " + u.Loc + " is not under the base URL " + s.Base.String()})
		case d == nil:
			probs = append(probs, problem{File: "sitemap.xml", Msg: "<loc> " + u.Loc + " names no page"})
		case !inSitemap(d):
			probs = append(probs, problem{File: "sitemap.xml", Msg: "<loc> " + u.Loc + " is a " + d.Kind + " page, which does not belong in a sitemap"})
		default:
			listed[d.File] = true
		}
		for _, a := range u.Alts {
			if p, _, _ := s.resolve(home, a.Href); s.docAt(p) == nil {
				probs = append(probs, problem{File: "sitemap.xml", Msg: fmt.Sprintf("alternate %s %s of %s names no page", a.Hreflang, a.Href, u.Loc)})
			}
		}
	}
	for _, d := range s.Docs {
		if inSitemap(d) && !listed[d.File] {
			probs = append(probs, problem{File: "sitemap.xml", Msg: "does not list " + d.URLPath + " (" + d.File + ")"})
		}
	}

	var feeds []string
	for f := range s.Files {
		if strings.HasSuffix(f, ".xml") && f != "sitemap.xml" {
			feeds = append(feeds, f)
		}
	}
	sort.Strings(feeds)
	if len(feeds) == 0 {
		probs = append(probs, problem{File: "index.xml", Msg: "no Atom feed in the site"})
	}
	for _, f := range feeds {
		var feed atomXML
		if err := wellFormed(filepath.Join(s.Dir, f), &feed); err != nil {
			probs = append(probs, problem{File: f, Msg: err.Error()})
			continue
		}
		if feed.Title == "" || feed.ID == "" || feed.Updated == "" {
			probs = append(probs, problem{File: f, Msg: "feed lacks title, id or updated"})
		}
		for _, e := range feed.Entries {
			if e.Title == "" || e.ID == "" || e.Updated == "" || len(e.Links) == 0 {
				probs = append(probs, problem{File: f, Msg: fmt.Sprintf("entry %q lacks title, id, updated or link", e.Title)})
			}
			for _, l := range e.Links {
				if p, _, _ := s.resolve(home, l.Href); s.docAt(p) == nil {
					probs = append(probs, problem{File: f, Msg: fmt.Sprintf("entry %q links to %s, which names no page", e.Title, l.Href)})
				}
			}
		}
	}
	return probs, feeds
}

// dataScriptTypes are <script> types that hold data, which the browser
// never runs and a CSP does not govern.
var dataScriptTypes = map[string]bool{"application/json": true, "application/ld+json": true}

// checkInlineCode checks that no page and no SVG file holds code or style
// the strict policy `default-src 'self'` would block: a <script> without
// src, an on*= handler attribute, a javascript: URL, a style attribute or
// a <style> element (the last two are inline style, which the policy
// blocks as well, and which breaks the page's look under it).
func checkInlineCode(s *site) []problem {
	var probs []problem
	check := func(file string, els []element) {
		for _, e := range els {
			if e.Tag == "script" && !e.has("src") && !e.has("href") && !e.has("xlink:href") && !dataScriptTypes[strings.ToLower(e.Attrs["type"])] {
				probs = append(probs, problem{file, e.Line, "inline <script> (move it to a file in assets/js)"})
			}
			if e.Tag == "style" {
				probs = append(probs, problem{file, e.Line, "inline <style> element (move it to a stylesheet)"})
			}
			for _, k := range e.Order {
				v := strings.ToLower(strings.TrimSpace(e.Attrs[k]))
				switch {
				case len(k) > 2 && strings.HasPrefix(k, "on"):
					probs = append(probs, problem{file, e.Line, fmt.Sprintf("<%s %s=…> event handler attribute", e.Tag, k)})
				case k == "style":
					probs = append(probs, problem{file, e.Line, fmt.Sprintf("<%s style=%q> inline style attribute", e.Tag, e.Attrs[k])})
				case strings.HasPrefix(v, "javascript:"):
					probs = append(probs, problem{file, e.Line, fmt.Sprintf("<%s %s=%q> javascript: URL", e.Tag, k, e.Attrs[k])})
				}
			}
		}
	}
	for _, d := range s.Docs {
		check(d.File, d.Elements)
	}
	for f := range s.Files {
		if !strings.HasSuffix(f, ".svg") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(s.Dir, f))
		if err != nil {
			probs = append(probs, problem{File: f, Msg: err.Error()})
			continue
		}
		els, err := parseSVG(b, 0)
		if err != nil {
			probs = append(probs, problem{File: f, Msg: err.Error()})
			continue
		}
		check(f, els)
	}
	sort.Slice(probs, func(i, j int) bool { return probs[i].String() < probs[j].String() })
	return probs
}

// cssURL finds url(...) and @import references in a stylesheet.
var cssURL = regexp.MustCompile(`(?i)url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)`)

// checkExternalResources checks that nothing the browser loads with a page
// comes from another origin: no src, srcset, stylesheet, icon, preload,
// form action or SVG reference to another host, and no url() or @import
// of another host in the site's stylesheets. Links to other sites (<a
// href>) are fine: the reader chooses to follow them.
func checkExternalResources(s *site) ([]problem, int) {
	var probs []problem
	n := 0
	external := func(u string) bool {
		l := strings.ToLower(u)
		return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "//")
	}
	for _, d := range s.Docs {
		for _, e := range d.Elements {
			for _, r := range refs(e) {
				if !r.resource {
					continue
				}
				n++
				if _, _, internal := s.resolve(d, r.url); !internal && external(r.url) {
					probs = append(probs, problem{d.File, e.Line, fmt.Sprintf("<%s %s=%q> loads from another origin", e.Tag, r.attr, r.url)})
				}
			}
		}
	}
	for f := range s.Files {
		if !strings.HasSuffix(f, ".css") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(s.Dir, f))
		if err != nil {
			probs = append(probs, problem{File: f, Msg: err.Error()})
			continue
		}
		for _, m := range cssURL.FindAllSubmatchIndex(b, -1) {
			u := ""
			for i := 2; i < len(m); i += 2 {
				if m[i] >= 0 {
					u = string(b[m[i]:m[i+1]])
				}
			}
			n++
			if external(u) {
				probs = append(probs, problem{f, lineOf(b, m[0]), fmt.Sprintf("stylesheet loads %s from another origin", u)})
			}
		}
	}
	sort.Slice(probs, func(i, j int) bool { return probs[i].String() < probs[j].String() })
	return probs, n
}
