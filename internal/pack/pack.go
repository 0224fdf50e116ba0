// Package pack reads the content packs a site builds on (config.toml's
// [[packs]], docs/format.md "Packs"): a folder or a git repository laid out
// like a site, whose content, layouts, assets, i18n strings and data the
// site's own files override file by file. Open returns one fs.FS, the site
// over its packs in order, which build.Load reads like any site; the packs
// are read through sitefs (a folder pack is a root of its own, so no link
// in it leaves it) and a git pack through history.RefFS, the git file
// system the editions use, from a bare clone in .varde/packs/NAME that is
// fetched only when the pinned ref is not in it yet (a build is offline
// after the first fetch).
package pack

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing/fstest"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/history"
	"github.com/varde-portal/varde/internal/sitefs"
)

// VardeVersion is this Varde's version, which a pack may require at least.
const VardeVersion = "0.1.0"

// Parts are the folders of a pack that the site reads through it.
var Parts = []string{"content", "layouts", "assets", "i18n", "data", "static"}

// Pack is one opened pack.
type Pack struct {
	Spec    config.Pack
	Title   string // pack.toml's title, else the name: "KS-pakken"
	Version string // the pinned tag or commit (git), or pack.toml's version
	Commit  string // the pinned commit of a git pack
	Scales  map[string]any

	fsys fs.FS
	// gitDir is a git pack's bare clone in the site's .varde/packs; ""
	// for a folder pack.
	gitDir string
	// snapDir holds the snapshots of a git pack's commits (snapshot.go).
	snapDir string
	// blobs holds the git blob name of every file of a git pack, so that
	// an override can record and compare what it was based on without
	// reading the file.
	blobs map[string]string
}

// GitDir is the folder of a git pack's bare clone, in which its history
// at Commit can be read; "" for a folder pack, which has no history Varde
// reads.
func (p *Pack) GitDir() string { return p.gitDir }

// FS is the pack's own files (content/, data/, …), without the site over
// them: for files every layer contributes to, such as the search
// thesaurus, rather than the first one found.
func (p *Pack) FS() fs.FS { return p.fsys }

// Label is how readers see the pack: "KS-pakken 2026.2".
func (p *Pack) Label() string {
	if p.Version == "" {
		return p.Title
	}
	return p.Title + " " + p.Version
}

// File names a file of the pack in messages: the folder's path
// (../felles/content/x.md), or git's ref:path (ks@2026.1:content/x.md).
func (p *Pack) File(name string) string {
	if p.Spec.Git != "" {
		return p.Spec.Name + "@" + p.Spec.Ref + ":" + name
	}
	return path.Join(filepath.ToSlash(p.Spec.Path), name)
}

// Blob returns the git blob name of a file of the pack: from the tree for
// a git pack, computed from the bytes for a folder.
func (p *Pack) Blob(name string) (string, error) {
	if p.blobs != nil {
		if b, ok := p.blobs[name]; ok {
			return b, nil
		}
		return "", fs.ErrNotExist
	}
	data, err := fs.ReadFile(p.fsys, name)
	if err != nil {
		return "", err
	}
	return BlobID(data), nil
}

// BlobID is git's object name for a file's bytes, so that a folder pack and
// a git pack record an override's base the same way.
func BlobID(data []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(data))
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil))
}

// Options configure Open.
type Options struct {
	// Site is the site's folder on disk: folder packs are relative to it
	// and git packs are cached in its .varde/packs.
	Site string
	// Fetch allows fetching a git pack whose ref is not in the cache yet
	// (default on for builds; tests of offline builds turn it off).
	NoFetch bool
}

// Open opens the packs of cfg and layers site over them. Problems are
// diagnostics naming the pack and the file; with any error the returned
// FS is nil and nothing should be built.
func Open(ctx context.Context, site fs.FS, cfg *config.Config, o Options) (*FS, []diag.Diagnostic) {
	var diags diag.List
	var packs []*Pack
	for i, spec := range cfg.Packs {
		p, err := openPack(ctx, spec, o)
		if err != nil {
			key := fmt.Sprintf("packs[%d]", i)
			var fe *fieldError
			if errors.As(err, &fe) {
				key += "." + fe.field
			}
			diags.Errorf(config.File, cfg.Line(key), "pack %q (%s): %v", spec.Name, spec.Source(), err)
			continue
		}
		diags.Add(p.readConfig(cfg, i)...)
		packs = append(packs, p)
	}
	if diags.HasErrors() {
		return nil, diags.Items()
	}
	l, ds := newFS(site, packs)
	diags.Add(ds...)
	if diags.HasErrors() {
		return nil, diags.Items()
	}
	return l, diags.Items()
}

