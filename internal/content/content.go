// Package content reads a site's content/ folder into pages: front matter
// (YAML or TOML), body, language from the file name, id, section and kind.
// It reads through an io/fs.FS so that an edition taken from a git ref or a
// snapshot folder is just another file system.
package content

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/sitefs"
	"github.com/varde-portal/varde/internal/slug"
)

// Kind says what a content file is.
type Kind string

const (
	KindHome    Kind = "home"    // content/_index.md
	KindSection Kind = "section" // content/<dir>/_index.md, or a top-level folder without one
	KindPage    Kind = "page"    // any other .md file
)

// Page is one content file, read and validated but not yet rendered.
type Page struct {
	File     string // path from the site root: content/veiledere/dpia.md
	Rel      string // path inside content/: veiledere/dpia.md
	Dir      string // folder inside content/: veiledere ("" at the top)
	Section  string // top-level folder ("" for the home page and top-level pages)
	Base     string // file name without language suffix and extension: dpia, _index
	Lang     string
	Kind     Kind
	ID       string // front matter id, else Rel without extension and language suffix
	Type     string // front matter type, else the section's, else "page"
	Meta     Meta
	Body     []byte // nil for a page Load did not read (Options.TrustStat, varde build only): Source reads it
	BodyLine int    // lines before the body, for diagnostics
	Auto     bool   // a section page made for a folder with no _index.md

	// later is the body of a page whose file a build did not read, its
	// stat being what it was when the last build parsed it (persist.go):
	// Body is nil then, and Source reads it if asked.
	later *laterBody
}

// laterBody is a body not read yet: the file, the SHA-256 of the whole
// file when it was parsed (checked when read), where the body starts, and
// the SHA-256 of the body and whether it holds "{{", kept from then.
type laterBody struct {
	read          func() ([]byte, error)
	fileSum       [32]byte
	off           int
	isNil, braces bool
	bodySum       [32]byte

	once sync.Once
	body []byte
	err  error
}

// Source returns the page's Markdown body: Body, or the body of a file
// the build did not read (see Page.later), read now and checked to be the
// file that was parsed (an error if it changed since the build began).
func (p *Page) Source() ([]byte, error) {
	l := p.later
	if l == nil {
		return p.Body, nil
	}
	l.once.Do(func() {
		src, err := l.read()
		switch {
		case err != nil:
			l.err = fmt.Errorf("cannot read: %v", err)
		case sha256.Sum256(src) != l.fileSum:
			l.err = errors.New("the file changed while the site was being built; build again")
		case !l.isNil:
			l.body = src[l.off:]
		}
	})
	return l.body, l.err
}

// BodySum returns the SHA-256 of what Source returns, without reading a
// body the build did not read.
func (p *Page) BodySum() [32]byte {
	if p.later != nil {
		return p.later.bodySum
	}
	return sha256.Sum256(p.Body)
}

// MayHoldValues reports whether the body may hold "{{" (a value's
// reference, internal/pack): false only for a body not read that did not.
func (p *Page) MayHoldValues() bool { return p.later == nil || p.later.braces }

// SetBody replaces the page's body (values put in, a pack's additions);
// a body not read is then forgotten. SetBody(nil) lets the source go.
func (p *Page) SetBody(b []byte) {
	p.Body, p.later = b, nil
}

// Resource is a non-Markdown file under content/ (an image, a PDF) that is
// copied to the output beside the pages.
type Resource struct {
	File string // content/veiledere/bilde.png
	Rel  string // veiledere/bilde.png
}

// Set is the result of loading.
type Set struct {
	Pages     []*Page
	Resources []Resource
	// Unpublished holds the page files (content-relative) that are not in
	// Pages, and why: Draft, or Unreadable when the file has errors (which
	// are reported). Links to them get a message that says so instead of
	// "no such file".
	Unpublished map[string]Unpublished
}

