package pack

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/sitefs"
	"github.com/varde-portal/varde/internal/worddiff"
)

// An override records what it was based on in its front matter:
//
//	pack_base: "ks@2026.1:3b18e512dba79e4c8300dd08aeb37f8e728b8dad"
//
// the pack, the ref it was copied at and git's blob name of the pack's
// file then. `varde pack override` writes it. The blob name makes the
// check exact and cheap: the national page changed since the override was
// made exactly when the pack's blob at a ref is another one, which one
// `git ls-tree` per ref tells for every page at once; the ref keeps it
// readable, and the old text is read back from the clone for the diff.
// It travels with the file (renames, copies), which a record kept
// elsewhere would not.

// Base is an override's pack_base.
type Base struct {
	Pack, Ref, Blob string
}

func (b Base) String() string { return b.Pack + "@" + b.Ref + ":" + b.Blob }

// ParseBase reads a pack_base value.
func ParseBase(s string) (Base, bool) {
	name, rest, ok := strings.Cut(strings.TrimSpace(s), "@")
	if !ok {
		return Base{}, false
	}
	i := strings.LastIndexByte(rest, ':')
	if i < 0 || name == "" {
		return Base{}, false
	}
	b := Base{Pack: name, Ref: rest[:i], Blob: rest[i+1:]}
	if len(b.Blob) < 7 || strings.Trim(b.Blob, "0123456789abcdef") != "" {
		return Base{}, false
	}
	return b, true
}

var baseLine = regexp.MustCompile(`(?m)^pack_base[ \t]*[:=][ \t]*["']?([^"'\r\n]+?)["']?[ \t]*\r?$`)

// readBase finds pack_base in a page's front matter without parsing all
// of it (status reads only the overrides' first lines).
func readBase(data []byte) (Base, bool) {
	fm := frontMatter(data)
	m := baseLine.FindSubmatch(fm)
	if m == nil {
		return Base{}, false
	}
	return ParseBase(string(m[1]))
}

// frontMatter returns a page's front matter block, or nil.
func frontMatter(data []byte) []byte {
	fm, _, _ := frontMatterAt(data)
	return fm
}

// frontMatterAt returns a page's front matter block (the lines between the
// delimiters, each with its line end), the offset in data where it starts
// and its delimiter, "---" or "+++"; fm is nil when the page has none. A
// byte-order mark before the first delimiter (Windows editors write one)
// and CRLF line ends are allowed, as the content loader allows them.
func frontMatterAt(data []byte) (fm []byte, start int, delim string) {
	off := 0
	if bytes.HasPrefix(data, []byte("\ufeff")) {
		off = len("\ufeff")
	}
	for _, d := range []string{"---", "+++"} {
		for _, nl := range []string{"\n", "\r\n"} {
			if !bytes.HasPrefix(data[off:], []byte(d+nl)) {
				continue
			}
			s := off + len(d) + len(nl)
			if i := bytes.Index(data[s:], []byte("\n"+d)); i >= 0 {
				return data[s : s+i+1], s, d
			}
			// The opening line ends in CRLF: an empty block is "---\r\n---".
			if bytes.HasPrefix(data[s:], []byte(d)) {
				return data[s:s], s, d
			}
		}
	}
	return nil, 0, ""
}

// Report is what `varde pack status` says about one pack.
type Report struct {
	Pack             config.Pack
	Pinned, Newest   string // refs; Newest "" for a folder pack
	Added, Removed   []string
	Changed          []string
	Overrides        []Override
	FetchError       string // the fetch failed; the report is from the cache
	PinnedIsNewest   bool
	PinnedCommit     string
	NewestCommit     string
	PagesAtNewestRef int
}

// Override is one site page that takes a pack page's place.
type Override struct {
	File string
	Base *Base // nil when the page records none
	// State at the pinned ref and at the newest: "same" (the national
	// page is what the override was based on), "changed", "removed"
	// (the pack no longer has it), "unknown" (no pack_base).
	AtPinned, AtNewest string
	Diff               []worddiff.Block // base → newest (or pinned), when changed and both texts are known
	// BaseMissing is set when the national page changed but the text the
	// override was based on cannot be read, so there is no diff to show:
	// Print says so rather than showing nothing.
	BaseMissing bool
}

