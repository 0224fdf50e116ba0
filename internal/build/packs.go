package build

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"

	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/content"
	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/history"
	"github.com/varde-portal/varde/internal/pack"
	"github.com/varde-portal/varde/internal/render"
	"github.com/varde-portal/varde/internal/site"
)

// A site with [[packs]] (docs/format.md, "Packs") is read through one
// pack.FS, the site over its packs, so every later stage sees pack pages as
// pages of the site with their ids and paths. What is decided here: site
// values ({{name}}) and local additions (lokalt/…) go into the pages'
// Markdown before conversion, each page learns where it comes from (for
// the fact box and footer), and messages about a pack's file name the
// pack's file, not a path the editor would look for in the site.

// packSite is what the packs did to one load of a site.
type packSite struct {
	fs      *pack.FS
	cfg     *config.Config
	origin  map[string]*PackSource // content file → where the page comes from
	spliced map[string]splice      // content file → its local addition
	hist    *packHistory           // being read; nil without history
	// own are the site's own pages (its content files that no pack
	// provides, or that take a pack page's place), for what the build
	// says about their history.
	own []string
	// national maps a commit of a pack's history (full hash) to its pack,
	// once layerHistory has merged them: "Hva er nytt" lists those
	// commits as the pack's changes, every other one as the site's.
	national map[string]*pack.Pack
}

// packHistory is the history of the packs' pages and of the site's local
// additions, read beside the content like the site's own (history.go).
// Only a git pack has history here: its bare clone at the pinned commit,
// so the dates and editor's notes are upstream's as of the version the
// site builds on. A folder pack has none that Varde reads, and its pages
// keep the dates their front matter gives.
type packHistory struct {
	done  chan struct{}
	packs []*history.History // by position in fs.Packs; nil for a folder pack
	errs  []error
	local *history.History // lokalt/ in the site's repository
	lerr  error
}

// startPackHistory starts reading the packs' histories.
func (ps *packSite) startPackHistory(ctx context.Context, o Options) {
	if o.FS != nil || o.NoHistory {
		return
	}
	ph := &packHistory{done: make(chan struct{}), packs: make([]*history.History, len(ps.fs.Packs)), errs: make([]error, len(ps.fs.Packs))}
	ps.hist = ph
	go func() {
		defer close(ph.done)
		for i, p := range ps.fs.Packs {
			// From the pack's snapshot after the first build at a pin:
			// the history at a commit never changes.
			ph.packs[i], ph.errs[i] = p.History(ctx)
		}
		// Only a site with local additions has their history to read
		// (one git process fewer for every other site on a pack).
		if st, err := fs.Stat(ps.fs.Site(), pack.LocalDir); err == nil && st.IsDir() {
			ph.local, ph.lerr = history.Load(ctx, o.Source, pack.LocalDir)
		}
	}()
}

// layerHistory adds the packs' histories to the site's: a pack page the
// site does not override gets the pack's commits (its dates, its "Ny
// side", its editor's notes), and a pack page with a local addition also
// gets the commits to the addition's file. Problems reading a pack's
// history are warnings: the site still builds, with front-matter dates.
func (ps *packSite) layerHistory(h *history.History, diags *diag.List) *history.History {
	if ps == nil || ps.hist == nil {
		return h
	}
	<-ps.hist.done
	ps.national = map[string]*pack.Pack{}
	for i, p := range ps.fs.Packs {
		if err := ps.hist.errs[i]; err != nil {
			diags.Warnf(p.File("content"), 0, "the history of the pack %q is not shown (its pages keep the dates their front matter gives): %v", p.Spec.Name, err)
			continue
		}
		ph := ps.hist.packs[i]
		if ph == nil {
			continue
		}
		if ph.Shallow {
			diags.Warnf(p.File("content"), 0, "the cache of the pack %q is a shallow clone: its pages' history may be incomplete", p.Spec.Name)
		}
		for _, c := range ph.Recent(0) {
			ps.national[c.Hash] = p
		}
		h = h.Merge(ph, func(f string) string {
			if ps.fs.Origin(f) == p {
				return f
			}
			return "" // overridden by the site, excluded, or another pack's
		}, true)
	}
	if ps.hist.lerr != nil {
		diags.Warnf(pack.LocalDir, 0, "the history of the local additions is not shown: %v", ps.hist.lerr)
	}
	return h.Merge(ps.hist.local, func(f string) string {
		rest, ok := strings.CutPrefix(f, pack.LocalDir+"/")
		if !ok {
			return ""
		}
		page := "content/" + rest
		if ps.spliced[page].local != f {
			return "" // an addition no page took (warned about in applyValues)
		}
		return page
	}, false)
}