// Unpublished says why a page file is not published.
type Unpublished int

const (
	Draft      Unpublished = iota + 1 // draft: true, and drafts are not built
	Unreadable                        // the file has errors
)

// Options control loading.
type Options struct {
	Drafts bool   // include pages with draft: true
	Dir    string // content folder inside fsys; default "content"
	Cache  *Cache // parsed files kept between dev-server builds; may be nil
	// TrustStat lets Load take a page from the cache without reading its
	// file when the file's stat (size, times, inode) is the one kept with
	// the entry (persist.go); the page's body is then read only if asked
	// for (Page.Source). Only for a site on disk (sitefs).
	TrustStat bool
	// CacheAhead, when set, gives the cache in place of Cache: Load calls
	// it once, after the first file is read and hashed, so that a cache
	// still being decoded from .varde/cache (varde build) is decoded
	// while the files are read rather than before.
	CacheAhead func() *Cache
}

// Cache keeps parsed pages by file name and content, so the dev server only
// parses the files an edit touched, and varde build only the files changed
// since the last build (ReadCache, persist.go). Cached pages are never
// modified.
type Cache struct {
	mu     sync.Mutex
	m      map[string]cached
	seen   map[string]bool // the files the last Load read
	parsed int             // how many of them it parsed anew
	fresh  int             // how many of those WriteTo would keep
	// statted counts the files taken by their stat alone, restat the
	// kept entries whose stat changed (to be written again).
	statted, restat int
}

type cached struct {
	sum [32]byte
	// st is the file's stat when it was read, if it can vouch for the
	// file's content on a later build (persist.go, "racy"); bodySum and
	// braces describe the body, for a page taken without reading it.
	st      sitefs.FileStat
	bodySum [32]byte
	braces  bool
	page    *Page // without its Body: each use gets a copy with the body cut from the file at bodyOff
	diags   []diag.Diagnostic
	// The body is not kept: a Load reads every file anyway (to compare its
	// sum), so the body is cut from what it read, and a page's source is
	// held only as long as the site that uses it (a 20 MB page stayed in
	// memory for as long as `varde serve` ran).
	bodyOff int
	bodyNil bool
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{m: map[string]cached{}, seen: map[string]bool{}} }

// begin starts a Load: what it reads is what WriteTo keeps.
func (c *Cache) begin() {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.seen, c.parsed, c.fresh, c.statted, c.restat = map[string]bool{}, 0, 0, 0, 0
	c.mu.Unlock()
}

// Reused returns how many files the last Load took from the cache.
func (c *Cache) Reused() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.seen) - c.parsed
}

