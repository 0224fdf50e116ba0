// Package build is Varde's pipeline in one place: load config and content,
// make the site graph, convert Markdown, render, index and write. The CLI,
// the dev server and the SCORM exporter all build through it.
package build

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/content"
	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/history"
	"github.com/varde-portal/varde/internal/lock"
	"github.com/varde-portal/varde/internal/markdown"
	"github.com/varde-portal/varde/internal/output"
	"github.com/varde-portal/varde/internal/render"
	"github.com/varde-portal/varde/internal/search"
	"github.com/varde-portal/varde/internal/site"
)

// Options configure a build.
type Options struct {
	Source string // site root; default "."
	// Dest is the output folder, default "public"; a relative one is in
	// the site folder, as Hugo's publishDir is (varde build -s SITE writes
	// SITE/public). It must not be or hold the site's sources, and an
	// existing one must be Varde's (see internal/output).
	Dest string
	// Log hears what a build does around its output: which process it
	// waits for, and leftovers of interrupted builds it cleans up. nil:
	// nothing is said.
	Log    io.Writer
	Drafts bool
	// DraftLinksFail makes a link from a published page to a draft an
	// error even when drafts are built: varde check includes drafts, yet
	// must fail where the published build will.
	DraftLinksFail bool
	BaseURL        string // overrides config.toml
	Minify         *bool  // overrides config.toml; nil keeps it
	Dev            bool   // dev server: live reload, no minification
	Now            time.Time
	FS             fs.FS       // read the site from this file system instead of Source
	Cache          *site.Cache // Markdown results kept between dev-server builds

	ContentCache *content.Cache // parsed files kept between dev-server builds

	// IndexDir overrides where the bleve index goes (default: the site's
	// search.dir, .varde/search.bleve); tests point it at a temp folder.
	IndexDir string

	// NoHistory skips reading git history: pages keep their front-matter
	// dates and have no change history, and nothing is said about git.
	// For `varde check`, which writes no pages, and for tests of sites
	// inside this repository, whose output would follow its commits.
	NoHistory bool

	// Progress, if not nil, is kept up to date as the build goes, for a
	// progress line (see Progress).
	Progress *Progress

	// Strict makes a bad survey share file an error that stops the build;
	// without it the file is named in a warning and left out, so that one
	// broken file does not keep the others from being counted.
	Strict bool

	edition *config.Edition // set when loading an edition (see editions.go)
	clock   *stageClock     // set by Build
	// persistMarkdown: Markdown results are read from and kept in
	// .varde/cache between runs (mdcache.go); set by Build.
	persistMarkdown bool
}

// Stats summarise a build for the closing report.
type Stats struct {
	Pages    map[string]int // content pages per language
	Sections int
	Aliases  int
	Files    int64
	Bytes    int64
	Took     time.Duration
	// MarkdownReused counts the pages whose Markdown came from the cache
	// of an earlier build (.varde/cache) instead of being converted.
	MarkdownReused int
	// PagesReused counts the pages whose HTML came from the previous
	// output, unrendered (rendercache.go).
	PagesReused int
	// SearchFilesKept counts the files of the static search index taken
	// from the previous output, unmade (search.StaticCache).
	SearchFilesKept int
	// ContentStatted counts the content files taken from the parsed-page
	// cache by their stat alone, unread (internal/content/persist.go).
	ContentStatted int
}

// Result is what a build produced.
type Result struct {
	Config *config.Config
	Site   *site.Site
	Diags  []diag.Diagnostic // warnings (and errors, when the build failed)
	Stats  Stats
	Output string // absolute path of the output folder
}

// Loaded is a site read and converted, ready to render.
type Loaded struct {
	Config   *config.Config
	Site     *site.Site
	Renderer *render.Renderer
	Diags    []diag.Diagnostic

	indexDir  string
	refs      *references
	collected map[string][]template.HTML // checklist page key → gathered question groups
	history   *history.History           // git history of content/; nil for editions
	whatsnew  map[string]*whatsNew       // language → "Hva er nytt" page and feed
	editions  []*editionSite             // the editions of config.toml
	packs     *packSite                  // the packs the site builds on; nil without
	surveys   []*surveySite              // the surveys of config.toml (surveys.go)
	clock     *stageClock                // VARDE_TIMINGS; nil prints nothing
	synonyms  search.AnalyzeOptions      // the site's synonym groups (search.go)
	mdSaved   chan int                   // Build: the Markdown cache's saving; yields the results reused
	statted   int                        // content files taken by their stat (Stats.ContentStatted)
	rendered  *renderCache               // Build: the rendered-page cache (rendercache.go); nil renders every page
}