// Stale reports whether the national page changed since the override.
func (o Override) Stale() bool {
	return o.AtPinned == "changed" || o.AtNewest == "changed" || o.AtPinned == "removed" || o.AtNewest == "removed"
}

// StatusOptions configure Status.
type StatusOptions struct {
	Site    string // the site's folder
	Offline bool   // do not fetch; compare what the cache has
	Ref     string // compare with this ref instead of the newest
}

// Status compares a pack's pinned ref with its newest (or o.Ref) and the
// site's overrides with both.
func Status(ctx context.Context, spec config.Pack, o StatusOptions) (*Report, error) {
	r := &Report{Pack: spec, Pinned: spec.Ref}
	site, err := sitefs.Open(o.Site)
	if err != nil {
		return nil, err
	}
	defer site.Close()
	if spec.Git == "" {
		return r, folderStatus(ctx, spec, o, site, r)
	}
	dir := cacheDir(o.Site, spec.Name)
	if !o.Offline || !clonedFrom(dir, spec.Git) {
		if err := fetch(ctx, dir, spec.Git); err != nil {
			if !clonedFrom(dir, spec.Git) {
				return nil, fmt.Errorf("pack %q: cannot fetch %s: %v", spec.Name, spec.Git, err)
			}
			r.FetchError = err.Error()
		}
	}
	pinned, found, err := resolve(ctx, dir, spec.Ref)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, fmt.Errorf("pack %q: unknown ref %q: %s has no tag, branch or commit of that name", spec.Name, spec.Ref, spec.Git)
	}
	r.Newest = o.Ref
	if r.Newest == "" {
		if r.Newest, err = newestRef(ctx, dir); err != nil {
			return nil, err
		}
	}
	newest, found, err := resolve(ctx, dir, r.Newest)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, fmt.Errorf("pack %q: unknown ref %q: %s has no tag, branch or commit of that name", spec.Name, r.Newest, spec.Git)
	}
	r.PinnedCommit, r.NewestCommit = pinned, newest
	r.PinnedIsNewest = pinned == newest
	atPinned, err := blobs(ctx, dir, pinned, "content")
	if err != nil {
		return nil, err
	}
	atNewest := atPinned
	if newest != pinned {
		if atNewest, err = blobs(ctx, dir, newest, "content"); err != nil {
			return nil, err
		}
	}
	r.PagesAtNewestRef = len(atNewest)
	compareTrees(spec, atPinned, atNewest, r)
	read := func(ids []string) (map[string][]byte, error) { return readBlobs(ctx, dir, ids) }
	return r, overrides(spec, site, atPinned, atNewest, read, r)
}

// compareTrees lists the pack's pages added, removed and changed between
// the two refs (pages the site excludes left out).
func compareTrees(spec config.Pack, a, b map[string]string, r *Report) {
	page := func(name string) bool {
		rel := strings.TrimPrefix(name, "content/")
		_, ex := excluded(spec.Exclude, rel)
		return strings.EqualFold(path.Ext(name), ".md") && !ex
	}
	for name, oid := range b {
		if !page(name) {
			continue
		}
		switch old, ok := a[name]; {
		case !ok:
			r.Added = append(r.Added, name)
		case old != oid:
			r.Changed = append(r.Changed, name)
		}
	}
	for name := range a {
		if _, ok := b[name]; !ok && page(name) {
			r.Removed = append(r.Removed, name)
		}
	}
	sort.Strings(r.Added)
	sort.Strings(r.Removed)
	sort.Strings(r.Changed)
}