// historyNote is what the build says about the site's history h: on a
// site with a git pack that is not itself in a git repository, nothing
// when every page comes from the packs (theirs is the packs' history),
// else which of the site's own pages have none. Without packs, or with
// folder packs only, it is h's own note.
func (ps *packSite) historyNote(h *history.History) string {
	if ps == nil || h == nil || h.Status != history.NotRepo {
		return h.Note()
	}
	git := false
	for _, p := range ps.fs.Packs {
		git = git || p.GitDir() != ""
	}
	if !git {
		return h.Note()
	}
	if len(ps.own) == 0 {
		return ""
	}
	sort.Strings(ps.own)
	which := ps.own[0]
	if n := len(ps.own) - 1; n > 0 {
		which += fmt.Sprintf(" and %d more", n)
	}
	return fmt.Sprintf("the site's own pages (%s) have no page history: the site folder is not a git repository, so their last-changed dates come from front matter only (the pack's pages have the pack's history); commit the site to git to give them theirs", which)
}

// changeSource says which list of "Hva er nytt" a change belongs to: the
// pack whose history holds the commit, or, for a date from front matter
// with no commit, the pack whose page it is unless the site overrides it.
// nil is the site's own ("Lokale endringer").
func (ps *packSite) changeSource(hash string, p *site.Page) *pack.Pack {
	if ps == nil {
		return nil
	}
	if hash != "" {
		return ps.national[hash]
	}
	if p.Source == nil {
		return nil
	}
	return ps.fs.Origin(p.Source.File)
}

// splice places a local addition in a page, for mapping messages back.
type splice struct {
	local    string // lokalt/veiledere/dpia.md
	bodyLine int    // lines before the page's body
	at, n    int    // body line where the addition starts, lines inserted
	added    int    // lines of the addition itself
}

// PackSource is where a page comes from, as its layouts get it (.Get
// "pack"): a pack's page as it is, the pack's page with the site's local
// addition, or the site's own copy of a pack page.
type PackSource struct {
	Kind  string // "pack", "local" or "override"
	Pack  string // the pack as readers see it: "KS-pakken 2026.2"
	Local string // whom it is adapted for: "Nordfjella kommune"; "" for "pack"
	Text  string // the sentence for the footer and fact box
}

// openPacks layers the site over its packs, when config.toml has any.
// stop is set when a pack cannot be read: then nothing is built.
//
// An edition from a git ref is layered over the packs its own config.toml
// names, each read at the ref pinned there (editionPacks): its pages are
// the pack's pages as the site showed them then. Other editions (a
// snapshot folder, a ref before the site used packs) are read with their
// own content only. Either way the current site's (already layered)
// layouts dress them.
func openPacks(ctx context.Context, o Options, cfg *config.Config, fsys fs.FS, diags *diag.List) (out fs.FS, ps *packSite, stop bool) {
	if o.edition != nil && !editionPacks(cfg, fsys, diags) {
		return fsys, nil, false
	}
	if len(cfg.Packs) == 0 {
		return fsys, nil, false
	}
	src := o.Source
	if abs, err := filepath.Abs(src); err == nil {
		src = abs
	}
	l, ds := pack.Open(ctx, fsys, cfg, pack.Options{Site: src})
	diags.Add(ds...)
	if l == nil {
		return fsys, nil, true
	}
	ps = &packSite{fs: l, cfg: cfg, origin: map[string]*PackSource{}, spliced: map[string]splice{}}
	ps.startPackHistory(ctx, o)
	return l, ps, false
}

// editionPacks gives an edition's configuration (cfg, the edition's own
// copy of the current one) the packs and values of the config.toml in the
// edition's git tree: the pins the site had when the edition was tagged,
// and the values its pack pages showed then. It reports whether the
// edition has packs to layer.
func editionPacks(cfg *config.Config, fsys fs.FS, diags *diag.List) bool {
	ov, ok := fsys.(overlayFS)
	if !ok {
		return false
	}
	data, err := fs.ReadFile(ov.content, config.File)
	if err != nil {
		return false // a snapshot folder, or a ref without config.toml
	}
	then, ds := config.Parse(data)
	if then == nil {
		for _, d := range ds {
			if d.Severity == diag.Error {
				diags.Errorf(config.File, 0, "the site's config.toml at the edition's ref does not read (line %d: %s), so the packs the edition was built on are not known", d.Line, d.Msg)
				break
			}
		}
		return false
	}
	cfg.Packs, cfg.Values = then.Packs, then.Values
	// pack.Open adds the packs' scales to the site's; the map is the
	// current site's, which must not get the old pin's.
	scales := make(map[string]any, len(cfg.Scales))
	for k, v := range cfg.Scales {
		scales[k] = v
	}
	cfg.Scales = scales
	return len(cfg.Packs) > 0
}