// fieldError is a problem with one setting of a pack, reported at its line.
type fieldError struct {
	field string
	err   error
}

func (e *fieldError) Error() string { return e.err.Error() }
func (e *fieldError) Unwrap() error { return e.err }

// Dir is the folder on disk of a folder pack of the site in the folder
// site (its path is relative to the site unless absolute); "" for a git
// pack. The dev server watches it as the build reads it.
func Dir(site string, spec config.Pack) string {
	if spec.Git != "" {
		return ""
	}
	dir := filepath.FromSlash(spec.Path)
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(site, dir)
	}
	return dir
}

// openPack opens one pack's files.
func openPack(ctx context.Context, spec config.Pack, o Options) (*Pack, error) {
	p := &Pack{Spec: spec, Title: spec.Name}
	if spec.Git == "" {
		dir := Dir(o.Site, spec)
		sfs, err := sitefs.OpenScope(dir, "the pack "+spec.Name)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, &fieldError{"path", fmt.Errorf("the folder %s does not exist; check path in config.toml", dir)}
			}
			return nil, err
		}
		if links := sfs.Check(Parts...); len(links) > 0 {
			return nil, fmt.Errorf("%s: %s", p.File(links[0].Name), links[0].Message())
		}
		p.fsys = sfs
	} else {
		if err := p.openGit(ctx, o); err != nil {
			return nil, err
		}
	}
	if st, err := fs.Stat(p.fsys, "content"); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("%s: no content/ folder; a pack is laid out like a site (content/, and optionally layouts/, assets/, i18n/, data/)", p.File("content"))
	}
	return p, nil
}

// openGit reads a git pack at its pinned ref from the cache, fetching
// first only when the ref is not there yet.
func (p *Pack) openGit(ctx context.Context, o Options) error {
	dir := cacheDir(o.Site, p.Spec.Name)
	commit, found := "", false
	if clonedFrom(dir, p.Spec.Git) {
		var err error
		if commit, found, err = resolve(ctx, dir, p.Spec.Ref); err != nil {
			return err
		}
	}
	if !found {
		if o.NoFetch {
			return fmt.Errorf("ref %q is not in the cache %s, and fetching is off", p.Spec.Ref, dir)
		}
		old := clonedURL(dir)
		if err := fetch(ctx, dir, p.Spec.Git); err != nil {
			if old != "" && old != p.Spec.Git {
				return &fieldError{"git", fmt.Errorf("cannot fetch the repository, which config.toml now names in place of %s (the copy in %s is of that one, so it is not used): %v", old, dir, err)}
			}
			return &fieldError{"git", fmt.Errorf("cannot fetch the repository (a first build needs it; later builds read the copy in %s): %v", dir, err)}
		}
		var err error
		if commit, found, err = resolve(ctx, dir, p.Spec.Ref); err != nil {
			return err
		}
		if !found {
			return &fieldError{"ref", fmt.Errorf("unknown ref %q: the repository has no tag, branch or commit of that name (see its tags with `git ls-remote --tags %s`)", p.Spec.Ref, p.Spec.Git)}
		}
	}
	p.Commit = commit
	p.Version = p.Spec.Ref
	p.gitDir = dir
	p.snapDir = snapshotDir(o.Site, p.Spec.Name)
	if s := readSnapshot(p.snapDir, commit); s != nil {
		p.use(s)
		return nil
	}
	t, err := history.RefFS(ctx, dir, commit)
	if err != nil {
		return err
	}
	defer t.Close()
	// The tree is read once, into memory: a build reads every page anyway,
	// and no git process is left running while the site renders or the dev
	// server waits. Links committed in the pack are resolved inside its
	// tree by sitefs, as an edition's are.
	sfs := sitefs.New(t, "the pack "+p.Spec.Name)
	if links := sfs.Check(Parts...); len(links) > 0 {
		return fmt.Errorf("%s: %s", p.File(links[0].Name), links[0].Message())
	}
	mem := fstest.MapFS{}
	mtime := t.Time()
	for _, top := range append([]string{"pack.toml", "config.toml"}, Parts...) {
		err := fs.WalkDir(sfs, top, func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				if name == top && errors.Is(err, fs.ErrNotExist) {
					return fs.SkipDir
				}
				return err
			}
			if d.IsDir() {
				return nil
			}
			data, err := fs.ReadFile(sfs, name)
			if err != nil {
				return err
			}
			mem[name] = &fstest.MapFile{Data: data, Mode: 0o644, ModTime: mtime}
			return nil
		})
		if err != nil && !errors.Is(err, fs.SkipDir) {
			return fmt.Errorf("reading ref %q: %v", p.Spec.Ref, err)
		}
	}
	p.fsys = mem
	if p.blobs, err = blobs(ctx, dir, commit, Parts...); err != nil {
		return err
	}
	files := make(map[string][]byte, len(mem))
	for name, f := range mem {
		files[name] = f.Data
	}
	writeSnapshot(p.snapDir, &snapshot{Version: snapshotVersion, Commit: commit, Time: mtime, Files: files, Blobs: p.blobs})
	return nil
}