// Load reads every file under content/ in fsys. Diagnostics name file and line.
func Load(fsys fs.FS, cfg *config.Config, opt Options) (*Set, []diag.Diagnostic) {
	dir := opt.Dir
	if dir == "" {
		dir = "content"
	}
	var cacheOf func() *Cache // nil: no cache
	if opt.Cache != nil {
		opt.Cache.begin()
		cacheOf = func() *Cache { return opt.Cache }
	}
	if opt.CacheAhead != nil {
		var once sync.Once
		var c *Cache
		cacheOf = func() *Cache {
			once.Do(func() { c = opt.CacheAhead(); c.begin() })
			return c
		}
		defer cacheOf() // a Load that read no file still begins the cache
	}
	var files []string
	set := &Set{}
	var diags diag.List
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			diags.Errorf(p, 0, "cannot read: %v", err)
			return nil
		}
		name := d.Name()
		if p != dir && (strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~")) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		rel := strings.TrimPrefix(p, dir+"/")
		if strings.EqualFold(path.Ext(name), ".md") {
			files = append(files, p)
		} else {
			set.Resources = append(set.Resources, Resource{File: p, Rel: rel})
		}
		return nil
	})
	if err != nil {
		if errorsIsNotExist(err) {
			diags.Warnf(dir, 0, "no %s/ folder: the site has no pages yet", dir)
			return set, diags.Items()
		}
		diags.Errorf(dir, 0, "cannot read: %v", err)
		return set, diags.Items()
	}
	pages := make([]*Page, len(files))
	access := folderReaders(fsys, files)
	useStat := opt.TrustStat && cacheOf != nil
	start := time.Now()
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i, f := range files {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int, f string) {
			defer wg.Done()
			defer func() { <-sem }()
			pages[i] = readCached(access(i), useStat, start, f, dir, cfg, cacheOf, &diags)
		}(i, f)
	}
	wg.Wait()
	present := map[string]bool{} // "lang\x00dir" of section index files
	set.Unpublished = map[string]Unpublished{}
	for i, p := range pages {
		switch {
		case p == nil:
			set.Unpublished[strings.TrimPrefix(files[i], dir+"/")] = Unreadable
			continue
		case p.Meta.Draft && !opt.Drafts:
			set.Unpublished[p.Rel] = Draft
			continue
		}
		set.Pages = append(set.Pages, p)
		if p.Kind == KindSection || p.Kind == KindHome {
			present[p.Lang+"\x00"+p.Dir] = true
		}
	}
	set.Pages = append(set.Pages, autoSections(set.Pages, present, cfg)...)
	checkIDs(set.Pages, &diags)
	sort.Slice(set.Pages, func(i, j int) bool {
		a, b := set.Pages[i], set.Pages[j]
		if a.Lang != b.Lang {
			return a.Lang < b.Lang
		}
		return a.Rel < b.Rel
	})
	return set, diags.Items()
}

// autoSections adds a section page for every top-level folder (and the
// home page) that has pages in a language but no _index.md in it.
func autoSections(pages []*Page, present map[string]bool, cfg *config.Config) []*Page {
	var out []*Page
	langs := map[string]bool{}
	for _, p := range pages {
		langs[p.Lang] = true
		if p.Section != "" && !present[p.Lang+"\x00"+p.Section] {
			present[p.Lang+"\x00"+p.Section] = true
			title := slug.Title(p.Section)
			s := &Page{
				File: path.Join("content", p.Section), Rel: path.Join(p.Section, "_index.md"), Dir: p.Section, Section: p.Section,
				Base: "_index", Lang: p.Lang, Kind: KindSection, ID: p.Section + "/_index", Auto: true,
				Meta: Meta{Title: title, Lines: map[string]int{}, Params: map[string]any{}},
			}
			s.Type = sectionType(cfg, p.Section)
			out = append(out, s)
		}
	}
	for lang := range langs {
		if !present[lang+"\x00"] {
			out = append(out, &Page{File: "content", Rel: "_index.md", Base: "_index", Lang: lang, Kind: KindHome, ID: "_index", Type: "page", Auto: true,
				Meta: Meta{Title: cfg.LangTitle(lang), Lines: map[string]int{}, Params: map[string]any{}}})
		}
	}
	return out
}

func sectionType(cfg *config.Config, section string) string {
	if t := cfg.Sections[section].Type; t != "" {
		return t
	}
	return "page"
}

// checkIDs reports two pages of one language with the same id.
func checkIDs(pages []*Page, diags *diag.List) {
	seen := map[string]*Page{}
	for _, p := range pages {
		key := p.Lang + "\x00" + p.ID
		if q, ok := seen[key]; ok {
			a, b := q, p
			if a.File > b.File {
				a, b = b, a
			}
			switch {
			case b.Meta.Lines["id"] > 0:
				diags.Errorf(b.File, b.Meta.Lines["id"], "id %q is already used by %s; ids must be unique per language", p.ID, a.File)
			case strings.HasSuffix(b.File, "."+p.Lang+".md") && strings.TrimSuffix(b.File, "."+p.Lang+".md")+".md" == a.File:
				// x.md and x.nn.md where nn is the default language.
				diags.Errorf(b.File, 0, "this file and %s are both the %q page of this path: %q is the default language, whose pages have no suffix; remove one of them", a.File, p.Lang, p.Lang)
			default:
				diags.Errorf(b.File, 0, "id %q, which this page takes from its file name, is already used by %s; ids must be unique per language: give one of them another id (id: …)", p.ID, a.File)
			}
			continue
		}
		seen[key] = p
	}
}

