package render

import (
	"fmt"
	"html/template"
	"path"
	"regexp"
	"strings"

	"github.com/varde-portal/varde/internal/site"
)

// Templates holds every layout of the theme, each parsed together with the
// base template and the partials, ready for concurrent execution.
type Templates struct {
	byName  map[string]*template.Template // layout path → template set
	useBase map[string]bool               // layout defines "main" for the base template
	theme   *Theme
}

// LoadTemplates parses layouts/_default/baseof.html, layouts/partials/** and
// every other layout file of the theme stack.
func LoadTemplates(t *Theme, funcs template.FuncMap) (*Templates, error) {
	files := t.Files("layouts")
	base := template.New("").Funcs(funcs)
	read := func(rel string) (string, error) {
		b, _, err := t.ReadFile("layouts/" + rel)
		return string(b), err
	}
	baseof := "_default/baseof.html"
	src, err := read(baseof)
	if err != nil {
		return nil, fmt.Errorf("layouts/%s: the theme has no base template", baseof)
	}
	if _, err := base.New(baseof).Parse(src); err != nil {
		return nil, layoutErr(t, baseof, err)
	}
	for _, f := range files {
		if !strings.HasPrefix(f, "partials/") {
			continue
		}
		src, err := read(f)
		if err != nil {
			return nil, err
		}
		if _, err := base.New(f).Parse(src); err != nil {
			return nil, layoutErr(t, f, err)
		}
	}
	ts := &Templates{byName: map[string]*template.Template{}, useBase: map[string]bool{}, theme: t}
	for _, f := range files {
		if f == baseof || strings.HasPrefix(f, "partials/") || path.Ext(f) != ".html" {
			continue
		}
		src, err := read(f)
		if err != nil {
			return nil, err
		}
		set, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := set.New(f).Parse(src); err != nil {
			return nil, layoutErr(t, f, err)
		}
		ts.byName[f] = set
		ts.useBase[f] = definesMain.MatchString(src)
	}
	return ts, nil
}

func layoutErr(t *Theme, f string, err error) error {
	_, where, _ := t.ReadFile("layouts/" + f)
	return fmt.Errorf("layouts/%s (%s): %v", f, where, err)
}

// Lookup returns the candidate layout paths for a page, most specific first.
func Lookup(p *site.Page) []string {
	var c []string
	switch {
	case p.Source != nil && p.Source.Meta.Layout != "":
		l := p.Source.Meta.Layout
		c = append(c, p.Type+"/"+l+".html", p.Section+"/"+l+".html", "_default/"+l+".html")
	case p.Kind == site.KindHome:
		c = append(c, "index.html", "_default/list.html")
	case p.Kind == site.KindSection:
		c = append(c, p.Type+"/list.html", p.Section+"/list.html", "_default/list.html")
	case p.Kind == site.KindPage:
		c = append(c, p.Type+"/single.html", p.Section+"/single.html", "_default/single.html")
	case p.Kind == site.KindTaxonomy:
		c = append(c, "_default/terms.html", "_default/list.html")
	case p.Kind == site.KindTerm:
		c = append(c, "_default/taxonomy.html", "_default/list.html")
	case p.Kind == site.KindSearch:
		c = append(c, "search.html", "_default/search.html")
	case p.Kind == site.KindNotFound:
		c = append(c, "404.html")
	case p.Kind == site.KindSpecial:
		c = append(c, p.Layout+".html", "_default/"+p.Layout+".html")
	}
	out := c[:0]
	for _, x := range c {
		if !strings.HasPrefix(x, "/") {
			out = append(out, x)
		}
	}
	return out
}

var definesMain = regexp.MustCompile(`\{\{-?\s*define\s+"main"`)

// For returns the template set for a page, or an error naming the layouts
// it looked for.
// The name returned is the template to execute: the base template when the
// layout defines "main", else the layout itself.
func (ts *Templates) For(p *site.Page) (*template.Template, string, error) {
	cands := Lookup(p)
	for _, name := range cands {
		if set, ok := ts.byName[name]; ok {
			if ts.useBase[name] {
				return set, "_default/baseof.html", nil
			}
			return set, name, nil
		}
	}
	return nil, "", fmt.Errorf("no layout for this page: looked for layouts/%s", strings.Join(cands, ", layouts/"))
}
