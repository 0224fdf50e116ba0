package build

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/output"
	"github.com/varde-portal/varde/internal/render"
	"github.com/varde-portal/varde/internal/search"
	"github.com/varde-portal/varde/internal/site"
)

// Search types of the generated pages a reader may look for. Content pages
// keep their page type (onepager, checklist, …); these name the others in
// the type facet, the result list and `varde search --type`. The theme
// names each in its i18n files ("type.nsm" …).
const (
	SearchTypeNSM      = "nsm"      // NSM overview, principle and coverage pages
	SearchTypeLegal    = "legal"    // the legal index and a page per cited provision
	SearchTypeAudience = "audience" // the audience list and a page per audience
	SearchTypeTopic    = "topic"    // the topic list and a page per topic
	SearchTypeWhatsNew = "whatsnew" // "Hva er nytt"
)

// SearchDocs returns one search document per page a reader may look for:
// content pages and sections, and the generated pages that have a subject
// of their own (NSM principles and their overview and coverage page, legal
// references and their index, audience and topic pages and their lists,
// "Hva er nytt"). Drafts never; nor the home page, the search and 404
// pages or a reader's course list, which have nothing to find. l.Site is
// the current portal only: an edition is a site of its own, loaded with
// search off (editions.go), so no edition page is ever a document here.
func SearchDocs(s *site.Site) []search.Document {
	var docs []search.Document
	maxText := 0
	if s.Config != nil {
		maxText = s.Config.Search.MaxPageText.Bytes
	}
	for _, p := range s.Pages {
		if p.Draft {
			continue
		}
		if d, ok := searchDoc(p, maxText); ok {
			docs = append(docs, d)
		}
	}
	return docs
}

// searchDoc returns the document of one page, false when the page is not
// searched.
func searchDoc(p *site.Page, maxText int) (search.Document, bool) {
	d := search.Document{ID: p.ID, Lang: p.Lang, URL: p.URL, Title: p.Title, Description: p.Description, Updated: p.Updated}
	switch {
	case p.IsContent() && (p.Kind == site.KindPage || p.Kind == site.KindSection):
		m := p.Source.Meta
		d.Body, d.Type, d.Audience, d.Topics = indexedText(p.Text, maxText), p.Type, m.Audience, m.Topics
		for _, h := range p.Headings {
			d.Headings = append(d.Headings, h.Text)
		}
		return d, true
	case p.Kind == site.KindTerm || p.Kind == site.KindTaxonomy:
		d.Type = SearchTypeTopic
		if tax, _ := p.Data["taxonomy"].(string); tax == "audience" {
			d.Type = SearchTypeAudience
		}
		// A list of pages ranks after the pages it lists (search.PriorList).
		d.Body, d.Prior = generatedText(p), search.PriorList
		return d, true
	case p.Kind == site.KindSpecial:
		d.Prior = search.PriorList
		switch p.Layout {
		case "nsm-index", "nsm-coverage":
			d.Type = SearchTypeNSM
		case "nsm-principle":
			d.Type, d.Prior = SearchTypeNSM, search.PriorReference
		case "legal-index":
			d.Type = SearchTypeLegal
		case "legal-ref":
			d.Type, d.Prior = SearchTypeLegal, search.PriorReference
		case whatsNewLayout:
			d.Type = SearchTypeWhatsNew
		default:
			return d, false
		}
		d.Body = generatedText(p)
		return d, true
	}
	return d, false
}