// fileAccess is how Load gets at one file: read it (with its stat when
// known), or only stat it; done once the file is dealt with.
type fileAccess struct {
	read func() ([]byte, sitefs.FileStat, error)
	stat func() (sitefs.FileStat, bool) // nil: no stat without reading
	done func()
	// byPath reads the file by its path, for a body asked for after the
	// folder was let go.
	byPath func() ([]byte, error)
}

// folderReaders returns, for each of files (in fsys, walked in order), how
// to read it. A site on disk (sitefs) opens each folder once and each file
// relative to it (sitefs.Folder), which takes a third of the system calls
// of reading by path; the folder is closed once its last file is done
// with, so few are open at a time. Any other file system reads by path,
// and has no stat.
func folderReaders(fsys fs.FS, files []string) func(i int) fileAccess {
	byPath := func(i int) func() ([]byte, error) {
		return func() ([]byte, error) { return fs.ReadFile(fsys, files[i]) }
	}
	sfs, ok := fsys.(*sitefs.FS)
	if !ok {
		return func(i int) fileAccess {
			return fileAccess{read: func() ([]byte, sitefs.FileStat, error) {
				b, err := fs.ReadFile(fsys, files[i])
				return b, sitefs.FileStat{}, err
			}, done: func() {}, byPath: byPath(i)}
		}
	}
	type folder struct {
		once sync.Once
		r    *sitefs.Folder
		left atomic.Int32
	}
	byDir := map[string]*folder{}
	of := make([]*folder, len(files))
	for i, f := range files {
		d := byDir[path.Dir(f)]
		if d == nil {
			d = &folder{}
			byDir[path.Dir(f)] = d
		}
		d.left.Add(1)
		of[i] = d
	}
	return func(i int) fileAccess {
		d := of[i]
		open := func() *sitefs.Folder {
			d.once.Do(func() { d.r = sfs.OpenFolder(path.Dir(files[i])) })
			return d.r
		}
		return fileAccess{
			read: func() ([]byte, sitefs.FileStat, error) { return open().ReadFileStat(path.Base(files[i])) },
			stat: func() (sitefs.FileStat, bool) { return open().Stat(path.Base(files[i])) },
			done: func() {
				if d.left.Add(-1) == 0 {
					d.once.Do(func() {}) // never opened: nothing to close
					if d.r != nil {
						d.r.Close()
					}
				}
			},
			byPath: byPath(i),
		}
	}
}

// RacyMargin is how much older than the start of a build a file's times
// must be for its stat to vouch for its content on the next build (git's
// "racy" rule): a file written in the same tick of the file system's
// clock as it was read could change again without its times changing.
// Two seconds also covers file systems that keep times in whole seconds
// or two. Tests shorten it.
var RacyMargin = 2 * time.Second

