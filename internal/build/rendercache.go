package build

// The rendered-page cache of varde build (issue 22): a build after a small
// change renders only the pages whose HTML can have changed and takes the
// other pages' bytes from the previous build's output.
//
// .varde/cache/render-<output>.gob records, for every page file of the last
// successful build into that output folder, a hash of everything the page
// was rendered from and a hash of the bytes written. The next build renders
// a page again unless all of these hold:
//
//   - the file's global key is the same: the cache format, Varde's version
//     (as the Markdown cache's), config.toml, every file of the theme stack
//     under layouts/, assets/, static/, i18n/ and data/ (the site's own,
//     themes/<name>/ and the bundled theme), and the options that change
//     output (drafts, draft links failing, base URL, minify, dev);
//   - the site's structure is the same: every page's path, URL, kind,
//     language, output file and parent, the main menus, home pages,
//     taxonomy lists and resources. A page added, removed or moved renders
//     every page again;
//   - the page's own hash is the same: its View as the templates get it
//     (the page's every field but its plain text, its front matter, the
//     data later stages attached (history, references, collected control
//     questions, packs, surveys), its edition banner, its CSS and script
//     URLs), hashed together with the label of every page it points to
//     (parent and all ancestors, children, sections, translations, related
//     pages, term pages, pages inside its Data and extra data) and the
//     names of the pages every page of its language may show (home,
//     sections, taxonomy and term pages, generated pages, the main menu):
//     their title, description, URL, kind, type, weight, the pages they
//     list as a set, the scalar entries of their Data, but not their dates
//     (see nameFields).
//     A page's label is what another page's templates read of it: every
//     field but the body and what comes from it (headings, anchors, links,
//     quizzes, questions, text, images) and its related pages, its front
//     matter, and the scalar entries of its Data;
//   - what the templates read through the View that the build cannot know
//     before rendering (internal/render/deps.go) is unchanged: a page that
//     listed every content page of its language (the home page's newest
//     pages) renders again when any page's label in that language changed,
//     one that read the build time renders always, and one that asked
//     whether a review date has passed renders again when the answer would
//     differ;
//   - the previous output still holds the page's file with the recorded
//     size and hash (read and checked, so an edited or lost file is
//     rendered again).
//
// With the cache missing, unreadable, from another version or for another
// output folder, the build renders every page, as without it. Only pages
// are reused; assets, aliases, resources, sitemap, feeds, survey files,
// editions and robots.txt are written on every build as before.
//
// The labels are what the bundled theme reads of other pages. Layouts of
// the site's own (or a pack's, or a theme folder's) could read more of
// another page (its body, or its Data beyond the scalar entries) than its
// label, and would not be rendered again when only that changed; so the
// cache is used only when every layout is the bundled theme's
// (renderCacheKey), and a site with layouts of its own renders every page.

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"maps"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/varde-portal/varde/internal/content"
	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/output"
	"github.com/varde-portal/varde/internal/render"
	"github.com/varde-portal/varde/internal/site"
)

// renderCacheFormat changes whenever what the file holds, or how a hash is
// made, changes meaning: an older file is ignored.
const renderCacheFormat = 2 // 2: the bytes' hash is the output manifest's (Out)

type sum [16]byte

// renderEntry is what the cache keeps of one page file.
type renderEntry struct {
	Own     sum  // the page's inputs (see the top of the file)
	All     bool // it read every content page of its language
	AllSum  sum  // the labels of those pages then
	Overdue []render.OverdueCheck
	// Out is the hash of the bytes written, the one the output folder's
	// manifest keeps (output.ContentHash), so that an unchanged page is
	// linked from the previous output without reading it (output.Dir.Keep).
	Out  uint64
	Size int64
}

type renderCacheFile struct {
	Format    int
	Key       string
	Dest      string
	Structure sum
	Pages     map[string]renderEntry // output file → entry
}

// renderCache is the cache of one build.
type renderCache struct {
	file      string
	dest      string
	key       string
	structure sum
	prev      map[string]renderEntry // nil: nothing to reuse

	// This build's hashes, from prepare.
	own    map[*site.Page]sum
	allSum map[string]sum // language → labels of its content pages

	mu   sync.Mutex
	next map[string]renderEntry
	out  map[string]renderEntry // page file → hash and size of what was rendered

	reused atomic.Int64
}

