package build

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"

	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/edition"
	"github.com/varde-portal/varde/internal/history"
	"github.com/varde-portal/varde/internal/pack"
	"github.com/varde-portal/varde/internal/render"
	"github.com/varde-portal/varde/internal/site"
	"github.com/varde-portal/varde/internal/sitefs"
)

// An edition (docs/format.md, "Editions") is the content of the portal as it
// was, from a git ref or a snapshot folder, built with the current
// config.toml and theme into /<name>/ below the base URL. It is loaded
// through the same Load as the current site, from a file system that
// serves the edition's content/ and the current site's everything else, so
// that every stage (links, checklists, references, courses) works on it
// exactly as on the current portal. What differs is decided here: an
// edition has no search (it must never be found instead of the current
// text), no history and no "Hva er nytt", it is left out of the sitemap,
// every page carries the edition banner and noindex, and every page that
// still exists gets a view comparing it with the current one.

// editionSite is one edition, loaded and ready to render.
type editionSite struct {
	cfg    config.Edition
	prefix string  // output folder, "2024/"
	l      *Loaded // the edition as a site of its own
	cur    *Loaded // the current portal
	open   func() (fs.FS, func() error, error)

	compareOf     map[*site.Page]*site.Page // edition page → its comparison page
	compareSource map[*site.Page]*site.Page // comparison page → the edition page it compares
	changelog     map[string]*site.Page     // language → the edition's changelog page
}

// file names a file of the edition in messages: the snapshot's real path
// (editions/2024/content/dpia.md), or git's ref:path notation
// (utgave-2024:content/dpia.md).
func (e *editionSite) file(f string) string {
	if e.cfg.Dir != "" {
		return path.Join(filepath.ToSlash(e.cfg.Dir), f)
	}
	return e.cfg.Ref + ":" + f
}

// editionConfig is the configuration an edition is built with: the
// current one, without search (an old text must never be found in place
// of the current one) and without editions of its own.
func editionConfig(cfg *config.Config) *config.Config {
	c := *cfg
	off := false
	c.Search.Enabled = &off
	c.Editions = nil
	return &c
}

// loadEditions loads every edition of config.toml. Problems in an
// edition's content are errors, named by the edition's file: a published
// edition with broken pages would mislead as much as a broken current page.
// Warnings are left out, since an edition is frozen and they cannot be
// acted on.
func loadEditions(ctx context.Context, o Options, l *Loaded, diags *diag.List) []*editionSite {
	var eds []*editionSite
	for _, e := range l.Config.Editions {
		ed := &editionSite{cfg: e, prefix: e.Name + "/", cur: l}
		if !ed.checkFree(l.Site, diags) {
			continue
		}
		if err := ed.load(ctx, o, diags); err != nil {
			diags.Errorf(config.File, 0, "edition %q: %v", e.Name, err)
			continue
		}
		if ed.l == nil {
			continue // its content has errors, reported
		}
		eds = append(eds, ed)
	}
	for _, ed := range eds {
		var ds diag.List
		ed.addComparePages(&ds)
		ed.addChangelogPages(&ds)
		for _, d := range ds.Items() {
			diags.Add(ed.rename(d))
		}
		ed.l.Renderer.SetEdition(ed.info(eds))
		ed.l.Renderer.SetExtra(ed.extra)
	}
	if len(eds) > 0 {
		l.Renderer.SetEdition(currentEdition(l, eds))
		for _, w := range l.whatsnew {
			w.page.Data["editions"] = changelogLinks(eds, w.page.Lang)
		}
	}
	return eds
}

// checkFree reports an error when the current site already publishes
// something under the edition's folder (a page, an alias, a file, a folder
// every build writes), which the edition would overwrite; the same rule
// as `varde edition snapshot` applies before it adds an edition.
func (e *editionSite) checkFree(s *site.Site, diags *diag.List) bool {
	if who := edition.Occupant(e.cfg.Name, s); who != "" {
		diags.Errorf(config.File, 0, "edition %q is published under /%s, where the current site has %s; rename the edition or that folder", e.cfg.Name, e.prefix, who)
		return false
	}
	return true
}