// generatedText is the text a generated page shows besides its title and
// description, as the search engines index it: the kicker above the title
// (the taxonomy, the NSM category, the law), an intro written for a term
// page, and the entries it lists (principles and their measures, the
// provisions of a law, the titles of the pages it leads to, the subjects of
// the changes). It is what a reader sees on the page, so that the words
// that find it are the words on it; the pages it lists are named by title
// only, so that a list page does not outrank the pages themselves.
func generatedText(p *site.Page) string {
	var lines []string
	add := func(s ...string) {
		if t := strings.TrimSpace(strings.Join(s, " ")); t != "" {
			lines = append(lines, t)
		}
	}
	if p.Parent != nil && p.Parent.Kind != site.KindHome {
		add(p.Parent.Title)
	}
	add(p.Text)
	str := func(v any) string { s, _ := v.(string); return s }
	switch p.Layout {
	case "nsm-principle":
		add(str(p.Data["category"]))
		measures, _ := p.Data["measures"].([]map[string]any)
		for _, m := range measures {
			add(str(m["id"]), str(m["title"]))
		}
	case "nsm-index":
		cats, _ := p.Data["categories"].([]map[string]any)
		for _, c := range cats {
			add(str(c["title"]))
			ps, _ := c["principles"].([]map[string]any)
			for _, pr := range ps {
				add(str(pr["id"]), str(pr["title"]))
			}
		}
	case "nsm-coverage":
		un, _ := p.Data["uncovered"].([]map[string]any)
		for _, pr := range un {
			add(str(pr["id"]), str(pr["title"]))
		}
	case "legal-ref":
		add(str(p.Data["law"]), str(p.Data["identifier"]))
	case "legal-index":
		laws, _ := p.Data["laws"].([]map[string]any)
		for _, law := range laws {
			add(str(law["name"]), str(law["short"]))
			refs, _ := law["refs"].([]map[string]any)
			for _, r := range refs {
				add(str(r["ref"]), str(r["title"]))
			}
		}
	case whatsNewLayout:
		changes, _ := p.Data["changes"].([]Change)
		for _, c := range changes {
			add(c.Note)
		}
	}
	// The pages it cites or lists, by title.
	if cites, ok := p.Data["citations"].([]RefCitation); ok {
		for _, c := range cites {
			add(c.Page.Title)
		}
	}
	for _, q := range p.Pages {
		add(q.Title)
	}
	return strings.Join(lines, "\n")
}

// IndexDir is where the bleve index of a site goes: outside public/, so
// the published site never carries it.
func (l *Loaded) IndexDir(source string) string {
	if l.indexDir != "" {
		return l.indexDir
	}
	return IndexDir(source, l.Config)
}

// IndexDir is where a site's bleve index lives by its configuration, for
// readers that need no more of the site than its config.toml.
func IndexDir(source string, cfg *config.Config) string {
	return filepath.Join(source, filepath.FromSlash(cfg.Search.Dir))
}

// SynonymsFile is the site's own synonym groups for every language, read
// beside the thesaurus Varde ships (docs/format.md, "Search"); groups for
// one language only go in data/synonymer.<lang>.txt, named like a
// translation of it.
const SynonymsFile = "data/synonymer.txt"

// loadSynonyms reads the site's synonym files. A malformed line is an
// error naming file and line (the build stops, as for any bad input); a
// file for a language the site does not have is a warning and left out.
//
// A site on content packs reads the files of each layer, the site's own
// and every pack's (synonymLayers, packs.go): the groups of all of them
// apply, where the layered file system would show only the site's file.
func loadSynonyms(fsys fs.FS, cfg *config.Config, diags *diag.List) search.AnalyzeOptions {
	layers := synonymLayers(fsys)
	if len(layers) == 1 {
		return readSynonyms(layers[0].fsys, layers[0].name, cfg, diags)
	}
	var opt search.AnalyzeOptions
	for _, ly := range layers {
		o := readSynonyms(ly.fsys, ly.name, cfg, diags)
		opt.Thesaurus = search.JoinThesauri(opt.Thesaurus, o.Thesaurus)
		for lang, t := range o.Lang {
			if opt.Lang == nil {
				opt.Lang = map[string]*search.Thesaurus{}
			}
			if t = search.JoinThesauri(opt.Lang[lang], t); t != nil {
				opt.Lang[lang] = t
			}
		}
	}
	return opt
}

