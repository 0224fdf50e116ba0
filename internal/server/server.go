// Package server is `varde serve`: it builds the site into memory, serves it
// on 127.0.0.1 with strict security headers, watches the site's files,
// rebuilds what an edit touches, and tells open browser tabs to reload (or
// shows the build error over the page while the last good site stays up).
package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/varde-portal/varde/internal/build"
	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/content"
	"github.com/varde-portal/varde/internal/csp"
	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/output"
	"github.com/varde-portal/varde/internal/site"
)

// Options configure the server.
type Options struct {
	Source   string
	Bind     string // default 127.0.0.1
	Port     int    // default 1313; 0 picks a free port
	Drafts   bool
	Log      io.Writer
	Debounce time.Duration // default 30 ms
	// SearchWorkers is how many /api/search requests run at once (default
	// GOMAXPROCS, see defaultSearchWorkers); SearchQueue how many more may
	// wait for one (default 32 per worker; negative for none). Beyond that
	// the API answers 503 with Retry-After.
	SearchWorkers int
	SearchQueue   int
}

// Server serves one site.
type Server struct {
	opts   Options
	cache  *site.Cache
	parsed *content.Cache

	mu      sync.RWMutex
	files   *output.Memory
	loaded  *build.Loaded
	diags   []diag.Diagnostic // of the last build; errors mean it failed
	version int               // increases with every successful build

	fcache atomic.Pointer[fileCache] // the prepared files of s.files (static.go)
	// base is the path the site is published under, from its baseURL,
	// without the final slash ("/personvern"; "" at the host's root): the
	// preview serves the site there, where its links point.
	base atomic.Pointer[string]

	hub    *hub
	search *searchIndex
	api    *apiLimiter
	mem    *memTuner // GOGC and returning memory while idle (memory.go)
	// Rebuilt receives one value after every rebuild, for tests and benchmarks.
	Rebuilt chan RebuildInfo
}

// RebuildInfo describes one rebuild.
type RebuildInfo struct {
	Paths    []string
	OK       bool
	Pages    int // pages rendered
	Took     time.Duration
	Finished time.Time
}