// renderCachePath is the cache file of a site's output folder dest.
func renderCachePath(source, dest string) string {
	h := sha256.Sum256([]byte(dest))
	return filepath.Join(source, ".varde", "cache", "render-"+filepath.Base(dest)+"-"+hex.EncodeToString(h[:6])+".gob")
}

// renderCacheKey is the global key (see the top of the file); "" when
// Varde's version is unknown, and then nothing is cached.
func renderCacheKey(l *Loaded, o Options) string {
	v := vardeVersion()
	if v == "" {
		return ""
	}
	minify := l.Config.MinifyEnabled()
	if o.Minify != nil {
		minify = *o.Minify
	}
	h := sha256.New()
	fmt.Fprintf(h, "%d\x00%s\x00%t\x00%t\x00%s\x00%t\x00%t\x00%s\x00", renderCacheFormat, v, o.Drafts, o.DraftLinksFail, o.BaseURL, minify, o.Dev, l.Config.Theme)
	th := l.Renderer.Theme
	if b, _, err := th.ReadFile("config.toml"); err == nil {
		fmt.Fprintf(h, "config.toml\x00%d\x00", len(b))
		h.Write(b)
	} else {
		return ""
	}
	for _, dir := range []string{"layouts", "assets", "static", "i18n", "data"} {
		for _, f := range th.Files(dir) {
			b, origin, err := th.ReadFile(dir + "/" + f)
			if err != nil {
				return ""
			}
			if dir == "layouts" && !strings.HasPrefix(origin, "bundled ") {
				// A layout of the site's, a pack's or a theme folder's
				// may read more of other pages than their labels, which
				// the recording does not see: such a site renders every
				// page, as without the cache, rather than risk a stale one.
				return ""
			}
			fmt.Fprintf(h, "%s/%s\x00%d\x00", dir, f, len(b))
			h.Write(b)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// openRenderCache reads the cache of the last build into dest; a cache
// that cannot be used gives one that reuses nothing and is written anew.
func openRenderCache(l *Loaded, o Options) *renderCache {
	key := renderCacheKey(l, o)
	if key == "" {
		return nil
	}
	c := &renderCache{file: renderCachePath(o.Source, o.Dest), dest: o.Dest, key: key, structure: siteStructure(l.Site)}
	f, err := os.Open(c.file)
	if err != nil {
		return c
	}
	defer f.Close()
	var cf renderCacheFile
	if err := gob.NewDecoder(bufio.NewReaderSize(f, 1<<16)).Decode(&cf); err != nil {
		return c // damaged: reuse nothing
	}
	if cf.Format == renderCacheFormat && cf.Key == key && cf.Dest == o.Dest && cf.Structure == c.structure {
		c.prev = cf.Pages
	}
	return c
}

// warm reports whether the previous build's pages may be reused: a cache
// of the same key and site structure was read.
func (c *renderCache) warm() bool { return c != nil && c.prev != nil }

// save writes the cache after the build's output is in place. Written
// beside and renamed, so a reader sees a whole file; a failure only costs
// the next build the reuse. A build that is not saved leaves the previous
// cache, which matches the output folder that build left in place.
func (c *renderCache) save() {
	if c == nil || c.next == nil {
		return
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(renderCacheFile{Format: renderCacheFormat, Key: c.key, Dest: c.dest, Structure: c.structure, Pages: c.next}); err != nil {
		return
	}
	_ = replaceFile(c.file, "render-*.tmp", func(tmp *os.File) error {
		_, err := tmp.Write(buf.Bytes())
		return err
	})
}

// forget removes the cache file: called when a build is about to replace
// the output without saving a cache for it.
func (c *renderCache) forget() {
	if c != nil {
		_ = os.Remove(c.file)
	}
}

// renderPages renders the pages of l whose output can have changed and
// writes the others' bytes from the previous build; it records what the
// next build needs. The assets must be written first (the pages' CSS and
// script URLs are in their hashes).
func (c *renderCache) renderPages(l *Loaded, pages []*site.Page, out render.Sink) []diag.Diagnostic {
	s, r := l.Site, l.Renderer
	c.prepare(s, r, pages)
	c.next = make(map[string]renderEntry, len(pages))
	c.out = make(map[string]renderEntry, len(pages))
	var todo []*site.Page
	var todoMu sync.Mutex
	var diags diag.List
	keeper, _ := out.(interface {
		Keep(name string, hash uint64, size int64) (bool, error)
	})
	parallel(pages, func(p *site.Page) {
		if e, ok := c.reusable(p, r.Now); ok {
			if keeper != nil {
				// The previous output's file, as its manifest records it,
				// linked without reading it.
				kept, err := keeper.Keep(p.OutFile, e.Out, e.Size)
				if err != nil {
					diags.Errorf(p.Describe(), 0, "%v", err)
					return
				}
				if kept {
					c.mu.Lock()
					c.next[p.OutFile] = e
					c.mu.Unlock()
					c.reused.Add(1)
					return
				}
			}
			buf := readBuffers.Get().(*[]byte)
			defer readBuffers.Put(buf)
			b, ok := readPrevious(filepath.Join(c.dest, filepath.FromSlash(p.OutFile)), e.Size, buf)
			if ok && output.ContentHash(b) == e.Out {
				if err := out.Write(p.OutFile, b); err != nil {
					diags.Errorf(p.Describe(), 0, "%v", err)
					return
				}
				c.mu.Lock()
				c.next[p.OutFile] = e
				c.mu.Unlock()
				c.reused.Add(1)
				return
			}
		}
		todoMu.Lock()
		todo = append(todo, p)
		todoMu.Unlock()
	})
	// Rendered in the order given, as without the cache.
	order := make(map[*site.Page]int, len(pages))
	for i, p := range pages {
		order[p] = i
	}
	sort.Slice(todo, func(i, j int) bool { return order[todo[i]] < order[todo[j]] })
	r.RecordDeps()
	diags.Add(r.Pages(s, todo, &hashingSink{out: out, c: c})...)
	for _, p := range todo {
		o, ok := c.out[p.OutFile]
		d := r.DepsOf(p)
		if !ok || d == nil {
			continue // failed: reported by Pages, and the build fails
		}
		e := renderEntry{Own: c.own[p], Out: o.Out, Size: o.Size, Overdue: d.Overdue}
		if d.Now {
			continue // never reusable: not kept
		}
		if d.AllPages {
			e.All, e.AllSum = true, c.allSum[p.Lang]
		}
		c.next[p.OutFile] = e
	}
	return diags.Items()
}

// readBuffers hold the previous output's files while they are checked and
// written (a Sink keeps no data after Write): 10,000 pages read afresh
// were 200 MB of garbage.
var readBuffers = sync.Pool{New: func() any { return new([]byte) }}

// readPrevious reads the file when it has the size recorded, into buf.
func readPrevious(name string, size int64, buf *[]byte) ([]byte, bool) {
	f, err := os.Open(name)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != size || size > 64<<20 {
		return nil, false
	}
	if int64(cap(*buf)) < size {
		*buf = make([]byte, size)
	}
	b := (*buf)[:size]
	if _, err := io.ReadFull(f, b); err != nil {
		return nil, false
	}
	return b, true
}

// reusable returns p's entry when nothing p was rendered from has changed.
func (c *renderCache) reusable(p *site.Page, now time.Time) (renderEntry, bool) {
	if c.prev == nil {
		return renderEntry{}, false
	}
	e, ok := c.prev[p.OutFile]
	if !ok || e.Own != c.own[p] || (e.All && e.AllSum != c.allSum[p.Lang]) {
		return renderEntry{}, false
	}
	d := render.Deps{Overdue: e.Overdue}
	if !d.Same(now) {
		return renderEntry{}, false
	}
	return e, true
}

// hashingSink writes through to out and keeps the hash and size of every
// page file written.
type hashingSink struct {
	out render.Sink
	c   *renderCache
}

func (h *hashingSink) Write(name string, data []byte) error {
	if err := h.out.Write(name, data); err != nil {
		return err
	}
	e := renderEntry{Out: output.ContentHash(data), Size: int64(len(data))}
	h.c.mu.Lock()
	h.c.out[name] = e
	h.c.mu.Unlock()
	return nil
}

// parallel calls f for every page, on every core.
func parallel(pages []*site.Page, f func(p *site.Page)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(pages) {
					return
				}
				f(pages[i])
			}
		}()
	}
	wg.Wait()
}

// prepare computes this build's hashes: every page's label, the labels
// each language's pages all show, and the own hash of every page to render.
func (c *renderCache) prepare(s *site.Site, r *render.Renderer, pages []*site.Page) {
	labels := make(map[*site.Page]sum, len(s.Pages))
	names := make(map[*site.Page]sum, len(s.Pages))
	var mu sync.Mutex
	parallel(s.Pages, func(p *site.Page) {
		h := newValueHasher(false)
		h.label(p)
		l := h.sum()
		h = newValueHasher(false)
		h.name(p)
		n := h.sum()
		mu.Lock()
		labels[p], names[p] = l, n
		mu.Unlock()
	})
	// What every page of a language may show: its home page, main menu,
	// sections, taxonomy and term pages and generated pages.
	chrome := map[string]hash.Hash{}
	all := map[string]hash.Hash{}
	for _, lang := range s.Langs {
		chrome[lang], all[lang] = sha256.New(), sha256.New()
	}
	for _, p := range s.Pages {
		if chrome[p.Lang] == nil {
			chrome[p.Lang], all[p.Lang] = sha256.New(), sha256.New()
		}
		l, n := labels[p], names[p]
		if p.Kind != site.KindPage || p.Source == nil {
			chrome[p.Lang].Write([]byte(p.Path))
			chrome[p.Lang].Write(n[:])
		}
		if p.IsContent() {
			all[p.Lang].Write([]byte(p.Path))
			all[p.Lang].Write(l[:])
		}
	}
	for lang, ps := range s.Menu {
		if chrome[lang] == nil {
			continue
		}
		for _, p := range ps {
			n := names[p]
			chrome[lang].Write([]byte(p.Path))
			chrome[lang].Write(n[:])
		}
	}
	chromeSum := map[string]sum{}
	c.allSum = map[string]sum{}
	for lang, h := range chrome {
		var cs, a sum
		copy(cs[:], h.Sum(nil))
		copy(a[:], all[lang].Sum(nil))
		chromeSum[lang], c.allSum[lang] = cs, a
	}
	c.own = make(map[*site.Page]sum, len(pages))
	parallel(pages, func(p *site.Page) {
		h := newValueHasher(true)
		h.view(r.View(s, p))
		for a := p.Parent; a != nil; a = a.Parent {
			h.deps[a] = true // the breadcrumbs show every page above
		}
		// The labels of the pages it points to, in a fixed order.
		deps := make([]*site.Page, 0, len(h.deps))
		for q := range h.deps {
			deps = append(deps, q)
		}
		sort.Slice(deps, func(i, j int) bool { return deps[i].Path < deps[j].Path })
		for _, q := range deps {
			l := labels[q]
			h.str(q.Path)
			h.h.Write(l[:])
		}
		cs := chromeSum[p.Lang]
		h.h.Write(cs[:])
		if h.bad {
			// Something that cannot be hashed (a function): a hash no
			// entry has, so the page is always rendered.
			h.str(fmt.Sprint(time.Now().UnixNano(), p.Path))
		}
		o := h.sum()
		mu.Lock()
		c.own[p] = o
		mu.Unlock()
	})
}

// siteStructure hashes the shape of the site (see the top of the file).
func siteStructure(s *site.Site) sum {
	h := newValueHasher(false)
	h.str(s.BasePath)
	h.str(s.Origin)
	for _, lang := range s.Langs {
		h.str(lang)
	}
	path := func(p *site.Page) {
		if p == nil {
			h.str("\x00nil")
		} else {
			h.str(p.Path)
		}
	}
	for _, p := range s.Pages {
		h.str(p.Path)
		h.str(p.URL)
		h.str(p.Permalink)
		h.str(p.OutFile)
		h.str(string(p.Kind))
		h.str(p.Lang)
		h.str(p.ID)
		path(p.Parent)
		h.int(int64(len(p.Translations)))
		for _, t := range p.Translations {
			path(t)
		}
	}
	for _, lang := range slices.Sorted(maps.Keys(s.Home)) {
		h.str(lang)
		path(s.Home[lang])
	}
	for _, lang := range slices.Sorted(maps.Keys(s.Menu)) {
		h.str(lang)
		h.int(int64(len(s.Menu[lang])))
		for _, p := range s.Menu[lang] {
			path(p)
		}
	}
	for _, lang := range slices.Sorted(maps.Keys(s.Taxonomy)) {
		for _, field := range slices.Sorted(maps.Keys(s.Taxonomy[lang])) {
			h.str(lang + "/" + field)
			path(s.Taxonomy[lang][field])
		}
	}
	for _, res := range s.Resources {
		h.str(res.File)
		h.str(res.Rel)
	}
	return h.sum()
}

// valueHasher hashes template data by reflection: what a template can
// reach, that is exported fields, map entries in key order, slices,
// pointers followed. A page met inside is hashed as its path and, for an
// own hash, noted in deps: its label is hashed apart.
type valueHasher struct {
	h    *bufHash
	own  bool
	deps map[*site.Page]bool
	path map[uintptr]bool // pointers being hashed, against cycles
	bad  bool             // met something that cannot be hashed
	buf  [binary.MaxVarintLen64]byte
}

func newValueHasher(own bool) *valueHasher {
	buf := hashBuffers.Get().(*[]byte)
	return &valueHasher{h: &bufHash{b: (*buf)[:0], pool: buf}, own: own, deps: map[*site.Page]bool{}, path: map[uintptr]bool{}}
}

// hashBuffers hold the bytes a valueHasher gathers, from page to page:
// grown afresh for every page (a page's View is its whole body and more),
// they were more than half the hashing's CPU time.
var hashBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 32<<10); return &b }}

