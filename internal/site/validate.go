package site

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/slug"
	"github.com/varde-portal/varde/internal/textdist"
)

// normExample is a first-person norm per language, for the message that
// asks for one.
var normExample = map[string]string{"nn": "Eg låser skjermen når eg går frå", "en": "I lock my screen when I leave"}

// Validate applies the rules each page type sets for its front matter (a
// one-pager needs a description, a norm its statement, a course a quiz)
// and checks that aliases name free addresses.
func (s *Site) Validate() []diag.Diagnostic {
	var diags diag.List
	s.validateAliases(&diags)
	s.validateResources(&diags)
	s.validateBaseURL(&diags)
	s.validateAudiences(&diags)
	for _, p := range s.Pages {
		if !p.IsContent() || p.Kind != KindPage {
			continue
		}
		m := p.Source.Meta
		file := p.Source.File
		// A field written but left empty is reported at its own line; one
		// not written at all at the front matter's first line.
		fieldLine := func(name string) int {
			if l := m.Lines[name]; l > 0 {
				return l
			}
			return 1
		}
		switch p.Type {
		case "onepager":
			if m.Description == "" {
				diags.Errorf(file, fieldLine("description"), "a one-pager needs a description: one sentence that sums it up (shown in lists, search and meta tags)")
			}
		case "norm":
			if m.Statement == "" {
				example := normExample[p.Lang]
				if example == "" {
					example = "Jeg låser skjermen når jeg går fra"
				}
				diags.Errorf(file, fieldLine("statement"), "a norm needs a statement: the norm in the first person, e.g. statement: \"%s\"", example)
			}
		case "course":
			// A course whose quiz has an error has had that error
			// reported; "without a quiz" would send the editor looking
			// for a quiz that is there.
			if len(p.Quizzes) == 0 && !p.convertErrors {
				diags.Warnf(file, 1, "a course without a quiz can never be passed: add at least one ```quiz block (its questions make the course score)")
			}
		}
		if len(m.Collect) > 0 && p.Type != "checklist" {
			diags.Warnf(file, m.Lines["collect"], "collect only has an effect on checklist pages (this page's type is %s)", p.Type)
		}
		if m.Pass != 0 && p.Type != "course" {
			diags.Warnf(file, m.Lines["pass"], "pass only has an effect on course pages (this page's type is %s)", p.Type)
		}
	}
	return diags.Items()
}

// validateAliases reports an alias that is the address of a page (the
// redirect would replace it) or of another alias (one would be lost).
func (s *Site) validateAliases(diags *diag.List) {
	taken := map[string]*Page{}
	built := s.builtFiles()
	for _, p := range s.Pages {
		if !p.IsContent() {
			continue
		}
		for _, a := range p.Aliases {
			line := p.Source.Meta.Lines["aliases"]
			if seg := longSegment(a); seg != "" {
				diags.Errorf(p.Source.File, line, "alias %s has a part of %d bytes, longer than the %d a file name may have, so its redirect cannot be written; shorten it", shortPath(a, seg), len(seg), maxSegment)
				continue
			}
			if what, ok := built[strings.TrimPrefix(a, "/")]; ok {
				diags.Errorf(p.Source.File, line, "alias %s is where the build writes %s; remove it or choose another", a, what)
				continue
			}
			if q := s.ByPath(a); q != nil {
				diags.Errorf(p.Source.File, line, "alias %s is the address of another page (%s); remove it or choose another", a, q.Describe())
				continue
			}
			if q := taken[a]; q != nil && q != p {
				diags.Errorf(p.Source.File, line, "alias %s is also an alias of %s; one address can lead to one page only", a, q.Describe())
				continue
			}
			taken[a] = p
		}
	}
	s.aliasOf = taken
}

// validateResources reports a file under content/ that would be copied
// over a file the build writes beside the pages (whose own addresses add
// checks): robots.txt, the sitemap, each language's feeds and the search
// index's folder. The copy comes last and would replace the build's file
// without a word. robots.txt is the exception: content/robots.txt is
// published in place of the generated one (HasOwnRobots), so that a portal
// can ask search engines to keep out.
func (s *Site) validateResources(diags *diag.List) {
	built := s.builtFiles()
	for _, r := range s.Resources {
		if what, ok := built[r.Rel]; ok && r.Rel != "robots.txt" {
			diags.Errorf(r.File, 0, "this file would be published as /%s, where the build writes %s, and replace it; rename or move the file", r.Rel, what)
		} else if s.Config.SearchEnabled() && strings.HasPrefix(r.Rel, "search/") {
			diags.Errorf(r.File, 0, "this file would be published as /%s, in the folder of the search index, whose files it could replace; rename or move the file", r.Rel)
		}
	}
}