// overrides finds the site's pages that stand for a pack page (same path,
// or a pack_base naming the pack) and how the national page moved since.
func overrides(spec config.Pack, site fs.FS, atPinned, atNewest map[string]string, read func([]string) (map[string][]byte, error), r *Report) error {
	var pending []diffPair
	err := fs.WalkDir(site, "content", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			if name == "content" && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipDir
			}
			return err
		}
		if d.IsDir() || !strings.EqualFold(path.Ext(name), ".md") {
			return nil
		}
		_, inPinned := atPinned[name]
		_, inNewest := atNewest[name]
		data, err := fs.ReadFile(site, name)
		if err != nil {
			return err
		}
		base, hasBase := readBase(data)
		if hasBase && base.Pack != spec.Name {
			return nil // based on another pack
		}
		if !inPinned && !inNewest && !hasBase {
			return nil // the site's own page
		}
		ov := Override{File: name}
		if hasBase {
			ov.Base = &base
		}
		state := func(tree map[string]string) string {
			oid, ok := tree[name]
			switch {
			case !ok:
				return "removed"
			case !hasBase:
				return "unknown"
			case strings.HasPrefix(oid, base.Blob):
				return "same"
			}
			return "changed"
		}
		ov.AtPinned, ov.AtNewest = state(atPinned), state(atNewest)
		if !hasBase && ov.AtNewest == "unknown" && atPinned[name] != atNewest[name] {
			ov.AtNewest = "changed since the pin"
		}
		// The diff shows what the national page gained or lost since the
		// override's base: to the newest ref, else to the pinned one.
		to := atNewest[name]
		if ov.AtNewest != "changed" {
			to = atPinned[name]
			if ov.AtPinned != "changed" {
				to = ""
			}
		}
		if hasBase && to != "" {
			pending = append(pending, diffPair{len(r.Overrides), base.Blob, to})
		}
		r.Overrides = append(r.Overrides, ov)
		return nil
	})
	if errors.Is(err, fs.SkipDir) {
		err = nil
	}
	if err != nil || read == nil || len(pending) == 0 {
		return err
	}
	// Every text the diffs need, in one read (one git process).
	var ids []string
	for _, d := range pending {
		ids = append(ids, d.from, d.to)
	}
	texts, err := read(ids)
	if err != nil {
		return err
	}
	for _, d := range pending {
		old, ok1 := texts[d.from]
		cur, ok2 := texts[d.to]
		switch {
		case ok1 && ok2:
			r.Overrides[d.i].Diff = worddiff.Blocks(string(old), string(cur))
		case !ok1:
			r.Overrides[d.i].BaseMissing = true
		}
	}
	return nil
}

// A folder pack has no history Varde can read, so when an override of a
// folder pack's page is made, the national text it is based on is kept in
// the site, under BaseDir/PACK/BLOB (named by git's blob name, as
// pack_base records it): committed with the page, it survives a fresh
// clone and another editor's machine, which .varde/ (a cache, not
// committed) would not, and status diffs the national page against it.
// A git pack needs no copy: its clone holds every text it ever had.

// BaseDir is the site folder that keeps the national texts the overrides
// of folder packs are based on. A build does not read it.
const BaseDir = "pakkegrunnlag"

// BaseFile is where the text of blob of pack is kept (slash path in the site).
func BaseFile(pack, blob string) string { return path.Join(BaseDir, pack, blob) }

// keepBase writes a folder pack page's text into the site's BaseDir, through
// an os.Root so that a link in the site cannot move the write out of it.
func keepBase(siteDir string, b Base, data []byte) error {
	root, err := os.OpenRoot(siteDir)
	if err != nil {
		return err
	}
	defer root.Close()
	name := filepath.FromSlash(BaseFile(b.Pack, b.Blob))
	if old, err := root.ReadFile(name); err == nil && BlobID(old) == b.Blob {
		return nil
	}
	if err := root.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	return root.WriteFile(name, data, 0o644)
}

// dropBase removes the kept text of an old base that no page of the site
// records any more (after a rebase).
func dropBase(siteDir string, site fs.FS, old Base) {
	used := false
	_ = fs.WalkDir(site, "content", func(name string, d fs.DirEntry, err error) error {
		switch {
		case used:
			return fs.SkipAll
		case err != nil:
			return nil // an unreadable folder keeps no page that could use it
		}
		if d.IsDir() || !strings.EqualFold(path.Ext(name), ".md") {
			return nil
		}
		if data, err := fs.ReadFile(site, name); err == nil {
			if b, ok := readBase(data); ok && b.Pack == old.Pack && b.Blob == old.Blob {
				used = true
			}
		}
		return nil
	})
	if used {
		return
	}
	if root, err := os.OpenRoot(siteDir); err == nil {
		_ = root.Remove(filepath.FromSlash(BaseFile(old.Pack, old.Blob)))
		root.Close()
	}
}