// New makes a server; Run starts it.
func New(o Options) *Server {
	if o.Bind == "" {
		o.Bind = "127.0.0.1"
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	if o.Debounce == 0 {
		o.Debounce = 30 * time.Millisecond
	}
	s := &Server{opts: o, cache: site.NewCache(), parsed: content.NewCache(), hub: newHub(), search: &searchIndex{source: o.Source, delay: 2 * time.Second}, Rebuilt: make(chan RebuildInfo, 16)}
	s.search.onStatic = s.putStatic
	s.mem = newMemTuner()
	s.search.mem = s.mem
	queue := o.SearchQueue
	if queue == 0 {
		workers := o.SearchWorkers
		if workers <= 0 {
			workers = defaultSearchWorkers()
		}
		queue = defaultQueuePerWorker * workers
	}
	s.api = newAPILimiter(o.SearchWorkers, queue, maxSearchWait)
	return s
}

// Run builds the site, starts listening and serves until ctx is cancelled,
// then shuts down gracefully. ready, when not nil, receives the address.
func (s *Server) Run(ctx context.Context, ready chan<- string) error {
	start := time.Now()
	if err := s.rebuild(ctx, nil); err != nil {
		fmt.Fprintf(s.opts.Log, "The site has errors; fix them and save, the page will reload.\n")
	} else {
		fmt.Fprintf(s.opts.Log, "Built in %d ms\n", time.Since(start).Milliseconds())
	}
	w, err := newWatcher(s.opts.Source, s.opts.Debounce)
	if err != nil {
		return fmt.Errorf("cannot watch %s: %v", s.opts.Source, err)
	}
	wctx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	go w.run(wctx)
	ln, err := net.Listen("tcp", net.JoinHostPort(s.opts.Bind, fmt.Sprint(s.opts.Port)))
	if err != nil {
		return err
	}
	addr := "http://" + ln.Addr().String() + "/"
	shown := addr
	if b := s.base.Load(); b != nil && *b != "" {
		shown = strings.TrimSuffix(addr, "/") + *b + "/" // where the site is, below its baseURL's path
	}
	fmt.Fprintf(s.opts.Log, "Serving %s at %s (Ctrl-C to stop)\n", s.opts.Source, shown)
	h := s.Handler()
	if loopback(s.opts.Bind) {
		h = loopbackHosts(h)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ConnContext: withConn}
	go func() {
		for {
			select {
			case <-wctx.Done():
				return
			case c := <-w.changes:
				_ = s.rebuild(ctx, c.Paths)
			case err := <-w.errs:
				fmt.Fprintf(s.opts.Log, "watch: %v\n", err)
			}
		}
	}()
	if ready != nil {
		ready <- addr
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(coalescingListener{ln}) }()
	select {
	case <-ctx.Done():
		s.hub.closeAll()
		defer s.search.close()
		sctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
		fmt.Fprintln(s.opts.Log, "Stopped.")
		return nil
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	}
}

// rebuild loads the site again and renders into a fresh memory sink (all
// pages after a template or config change, else only the pages an edit
// touches, on top of the previous output). The last good output stays
// served when the build fails.
func (s *Server) rebuild(ctx context.Context, paths []string) error {
	start := time.Now()
	s.mem.begin()
	defer s.mem.end()
	var l *build.Loaded
	var err error
	if _, serr := os.Stat(filepath.Join(s.opts.Source, config.File)); errors.Is(serr, fs.ErrNotExist) {
		// Load would build the folder as a site with the defaults, which
		// varde build refuses: say so, and keep the last good site up.
		err = &diag.Failure{Diags: []diag.Diagnostic{diag.Errorf(config.File, 0, "config.toml is missing: the folder is not a site without it; put it back (the last good version is still served)")}}
	} else {
		l, err = build.Load(ctx, build.Options{Source: s.opts.Source, Drafts: s.opts.Drafts, Dev: true, Cache: s.cache, ContentCache: s.parsed, Minify: boolPtr(false)})
	}
	info := RebuildInfo{Paths: paths}
	if err == nil {
		build.ReleaseSources(l)
		s.mu.RLock()
		prev, prevFiles := s.loaded, s.files
		s.mu.RUnlock()
		var files *output.Memory
		var pages []*site.Page
		full := prev == nil || Change{Paths: paths}.ConfigOrTheme()
		if !full {
			pages, full = affected(prev.Site, l.Site, paths)
		}
		if full {
			files = output.NewMemory()
			ds := build.Render(l, files)
			if prevFiles == nil {
				// The first build serves search at once; later ones keep the
				// previous static index until the background refresh (which
				// analyzes the site anyway for the bleve index) replaces it.
				if err := build.RenderSearch(l, files); err != nil {
					ds = append(ds, diag.Errorf("search", 0, "%v", err))
				}
			} else {
				for _, name := range prevFiles.Names() {
					if strings.HasPrefix(name, "search/") {
						data, _ := prevFiles.Get(name)
						_ = files.Write(name, data)
					}
				}
			}
			info.Pages = len(l.Site.Pages)
			l.Diags = append(l.Diags, ds...)
			if hasErrors(ds) {
				err = &diag.Failure{Diags: ds}
			}
		} else {
			files = prevFiles.Clone()
			// The search indexes (static and bleve) follow in the background
			// once builds are quiet, so an edit reloads without waiting.
			ds := build.RenderPages(l, files, pages)
			info.Pages = len(pages)
			l.Diags = append(l.Diags, ds...)
			if hasErrors(ds) {
				err = &diag.Failure{Diags: ds}
			}
		}
		if err == nil {
			base := strings.TrimSuffix(l.Site.BasePath, "/")
			s.base.Store(&base)
			s.mu.Lock()
			s.files, s.loaded, s.diags = files, l, l.Diags
			s.version++
			s.mu.Unlock()
			s.search.refresh(l)
		}
	}
	info.Took, info.Finished, info.OK = time.Since(start), time.Now(), err == nil
	if err != nil {
		var fail *diag.Failure
		ds := []diag.Diagnostic{{File: s.opts.Source, Severity: diag.Error, Msg: err.Error()}}
		if errors.As(err, &fail) {
			ds = fail.Diags
		}
		s.mu.Lock()
		s.diags = ds
		s.mu.Unlock()
		for _, d := range diag.Capped(ds, diag.PerKind) {
			fmt.Fprintln(s.opts.Log, d.String())
		}
		s.hub.send("error")
	} else {
		if len(paths) > 0 {
			fmt.Fprintf(s.opts.Log, "Rebuilt %d page(s) in %d ms (%s)\n", info.Pages, info.Took.Milliseconds(), shownPaths(paths))
		}
		s.hub.send("reload")
	}
	select {
	case s.Rebuilt <- info:
	default:
	}
	return err
}

func boolPtr(b bool) *bool { return &b }

// putStatic swaps in the static search files of build l, unless a newer
// build is already served (its own files follow).
func (s *Server) putStatic(l *build.Loaded, files map[string][]byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.loaded != l || s.files == nil {
		return
	}
	next := s.files.Clone()
	for name, data := range files {
		_ = next.Write(name, data)
	}
	s.files = next
}

func hasErrors(ds []diag.Diagnostic) bool {
	for _, d := range ds {
		if d.Severity == diag.Error {
			return true
		}
	}
	return false
}

// Current returns the last good build (nil before the first).
func (s *Server) Current() *build.Loaded {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.loaded
}

// Handler serves the built site, the live-reload endpoints and any API.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/__varde/events", s.events)
	mux.HandleFunc("/__varde/status", s.status)
	mux.HandleFunc("/__varde/reload.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = io.WriteString(w, reloadJS)
	})
	mux.HandleFunc("/api/search", s.handleSearch)
	mux.HandleFunc("/__varde/reload.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = io.WriteString(w, reloadCSS)
	})
	mux.HandleFunc("/", s.serveFile)
	return securityHeaders(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if b := s.base.Load(); b != nil && *b != "" {
			var done bool
			if r, done = s.underBase(w, r, *b); done {
				return
			}
		}
		// A page served before, asked for by its canonical path, skips the
		// mux (the API and /__varde/ paths are never among them).
		if p := r.URL.Path; p != "/api/search" && !strings.HasPrefix(p, "/__varde/") {
			if f := s.fastFile(r); f != nil {
				f.send(w, r, http.StatusOK)
				return
			}
		}
		mux.ServeHTTP(w, r)
	}))
}