// HasOwnRobots says whether content/robots.txt is published in place of
// the robots.txt the build writes.
func (s *Site) HasOwnRobots() bool {
	for _, r := range s.Resources {
		if r.Rel == "robots.txt" {
			return true
		}
	}
	return false
}

// builtFiles are the files the build writes beside the pages, by output
// path, with what they are for a message.
func (s *Site) builtFiles() map[string]string {
	built := map[string]string{"robots.txt": "robots.txt", "sitemap.xml": "the sitemap"}
	for _, lang := range s.Langs {
		pre := strings.TrimPrefix(s.langPrefix(lang)+"/", "/")
		built[pre+"index.xml"] = "the feed of the latest pages"
		built[pre+"hva-er-nytt.xml"] = "the feed of \"Hva er nytt\""
	}
	return built
}

// aliasPath resolves an alias from the front matter of the page at
// pagePath to the site path its redirect is written at, as Hugo does: from
// the site root when it starts with a slash, else from the page's folder
// ("gammel-dpia" on /veiledere/dpia/ is /veiledere/gammel-dpia/). It ends
// in a slash unless it names a file.
func aliasPath(pagePath, a string) string {
	if !strings.HasPrefix(a, "/") {
		a = path.Join(path.Dir(strings.TrimSuffix(pagePath, "/")), a)
	}
	a = path.Clean("/" + a)
	if path.Ext(a) == "" && a != "/" {
		a += "/"
	}
	return a
}

// Describe names a page in a message: its file, or for a generated page
// its address.
func (p *Page) Describe() string {
	if p.Source != nil {
		return p.Source.File
	}
	return "page " + p.Path
}

// validateAudiences warns about an audience that is neither one of
// Audiences nor one the site describes on a page of its own: a typo
// (ansatte) would otherwise make a new term page with one page on it.
func (s *Site) validateAudiences(diags *diag.List) {
	if s.Config.Taxonomies["audience"] == "" {
		return
	}
	known := map[string]bool{}
	names := append([]string(nil), Audiences...)
	for _, a := range Audiences {
		known[a] = true
	}
	for _, lang := range s.Langs {
		list := s.Taxonomy[lang]["audience"]
		if list == nil {
			continue
		}
		for _, tp := range list.Pages {
			if sl, _ := tp.Data["term"].(string); tp.Source != nil && !known[sl] {
				known[sl] = true
				names = append(names, sl)
			}
		}
	}
	sort.Strings(names)
	seg := s.Config.Taxonomies["audience"]
	for _, p := range s.Pages {
		if !p.IsContent() {
			continue
		}
		m := p.Source.Meta
		for _, a := range m.Audience {
			sl := slug.Make(a)
			if sl == "" || known[sl] {
				continue
			}
			hint := ""
			if best := textdist.Closest(sl, names, 2); best != "" {
				hint = fmt.Sprintf("did you mean %q? ", best)
			}
			diags.Warnf(p.Source.File, m.Lines["audience"], "audience %q is not one of the site's audiences (%s): %suse one of them, or describe the new audience in content/%s/%s/_index.md",
				a, strings.Join(names, ", "), hint, seg, sl)
		}
	}
}

// validateBaseURL warns, once per build, when the site has no address:
// the links that must be absolute cannot be.
func (s *Site) validateBaseURL(diags *diag.List) {
	if s.Origin != "" {
		return
	}
	what := "config.toml has no baseURL"
	if s.Config.Line("baseURL") > 0 {
		what = fmt.Sprintf("baseURL %q is a path, not the portal's address", s.Config.BaseURL)
	}
	diags.Warnf(config.File, s.Config.Line("baseURL"), "%s: the sitemap, robots.txt, canonical links and feeds get relative addresses, which search engines and feed readers cannot follow, and links in SCORM exports are left out; add the address the portal is published at, e.g. baseURL = \"https://www.kommune.no/personvern/\"", what)
}