// load reads and converts the edition's content. It returns an error when
// the edition cannot be read at all; problems in its content go to diags,
// and then e.l stays nil.
func (e *editionSite) load(ctx context.Context, o Options, diags *diag.List) error {
	// The current site's own file system (sitefs, for a site on disk):
	// its parts other than content/ were checked for links by Load.
	siteFS := e.cur.Renderer.Theme.SiteFS()
	e.open = func() (fs.FS, func() error, error) { return e.openContent(context.Background(), o.Source, siteFS) }
	content, closeContent, err := e.openContent(ctx, o.Source, siteFS)
	var refused *sitefs.LinkError
	if errors.As(err, &refused) { // the snapshot folder is itself a link out of the site
		diags.Add(refused.Diagnostic())
		return nil
	}
	if err != nil {
		return err
	}
	defer closeContent()
	if c, ok := content.(*sitefs.FS); ok {
		links := c.Check("content")
		for _, le := range links {
			diags.Add(e.rename(le.Diagnostic()))
		}
		if len(links) > 0 {
			return nil
		}
	}
	cur := e.cur.Site
	// Dev stays off: an edition never changes while `varde serve` runs, so
	// its pages need no live reload (whose script lives at the site root).
	el, err := Load(ctx, Options{
		Source: o.Source, FS: overlayFS{site: siteFS, content: content}, Drafts: o.Drafts,
		BaseURL: cur.Origin + cur.BasePath + e.prefix, Minify: o.Minify, Now: o.Now,
		edition: &e.cfg,
	})
	if el != nil {
		for _, d := range el.Diags {
			if d.Severity == diag.Error {
				diags.Add(e.rename(d))
			}
		}
	}
	if err != nil {
		var fail *diag.Failure
		if !errors.As(err, &fail) {
			return err
		}
		return nil
	}
	e.l = el
	return nil
}

// openContent opens the file system holding the edition's content/: the
// snapshot folder, or the tree of the git ref, which is read from git's
// object database without touching the working tree. The returned
// function releases it.
func (e *editionSite) openContent(ctx context.Context, source string, siteFS fs.FS) (fs.FS, func() error, error) {
	var fsys fs.FS
	closeFS := func() error { return nil }
	if e.cfg.Dir != "" {
		dir := path.Clean(filepath.ToSlash(e.cfg.Dir))
		if sfs, ok := siteFS.(*sitefs.FS); ok {
			// A snapshot is a tree of its own: no link in it may leave its
			// folder, not even for the current content beside it.
			ed, err := sfs.Confine(dir, "the edition's folder "+dir)
			if err != nil {
				if errors.As(err, new(*sitefs.LinkError)) {
					return nil, nil, err
				}
				if errors.Is(err, fs.ErrNotExist) {
					return nil, nil, e.noSnapshot()
				}
				return nil, nil, fmt.Errorf("snapshot folder %q: %v", e.cfg.Dir, err)
			}
			fsys, closeFS = ed, ed.Close
		} else {
			sub, err := fs.Sub(siteFS, dir)
			if err != nil {
				return nil, nil, fmt.Errorf("snapshot folder %q: %v", e.cfg.Dir, err)
			}
			fsys = sub
		}
	} else {
		t, err := history.RefFS(ctx, source, e.cfg.Ref)
		if err != nil {
			return nil, nil, err
		}
		// A link committed in git holds its target's path as text: it is
		// resolved inside the commit's tree, never on the disk, and one
		// that leaves the tree is refused like a link on disk.
		fsys, closeFS = sitefs.New(t, "the site"), t.Close
	}
	if st, err := fs.Stat(fsys, "content"); err != nil || !st.IsDir() {
		_ = closeFS()
		if e.cfg.Dir != "" {
			return nil, nil, e.noSnapshot()
		}
		return nil, nil, fmt.Errorf("git ref %q has no content/ folder", e.cfg.Ref)
	}
	return fsys, closeFS, nil
}

// noSnapshot is the error for a snapshot edition whose folder is missing.
func (e *editionSite) noSnapshot() error {
	return fmt.Errorf("%s has no content/ folder (make one with `varde edition snapshot %s`)", path.Join(filepath.ToSlash(e.cfg.Dir), "content"), e.cfg.Name)
}