// applyValues puts the site's values into every page (pack or not) and the
// local additions into pack pages. Pages are copied before they change:
// the dev server's parse cache keeps the parsed files between builds.
func applyValues(set *content.Set, ps *packSite, cfg *config.Config, diags *diag.List) {
	var locals map[string]bool
	if ps != nil {
		locals = ps.localFiles(diags)
	}
	for i, p := range set.Pages {
		if p.Auto {
			continue
		}
		cp := *p
		changed := false
		// A body the build did not read is read only if it holds "{{".
		var src []byte
		var err error
		if p.MayHoldValues() {
			src, err = p.Source()
		}
		if err != nil {
			diags.Errorf(p.File, 0, "%v", err)
		} else if body, unset := pack.ExpandValues(src, cfg.Values); len(unset) > 0 || len(body) != len(src) || !bytesEqual(body, src) {
			for _, u := range unset {
				if u.Empty {
					diags.Warnf(p.File, p.BodyLine+u.Line, "{{%s}}: %s, so the page shows nothing there; fill it in, or take {{%s}} out of the page", u.Name, emptyValue(cfg, u.Name), u.Name)
					continue
				}
				diags.Warnf(p.File, p.BodyLine+u.Line, "{{%s}}: config.toml sets no value %q, so the page shows it as written; add it under [values] (e.g. %s = \"…\")", u.Name, u.Name, valueKey(u.Name))
			}
			cp.SetBody(body)
			changed = true
		}
		for _, f := range []struct {
			name string
			dst  *string
		}{{"title", &cp.Meta.Title}, {"description", &cp.Meta.Description}} {
			v, unset := pack.ExpandPlain(*f.dst, cfg.Values)
			for _, u := range unset {
				if u.Empty {
					diags.Warnf(p.File, p.Meta.Lines[f.name], "{{%s}}: %s, so the %s shows nothing there; fill it in, or take {{%s}} out of the %s", u.Name, emptyValue(cfg, u.Name), f.name, u.Name, f.name)
					continue
				}
				diags.Warnf(p.File, p.Meta.Lines[f.name], "{{%s}}: config.toml sets no value %q, so the %s shows it as written; add it under [values]", u.Name, u.Name, f.name)
			}
			if v != *f.dst {
				*f.dst, changed = v, true
			}
		}
		if ps != nil {
			if ps.fs.Origin(p.File) == nil {
				ps.own = append(ps.own, p.File)
			}
			if ps.addLocal(&cp, locals, diags) {
				changed = true
			}
			ps.note(&cp)
		}
		if changed {
			set.Pages[i] = &cp
		}
	}
	for f := range locals {
		if !locals[f] {
			diags.Warnf(f, 0, "a local addition with no pack page to go into: there is no %s from a pack; rename it after the pack page it belongs to, or make it a page of its own under content/", "content/"+strings.TrimPrefix(f, pack.LocalDir+"/"))
		}
	}
}

func bytesEqual(a, b []byte) bool { return string(a) == string(b) }

// emptyValue says where config.toml sets a value to nothing: "config.toml
// sets kommune to an empty value (config.toml:12)".
func emptyValue(cfg *config.Config, name string) string {
	msg := fmt.Sprintf("config.toml sets %s to an empty value", valueKey(name))
	if line := cfg.Line("values." + name); line > 0 {
		msg += fmt.Sprintf(" (%s:%d)", config.File, line)
	}
	return msg
}

// valueKey is how a dotted value name is written in config.toml.
func valueKey(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return "[values." + name[:i] + "] " + name[i+1:]
	}
	return name
}

