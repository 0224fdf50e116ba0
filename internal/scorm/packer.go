package scorm

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"strings"

	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/output"
	"github.com/varde-portal/varde/internal/site"
)

// packer collects the files of one package and decides what each URL of
// the course page becomes in it:
//
//   - a file the page loads (image, stylesheet, video) is copied into the
//     package at its path below the site root and referred to relatively;
//     one on another site is an error, since the package must work offline
//     and under a strict Content-Security-Policy;
//   - a link to the course itself becomes a link within the page;
//   - every other link opens in a new window, because leaving the launch
//     page in the platform's frame ends the learner's session: a file of
//     the site (a PDF beside the page) is copied into the package too, a
//     page of the portal is linked at its public address, and one without
//     a public address (the site's baseURL is a bare path) loses its link
//     but keeps its text.
type packer struct {
	site          *site.Site
	course        *site.Page
	rendered      *output.Memory    // what the renderer wrote: assets and the page
	resources     map[string]string // site-relative path of a content resource → its file
	readResource  func(file string) ([]byte, error)
	files         map[string][]byte // the package so far
	newWindowText string            // said after a link that opens a new window
	problems      []diag.Diagnostic
	seenProblem   map[string]bool
}

// problem records an error about the course page, once per URL, at the
// line of the course's source where the URL is written when it is written
// there as is.
func (k *packer) problem(ref, format string) {
	if k.seenProblem[ref] {
		return
	}
	k.seenProblem[ref] = true
	file, line := "", 0
	if src := k.course.Source; src != nil {
		file = src.File
		if i := bytes.Index(src.Body, []byte(ref)); i >= 0 && ref != "" {
			line = src.BodyLine + 1 + bytes.Count(src.Body[:i], []byte("\n"))
		}
	}
	k.problems = append(k.problems, diag.Errorf(file, line, format, ref))
}

// resolve parses a URL of the course page and, when it points into the
// site, returns the path below the site root ("kurs/bilde.png", "" for
// the home page) and the fragment. external is true for a URL with a
// scheme or host.
func (k *packer) resolve(v string) (u *url.URL, rel string, inSite, external bool) {
	u, ok := parseRef(v)
	if !ok {
		return nil, "", false, false
	}
	if u.Scheme != "" || u.Host != "" {
		return u, "", false, true
	}
	abs := (&url.URL{Path: k.course.URL}).ResolveReference(u)
	base := k.site.BasePath
	if !strings.HasPrefix(abs.Path, base) && abs.Path+"/" != base {
		return abs, "", false, false
	}
	return abs, strings.TrimPrefix(strings.TrimPrefix(abs.Path, strings.TrimSuffix(base, "/")), "/"), true, false
}

// include copies a file of the built site into the package at rel and
// reports whether there is such a file.
func (k *packer) include(rel string) bool {
	if rel == "" || strings.HasSuffix(rel, "/") {
		return false
	}
	if _, done := k.files[rel]; done {
		return true
	}
	if b, ok := k.rendered.Get(rel); ok && rel != k.course.OutFile {
		k.files[rel] = b
		return true
	}
	if file, ok := k.resources[rel]; ok {
		b, err := k.readResource(file)
		if err != nil {
			k.problems = append(k.problems, diag.Errorf(file, 0, "cannot read it for the SCORM package: %v", err))
			return true
		}
		k.files[rel] = b
		return true
	}
	return false
}

// relative writes a package path as a URL relative to the launch page.
func relative(rel, fragment string) string {
	u := &url.URL{Path: rel, Fragment: fragment}
	return u.String()
}

// resource returns the package URL of a file the page loads.
func (k *packer) resource(v string) string {
	if strings.HasPrefix(strings.TrimSpace(v), "data:") {
		return v
	}
	u, rel, inSite, external := k.resolve(v)
	switch {
	case u == nil:
		k.problem(v, "the course page refers to %q, which is not a valid URL")
		return v
	case external:
		k.problem(v, "the course page loads %s from another site, which a SCORM package cannot do: save the file beside the page in content/ and refer to it there")
		return v
	case !inSite || !k.include(rel):
		k.problem(v, "the course page loads %s, which the site does not have")
		return v
	}
	return relative(rel, u.Fragment)
}

// link returns the package URL of a link's target, "" when the link has
// to go, and whether it opens a new window.
func (k *packer) link(v string) (string, bool) {
	t := strings.TrimSpace(v)
	if t == "" || strings.HasPrefix(t, "#") {
		return v, false
	}
	u, rel, inSite, external := k.resolve(t)
	switch {
	case u == nil:
		k.problem(v, "the course page links to %q, which is not a valid URL")
		return v, false
	case external:
		switch strings.ToLower(u.Scheme) {
		case "http", "https", "":
			return v, true
		case "javascript":
			return "", false
		}
		return v, false // mailto:, tel: …
	case !inSite:
		return "", false
	}
	if u.Path == k.course.URL || u.Path == k.course.URL+"index.html" {
		if u.Fragment == "" {
			return "#main", false
		}
		return "#" + u.Fragment, false
	}
	if k.include(rel) {
		return relative(rel, u.Fragment), true
	}
	if k.site.Origin == "" {
		return "", false
	}
	public := &url.URL{Path: u.Path, RawQuery: u.RawQuery, Fragment: u.Fragment}
	return k.site.Origin + public.String(), true
}

// cssURLs rewrites the url() references of a stylesheet the package holds
// at name: files of the site are copied in and referred to relatively,
// anything from elsewhere is an error.
func (k *packer) cssURLs(name string, css []byte) []byte {
	dir := path.Dir(name)
	up := strings.Repeat("../", strings.Count(name, "/"))
	return cssURL.ReplaceAllFunc(css, func(m []byte) []byte {
		sub := cssURL.FindSubmatch(m)
		ref := string(bytes.TrimSpace(sub[2]))
		if ref == "" || strings.HasPrefix(ref, "data:") || strings.HasPrefix(ref, "#") {
			return m
		}
		u, ok := parseRef(ref)
		if !ok || u.Scheme != "" || u.Host != "" {
			k.problems = append(k.problems, diag.Errorf("themes/"+k.site.Config.Theme+"/assets/css", 0, "the stylesheet loads %s from another site, which a SCORM package cannot do", ref))
			return m
		}
		var rel string
		if strings.HasPrefix(u.Path, "/") {
			rel = strings.TrimPrefix(strings.TrimPrefix(u.Path, strings.TrimSuffix(k.site.BasePath, "/")), "/")
		} else {
			rel = path.Clean(path.Join(dir, u.Path))
		}
		if !k.include(rel) {
			k.problems = append(k.problems, diag.Errorf("themes/"+k.site.Config.Theme+"/assets/css", 0, "the stylesheet loads %s, which the site does not have", ref))
			return m
		}
		return []byte(fmt.Sprintf("url(%q)", up+relative(rel, u.Fragment)))
	})
}