// readCached reads a page, reusing the parse of an unchanged file: one
// whose stat is the one kept (trusted, without reading it, when stat is
// given) or whose content hashes the same. The file is read and hashed
// before the cache is asked for (cacheOf may wait for it to be decoded).
// start is when the Load began, for the racy rule.
func readCached(fa fileAccess, useStat bool, start time.Time, file, dir string, cfg *config.Config, cacheOf func() *Cache, diags *diag.List) *Page {
	defer fa.done()
	if useStat && fa.stat != nil {
		if p, ok := statCached(fa, file, cacheOf); ok {
			return p
		}
	}
	src, st, err := fa.read()
	if err != nil {
		diags.Errorf(file, 0, "cannot read: %v", err)
		return nil
	}
	if cacheOf == nil {
		return readPage(src, file, dir, cfg, diags)
	}
	sum := sha256.Sum256(src)
	cache := cacheOf()
	if cache == nil {
		return readPage(src, file, dir, cfg, diags)
	}
	if limit := start.Add(-RacyMargin).UnixNano(); !st.Known() || st.Mtime >= limit || st.Ctime >= limit {
		st = sitefs.FileStat{} // racy: the next build reads the file
	}
	cache.mu.Lock()
	c, ok := cache.m[file]
	cache.seen[file] = true
	if ok && c.sum == sum && c.st != st {
		c.st = st
		cache.m[file] = c
		if c.keep() {
			cache.restat++
		}
	}
	cache.mu.Unlock()
	if ok && c.sum == sum {
		diags.Add(c.diags...)
		if c.page == nil {
			return nil
		}
		p := *c.page
		if !c.bodyNil && c.bodyOff <= len(src) {
			p.Body = src[c.bodyOff:]
		}
		return &p
	}
	var local diag.List
	p := readPage(src, file, dir, cfg, &local)
	ds := local.Items()
	diags.Add(ds...)
	e := cached{sum: sum, diags: ds, st: st}
	if p != nil {
		e.bodyOff, e.bodyNil = len(src)-len(p.Body), p.Body == nil
		e.bodySum, e.braces = sha256.Sum256(p.Body), bytes.Contains(p.Body, []byte("{{"))
		kept := *p
		kept.Body = nil
		e.page = &kept
	}
	cache.mu.Lock()
	cache.m[file] = e
	cache.parsed++
	if e.keep() {
		cache.fresh++
	}
	cache.mu.Unlock()
	return p
}

// statCached returns the cached page of file when the file's stat now is
// the one kept with it, its body left to be read if asked for. The stat
// is taken before the cache is asked for (it may still be decoding).
func statCached(fa fileAccess, file string, cacheOf func() *Cache) (*Page, bool) {
	st, ok := fa.stat()
	if !ok {
		return nil, false
	}
	cache := cacheOf()
	if cache == nil {
		return nil, false
	}
	cache.mu.Lock()
	c, ok := cache.m[file]
	cache.mu.Unlock()
	if !ok || !c.st.Known() || c.page == nil || len(c.diags) > 0 || st != c.st {
		return nil, false
	}
	cache.mu.Lock()
	cache.seen[file] = true
	cache.statted++
	cache.mu.Unlock()
	p := *c.page
	p.later = &laterBody{
		read:    fa.byPath, // the folder is let go once Load is done with it
		fileSum: c.sum, off: c.bodyOff, isNil: c.bodyNil, braces: c.braces, bodySum: c.bodySum,
	}
	return &p, true
}