// folderTexts reads the texts a folder pack's diffs need: the pack's pages
// as they are now, the kept base texts (BaseDir), and, for an override made
// before Varde kept them, the pack folder's own git history when it has one
// (a blob name is the same in any repository). A text is used only when its
// bytes are the blob it is asked for.
func folderTexts(ctx context.Context, p *Pack, dir string, site fs.FS, cur map[string]string) func([]string) (map[string][]byte, error) {
	byBlob := map[string]string{}
	for name, oid := range cur {
		byBlob[oid] = name
	}
	return func(ids []string) (map[string][]byte, error) {
		out := map[string][]byte{}
		var missing []string
		for _, id := range ids {
			if _, ok := out[id]; ok {
				continue
			}
			if name, ok := byBlob[id]; ok {
				if data, err := fs.ReadFile(p.fsys, name); err == nil {
					out[id] = data
					continue
				}
			}
			if data, err := fs.ReadFile(site, BaseFile(p.Spec.Name, id)); err == nil && strings.HasPrefix(BlobID(data), id) {
				out[id] = data
				continue
			}
			missing = append(missing, id)
		}
		if len(missing) > 0 {
			// Not a repository, or no git: no text from there.
			if m, err := readBlobs(ctx, dir, missing); err == nil {
				for id, data := range m {
					if strings.HasPrefix(BlobID(data), id) {
						out[id] = data
					}
				}
			}
		}
		return out, nil
	}
}

// diffPair is an override whose diff is computed once its texts are read.
type diffPair struct {
	i        int
	from, to string
}

// folderStatus compares the overrides with a folder pack as it is now (a
// folder has no refs; its git history, if any, is its own business).
func folderStatus(ctx context.Context, spec config.Pack, o StatusOptions, site fs.FS, r *Report) error {
	p, err := openPack(ctx, spec, Options{Site: o.Site, NoFetch: true})
	if err != nil {
		return fmt.Errorf("pack %q: %v", spec.Name, err)
	}
	cur := map[string]string{}
	err = fs.WalkDir(p.fsys, "content", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(p.fsys, name)
		if err != nil {
			return err
		}
		cur[name] = BlobID(data)
		return nil
	})
	if err != nil {
		return err
	}
	return overrides(spec, site, cur, cur, folderTexts(ctx, p, Dir(o.Site, spec), site, cur), r)
}

// Print writes the report for an editor.
func (r *Report) Print(w io.Writer) {
	fmt.Fprintf(w, "Pack %q (%s)\n", r.Pack.Name, r.Pack.Source())
	if r.FetchError != "" {
		fmt.Fprintf(w, "  could not fetch (%s); this is what the copy in .varde/packs has\n", r.FetchError)
	}
	if r.Pack.Git != "" {
		if r.PinnedIsNewest {
			if r.Pinned == r.Newest {
				fmt.Fprintf(w, "  pinned to %s, the newest\n", r.Pinned)
			} else {
				fmt.Fprintf(w, "  pinned to %s, which is the newest (%s)\n", r.Pinned, r.Newest)
			}
		} else {
			fmt.Fprintf(w, "  pinned to %s; newest is %s: %s added, %d removed, %d changed\n", r.Pinned, r.Newest, pages(len(r.Added)), len(r.Removed), len(r.Changed))
		}
		list := func(what string, names []string) {
			for _, n := range names {
				fmt.Fprintf(w, "    %-8s %s\n", what, n)
			}
		}
		list("added", r.Added)
		list("removed", r.Removed)
		list("changed", r.Changed)
	}
	if len(r.Overrides) == 0 {
		fmt.Fprintln(w, "  the site overrides none of the pack's pages")
		return
	}
	stale := 0
	for _, o := range r.Overrides {
		if o.Stale() {
			stale++
		}
	}
	fmt.Fprintf(w, "  the site overrides %s of the pack; %d changed upstream since\n", pages(len(r.Overrides)), stale)
	for _, o := range r.Overrides {
		switch {
		case o.Base == nil:
			fmt.Fprintf(w, "    %s: no pack_base, so Varde cannot tell what it was based on (at the newest ref the national page is %s); run `varde pack override --rebase %s` after comparing\n", o.File, describe(o.AtNewest), o.File)
		case !o.Stale():
			fmt.Fprintf(w, "    %s: up to date with the national page (based on %s)\n", o.File, o.Base.Ref)
		default:
			if r.Pack.Git == "" {
				// A folder has one state, now.
				fmt.Fprintf(w, "    %s: STALE, the national page changed since the override (in the pack's folder it is %s now)\n", o.File, describe(o.AtNewest))
			} else {
				if r.PinnedIsNewest {
					fmt.Fprintf(w, "    %s: STALE, the national page changed since the override (based on %s; at %s it is %s)\n", o.File, o.Base.Ref, r.Pinned, describe(o.AtPinned))
				} else {
					fmt.Fprintf(w, "    %s: STALE, the national page changed since the override (based on %s; at %s it is %s, at %s %s)\n", o.File, o.Base.Ref, r.Pinned, describe(o.AtPinned), r.Newest, describe(o.AtNewest))
				}
			}
			if o.BaseMissing {
				fmt.Fprintf(w, "      no diff: %s\n", r.missingBase(o))
			}
			for _, b := range o.Diff {
				if b.Kind == worddiff.Same {
					continue
				}
				fmt.Fprintf(w, "      %s\n", TextDiff(b.Spans))
			}
		}
	}
}