// rename makes a diagnostic from the edition's build name the edition's
// file, or the edition, so an editor knows it is not about the current
// content.
func (e *editionSite) rename(d diag.Diagnostic) diag.Diagnostic {
	if d.File == "content" || strings.HasPrefix(d.File, "content/") {
		d.File = e.file(d.File)
	} else {
		d.Msg = fmt.Sprintf("edition %q: %s", e.cfg.Name, d.Msg)
	}
	return d
}

// overlayFS is the site as an edition sees it: content/ and the local
// additions to pack pages (lokalt/) from the edition, everything else
// (config.toml, the theme, the site's own layouts and assets) from the
// current site.
type overlayFS struct {
	site, content fs.FS
}

func (o overlayFS) pick(name string) fs.FS {
	if name == "content" || strings.HasPrefix(name, "content/") || name == pack.LocalDir || strings.HasPrefix(name, pack.LocalDir+"/") {
		return o.content
	}
	return o.site
}

func (o overlayFS) Open(name string) (fs.File, error)          { return o.pick(name).Open(name) }
func (o overlayFS) ReadFile(name string) ([]byte, error)       { return fs.ReadFile(o.pick(name), name) }
func (o overlayFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(o.pick(name), name) }
func (o overlayFS) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(o.pick(name), name) }

// prefixSink writes files into a folder of another sink: an edition's
// pages go into /<name>/ of the same output as the current site's.
type prefixSink struct {
	prefix string // "2024/"
	out    render.Sink
}

func (p prefixSink) Write(name string, data []byte) error { return p.out.Write(p.prefix+name, data) }

// find returns the page of edition e that corresponds to p, a page of any
// edition or of the current site: the page with the same id and language,
// or for generated pages the one at the same path; nil when there is none.
func find(s *site.Site, p *site.Page) *site.Page {
	if p.IsContent() {
		if q := s.ByID(p.ID, p.Lang); q != nil && q.IsContent() {
			return q
		}
		return nil
	}
	if p.Kind == site.KindNotFound {
		return nil
	}
	if q := s.ByPath(p.Path); q != nil && q.Kind == p.Kind && q.Lang == p.Lang {
		return q
	}
	return nil
}

// homeURL is a site's home page in lang, else in its default language.
func homeURL(s *site.Site, lang string) string {
	if h := s.Home[lang]; h != nil {
		return h.URL
	}
	if h := s.Home[s.Config.DefaultLanguage]; h != nil {
		return h.URL
	}
	return s.BasePath
}

// currentEdition gives the pages of the current site the edition
// switcher: the current portal, then every edition, each linking the same
// page where it has it, else its home page.
func currentEdition(l *Loaded, eds []*editionSite) func(p *site.Page) *render.EditionInfo {
	return func(p *site.Page) *render.EditionInfo {
		info := &render.EditionInfo{HomeURL: homeURL(l.Site, p.Lang)}
		info.List = append(info.List, render.EditionLink{Name: l.Renderer.Strings.T(p.Lang, "edition_current"), URL: p.URL, Current: true})
		for _, ed := range eds {
			info.List = append(info.List, render.EditionLink{Name: ed.cfg.Name, URL: ed.urlOf(p)})
		}
		return info
	}
}

// urlOf is the address in edition e of the page corresponding to p.
func (e *editionSite) urlOf(p *site.Page) string {
	if q := find(e.l.Site, p); q != nil {
		return q.URL
	}
	return homeURL(e.l.Site, p.Lang)
}

// currentOf returns the current page corresponding to a page of the
// edition (for a comparison view, the page it compares); nil when the
// page no longer exists.
func (e *editionSite) currentOf(p *site.Page) *site.Page {
	if src := e.compareSource[p]; src != nil {
		p = src
	}
	if p.Layout == changelogLayout && p.Kind == site.KindSpecial {
		return nil // the changelog exists only in its edition
	}
	return find(e.cur.Site, p)
}