func readPage(src []byte, file, dir string, cfg *config.Config, diags *diag.List) *Page {
	rel := strings.TrimPrefix(file, dir+"/")
	p := &Page{File: file, Rel: rel, Dir: path.Dir(rel), Lang: cfg.DefaultLanguage}
	if p.Dir == "." {
		p.Dir = ""
	}
	if i := strings.IndexByte(rel, '/'); i >= 0 {
		p.Section = rel[:i]
	}
	base, lang := splitLang(rel, cfg)
	if lang != "" {
		p.Lang = lang
	} else if i := strings.LastIndexByte(base, '.'); i > 0 && langSuffix.MatchString(base[i+1:]) {
		diags.Warnf(file, 1, "%q looks like a translation into %q, which is not a language of config.toml (%s): it is published as a page of its own; add [languages.%s] or rename the file",
			path.Base(file), base[i+1:], strings.Join(cfg.LanguageOrder, ", "), base[i+1:])
	}
	p.Base = base
	switch {
	case base == "_index" && p.Dir == "":
		p.Kind = KindHome
	case base == "_index":
		p.Kind = KindSection
	default:
		p.Kind = KindPage
	}
	if line := invalidUTF8Line(src); line > 0 {
		diags.Errorf(file, line, "the file is not UTF-8 text (this line has a character in another encoding, such as Latin-1); save the file as UTF-8")
		return nil
	}
	format, fm, body, bodyLine, err := splitFrontMatter(src)
	if err != nil {
		diags.Errorf(file, 1, "%v", err)
		return nil
	}
	if format == "" {
		if line, msg := missingOpening(src); line > 0 {
			// Reported as such, not as "title is missing" for a page whose
			// fields are all there.
			diags.Errorf(file, line, "%s", msg)
			return nil
		}
	}
	p.Body, p.BodyLine = body, bodyLine
	raw, lines, d := parseFrontMatter(format, fm)
	if d != nil {
		d.File, d.Severity = file, diag.Error
		diags.Add(*d)
		return nil
	}
	report := func(line int, sev diag.Severity, format string, args ...any) {
		dd := diag.Errorf(file, line, format, args...)
		dd.Severity = sev
		diags.Add(dd)
	}
	p.Meta = decodeMeta(raw, lines, report)
	if _, given := lines["title"]; p.Meta.Title == "" && !given { // a title of the wrong type is reported as such
		if p.Kind == KindHome {
			p.Meta.Title = cfg.LangTitle(p.Lang)
		} else {
			report(1, diag.Error, "title is missing: every page needs a title in its front matter")
		}
	} else if _, text := raw["title"].(string); p.Meta.Title == "" && (raw["title"] == nil || text) {
		// `title:` with nothing after it, or only spaces: the page would
		// be published with an empty heading.
		report(lines["title"], diag.Error, "title is empty: write the page's title after title:")
	}
	p.ID = p.Meta.ID
	if p.ID == "" {
		p.ID = defaultID(p.Dir, base)
	}
	p.Type = p.Meta.Type
	if p.Type == "" {
		p.Type = "page"
		if p.Kind != KindHome {
			p.Type = sectionType(cfg, p.Section)
		}
	}
	if !config.ValidType(p.Type) {
		report(lines["type"], diag.Error, "unknown page type %q (use one of %s)", p.Type, strings.Join(config.PageTypes, ", "))
	}
	return p
}

func errorsIsNotExist(err error) bool {
	return err != nil && (strings.Contains(err.Error(), "file does not exist") || strings.Contains(err.Error(), "no such file"))
}

// splitLang splits a page file's name (content-relative, "veiledere/dpia.nn.md")
// into its name without extension and language ("dpia") and the language
// of its suffix, "" when it has none of config.toml's.
func splitLang(rel string, cfg *config.Config) (base, lang string) {
	base = strings.TrimSuffix(path.Base(rel), path.Ext(rel))
	if i := strings.LastIndexByte(base, '.'); i > 0 {
		if _, ok := cfg.Languages[base[i+1:]]; ok {
			return base[:i], base[i+1:]
		}
	}
	return base, ""
}

// DefaultID is the id of the page file rel when its front matter gives
// none: its path without extension and language ("veiledere/dpia").
func DefaultID(rel string, cfg *config.Config) string {
	base, _ := splitLang(rel, cfg)
	return defaultID(path.Dir(rel), base)
}

func defaultID(dir, base string) string {
	return strings.TrimPrefix(path.Join(dir, base), "/")
}

// langSuffix matches what a language suffix looks like (x.nn.md, x.sma.md).
var langSuffix = regexp.MustCompile(`^[a-z]{2,3}$`)

// invalidUTF8Line returns the line of the first byte that is not UTF-8, or 0.
func invalidUTF8Line(src []byte) int {
	if utf8.Valid(src) {
		return 0
	}
	line := 1
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size == 1 {
			return line
		}
		if src[i] == '\n' {
			line++
		}
		i += size
	}
	return line
}