// packConfig is what a pack says about itself in pack.toml (or, for a pack
// that is also a site of its own, config.toml; other settings are the
// site's and ignored).
type packConfig struct {
	Title   string         `toml:"title"`
	Version string         `toml:"version"`
	Varde   string         `toml:"varde"` // the oldest Varde that builds the pack
	Scales  map[string]any `toml:"scales"`
}

// readConfig reads pack.toml (or config.toml), checks the Varde version it
// asks for and brings its scales to the site, which keeps its own of the
// same name.
func (p *Pack) readConfig(cfg *config.Config, i int) []diag.Diagnostic {
	name := "pack.toml"
	data, err := fs.ReadFile(p.fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		name = "config.toml"
		data, err = fs.ReadFile(p.fsys, name)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return []diag.Diagnostic{diag.Errorf(p.File(name), 0, "cannot read: %v", err)}
	}
	if !utf8.Valid(data) {
		// As config.toml: the decoder would quote the foreign bytes into
		// its message (FuzzPackTOML found one that was not UTF-8).
		bad := len(data)
		for i := 0; i < len(data); {
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n == 1 {
				bad = i
				break
			}
			i += n
		}
		return []diag.Diagnostic{diag.Errorf(p.File(name), bytes.Count(data[:bad], []byte("\n"))+1, "the file is not UTF-8 text; save it as UTF-8")}
	}
	var pc packConfig
	if _, err := toml.Decode(string(data), &pc); err != nil {
		line, msg := config.ExplainTOML(string(data), err)
		if line < 1 {
			// The decoder matches keys without regard to case and may
			// name no line: vArde.0 = "" is "vArde must be text, not a
			// table" at line 0 (FuzzPackTOML).
			line = keyLine(data, err)
		}
		return []diag.Diagnostic{diag.Errorf(p.File(name), line, "%s", msg)}
	}
	if i := strings.IndexFunc(pc.Title, func(r rune) bool { return unicode.IsControl(r) }); i >= 0 {
		// Readers see the title ("Fra KS-pakken 2026.1"); a TOML escape
		// (\u001b) put a raw control character into every page.
		r, _ := utf8.DecodeRuneInString(pc.Title[i:])
		return []diag.Diagnostic{diag.Errorf(p.File(name), lineOf(data, "title"), "title: the text holds a control character (U+%04X), which no page can show; remove it", r)}
	}
	if name == "pack.toml" && pc.Title != "" {
		p.Title = pc.Title
	}
	if p.Spec.Git == "" && pc.Version != "" {
		p.Version = pc.Version
	}
	if pc.Varde != "" && newer(pc.Varde, VardeVersion) {
		// On one line: a multi-line string ("""A\n1""") would break the
		// message in two (FuzzPackTOML).
		want := strings.Join(strings.Fields(pc.Varde), " ")
		return []diag.Diagnostic{diag.Errorf(p.File(name), lineOf(data, "varde"), "pack %q needs Varde %s or newer, and this is Varde %s: update Varde, or pin the pack to an older ref (packs[%d] in config.toml)", p.Spec.Name, want, VardeVersion, i)}
	}
	if cfg.Scales == nil && len(pc.Scales) > 0 {
		cfg.Scales = map[string]any{}
	}
	for k, v := range pc.Scales {
		if _, ok := cfg.Scales[k]; !ok {
			cfg.Scales[k] = v
		}
	}
	p.Scales = pc.Scales
	return nil
}