// missingBase says why an override's base text cannot be read, and what
// the editor can do instead.
func (r *Report) missingBase(o Override) string {
	if r.Pack.Git != "" {
		return fmt.Sprintf("the pack's repository no longer has the text the override was based on (blob %s; was %s rewritten?); compare %s with the pack's page by hand, then run `varde pack override --rebase %s`", o.Base.Blob, o.Base.Ref, o.File, o.File)
	}
	return fmt.Sprintf("the text the override was based on is not kept (no %s in the site, and the pack's folder has no git history with it; Varde keeps it there when `varde pack override` makes the override, to be committed with the page); compare %s with %s by hand, then run `varde pack override --rebase %s`",
		BaseFile(r.Pack.Name, o.Base.Blob), o.File, path.Join(filepath.ToSlash(r.Pack.Path), o.File), o.File)
}

// pages is a count of pages in words: "1 page", "3 pages".
func pages(n int) string {
	if n == 1 {
		return "1 page"
	}
	return fmt.Sprintf("%d pages", n)
}

func describe(state string) string {
	switch state {
	case "same":
		return "unchanged"
	case "removed":
		return "removed"
	case "unknown":
		return "unchanged since the pin"
	}
	return state
}

// TextDiff writes a word diff for a terminal: [-deleted-]{+inserted+},
// as git diff --word-diff=plain does. Unchanged text keeps a few words
// on each side of a change and "…" for the rest: a paragraph is often a
// whole front matter block, of which one word changed.
func TextDiff(spans []worddiff.Span) string {
	var b strings.Builder
	for i, s := range spans {
		t := strings.Join(strings.Fields(s.Text), " ")
		if s.Op == worddiff.Equal {
			t = elide(t, i > 0, i < len(spans)-1)
		}
		if strings.HasPrefix(s.Text, " ") || strings.HasPrefix(s.Text, "\n") {
			t = " " + t
		}
		if strings.HasSuffix(s.Text, " ") || strings.HasSuffix(s.Text, "\n") {
			t += " "
		}
		switch s.Op {
		case worddiff.Insert:
			b.WriteString("{+" + strings.TrimSpace(t) + "+}")
		case worddiff.Delete:
			b.WriteString("[-" + strings.TrimSpace(t) + "-]")
		default:
			b.WriteString(t)
		}
	}
	return strings.TrimSpace(b.String())
}

