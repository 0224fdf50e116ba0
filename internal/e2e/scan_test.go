package e2e

import (
	"bytes"
	"fmt"
	"html"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/tdewolff/parse/v2"
	htmllex "github.com/tdewolff/parse/v2/html"
	xmllex "github.com/tdewolff/parse/v2/xml"
)

// element is one start tag of a built file, with its attributes decoded.
type element struct {
	Tag   string
	Attrs map[string]string
	Order []string // attribute names in source order, for messages
	Line  int
	InSVG bool   // inside inline <svg> or an .svg file
	Text  string // the raw text content, for <title>, <script> and <style>
}

func (e element) has(name string) bool { _, ok := e.Attrs[name]; return ok }

// doc is one built HTML (or SVG) file.
type doc struct {
	File     string // path relative to the public folder, with slashes
	URLPath  string // the path it is served at, base path included, such as "/veiledere/dpia/"
	Elements []element
	IDs      map[string]bool // every id (and <a name>) in the file

	// From <html> and <body>.
	Lang, Type, Kind, ID string
	Title                string
	Description          string
	Canonical            string
	Refresh              string // the target of a meta refresh (alias pages)
	NoIndex              bool
	Alternates           map[string]string // hreflang -> href
}

// site is the built public folder, scanned once.
type site struct {
	Dir   string
	Base  *url.URL // the site's base URL, from the home page's canonical link
	Docs  []*doc   // HTML files, sorted by file
	ByURL map[string]*doc
	Files map[string]bool // every file, relative with slashes
}

// scanSite reads every file of a built site.
func scanSite(dir string) (*site, error) {
	s := &site{Dir: dir, ByURL: map[string]*doc{}, Files: map[string]bool{}}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		s.Files[rel] = true
		if !strings.HasSuffix(rel, ".html") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		d2, err := parseHTML(rel, src)
		if err != nil {
			return fmt.Errorf("%s: %w", rel, err)
		}
		s.Docs = append(s.Docs, d2)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(s.Docs, func(i, j int) bool { return s.Docs[i].File < s.Docs[j].File })
	// The base URL is where the home page says it lives; every page is
	// served under its path.
	s.Base = &url.URL{Path: "/"}
	for _, d := range s.Docs {
		if d.File == "index.html" && d.Canonical != "" {
			if u, err := url.Parse(d.Canonical); err == nil && strings.HasSuffix(u.Path, "/") {
				s.Base = u
			}
		}
	}
	for _, d := range s.Docs {
		d.URLPath = s.Base.Path + strings.TrimPrefix(d.URLPath, "/")
		s.ByURL[d.URLPath] = d
	}
	return s, nil
}

// urlPath is the path a file is served at relative to the site root:
// pretty URLs for index.html.
func urlPath(file string) string {
	if file == "index.html" {
		return "/"
	}
	if strings.HasSuffix(file, "/index.html") {
		return "/" + strings.TrimSuffix(file, "index.html")
	}
	return "/" + file
}

// lineOf returns the 1-based line of offset in src.
func lineOf(src []byte, offset int) int {
	if offset > len(src) {
		offset = len(src)
	}
	return bytes.Count(src[:offset], []byte("\n")) + 1
}

func attrValue(raw []byte) string {
	v := string(raw)
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		v = v[1 : len(v)-1]
	}
	return html.UnescapeString(v)
}

// parseHTML tokenizes an HTML file with the tokenizer minify itself uses,
// so that minified markup (unquoted attributes, omitted tags) reads right.
func parseHTML(file string, src []byte) (*doc, error) {
	d := &doc{File: file, URLPath: urlPath(file), IDs: map[string]bool{}, Alternates: map[string]string{}}
	in := parse.NewInput(bytes.NewReader(src))
	l := htmllex.NewLexer(in)
	cur, raw := -1, -1 // the open start tag; the element whose raw text follows
	for {
		start := in.Offset()
		tt, data := l.Next()
		switch tt {
		case htmllex.ErrorToken:
			if err := l.Err(); err != nil && err.Error() != "EOF" {
				return nil, err
			}
			finish(d)
			return d, nil
		case htmllex.StartTagToken:
			d.Elements = append(d.Elements, element{Tag: strings.ToLower(string(l.Text())), Attrs: map[string]string{}, Line: lineOf(src, start)})
			cur = len(d.Elements) - 1
		case htmllex.AttributeToken:
			if cur >= 0 {
				k := strings.ToLower(string(l.AttrKey()))
				d.Elements[cur].Attrs[k] = attrValue(l.AttrVal())
				d.Elements[cur].Order = append(d.Elements[cur].Order, k)
			}
		case htmllex.StartTagCloseToken, htmllex.StartTagVoidToken:
			if cur >= 0 {
				switch d.Elements[cur].Tag {
				case "title", "script", "style":
					raw = cur
				}
			}
			cur = -1
		case htmllex.TextToken:
			if raw >= 0 {
				d.Elements[raw].Text += string(data)
			}
		case htmllex.EndTagToken:
			raw = -1
		case htmllex.SVGToken:
			els, err := parseSVG(data, lineOf(src, start)-1)
			if err != nil {
				return nil, fmt.Errorf("inline svg at line %d: %w", lineOf(src, start), err)
			}
			d.Elements = append(d.Elements, els...)
		}
	}
}