// lineOf is the line on which a top-level key of a TOML text is set, the
// key bare or quoted; 1 when it is written in a way not found here (with
// escapes), so that the message still points into the file (FuzzPackTOML:
// "varde" = "9" gave a message at line 0).
func lineOf(data []byte, key string) int {
	for i, line := range bytes.Split(data, []byte("\n")) {
		f := strings.TrimSpace(string(line))
		if k, _, ok := strings.Cut(f, "="); ok {
			// Without regard to case, as the decoder matches keys.
			if k = strings.ToLower(strings.TrimSpace(k)); k == key || k == `"`+key+`"` || k == "'"+key+"'" {
				return i + 1
			}
		}
	}
	return 1
}

// keyLine is the first line that sets, or opens a table of, the key a
// decoding error names ("last key \"vArde\""), matched without regard to
// case as the decoder matches it; 1 when no line does, so that a message
// always points into the file.
func keyLine(data []byte, err error) int {
	m := lastKey.FindStringSubmatch(err.Error())
	if m == nil {
		return 1
	}
	key := strings.ToLower(m[1])
	for i, line := range bytes.Split(data, []byte("\n")) {
		f := strings.ToLower(strings.TrimSpace(string(line)))
		f = strings.TrimLeft(f, "[")
		k, _, _ := strings.Cut(f, "=")
		k = strings.TrimRight(strings.TrimSpace(k), "]")
		k = strings.Trim(k, "\"' ")
		if k == key || strings.HasPrefix(k, key+".") || strings.HasPrefix(k, key+"\".") || strings.HasPrefix(k, key+"'.") {
			return i + 1
		}
	}
	return 1
}

// lastKey is where the TOML decoder names the key of a type mistake.
var lastKey = regexp.MustCompile(`last key "([^"]*)"`)

// newer reports whether version a is newer than b (dotted numbers; a
// leading "v" or ">=" is allowed).
func newer(a, b string) bool {
	pa, pb := versionParts(a), versionParts(b)
	for i := 0; i < len(pa) || i < len(pb); i++ {
		var x, y int
		if i < len(pa) {
			x = pa[i]
		}
		if i < len(pb) {
			y = pb[i]
		}
		if x != y {
			return x > y
		}
	}
	return false
}

func versionParts(v string) []int {
	v = strings.TrimLeft(strings.TrimSpace(v), ">= v")
	var out []int
	for _, s := range strings.Split(v, ".") {
		n, _ := strconv.Atoi(strings.TrimFunc(s, func(r rune) bool { return r < '0' || r > '9' }))
		out = append(out, n)
	}
	return out
}

// excluded reports whether the site leaves the pack's content file rel
// (inside content/) out: a pattern matches the path, the path without
// .md, or without its language suffix too (veiledere/dpia leaves out
// dpia.md and dpia.nn.md), or a folder above it.
func excluded(patterns []string, rel string) (int, bool) {
	noExt := strings.TrimSuffix(rel, path.Ext(rel))
	noLang := noExt
	if ext := path.Ext(noExt); len(ext) == 3 || len(ext) == 4 {
		noLang = strings.TrimSuffix(noExt, ext)
	}
	for i, x := range patterns {
		x = strings.Trim(path.Clean("/"+strings.TrimPrefix(x, "content/")), "/")
		for _, cand := range []string{rel, noExt, noLang} {
			if ok, _ := path.Match(x, cand); ok {
				return i, true
			}
		}
		if strings.HasPrefix(rel, x+"/") {
			return i, true
		}
	}
	return -1, false
}