// UpdateRef moves a git pack's pin: it checks that ref exists (fetching
// first) and rewrites the ref line of the pack in config.toml, and nothing
// else. It returns the ref pinned (the newest when ref is "").
func UpdateRef(ctx context.Context, siteDir string, cfg *config.Config, i int, ref string) (string, error) {
	spec := cfg.Packs[i]
	if spec.Git == "" {
		return "", fmt.Errorf("pack %q is a folder (%s): it has no ref to move; the site builds on the folder as it is", spec.Name, spec.Path)
	}
	dir := cacheDir(siteDir, spec.Name)
	if err := fetch(ctx, dir, spec.Git); err != nil {
		if !clonedFrom(dir, spec.Git) {
			return "", fmt.Errorf("pack %q: cannot fetch %s: %v", spec.Name, spec.Git, err)
		}
	}
	if ref == "" {
		var err error
		if ref, err = newestRef(ctx, dir); err != nil {
			return "", err
		}
	}
	if _, found, err := resolve(ctx, dir, ref); err != nil {
		return "", err
	} else if !found {
		return "", fmt.Errorf("pack %q: unknown ref %q: %s has no tag, branch or commit of that name", spec.Name, ref, spec.Git)
	}
	file := filepath.Join(siteDir, config.File)
	data, err := os.ReadFile(file)
	if err != nil {
		return "", err
	}
	line := cfg.Line(fmt.Sprintf("packs[%d].ref", i))
	lines := strings.SplitAfter(string(data), "\n")
	if line < 1 || line > len(lines) || !refLine.MatchString(lines[line-1]) {
		return "", fmt.Errorf("%s:%d: cannot find pack %q's ref line to change; set ref = %q there yourself", config.File, line, spec.Name, ref)
	}
	lines[line-1] = refLine.ReplaceAllString(lines[line-1], `${1}"`+strings.ReplaceAll(ref, "$", "$$")+`"`)
	return ref, writeAtomic(file, []byte(strings.Join(lines, "")))
}

// refLine is a `ref = "…"` line; the value is replaced, the rest kept.
var refLine = regexp.MustCompile(`^(\s*ref\s*=\s*)("[^"]*"|'[^']*')`)

// writeAtomic replaces a file by renaming a full copy over it.
func writeAtomic(name string, data []byte) error {
	st, err := os.Stat(name)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	_ = os.Chmod(tmp.Name(), st.Mode().Perm())
	return os.Rename(tmp.Name(), name)
}

// Override copies a pack page into the site, recording in its front
// matter what it was based on, so that status can tell when the national
// page changes. name is the page's path (content/veiledere/dpia.md, or
// inside content/). rebase rewrites only the pack_base of a site page that
// already overrides it (after the editor has taken in the upstream change).
func MakeOverride(ctx context.Context, siteDir string, cfg *config.Config, name string, rebase bool) (string, Base, error) {
	name = path.Clean(strings.TrimPrefix(filepath.ToSlash(name), "./"))
	if !strings.HasPrefix(name, "content/") {
		name = "content/" + name
	}
	site, err := sitefs.Open(siteDir)
	if err != nil {
		return "", Base{}, err
	}
	defer site.Close()
	for _, spec := range cfg.Packs {
		p, err := openPack(ctx, spec, Options{Site: siteDir})
		if err != nil {
			return "", Base{}, fmt.Errorf("pack %q: %v", spec.Name, err)
		}
		data, err := fs.ReadFile(p.fsys, name)
		if err != nil {
			continue
		}
		blob, err := p.Blob(name)
		if err != nil {
			return "", Base{}, err
		}
		base := Base{Pack: spec.Name, Ref: p.Version, Blob: blob}
		if base.Ref == "" {
			base.Ref = "folder"
		}
		target := filepath.Join(siteDir, filepath.FromSlash(name))
		existing, err := fs.ReadFile(site, name)
		switch {
		case rebase && err != nil:
			return "", Base{}, fmt.Errorf("%s: the site has no such page to rebase; `varde pack override %s` copies the pack's", name, name)
		case err == nil && !rebase:
			return "", Base{}, fmt.Errorf("%s: the site already has its own page there; compare it with the pack's (`varde pack status`) and use --rebase to record that it now follows %s", name, base.Ref)
		}
		if spec.Git == "" {
			// Kept before the page records it, so that no page
			// names a base the site does not have.
			if err := keepBase(siteDir, base, data); err != nil {
				return "", Base{}, fmt.Errorf("keeping the national text in %s: %v", BaseFile(base.Pack, base.Blob), err)
			}
		}
		if rebase {
			old, hadOld := readBase(existing)
			if err := writeAtomic(target, withBase(existing, base)); err != nil {
				return "", Base{}, err
			}
			if spec.Git == "" && hadOld && old.Pack == base.Pack && old.Blob != base.Blob {
				dropBase(siteDir, site, old)
			}
			return name, base, nil
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return "", Base{}, err
		}
		f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return "", Base{}, err
		}
		_, err = f.Write(withBase(data, base))
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return name, base, err
	}
	return "", Base{}, fmt.Errorf("%s: no pack of the site has this page (check the path: it is the pack's content/ path, e.g. content/veiledere/dpia.md)", name)
}