// securityHeaders sets the headers every response carries.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		// Shared values, assigned without an allocation per header (Set
		// makes a new slice each time); net/http only reads them.
		h["Content-Security-Policy"] = cspValue // the built pages carry the same in a <meta>
		h["X-Content-Type-Options"] = nosniff
		h["Referrer-Policy"] = noReferrer
		h["X-Frame-Options"] = sameOriginFrame
		h["Cross-Origin-Opener-Policy"] = sameOrigin
		h["Permissions-Policy"] = permissions
		next.ServeHTTP(w, r)
	})
}

var (
	cspValue        = []string{csp.Policy}
	nosniff         = []string{"nosniff"}
	noReferrer      = []string{"no-referrer"}
	sameOriginFrame = []string{"SAMEORIGIN"}
	sameOrigin      = []string{"same-origin"}
	permissions     = []string{"camera=(), microphone=(), geolocation=(), interest-cohort=()"}
)

// cleanPath maps a request path to a file name in the output, refusing
// anything that could climb out of it.
func cleanPath(raw string) (string, bool) {
	if strings.ContainsAny(raw, "\\\x00") {
		return "", false
	}
	for _, seg := range strings.Split(raw, "/") {
		if seg == ".." {
			return "", false
		}
	}
	p := path.Clean("/" + raw)
	if strings.Contains(p, "..") && strings.Contains(raw, "..") {
		return "", false
	}
	return strings.TrimPrefix(p, "/"), true
}

// folderURL is the address to redirect a folder's name (as cleanPath gives
// it) to: its path with a slash at the end, on this host. It is built from
// the cleaned name, never from the request's path: that path is already
// percent-decoded, so /%2Fveiledere/dpia arrives as //veiledere/dpia, which a
// browser reads as a link to the host "veiledere" (an open redirect).
func folderURL(name string) string {
	p := "/" + strings.TrimLeft(name, "/") + "/"
	if p == "//" {
		p = "/"
	}
	// Escaped, so that a decoded '?' or '#' in a file name stays part of the
	// path rather than starting a query or a fragment.
	return (&url.URL{Path: p}).EscapedPath()
}