// extra is the template data that later stages derived for a page.
func (l *Loaded) extra(p *site.Page) map[string]any {
	m := map[string]any{}
	if c := l.collected[p.Key()]; len(c) > 0 {
		m["collected"] = c
	}
	if l.refs != nil {
		if v := l.refs.nsm[p.Key()]; len(v) > 0 {
			m["nsm"] = v
		}
		if v := l.refs.legal[p.Key()]; len(v) > 0 {
			m["legal"] = v
		}
	}
	l.historyExtra(p, m)
	l.packs.extra(p, m)
	l.surveyExtra(p, m)
	return m
}

// Load runs the stages up to rendering: config, content, graph, Markdown.
// It returns a *diag.Failure error when any stage found errors.
func Load(ctx context.Context, o Options) (*Loaded, error) {
	o = o.withDefaults()
	fsys := o.FS
	if fsys == nil {
		if st, err := os.Stat(o.Source); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("site folder %q does not exist", o.Source)
		}
		var err error
		if fsys, err = openSite(o.Source); err != nil {
			return nil, err
		}
	}
	var diags diag.List
	links := checkLinks(fsys, siteParts...) // refused links: reported, then read as absent
	if refusedConfig(links) {
		diags.Add(links...)
		return &Loaded{Diags: diags.Items()}, diags.Err()
	}
	cfg, ds := config.Load(fsys)
	diags.Add(ds...)
	if cfg == nil || diags.HasErrors() {
		return &Loaded{Diags: diags.Items()}, diags.Err()
	}
	diags.Add(links...)
	diags.Add(checkLinks(fsys, "themes/"+cfg.Theme)...)
	if o.edition != nil {
		cfg = editionConfig(cfg)
	}
	fsys, packs, stop := openPacks(ctx, o, cfg, fsys, &diags) // the site over its packs (packs.go)
	if stop {
		return &Loaded{Config: cfg, Diags: diags.Items()}, diags.Err()
	}
	hist := startHistory(ctx, o) // one git log, beside parsing the content
	var mdFiles *mdAhead
	if o.Cache == nil && o.persistMarkdown && o.edition == nil {
		mdFiles = readMarkdownAhead(o.Source) // taken at the conversion
	}
	parsed, pagesKey := o.ContentCache, ""
	copt := content.Options{Drafts: o.Drafts, Cache: parsed}
	if parsed == nil && o.persistMarkdown && o.edition == nil {
		// Parsed pages of the last build (pagecache.go), decoded while
		// content.Load reads the files, saved beside the Markdown
		// conversion and waited for before Load returns.
		if pagesKey = pageCacheKey(fsys); pagesKey != "" {
			ahead := make(chan *content.Cache, 1)
			go func() { ahead <- loadPageCache(o.Source, pagesKey) }()
			// A page whose file has the stat kept with it is not read
			// (internal/content/persist.go).
			copt.TrustStat = true
			copt.CacheAhead = func() *content.Cache {
				parsed = <-ahead
				return parsed
			}
		}
	}
	set, ds := content.Load(fsys, cfg, copt)
	diags.Add(ds...)
	statted := 0
	if pagesKey != "" {
		statted = parsed.Statted()
		pagesSaved := make(chan struct{})
		go func() { savePageCache(o.Source, pagesKey, parsed); close(pagesSaved) }()
		defer func() { <-pagesSaved }()
	}
	applyValues(set, packs, cfg, &diags)
	o.clock.mark("content read")
	s, ds := site.New(cfg, set, site.Options{BaseURL: o.BaseURL, DraftLinksFail: o.DraftLinksFail})
	diags.Add(ds...)
	o.clock.mark("site graph")
	h := hist.wait(&diags, packs)
	h = packs.layerHistory(h, &diags) // pack pages' history from upstream (packs.go)
	applyHistory(s, h)
	th, err := render.LoadTheme(fsys, cfg.Theme)
	if err != nil {
		diags.Errorf(config.File, 0, "%v", err)
		return &Loaded{Config: cfg, Site: s, Diags: diags.Items()}, diags.Err()
	}
	minify := cfg.MinifyEnabled()
	if o.Minify != nil {
		minify = *o.Minify
	}
	r, err := render.New(th, cfg.LanguageOrder, cfg.DefaultLanguage, render.Options{Minify: minify, Dev: o.Dev, Now: o.Now})
	if err != nil {
		var fe *render.FileError
		if errors.As(err, &fe) {
			diags.Errorf(fe.File, fe.Line, "%v", fe.Err)
		} else {
			diags.Errorf("themes/"+cfg.Theme, 0, "%v", err)
		}
		return &Loaded{Config: cfg, Site: s, Diags: diags.Items()}, diags.Err()
	}
	nameGenerated(s, r)
	if packs != nil {
		packs.texts(s, r)
		packs.checkOverrides(set, &diags)
	}
	addCoursePages(s, r, &diags)
	scales := scalesByLang(cfg, &diags)
	convs := map[string]*markdown.Converter{}
	for _, lang := range cfg.LanguageOrder {
		convs[lang] = markdown.New(markdown.Options{Lang: lang, T: r.T(lang), Unsafe: cfg.Markup.Unsafe, AllowScripts: cfg.Markup.AllowScripts, Scales: scales[lang],
			Limits: markdown.Limits{PageSize: cfg.Markup.MaxPageSize.Bytes, Nesting: cfg.Markup.MaxNesting}})
	}
	cache, mdKey := o.Cache, ""
	var mdRead *mdBase
	if cache == nil && o.persistMarkdown && o.edition == nil {
		if mdKey = mdCacheKey(fsys, o, r); mdKey != "" {
			cache, mdRead = mdFiles.take(mdKey)
		}
	}
	diags.Add(s.ConvertWith(func(lang string) *markdown.Converter {
		if c := convs[lang]; c != nil {
			return c
		}
		return convs[cfg.DefaultLanguage]
	}, cache)...)
	o.clock.mark("Markdown converted")
	diags.Add(s.Validate()...)
	checkSearchText(s, cfg, &diags)
	checkLayouts(s, r, &diags)
	l := &Loaded{Config: cfg, Site: s, Renderer: r, indexDir: o.IndexDir, history: h, clock: o.clock, packs: packs, statted: statted}
	l.refs = addReferencePages(s, r, &diags)
	l.collected = gatherChecklists(s, scales, r, &diags)
	if o.edition == nil {
		l.synonyms = loadSynonyms(fsys, cfg, &diags)
		l.whatsnew = addWhatsNew(s, h, r, packs, &diags)
		l.editions = loadEditions(ctx, o, l, &diags)
		// After editions: their checklists are versions a share file may have.
		l.surveys = addSurveys(l, o.Strict, &diags)
		checkRootLinks(l, &diags) // once every page, edition and file is known
	}
	r.SetExtra(l.extra)
	if mdKey != "" && !diags.HasErrors() {
		// Saved beside rendering, once nothing in Load changes the
		// results any more (checklist questions get their page's NSM).
		// Not after an error: a page that does not parse is no link
		// target, which changes every page's key (site.linkEnv), and the
		// build after the fix would then find none of its keys in a file
		// written for the broken site and convert every page again. The
		// last good build's file stays instead.
		l.mdSaved = make(chan int, 1)
		go func() { l.mdSaved <- saveMarkdownCache(o.Source, mdKey, cache, mdRead) }()
	}
	replaceDiags(&diags, packs.fix(diags.Items()))
	l.Diags = diags.Items()
	return l, diags.Err()
}