// info gives the pages of edition e their banner and switcher.
func (e *editionSite) info(eds []*editionSite) func(p *site.Page) *render.EditionInfo {
	return func(p *site.Page) *render.EditionInfo {
		info := &render.EditionInfo{Name: e.cfg.Name, HomeURL: homeURL(e.cur.Site, p.Lang)}
		if cur := e.currentOf(p); cur != nil {
			info.CurrentURL = cur.URL
		}
		if c := e.compareOf[p]; c != nil {
			info.CompareURL = c.URL
		}
		toCurrent := info.CurrentURL
		if toCurrent == "" {
			toCurrent = info.HomeURL
		}
		info.List = append(info.List, render.EditionLink{Name: e.cur.Renderer.Strings.T(p.Lang, "edition_current"), URL: toCurrent})
		for _, ed := range eds {
			u := p.URL
			if ed != e {
				u = ed.urlOf(p)
			}
			info.List = append(info.List, render.EditionLink{Name: ed.cfg.Name, URL: u, Current: ed == e})
		}
		return info
	}
}

// extra is the template data of an edition's pages: what every page gets
// (see Loaded.extra), the comparison of a comparison page (computed as the
// page is rendered, so that the word diffs of a large edition are never
// all in memory at once) and the link to the edition's changelog.
func (e *editionSite) extra(p *site.Page) map[string]any {
	m := e.l.extra(p)
	if src := e.compareSource[p]; src != nil {
		if cur := find(e.cur.Site, src); cur != nil {
			m["diff"] = compare(src, cur, e.l.Renderer.T(p.Lang))
		}
	}
	if c := e.changelog[p.Lang]; c != nil && c != p {
		m["changelog"] = c.URL
	}
	return m
}

// EditionLink names an edition's changelog, for the "Hva er nytt" page.
type EditionLink struct {
	Name, ChangelogURL string
}

func changelogLinks(eds []*editionSite, lang string) []EditionLink {
	var out []EditionLink
	for _, ed := range eds {
		if c := ed.changelog[lang]; c != nil {
			out = append(out, EditionLink{Name: ed.cfg.Name, ChangelogURL: c.URL})
		}
	}
	return out
}

// renderEditions writes every edition into its folder of out.
func renderEditions(l *Loaded, out render.Sink) []diag.Diagnostic {
	var diags diag.List
	for _, ed := range l.editions {
		for _, d := range ed.render(out) {
			diags.Add(ed.rename(d))
		}
	}
	return diags.Items()
}

// render writes the edition's pages, redirects, files and feed under its
// folder. Its pages use the current site's stylesheet and scripts, which
// are the same bundles: one download serves every edition. It has no
// sitemap, robots.txt or search index of its own.
func (e *editionSite) render(out render.Sink) []diag.Diagnostic {
	var diags diag.List
	s, r := e.l.Site, e.l.Renderer
	sink := prefixSink{prefix: e.prefix, out: out}
	if err := r.Assets(e.cur.Site, discard{}); err != nil { // the current site's asset URLs
		diags.Errorf("themes/"+e.l.Config.Theme, 0, "%v", err)
		return diags.Items()
	}
	for _, f := range r.Theme.Files("static") { // the favicon and such, which layouts link below the base URL
		b, _, err := r.Theme.ReadFile("static/" + f)
		if err == nil {
			b, err = r.MinifyFile(f, b)
		}
		if err == nil {
			err = sink.Write(f, b)
		}
		if err != nil {
			diags.Errorf("themes/"+e.l.Config.Theme+"/static/"+f, 0, "%v", err)
		}
	}
	diags.Add(r.Pages(s, s.Pages, sink)...)
	diags.Add(r.Aliases(s, sink)...)
	if len(s.Resources) > 0 {
		fsys, closeFS, err := e.open()
		if err != nil {
			diags.Errorf("content", 0, "%v", err)
		} else {
			for _, res := range s.Resources {
				from := fsys
				if e.l.packs != nil {
					// A pack's file, as the edition's pin has it.
					if pk := e.l.packs.fs.Origin(res.File); pk != nil {
						from = pk.FS()
					}
				}
				data, err := fs.ReadFile(from, res.File)
				if err == nil {
					err = sink.Write(res.Rel, data)
				}
				if err != nil {
					diags.Errorf(res.File, 0, "%v", err)
				}
			}
			_ = closeFS()
		}
	}
	if err := r.RecentFeed(s, sink, e.l.Config.Feed.Limit); err != nil {
		diags.Errorf("index.xml", 0, "%v", err)
	}
	return diags.Items()
}
