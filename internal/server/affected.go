package server

import (
	"path"
	"path/filepath"
	"strings"

	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/pack"
	"github.com/varde-portal/varde/internal/site"
)

// affected returns the pages of the new graph that must be rendered again
// after the given content files changed: the pages themselves, their
// translations, the sections and home above them, their taxonomy terms,
// pages that link to them or list them as related. full is true when the
// change can reach every page (a page added, removed or moved, or a section
// or home page changed, which all menus show).
//
// A folder pack's page and a local addition (lokalt/) are the content file
// of the site whose page they make (contentFile); any other path, or one
// of a pack config.toml no longer names, renders everything.
func affected(prev, next *site.Site, paths []string) (pages []*site.Page, full bool) {
	if len(prev.Pages) != len(next.Pages) {
		return nil, true
	}
	files := make([]string, 0, len(paths))
	for _, p := range paths {
		f, ok := contentFile(next.Config, p)
		if !ok {
			return nil, true
		}
		files = append(files, f)
	}
	paths = files
	changed := map[string]bool{}
	for _, p := range paths {
		changed[p] = true
	}
	set := map[*site.Page]bool{}
	var direct []*site.Page
	for _, p := range next.Pages {
		if p.Source == nil || !changed[p.Source.File] {
			continue
		}
		old := prev.ByPath(p.Path)
		if old == nil || old.ID != p.ID {
			return nil, true
		}
		if p.Kind == site.KindHome || p.Kind == site.KindSection || p.Kind == site.KindTaxonomy {
			if old.Title != p.Title {
				return nil, true // menus and breadcrumbs on every page show it
			}
		}
		direct = append(direct, p)
	}
	if len(direct) == 0 && len(paths) > 0 {
		// a file that no page comes from (an image, a deleted page): safest
		// to render everything
		for _, p := range paths {
			if strings.HasPrefix(p, "content/") && !strings.HasSuffix(p, ".md") {
				return nil, true
			}
		}
		if len(prev.Pages) == len(next.Pages) {
			return nil, true
		}
	}
	add := func(p *site.Page) {
		if p != nil {
			set[p] = true
		}
	}
	keys := map[string]bool{}
	for _, p := range direct {
		add(p)
		keys[p.Key()] = true
		for _, t := range p.Translations {
			add(t)
		}
		for a := p.Parent; a != nil; a = a.Parent {
			add(a)
		}
		for _, ts := range p.Terms {
			for _, t := range ts {
				add(t.Page)
				add(t.Page.Parent)
			}
		}
		if old := prev.ByPath(p.Path); old != nil {
			for _, ts := range old.Terms {
				for _, t := range ts {
					add(next.ByPath(t.Page.Path))
				}
			}
		}
		add(next.Home[p.Lang])
	}
	for _, q := range next.Pages {
		if set[q] {
			continue
		}
		for _, l := range q.Links {
			if keys[l.Target] {
				add(q)
			}
		}
		for _, r := range q.Related {
			if keys[r.Key()] {
				add(q)
			}
		}
	}
	for p := range set {
		pages = append(pages, p)
	}
	return pages, false
}

// contentFile is the site's content file (content/…) a changed path feeds:
// the path itself, the pack page a local addition goes into (lokalt/x.md
// → content/x.md), or the site's path of a folder pack's page
// (../felles/content/x.md → content/x.md). false for anything else.
func contentFile(cfg *config.Config, p string) (string, bool) {
	if strings.HasPrefix(p, "content/") {
		return p, true
	}
	if localPage(p) {
		return "content/" + strings.TrimPrefix(p, pack.LocalDir+"/"), true
	}
	if cfg == nil {
		return "", false
	}
	for _, spec := range cfg.Packs {
		if spec.Path == "" {
			continue
		}
		if rest, ok := strings.CutPrefix(p, path.Clean(filepath.ToSlash(spec.Path))+"/content/"); ok {
			return "content/" + rest, true
		}
	}
	return "", false
}