// readSynonyms reads the synonym files of one file system; file names a
// file of it in messages (a pack's file as the pack's).
func readSynonyms(fsys fs.FS, file func(string) string, cfg *config.Config, diags *diag.List) search.AnalyzeOptions {
	var opt search.AnalyzeOptions
	read := func(name string) *search.Thesaurus {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				diags.Errorf(file(name), 0, "cannot read the site's synonyms: %v", err)
			}
			return nil
		}
		t, ds := search.ParseThesaurus(file(name), data)
		diags.Add(ds...)
		return t
	}
	opt.Thesaurus = read(SynonymsFile)
	dir, base := path.Split(SynonymsFile)
	stem := strings.TrimSuffix(base, ".txt")
	entries, err := fs.ReadDir(fsys, strings.TrimSuffix(dir, "/"))
	if err != nil {
		return opt
	}
	for _, e := range entries {
		lang, ok := strings.CutPrefix(e.Name(), stem+".")
		if !ok || e.IsDir() {
			continue
		}
		if lang, ok = strings.CutSuffix(lang, ".txt"); !ok || lang == "" {
			continue
		}
		name := dir + e.Name()
		if !slices.Contains(cfg.LanguageOrder, lang) {
			diags.Warnf(file(name), 0, "the site has no language %q (config.toml [languages]: %s), so search leaves this file out", lang, strings.Join(cfg.LanguageOrder, ", "))
			continue
		}
		if t := read(name); t != nil {
			if opt.Lang == nil {
				opt.Lang = map[string]*search.Thesaurus{}
			}
			opt.Lang[lang] = t
		}
	}
	return opt
}

// analyzeSearch runs the shared Norwegian analysis once for both engines,
// with the site's own synonym groups.
func analyzeSearch(l *Loaded) (*search.Corpus, error) {
	return search.AnalyzeWith(SearchDocs(l.Site), l.synonyms)
}

// searchAnalysisPath is the file that keeps each page's search analysis
// between builds (search.AnalyzeOptions.Cache), beside the other caches.
func searchAnalysisPath(source string) string {
	return filepath.Join(source, ".varde", "cache", "search-analysis.bin")
}

// analyzeSearchCached is analyzeSearch for varde build: pages whose indexed
// text the last build analyzed are taken from .varde/cache, and
// writeStaticSearch keeps this build's analysis there for the next one.
func analyzeSearchCached(l *Loaded, source string) (*search.Corpus, error) {
	opt := l.synonyms
	opt.Cache = searchAnalysisPath(source)
	return search.AnalyzeWith(SearchDocs(l.Site), opt)
}

// CheckSynonyms warns about the site's synonym groups of which no word
// occurs on the site (varde check): such a group finds nothing, most often
// because of a misspelling.
func CheckSynonyms(l *Loaded) []diag.Diagnostic {
	if l == nil || l.Site == nil || (l.synonyms.Thesaurus == nil && len(l.synonyms.Lang) == 0) {
		return nil
	}
	c, err := analyzeSearch(l)
	if err != nil {
		// The build reports the same failure as an error.
		return nil
	}
	return c.UnusedSynonyms()
}

// writeStaticSearch writes the static index the browser searches under
// search/ in the output.
func writeStaticSearch(c *search.Corpus, r *render.Renderer, out render.Sink) error {
	return writeStaticSearchCached(c, r, out, nil, nil)
}

// staticSearchCache is the static index's cache of a build into one
// output folder (search.StaticCache): read before the export, and this
// build's saved once its output is in place.
type staticSearchCache struct {
	path, key string
	prev      chan *search.StaticCache // the last build's, read beside rendering
	next      *search.StaticCache      // this build's, once its files are written
}

// openStaticSearchCache starts reading the static index's cache of the
// last build into o.Dest, beside rendering. Its key holds what the written bytes depend on besides the
// corpus and the program: the output folder and whether files are
// minified.
func openStaticSearchCache(l *Loaded, o Options) *staticSearchCache {
	minify := l.Config.MinifyEnabled()
	if o.Minify != nil {
		minify = *o.Minify
	}
	h := sha256.Sum256([]byte(o.Dest))
	sc := &staticSearchCache{
		path: filepath.Join(o.Source, ".varde", "cache", "static-"+filepath.Base(o.Dest)+"-"+hex.EncodeToString(h[:6])+".bin"),
		key:  fmt.Sprintf("%s\x00%t\x00%t", o.Dest, minify, o.Dev),
		prev: make(chan *search.StaticCache, 1),
	}
	go func() { sc.prev <- search.LoadStaticCache(sc.path, sc.key) }()
	return sc
}

// stage names the static index's end for VARDE_TIMINGS, with what it took
// from the previous build.
func (sc *staticSearchCache) stage() string {
	if sc == nil || sc.next == nil {
		return "static search index"
	}
	terms, files := sc.next.Reused()
	return fmt.Sprintf("static search index (%d files kept, postings of %d terms reused, %d of them patched)", files, terms, sc.next.Patched())
}