// bufHash gathers the bytes and hashes them once: a page is hashed in
// hundreds of small writes, each of which cost SHA-256 a call of its own.
type bufHash struct {
	b    []byte
	pool *[]byte // where b goes back to hashBuffers after the sum
	// d hashes long texts (a page's body) as they come, after what b
	// gathered before them, rather than copying them into b: the same
	// bytes in the same order, so the same sum.
	d hash.Hash
}

// bigWrite is the length from which a text goes to the digest directly.
const bigWrite = 4 << 10

func (b *bufHash) Write(p []byte) (int, error) {
	if len(p) >= bigWrite {
		b.direct(p)
		return len(p), nil
	}
	b.b = append(b.b, p...)
	return len(p), nil
}

func (b *bufHash) writeString(s string) {
	if len(s) >= bigWrite {
		// Read in place by the digest, which keeps nothing of it.
		b.direct(unsafe.Slice(unsafe.StringData(s), len(s)))
		return
	}
	b.b = append(b.b, s...)
}

func (b *bufHash) direct(p []byte) {
	if b.d == nil {
		b.d = sha256.New()
	}
	b.d.Write(b.b)
	b.b = b.b[:0]
	b.d.Write(p)
}

func (b *bufHash) Sum(in []byte) []byte {
	if b.d != nil {
		b.d.Write(b.b)
		return b.d.Sum(in)
	}
	s := sha256.Sum256(b.b)
	return append(in, s[:]...)
}