// parseSVG reads SVG markup (inline or a file) into elements; lineBase is
// added to its line numbers.
func parseSVG(src []byte, lineBase int) ([]element, error) {
	in := parse.NewInput(bytes.NewReader(src))
	l := xmllex.NewLexer(in)
	var els []element
	open := -1
	for {
		start := in.Offset()
		tt, data := l.Next()
		switch tt {
		case xmllex.ErrorToken:
			if err := l.Err(); err != nil && err.Error() != "EOF" {
				return nil, err
			}
			return els, nil
		case xmllex.StartTagToken:
			els = append(els, element{Tag: strings.ToLower(string(l.Text())), Attrs: map[string]string{}, Line: lineBase + lineOf(src, start), InSVG: true})
			open = len(els) - 1
		case xmllex.AttributeToken:
			if open >= 0 {
				k := strings.ToLower(string(l.Text()))
				els[open].Attrs[k] = attrValue(l.AttrVal())
				els[open].Order = append(els[open].Order, k)
			}
		case xmllex.StartTagCloseToken:
			// Text that follows belongs to this element (a <script> or
			// <style> body); keep the index until the next tag.
		case xmllex.StartTagCloseVoidToken, xmllex.EndTagToken:
			open = -1
		case xmllex.TextToken, xmllex.CDATAToken:
			if open >= 0 {
				els[open].Text += string(data)
			}
		}
	}
}

// finish fills the summary fields of a doc from its elements.
func finish(d *doc) {
	for _, e := range d.Elements {
		if id := e.Attrs["id"]; id != "" {
			d.IDs[id] = true
		}
		if e.Tag == "a" && e.Attrs["name"] != "" {
			d.IDs[e.Attrs["name"]] = true
		}
		if e.InSVG {
			continue
		}
		switch e.Tag {
		case "html":
			d.Lang = e.Attrs["lang"]
		case "body":
			d.Type, d.ID, d.Kind = e.Attrs["data-type"], e.Attrs["data-id"], e.Attrs["data-kind"]
		case "title":
			if d.Title == "" {
				d.Title = strings.TrimSpace(html.UnescapeString(e.Text))
			}
		case "meta":
			switch strings.ToLower(e.Attrs["name"]) {
			case "description":
				d.Description = strings.TrimSpace(e.Attrs["content"])
			case "robots":
				d.NoIndex = strings.Contains(strings.ToLower(e.Attrs["content"]), "noindex")
			}
			if strings.EqualFold(e.Attrs["http-equiv"], "refresh") {
				_, after, _ := strings.Cut(e.Attrs["content"], "=")
				d.Refresh = strings.Trim(strings.TrimSpace(after), `'"`)
			}
		case "link":
			rel := " " + strings.ToLower(e.Attrs["rel"]) + " "
			if strings.Contains(rel, " canonical ") {
				d.Canonical = e.Attrs["href"]
			}
			if strings.Contains(rel, " alternate ") && e.Attrs["hreflang"] != "" {
				d.Alternates[e.Attrs["hreflang"]] = e.Attrs["href"]
			}
		}
	}
	if d.Kind == "" {
		d.Kind = guessKind(d)
	}
}

// guessKind tells what kind of page a document is, for a theme whose body
// has no data-kind attribute: the generator's ids name sections by their
// _index file, and the special pages by their data-type.
func guessKind(d *doc) string {
	switch {
	case d.Refresh != "" && d.Type == "":
		return "alias"
	case d.Type == "404" || path.Base(d.File) == "404.html":
		return "404"
	case d.Type == "taxonomy", d.Type == "term", d.Type == "search":
		return d.Type
	case d.ID == "_index":
		return "home"
	case strings.HasSuffix(d.ID, "/_index"):
		return "section"
	}
	return "page"
}

// isAlias reports whether d is a redirect page for an old address.
func (d *doc) isAlias() bool { return d.Kind == "alias" }

// resolve turns a reference found in d into a path inside the site, such
// as "/veiledere/dpia/", with its fragment. ok is false for references that
// leave the site (another host, mailto:, tel:); a reference to the site's
// own origin by absolute URL counts as internal.
func (s *site) resolve(d *doc, ref string) (p, fragment string, internal bool) {
	ref = strings.TrimSpace(ref)
	u, err := url.Parse(ref)
	if err != nil {
		return ref, "", true // unparseable: let the caller report it as dead
	}
	if u.Scheme != "" || u.Host != "" {
		if (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "") || !strings.EqualFold(u.Host, s.Base.Host) {
			return "", "", false
		}
		if !strings.HasPrefix(u.Path, s.Base.Path) {
			return "", "", false
		}
	}
	page := &url.URL{Path: d.URLPath}
	r := page.ResolveReference(&url.URL{Path: u.Path, RawQuery: u.RawQuery})
	if u.Path == "" {
		r.Path = d.URLPath
	}
	return r.Path, u.Fragment, true
}

// target maps a site path to the file that answers it, "" when none does:
// the file itself, or a folder's index.html (pretty URLs), under the base
// URL's path.
func (s *site) target(p string) string {
	basePath := s.Base.Path
	if basePath == "" {
		basePath = "/"
	}
	if !strings.HasPrefix(p, basePath) && p+"/" != basePath {
		return ""
	}
	rel := strings.TrimPrefix(p, basePath)
	rel = strings.TrimPrefix(path.Clean("/"+rel), "/")
	if p == basePath || strings.HasSuffix(p, "/") {
		idx := path.Join(rel, "index.html")
		if s.Files[idx] {
			return idx
		}
		return ""
	}
	if s.Files[rel] {
		return rel
	}
	if s.Files[path.Join(rel, "index.html")] {
		return path.Join(rel, "index.html")
	}
	return ""
}

// docAt returns the HTML document a site path leads to, or nil.
func (s *site) docAt(p string) *doc {
	f := s.target(p)
	if f == "" {
		return nil
	}
	for _, d := range s.Docs {
		if d.File == f {
			return d
		}
	}
	return nil
}