// withBase sets pack_base in a page's front matter (YAML or TOML), adding
// front matter when the page has none.
func withBase(data []byte, b Base) []byte {
	fm, start, delim := frontMatterAt(data)
	if fm == nil {
		bom := []byte{}
		if bytes.HasPrefix(data, []byte("\ufeff")) {
			bom, data = data[:len("\ufeff")], data[len("\ufeff"):]
		}
		return append(append(append([]byte{}, bom...), []byte("---\npack_base: \""+b.String()+"\"\n---\n\n")...), data...)
	}
	line := "pack_base: \"" + b.String() + "\""
	if delim == "+++" {
		line = "pack_base = \"" + b.String() + "\""
	}
	end := start + len(fm)
	var body []byte
	if baseLine.Match(fm) {
		body = baseLine.ReplaceAll(fm, []byte(line))
	} else {
		nl := "\n"
		if bytes.HasSuffix(fm, []byte("\r\n")) {
			nl = "\r\n" // the page's own line ends
		}
		body = append(append([]byte{}, fm...), []byte(line+nl)...)
	}
	out := append([]byte{}, data[:start]...)
	out = append(out, body...)
	return append(out, data[end:]...)
}

// Pin fetches the pack repository at url into the site's cache
// (.varde/packs/NAME) and returns the ref to pin: ref itself when it has a
// tag, branch or commit of that name, or with ref "" its newest tag (else
// its default branch). A ref the repository lacks, or a repository with no
// commit yet, is an error: varde init --pack wrote such a pin into
// config.toml, and the first build failed on it.
func Pin(ctx context.Context, siteDir, name, url, ref string) (string, error) {
	dir := cacheDir(siteDir, name)
	if err := fetch(ctx, dir, url); err != nil {
		return "", fmt.Errorf("cannot fetch %s: %v", url, err)
	}
	asked := ref != ""
	if !asked {
		var err error
		if ref, err = newestRef(ctx, dir); err != nil {
			return "", err
		}
	}
	if _, found, err := resolve(ctx, dir, ref); err != nil {
		return "", err
	} else if found {
		return ref, nil
	}
	if !asked {
		return "", fmt.Errorf("%s has no commits yet: commit the pack and tag a version first (git add -A && git commit -m \"Pakken 2026.1\" && git tag 2026.1)", url)
	}
	newest, _ := newestRef(ctx, dir)
	if _, found, _ := resolve(ctx, dir, newest); found {
		return "", fmt.Errorf("%s has no tag, branch or commit %q (its newest tag or branch is %q; leave out --ref to pin it)", url, ref, newest)
	}
	return "", fmt.Errorf("%s has no tag, branch or commit %q", url, ref)
}

// IsGit tells whether a --pack argument names a git repository (an
// address, or a local folder that is a repository) rather than a folder
// read as it is.
func IsGit(arg string) bool {
	if strings.Contains(arg, "://") || strings.HasSuffix(arg, ".git") {
		return true
	}
	if i := strings.IndexByte(arg, ':'); i > 1 && strings.Contains(arg[:i], "@") {
		return true // user@host:repo
	}
	_, err := os.Stat(filepath.Join(arg, ".git"))
	return err == nil
}

// diffContext is how many unchanged words TextDiff keeps beside a change.
const diffContext = 8

// elide shortens unchanged text t to the words next to the changes
// before it (after) and after it (before).
func elide(t string, after, before bool) string {
	w := strings.Fields(t)
	keep := 0
	if after {
		keep += diffContext
	}
	if before {
		keep += diffContext
	}
	if len(w) <= keep+1 {
		return t
	}
	var head, tail []string
	if after {
		head = w[:diffContext]
	}
	if before {
		tail = w[len(w)-diffContext:]
	}
	out := strings.Join(head, " ")
	if out != "" {
		out += " "
	}
	out += "…"
	if len(tail) > 0 {
		out += " " + strings.Join(tail, " ")
	}
	return out
}