// sum returns the hash of what was written; the hasher is done with then.
func (h *valueHasher) sum() sum {
	var s sum
	copy(s[:], h.h.Sum(nil))
	if h.h.pool != nil {
		if cap(h.h.b) <= 4<<20 { // a rare huge page's buffer is let go
			*h.h.pool = h.h.b[:0]
			hashBuffers.Put(h.h.pool)
		}
		h.h.b, h.h.pool = nil, nil
	}
	return s
}

func (h *valueHasher) str(s string) {
	h.int(int64(len(s)))
	h.h.writeString(s)
}

func (h *valueHasher) int(n int64) {
	k := binary.PutVarint(h.buf[:], n)
	h.h.Write(h.buf[:k])
}

var (
	pageType    = reflect.TypeOf((*site.Page)(nil))
	siteType    = reflect.TypeOf((*site.Site)(nil))
	timeType    = reflect.TypeOf(time.Time{})
	contentType = reflect.TypeOf(content.Page{})
	metaType    = reflect.TypeOf(content.Meta{})
)

// view hashes what a page's templates get as ".", the site aside (its
// config and shape are in the global key and the structure).
func (h *valueHasher) view(v *render.View) {
	h.pageFields(v.Page, true)
	h.str(v.Lang)
	h.str(v.CSS)
	h.str(v.JS)
	h.value(reflect.ValueOf(v.Scripts), 0)
	h.value(reflect.ValueOf(v.Dev), 0)
	h.value(reflect.ValueOf(v.Edition), 0)
	h.value(reflect.ValueOf(v.Extra), 0)
}