// nameGenerated gives generated pages (404, search, taxonomy lists) their
// titles in the page's language, unless a content file already did.
func nameGenerated(s *site.Site, r *render.Renderer) {
	for _, p := range s.Pages {
		if p.Source != nil && p.Title != "" {
			continue
		}
		switch p.Kind {
		case site.KindNotFound:
			p.Title = r.Strings.T(p.Lang, "notfound_title")
		case site.KindSearch:
			p.Title = r.Strings.T(p.Lang, "search_title")
		case site.KindTaxonomy:
			p.Title = r.Strings.T(p.Lang, "taxonomy."+p.Data["taxonomy"].(string))
		case site.KindTerm:
			// A term without a page of its own is titled as written in
			// front matter ("it"), unless the theme names it ("IT").
			key := site.TermName(p)
			if name := r.Strings.T(p.Lang, key); name != key {
				p.Title = name
			}
		}
	}
}

func (o Options) withDefaults() Options {
	if o.Source == "" {
		o.Source = "."
	}
	if o.Dest == "" {
		o.Dest = "public"
	}
	if !filepath.IsAbs(o.Dest) {
		o.Dest = filepath.Join(o.Source, o.Dest)
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	return o
}

// Build runs the whole pipeline and writes the site to o.Dest atomically.
// On any error nothing in o.Dest changes. An output folder that is unsafe
// to replace is an *output.UnsafeError. When ctx ends (Ctrl-C), Build
// removes its staging folder and returns at once with ctx's error; the
// abandoned work finishes writing nothing.
func Build(ctx context.Context, o Options) (*Result, error) {
	o = o.withDefaults()
	dest, err := filepath.Abs(o.Dest)
	if err != nil {
		return &Result{}, err
	}
	o.Dest = dest
	res := &Result{Output: dest}
	// Refused before anything is read or locked: -d . or -d .. must not
	// wait for anything or touch anything.
	if err := output.Place(o.Source, dest); err != nil {
		return res, err
	}
	type outcome struct {
		res *Result
		err error
	}
	done := make(chan outcome, 1)
	stop := &stopper{}
	go func() {
		r, err := build(ctx, o, stop)
		r.Output = dest
		done <- outcome{r, err}
	}()
	select {
	case out := <-done:
		return out.res, out.err
	case <-ctx.Done():
		if stop.stop() {
			// Stopped after the output was swapped in: the build is done
			// but for its tidying up.
			out := <-done
			return out.res, out.err
		}
		return res, fmt.Errorf("stopped before the end: %w", context.Cause(ctx))
	}
}

// build is Build's work, holding the output folder's lock throughout.
func build(ctx context.Context, o Options, stop *stopper) (*Result, error) {
	start := time.Now()
	clock := newStageClock()
	clock.progress = o.Progress
	o.Progress.begin()
	o.clock = clock
	res := &Result{}
	// Every build writes to .varde/ in the site (caches, the search
	// index, the output being built): a read-only site folder failed at
	// the first lock with "mkdir …/.varde: permission denied".
	if err := os.MkdirAll(filepath.Join(o.Source, ".varde"), 0o755); err != nil {
		return res, fmt.Errorf("%v: Varde keeps its caches, the search index and the output being built in .varde/ inside the site folder, so the site folder must be writable (build a writable copy of a read-only site)", err)
	}
	lockFile, err := output.LockPath(o.Dest)
	if err != nil {
		return res, err
	}
	destLock, err := lock.Acquire(ctx, lockFile, waitingNotice(o.Log, o.Dest))
	if err != nil {
		return res, err
	}
	defer destLock.Release()
	var notice func(string)
	if o.Log != nil {
		notice = func(s string) { fmt.Fprintln(o.Log, s) }
	}
	if err := output.Clean(o.Dest, notice); err != nil {
		return res, err
	}
	if !stop.locked(destLock) {
		return res, errStopped
	}
	o.persistMarkdown = true
	// The search analysis's cache file is read and decoded beside Load,
	// which mostly keeps one core busy; the analysis runs beside rendering.
	search.ReadAnalysisAhead(searchAnalysisPath(o.Source))
	defer search.ForgetAnalysisAhead(searchAnalysisPath(o.Source))
	l, err := Load(ctx, o)
	clock.mark("loaded: content read, pages converted")
	if l != nil {
		res.Config, res.Site, res.Diags = l.Config, l.Site, l.Diags
		if l.mdSaved != nil {
			// The cache file is written before the build lets go of the
			// output folder's lock.
			defer func() { res.Stats.MarkdownReused = <-l.mdSaved }()
		}
	}
	if err != nil {
		return res, err
	}
	if err := output.Place(o.Source, o.Dest, outputPlaces(l.Config)...); err != nil {
		return res, err
	}
	if l.Config.SearchEnabled() {
		indexLock, err := lockIndex(ctx, l.IndexDir(o.Source), o.Log)
		if err != nil {
			return res, err
		}
		defer indexLock.Release()
	}
	// Let the Markdown sources go before rendering, which keeps peak memory
	// down: nothing after Load reads them.
	ReleaseSources(l)
	out, err := stop.newDir(o.Dest, filepath.Join(o.Source, ".varde", "output"))
	if err != nil {
		return res, err
	}
	o.Progress.setPages(len(l.Site.Pages))
	o.Progress.setOutput(out)
	l.rendered = openRenderCache(l, o) // pages of the previous output reused (rendercache.go)
	names := make([]string, 0, len(l.Site.Pages))
	for _, p := range l.Site.Pages {
		names = append(names, p.OutFile)
	}
	if err := out.Prepare(names); err != nil {
		out.Abort()
		return res, err
	}
	var diags diag.List
	diags.Add(l.Diags...)
	// Search. The analysis runs on all cores: the bleve index depends on
	// it and is the longest stage of a build. Then the bleve index and the
	// static index run, each as soon as its input is ready: the bleve index
	// writes to its own folder, the static index into out, which takes
	// concurrent writers. A cold build that lets go of each page's HTML as
	// it is written renders first (below); otherwise the analysis comes
	// first and rendering runs beside the two indexes.
	var searchDiags diag.List
	var searchWG sync.WaitGroup
	var staticCache *staticSearchCache
	// The analysis cache and the static index's are written beside the
	// commit; the build ends when they are written.
	var analysisSaving sync.WaitGroup
	defer analysisSaving.Wait()
	searching, warm := l.Config.SearchEnabled(), l.rendered.warm()
	tightened := func() {}
	defer func() { tightened() }()
	// Each page's HTML and text go once its file is written (release.go).
	// A warm rebuild takes its search documents beside rendering, so it
	// keeps the text; a cold build that releases the bodies renders first
	// and keeps the text until the analysis has taken the documents.
	sink := bodyReleaser(l, out, !searching || !warm)
	renderFirst := false
	if searching && !warm {
		renderFirst = keepText(sink)
	}
	if searching {
		staticCache = openStaticSearchCache(l, o)
	}
	runSearch := func() {
		c, err := analyzeSearchCached(l, o.Source)
		clock.mark("search analysis")
		if renderFirst {
			releaseText(sink) // the documents hold what they index
		}
		if err != nil {
			searchDiags.Errorf("search", 0, "%v", err)
			return
		}
		if renderFirst {
			// Nothing else reads the documents: their bodies go as the
			// bleve segments are written (search.Corpus.ReleaseBodies).
			c.ReleaseBodies()
			// The segments' phase and what follows are the build's peak:
			// the collector runs twice as often there (gc.go).
			tightened = tightenGC()
		}
		searchWG.Add(2)
		go func() {
			defer searchWG.Done()
			if !warm {
				// Not beside the bleve segments: their memory would
				// add up (a rebuild's static index is its last stage).
				<-c.SegmentsWritten()
				clock.mark("bleve segments")
			}
			if err := writeStaticSearchCached(c, l.Renderer, out, staticCache, &analysisSaving); err != nil {
				searchDiags.Errorf("search", 0, "static search index: %v", err)
			}
			clock.mark(staticCache.stage())
		}()
		go func() {
			defer searchWG.Done()
			if err := c.BuildIndex(l.IndexDir(o.Source)); err != nil {
				searchDiags.Errorf(l.Config.Search.Dir, 0, "search index: %v", err)
			}
			clock.mark("bleve index")
		}()
	}
	switch {
	case !searching:
		diags.Add(Render(l, sink)...)
	case warm:
		// A rebuild that takes most pages from the previous output:
		// rendering is then mostly linking files and waiting on the file
		// system, and the analysis (mostly reused from .varde/cache, its
		// bleve index updated rather than built) runs beside it instead
		// of before it.
		searchWG.Add(1)
		go func() {
			defer searchWG.Done()
			runSearch()
		}()
		diags.Add(Render(l, sink)...)
	case renderFirst:
		// Every page's HTML is written and gone before the analysis and
		// the bleve segments, whose memory came on top of it at the
		// build's peak (docs/performance.md, "Session 19: peak memory");
		// rendering, the analysis and the segments each keep both cores
		// busy, so they lose little by not overlapping.
		diags.Add(Render(l, sink)...)
		clock.mark("rendered")
		runSearch()
	default:
		runSearch()
		diags.Add(Render(l, sink)...)
	}
	if !renderFirst {
		clock.mark("rendered")
	}
	searchWG.Wait()
	diags.Add(searchDiags.Items()...)
	res.Diags = diags.Items()
	if diags.HasErrors() {
		out.Abort()
		return res, diags.Err()
	}
	if err := out.Commit(); err != nil {
		l.rendered.forget()
		return res, err
	}
	l.rendered.save()
	clock.mark("committed")
	res.Stats = stats(l.Site, start)
	res.Stats.Files, res.Stats.Bytes = out.Stats()
	if l.rendered != nil {
		res.Stats.PagesReused = int(l.rendered.reused.Load())
	}
	if staticCache != nil && staticCache.next != nil {
		_, res.Stats.SearchFilesKept = staticCache.next.Reused()
	}
	res.Stats.ContentStatted = l.statted
	return res, nil
}

// Render writes every output file of a loaded site to out.
func Render(l *Loaded, out render.Sink) []diag.Diagnostic {
	var diags diag.List
	s, r := l.Site, l.Renderer
	if err := r.Assets(s, out); err != nil {
		diags.Errorf("themes/"+l.Config.Theme, 0, "%v", err)
		return diags.Items()
	}
	l.clock.mark("assets")
	if l.rendered != nil {
		diags.Add(l.rendered.renderPages(l, s.Pages, out)...)
	} else {
		diags.Add(r.Pages(s, s.Pages, out)...)
	}
	l.clock.mark("pages rendered")
	diags.Add(r.Aliases(s, out)...)
	for _, res := range s.Resources {
		data, err := readResource(l, res)
		if err == nil {
			err = out.Write(res.Rel, data)
		}
		if err != nil {
			diags.Errorf(res.File, 0, "%v", err)
		}
	}
	if err := r.Sitemap(s, out); err != nil {
		diags.Errorf("sitemap.xml", 0, "%v", err)
	}
	if err := r.RecentFeed(s, out, l.Config.Feed.Limit); err != nil {
		diags.Errorf("index.xml", 0, "%v", err)
	}
	diags.Add(writeWhatsNewFeeds(l, out)...)
	diags.Add(writeSurveyFiles(l, out)...)
	l.clock.mark("aliases, resources, sitemap, feeds")
	diags.Add(renderEditions(l, out)...)
	if !s.HasOwnRobots() { // content/robots.txt is copied with the resources
		if err := r.Robots(s, out, nil); err != nil {
			diags.Errorf("robots.txt", 0, "%v", err)
		}
	}
	return diags.Items()
}

func readResource(l *Loaded, res content.Resource) ([]byte, error) {
	return fs.ReadFile(l.Renderer.Theme.SiteFS(), res.File)
}

func stats(s *site.Site, start time.Time) Stats {
	st := Stats{Pages: map[string]int{}, Took: time.Since(start)}
	for _, p := range s.Pages {
		switch {
		case p.IsContent() && p.Kind == site.KindPage:
			st.Pages[p.Lang]++
		case p.Kind == site.KindSection:
			st.Sections++
		}
		st.Aliases += len(p.Aliases)
	}
	return st
}

// RenderPages renders only the given pages of a loaded site (the dev server
// after an edit), reusing the assets already in out.
func RenderPages(l *Loaded, out render.Sink, pages []*site.Page) []diag.Diagnostic {
	if err := l.Renderer.Assets(l.Site, discard{}); err != nil { // sets the asset URLs
		return []diag.Diagnostic{diag.Errorf("themes/"+l.Config.Theme, 0, "%v", err)}
	}
	return l.Renderer.Pages(l.Site, pages, out)
}

type discard struct{}

func (discard) Write(string, []byte) error { return nil }

// checkLayouts reports a page whose front matter names a layout the theme
// and the site lack, at its layout: line, before anything is rendered (so
// that varde check finds it too).
func checkLayouts(s *site.Site, r *render.Renderer, diags *diag.List) {
	for _, p := range s.Pages {
		if !p.IsContent() || p.Source.Meta.Layout == "" {
			continue
		}
		if _, _, err := r.Templates.For(p); err != nil {
			diags.Errorf(p.Source.File, p.Source.Meta.Lines["layout"], "layout %q: %v", p.Source.Meta.Layout, err)
		}
	}
}

// ReleaseSources drops the Markdown source of every page of l: Load
// converts the pages, and nothing after it reads their sources (a later
// Load reads the files again, and the content cache cuts the bodies from
// what it reads), so a long-running caller need not hold a copy of every
// page's source. Nothing may use l while it runs.
func ReleaseSources(l *Loaded) {
	for _, p := range l.Site.Pages {
		if p.Source != nil {
			p.Source.SetBody(nil)
		}
	}
}