// localFiles lists the site's local additions (lokalt/…, Markdown), each
// false until a page takes it.
func (ps *packSite) localFiles(diags *diag.List) map[string]bool {
	out := map[string]bool{}
	err := fs.WalkDir(ps.fs.Site(), pack.LocalDir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.EqualFold(filepath.Ext(name), ".md") {
			out[name] = false
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		diags.Errorf(pack.LocalDir, 0, "cannot read: %v", err)
	}
	return out
}

// addLocal splices the site's local addition into a pack page.
func (ps *packSite) addLocal(p *content.Page, locals map[string]bool, diags *diag.List) bool {
	local := pack.LocalDir + "/" + p.Rel
	if _, ok := locals[local]; !ok {
		return false
	}
	locals[local] = true
	pk := ps.fs.Origin(p.File)
	if pk == nil {
		diags.Warnf(local, 0, "%s is the site's own page, so the local addition is not used: write the text into the page itself", p.File)
		return false
	}
	add, err := fs.ReadFile(ps.fs.Site(), local)
	if err != nil {
		diags.Errorf(local, 0, "cannot read: %v", err)
		return false
	}
	body, at, n, marked := pack.Splice(p.Body, add)
	if !marked {
		diags.Warnf(local, 0, "the pack page %s marks no place for a local addition (a line <!-- lokalt -->), so it goes at the end of the page", pk.File(p.File))
	}
	p.Body = body
	ps.spliced[p.File] = splice{local: local, bodyLine: p.BodyLine, at: at, n: n, added: strings.Count(strings.TrimRight(string(add), "\n\r\t "), "\n") + 1}
	return true
}

// note records where a page comes from.
func (ps *packSite) note(p *content.Page) {
	pk := ps.fs.Provider(p.File)
	if pk == nil {
		return
	}
	src := &PackSource{Kind: "pack", Pack: pk.Label()}
	switch {
	case ps.fs.Origin(p.File) == nil:
		src.Kind = "override"
	case ps.spliced[p.File].local != "":
		src.Kind = "local"
	}
	ps.origin[p.File] = src
}

// checkOverrides warns about a site page that says it is based on a pack
// page (pack_base) the pack no longer has.
func (ps *packSite) checkOverrides(set *content.Set, diags *diag.List) {
	for _, p := range set.Pages {
		base, ok := p.Meta.Params["pack_base"].(string)
		if !ok || ps.fs.Provider(p.File) != nil {
			continue
		}
		name, _, _ := strings.Cut(base, "@")
		diags.Warnf(p.File, p.Meta.Lines["pack_base"], "overrides the page %s of the pack %q (pack_base: %s), which the pack no longer has at the pinned ref: it may have moved or been removed upstream (see `varde pack status`); keep the page as the site's own by removing pack_base", p.File, name, base)
	}
}

// texts writes each page's provenance sentence in its language: "Basert
// på KS-pakken 2026.2, tilpasset Nordfjella kommune".
func (ps *packSite) texts(s *site.Site, r *render.Renderer) {
	for _, p := range s.Pages {
		if p.Source == nil {
			continue
		}
		src := ps.origin[p.Source.File]
		if src == nil {
			continue
		}
		t := func(k string) string { return r.Strings.T(p.Lang, k) }
		if src.Kind == "pack" {
			src.Text = t("pack_from") + " " + src.Pack
			continue
		}
		src.Local = ps.cfg.Values["kommune"]
		if src.Local == "" {
			src.Local = ps.cfg.LangTitle(p.Lang)
		}
		src.Text = t("pack_based_on") + " " + src.Pack + ", " + t("pack_adapted") + " " + src.Local
	}
}

// extra gives a page's layouts its provenance.
func (ps *packSite) extra(p *site.Page, m map[string]any) {
	if ps == nil || p.Source == nil {
		return
	}
	if src := ps.origin[p.Source.File]; src != nil {
		m["pack"] = src
	}
}

// fix names a pack's file in messages as the pack's (ks@2026.1:content/x.md
// or ../felles/content/x.md), and a line of a local addition as the
// addition's file and line.
func (ps *packSite) fix(ds []diag.Diagnostic) []diag.Diagnostic {
	if ps == nil {
		return ds
	}
	out := make([]diag.Diagnostic, len(ds))
	for i, d := range ds {
		if sp, ok := ps.spliced[d.File]; ok && d.Line > 0 {
			b := d.Line - sp.bodyLine
			switch {
			case b >= sp.at && b < sp.at+sp.added:
				d.File, d.Line = sp.local, b-sp.at+1
				out[i] = d
				continue
			case b >= sp.at:
				d.Line -= sp.n
			}
		}
		if pk := ps.fs.Origin(d.File); pk != nil {
			d.File = pk.File(d.File)
		}
		out[i] = d
	}
	return out
}

// replace puts diagnostics back into a list (after fix).
func replaceDiags(l *diag.List, ds []diag.Diagnostic) {
	*l = diag.List{}
	l.Add(ds...)
}

// synonymLayer is a file system whose search synonym files are read, and
// how its files are named in messages.
type synonymLayer struct {
	fsys fs.FS
	name func(string) string
}

// synonymLayers are the site's own files and then each pack's, for the
// files every layer contributes to rather than the first one found: a
// pack ships the synonym groups its pages need, and the site adds its own
// (docs/format.md, "Packs"). Without packs it is the site alone.
func synonymLayers(fsys fs.FS) []synonymLayer {
	same := func(name string) string { return name }
	l, ok := fsys.(*pack.FS)
	if !ok {
		return []synonymLayer{{fsys, same}}
	}
	out := []synonymLayer{{l.Site(), same}}
	for _, p := range l.Packs {
		out = append(out, synonymLayer{p.FS(), p.File})
	}
	return out
}