// label hashes what other pages' templates read of p.
func (h *valueHasher) label(p *site.Page) { h.pageFields(p, false) }

// nameFields are what every page's templates read of the pages they all
// show (menus, the taxonomy lists, links to generated pages): how they are
// named and where they are, not their dates or front matter. The "Hva er
// nytt" page's date changes with every change to the site; were it in
// this hash, every change would render every page again.
var nameFields = []string{"Kind", "Layout", "Lang", "ID", "Type", "Title", "Description", "Section", "Weight", "Draft", "Path", "URL", "Permalink", "OutFile"}

// name hashes what every page of p's language may show of p, when p is a
// page they all may show.
func (h *valueHasher) name(p *site.Page) {
	v := reflect.ValueOf(p).Elem()
	for k, f := range nameFields {
		h.str(f)
		h.value(v.Field(nameFieldIndex[k]), 1)
	}
	h.pageSet(p.Pages)
	h.pageSet(p.Sections)
	h.scalars(p.Data)
}

// bodyFields are the fields of a page that are in its own hash (but Text,
// which says again what Body says) and not in its label: what comes from
// its Markdown body, and its related pages, which are picked by the other
// pages' titles and topics (a title changed would otherwise reach the
// pages that list any page whose related pages it changed).
var bodyFields = map[string]bool{"Body": true, "Headings": true, "Anchors": true, "Links": true, "Quizzes": true, "Questions": true, "Text": true, "Images": true, "Related": true}