func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	// r.URL.Path is already percent-decoded, so %2e%2e arrives as "..";
	// check the raw path too, for encoded backslashes and the like.
	name, ok := cleanPath(r.URL.Path)
	if !ok || strings.Contains(strings.ToLower(r.URL.RawPath), "%5c") {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	s.mu.RLock()
	files := s.files
	s.mu.RUnlock()
	if files == nil {
		http.Error(w, "the site has not built yet; see the terminal", http.StatusServiceUnavailable)
		return
	}
	candidates := []string{name}
	if name == "" || strings.HasSuffix(r.URL.Path, "/") {
		candidates = []string{path.Join(name, "index.html")}
	} else if path.Ext(name) == "" {
		if _, ok := files.Get(path.Join(name, "index.html")); ok {
			to := folderURL(name)
			if b := s.base.Load(); b != nil {
				to = *b + to // r.URL.Path had the base path taken off
			}
			http.Redirect(w, r, to, http.StatusMovedPermanently)
			return
		}
	}
	for _, c := range candidates {
		if data, ok := files.Get(c); ok {
			fc := s.filesFor(files)
			f := fc.get(c, data)
			fc.remember(r.URL.Path, name, c, f)
			f.send(w, r, http.StatusOK)
			return
		}
	}
	notFound := "404.html"
	if first := strings.SplitN(name, "/", 2)[0]; first != "" {
		if _, ok := files.Get(first + "/404.html"); ok {
			notFound = first + "/404.html"
		}
	}
	if data, ok := files.Get(notFound); ok {
		s.filesFor(files).get(notFound, data).send(w, r, http.StatusNotFound)
		return
	}
	http.NotFound(w, r)
}

// status reports the last build's result, for the error overlay.
func (s *Server) status(w http.ResponseWriter, r *http.Request) {
	s.mu.RLock()
	ds := s.diags
	s.mu.RUnlock()
	type item struct {
		File    string `json:"file"`
		Line    int    `json:"line"`
		Col     int    `json:"col"`
		Level   string `json:"level"`
		Message string `json:"message"`
	}
	out := struct {
		OK     bool   `json:"ok"`
		Errors []item `json:"errors"`
	}{OK: !hasErrors(ds), Errors: []item{}}
	for _, d := range diag.Capped(ds, diag.PerKind) { // the overlay as the terminal: 20 of a kind
		if d.Severity == diag.Error {
			out.Errors = append(out.Errors, item{d.File, d.Line, d.Col, d.Severity.String(), d.Msg})
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(out)
}

// shownPaths names the changed paths of a rebuild for its log line: the
// first five and how many more (deleting a deep folder changes every
// folder and file in it).
func shownPaths(paths []string) string {
	const shown = 5
	if len(paths) <= shown {
		return strings.Join(paths, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(paths[:shown], ", "), len(paths)-shown)
}

// loopback reports whether the server listens on this machine only.
func loopback(bind string) bool {
	if strings.EqualFold(bind, "localhost") {
		return true
	}
	ip := net.ParseIP(bind)
	return ip != nil && ip.IsLoopback()
}

// loopbackHosts answers only requests addressed to a loopback name
// (localhost, *.localhost, 127.x.x.x, [::1]). A browser sends the name it
// looked up, so a web page whose name an attacker points at 127.0.0.1 (DNS
// rebinding) would otherwise read the preview from the editor's browser:
// drafts, /__varde/status with the site's file names, the search API.
// A request without a Host (HTTP/1.0, not a browser) passes.
func loopbackHosts(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Host != "" && !loopbackHost(r.Host) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusForbidden)
			_, _ = io.WriteString(w, "varde serve answers only to addresses on this machine, such as http://127.0.0.1/ or http://localhost/ (use varde serve --bind to listen on another)\n")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// loopbackHost reports whether a Host header names this machine.
func loopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// underBase serves a site published below a path (baseURL
// https://k.no/personvern/) under that path, where its links, CSS and
// live-reload script point: it takes base off a request below it, sends
// "/" to base+"/", and answers 404 elsewhere; /__varde/ and /api/search
// also stay at the root. done is true when it answered.
func (s *Server) underBase(w http.ResponseWriter, r *http.Request, base string) (*http.Request, bool) {
	p := r.URL.Path
	switch {
	case p == base || strings.HasPrefix(p, base+"/"):
		r2 := new(http.Request)
		*r2 = *r
		u := *r.URL
		u.Path = strings.TrimPrefix(p, base)
		if u.Path == "" {
			u.Path = "/"
		}
		u.RawPath = ""
		if raw := r.URL.RawPath; strings.HasPrefix(raw, base+"/") {
			u.RawPath = strings.TrimPrefix(raw, base)
		}
		r2.URL = &u
		return r2, false
	case p == "/":
		http.Redirect(w, r, base+"/", http.StatusFound)
		return r, true
	case p == "/api/search" || strings.HasPrefix(p, "/__varde/"):
		return r, false
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	_, _ = io.WriteString(w, "not found: the site is published under "+base+"/ (its baseURL), and the preview serves it there\n")
	return r, true
}