// save writes this build's cache. It need not wait for the output to be
// in place: an entry says which bytes a signature's inputs give (their
// hash and size as written), true of any build of this program and key,
// and a file is kept only when the live output's manifest has it with
// those (output.Dir.Keep). A build that fails after saving leaves a cache
// whose entries for the files it changed match no live file: those are
// made again, as without a cache.
func (sc *staticSearchCache) save() {
	if sc != nil && sc.next != nil {
		_ = sc.next.Save(sc.path)
		sc.next.Forget() // only its counts are read after this
	}
}

// writeStaticSearchCached is writeStaticSearch for a build with the static
// index's cache (nil: none): the files whose inputs did not change are
// linked from the previous output (output.Dir.Keep) rather than made and
// written again. With saving not nil, the analysis cache is saved beside
// what the build does next (its commit) and saving waits for it; nil: it
// is saved before this returns.
func writeStaticSearchCached(c *search.Corpus, r *render.Renderer, out render.Sink, sc *staticSearchCache, saving *sync.WaitGroup) error {
	var files map[string][]byte
	var err error
	keeper, _ := out.(interface {
		Keep(name string, hash uint64, size int64) (bool, error)
	})
	var next *search.StaticCache
	if sc != nil && keeper != nil {
		var keepErr error
		var keepMu sync.Mutex
		prev := <-sc.prev
		files, next, err = c.ExportStaticReusing(prev, sc.key, func(name string, hash uint64, size int64) bool {
			ok, err := keeper.Keep("search/"+name, hash, size)
			if err != nil {
				keepMu.Lock()
				keepErr = err
				keepMu.Unlock()
			}
			return ok
		})
		if err == nil {
			err = keepErr
		}
	} else {
		files, err = c.ExportStatic()
	}
	if err != nil {
		return err
	}
	// The analysis cache is written here, beside rendering and the files'
	// writes, off the build's critical path (a no-op without one, or when
	// nothing changed), once ExportStatic has chosen the passages it keeps
	// too. Not being able to write it only makes the next build analyze
	// every page.
	if saving == nil {
		saving = new(sync.WaitGroup)
		defer saving.Wait()
	}
	saving.Add(1)
	go func() {
		defer saving.Done()
		_ = c.SaveAnalysis()
	}()
	// Thousands of small files, written on every core: on a rebuild most
	// are the previous output's (a hash and two lstat calls each), and
	// the static index is then the last stage to end.
	names := make(chan string, len(files))
	for name := range files {
		names <- name
	}
	close(names)
	var wg sync.WaitGroup
	var first error
	var mu sync.Mutex
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for name := range names {
				data, err := r.MinifyFile(name, files[name])
				if err == nil {
					err = out.Write("search/"+name, data)
				}
				if err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
					return
				}
				next.Written(name, output.ContentHash(data), int64(len(data)))
			}
		}()
	}
	wg.Wait()
	if first == nil && sc != nil {
		sc.next = next
		// Saved beside the rest of the build (see save).
		saving.Add(1)
		go func() {
			defer saving.Done()
			sc.save()
		}()
	}
	return first
}

// RenderSearch writes the static search index of a loaded site to out (the
// dev server's full renders; varde build does this beside its bleve index).
func RenderSearch(l *Loaded, out render.Sink) error {
	if !l.Config.SearchEnabled() {
		return nil
	}
	c, err := analyzeSearch(l)
	if err != nil {
		return err
	}
	return writeStaticSearch(c, l.Renderer, out)
}

// BuildSearchIndex builds the bleve index of a loaded site in its index
// folder (the dev server, and varde search when no index exists yet).
func BuildSearchIndex(l *Loaded, source string) error {
	c, err := analyzeSearch(l)
	if err != nil {
		return err
	}
	return WriteSearchIndex(context.Background(), l, source, c, nil)
}

// SearchOutputs analyzes a loaded site once and returns the static index
// files (paths under the output root) and the corpus for a bleve index.
func SearchOutputs(l *Loaded) (map[string][]byte, *search.Corpus, error) {
	c, err := analyzeSearch(l)
	if err != nil {
		return nil, nil, err
	}
	mem := output.NewMemory()
	if err := writeStaticSearch(c, l.Renderer, mem); err != nil {
		return nil, nil, err
	}
	files := map[string][]byte{}
	for _, name := range mem.Names() {
		files[name], _ = mem.Get(name)
	}
	return files, c, nil
}