// nameFieldIndex is the field number of each of nameFields in site.Page.
var nameFieldIndex = func() []int {
	t := pageType.Elem()
	out := make([]int, len(nameFields))
	for k, name := range nameFields {
		f, ok := t.FieldByName(name)
		if !ok || len(f.Index) != 1 {
			panic("site.Page has no field " + name)
		}
		out[k] = f.Index[0]
	}
	return out
}()

// pageField is an exported field of site.Page as pageFields hashes it.
type pageField struct {
	i    int
	name string
	body bool // in bodyFields
}

// pageFieldList is the exported fields of site.Page, Text left out, in
// order: looked up once rather than by reflection for every page.
var pageFieldList = func() []pageField {
	t := pageType.Elem()
	var out []pageField
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() || f.Name == "Text" {
			continue
		}
		out = append(out, pageField{i: i, name: f.Name, body: bodyFields[f.Name]})
	}
	return out
}()

func (h *valueHasher) pageFields(p *site.Page, own bool) {
	v := reflect.ValueOf(p).Elem()
	for _, f := range pageFieldList {
		i := f.i
		if !own && f.body {
			continue
		}
		h.str(f.name)
		switch {
		case own:
		case f.name == "Data":
			h.scalars(p.Data)
			continue
		case f.name == "Pages" || f.name == "Sections":
			// As a set: their order follows the titles of the pages
			// listed, which only this page's own rendering shows (in its
			// own hash), so a title does not change the label of every
			// section above it.
			h.pageSet(v.Field(i).Interface().([]*site.Page))
			continue
		}
		h.value(v.Field(i), 1)
	}
}

func (h *valueHasher) pageSet(ps []*site.Page) {
	paths := make([]string, len(ps))
	for i, p := range ps {
		paths[i] = p.Path
	}
	sort.Strings(paths)
	h.int(int64(len(paths)))
	for _, p := range paths {
		h.str(p)
	}
}

// scalars hashes the entries of a page's Data that are plain values.
func (h *valueHasher) scalars(m map[string]any) {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		switch x := m[k].(type) {
		case string, bool, int, int64, float64, time.Time:
			h.str(k)
			h.value(reflect.ValueOf(x), 1)
		}
	}
}

// structInfo is what value hashes of a struct type: its name and the
// fields it reads, in order.
type structInfo struct {
	name   string
	fields []structField
}

type structField struct {
	i      int
	hidden bool // unexported, read with hidden
}

// structInfos holds the structInfo of each struct type met, made once
// (reflect's Field and NumMethod for every field of every page were a
// fifth of the hashing).
var structInfos sync.Map // reflect.Type → *structInfo

func structInfoOf(t reflect.Type) *structInfo {
	if si, ok := structInfos.Load(t); ok {
		return si.(*structInfo)
	}
	si := &structInfo{name: t.String()}
	methods := t.NumMethod() > 0 || reflect.PointerTo(t).NumMethod() > 0
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			// A template sees the exported fields and methods, and a
			// method may read this field: a plain value or a nil is
			// hashed; anything else cannot be, and the page is always
			// rendered.
			if methods {
				si.fields = append(si.fields, structField{i: i, hidden: true})
			}
			continue
		}
		if t == contentType && f.Name == "Body" {
			continue // the Markdown text: the page's Body is hashed
		}
		if t == metaType && f.Name == "Lines" {
			// Where each front matter field was, for messages: no layout
			// shows it, and a map is the slowest value to hash (its keys
			// sorted on every page).
			continue
		}
		si.fields = append(si.fields, structField{i: i})
	}
	structInfos.Store(t, si)
	return si
}

// hidden hashes an unexported field, which reflection reads only as a
// plain value.
func (h *valueHasher) hidden(v reflect.Value) {
	switch v.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64, reflect.String:
		h.value(v, 1) // by its kind, reading no method: safe on an unexported value
		return
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		if v.IsNil() {
			h.str("\x00nil")
			return
		}
	}
	h.bad = true
}

func (h *valueHasher) value(v reflect.Value, depth int) {
	if depth > 48 {
		h.bad = true
		return
	}
	if !v.IsValid() {
		h.str("\x00invalid")
		return
	}
	t := v.Type()
	switch t {
	case pageType:
		if v.IsNil() {
			h.str("\x00nil")
			return
		}
		p := v.Interface().(*site.Page)
		h.str("\x00page " + p.Path)
		if h.own {
			h.deps[p] = true
		}
		return
	case siteType:
		h.str("\x00site")
		return
	case timeType:
		h.str(v.Interface().(time.Time).Format(time.RFC3339Nano))
		return
	}
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			h.int(1)
		} else {
			h.int(0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		h.int(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		h.int(int64(v.Uint()))
	case reflect.Float32, reflect.Float64:
		h.int(int64(math.Float64bits(v.Float())))
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		h.int(int64(math.Float64bits(real(c))))
		h.int(int64(math.Float64bits(imag(c))))
	case reflect.String:
		h.str(v.String())
	case reflect.Slice:
		if v.IsNil() {
			h.str("\x00nil")
			return
		}
		if t.Elem().Kind() == reflect.Uint8 {
			h.int(int64(v.Len()))
			h.h.Write(v.Bytes())
			return
		}
		fallthrough
	case reflect.Array:
		h.int(int64(v.Len()))
		for i := range v.Len() {
			h.value(v.Index(i), depth+1)
		}
	case reflect.Map:
		if v.IsNil() {
			h.str("\x00nil")
			return
		}
		keys := v.MapKeys()
		names := make([]string, len(keys))
		for i, k := range keys {
			if k.Kind() == reflect.String {
				names[i] = k.String() // most maps: no fmt, which was a tenth of the hashing
			} else {
				names[i] = fmt.Sprint(k.Interface())
			}
		}
		idx := make([]int, len(keys))
		for i := range idx {
			idx[i] = i
		}
		sort.Slice(idx, func(a, b int) bool { return names[idx[a]] < names[idx[b]] })
		h.int(int64(len(keys)))
		for _, i := range idx {
			h.value(keys[i], depth+1)
			h.value(v.MapIndex(keys[i]), depth+1)
		}
	case reflect.Pointer:
		if v.IsNil() {
			h.str("\x00nil")
			return
		}
		ptr := v.Pointer()
		if h.path[ptr] {
			h.str("\x00cycle")
			return
		}
		h.path[ptr] = true
		h.value(v.Elem(), depth+1)
		delete(h.path, ptr)
	case reflect.Interface:
		if v.IsNil() {
			h.str("\x00nil")
			return
		}
		e := v.Elem()
		h.str(e.Type().String())
		h.value(e, depth+1)
	case reflect.Struct:
		st := structInfoOf(t)
		h.str(st.name)
		for _, f := range st.fields {
			if f.hidden {
				h.hidden(v.Field(f.i))
			} else {
				h.value(v.Field(f.i), depth+1)
			}
		}
	default: // func, chan, unsafe pointer: what a template would get is unknown
		h.bad = true
	}
}
