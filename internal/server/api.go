package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/varde-portal/varde/internal/build"
	"github.com/varde-portal/varde/internal/search"
)

// searchIndex keeps the dev server's bleve index current: it is rebuilt in
// the background after each good build, and queries use the last one ready.
type searchIndex struct {
	source string
	delay  time.Duration // quiet time after a build before indexing
	timer  *time.Timer
	mu     sync.Mutex
	idx    *search.Index
	busy   bool
	closed bool           // the server stopped: start no more rebuilds
	idle   sync.WaitGroup // the rebuild goroutine, waited for by close
	again  *build.Loaded  // a newer build that arrived while one was indexing
	// onStatic receives the static search files made for a build.
	onStatic func(l *build.Loaded, files map[string][]byte)
}

// refresh schedules a rebuild of the index for l once builds have been
// quiet for a moment, so indexing never competes with the rebuild an editor
// is waiting for.
func (si *searchIndex) refresh(l *build.Loaded) {
	if l == nil || !l.Config.SearchEnabled() {
		return
	}
	si.mu.Lock()
	defer si.mu.Unlock()
	if si.timer != nil {
		si.timer.Stop()
	}
	delay := si.delay
	if si.idx == nil && !si.busy {
		delay = 0 // the first index as soon as possible
	}
	si.timer = time.AfterFunc(delay, func() { si.start(l) })
}

// start rebuilds the index for l now, or queues l when a rebuild runs.
func (si *searchIndex) start(l *build.Loaded) {
	si.mu.Lock()
	if si.closed {
		si.mu.Unlock()
		return
	}
	if si.busy {
		si.again = l
		si.mu.Unlock()
		return
	}
	si.busy = true
	si.idle.Add(1)
	si.mu.Unlock()
	go func() {
		defer si.idle.Done()
		for {
			static, corpus, err := build.SearchOutputs(l)
			if err == nil && si.onStatic != nil {
				si.onStatic(l, static)
			}
			if err == nil {
				// Under the site's index lock: a varde build of the same
				// site writes the same folder.
				err = build.WriteSearchIndex(context.Background(), l, si.source, corpus, nil)
			}
			var idx *search.Index
			if err == nil {
				idx, err = search.Open(l.IndexDir(si.source))
			}
			si.mu.Lock()
			if err == nil {
				old := si.idx
				si.idx = idx
				if old != nil {
					_ = old.Close()
				}
			}
			next := si.again
			si.again = nil
			if next == nil || si.closed {
				si.busy = false
				si.mu.Unlock()
				return
			}
			l = next
			si.mu.Unlock()
		}
	}()
}

func (si *searchIndex) current() *search.Index {
	si.mu.Lock()
	defer si.mu.Unlock()
	return si.idx
}

// close stops scheduled rebuilds, waits for one that is running (it
// writes into the site's folder, which must be left whole) and closes the
// index.
func (si *searchIndex) close() {
	si.mu.Lock()
	si.closed = true
	if si.timer != nil {
		si.timer.Stop()
	}
	si.mu.Unlock()
	si.idle.Wait()
	si.mu.Lock()
	defer si.mu.Unlock()
	if si.idx != nil {
		_ = si.idx.Close()
		si.idx = nil
	}
}

// apiLimiter bounds the work /api/search does at once: at most cap(slots)
// searches run, at most maxWaiting more wait for a slot (each for at most
// maxWait), and any request beyond that is answered at once with 503 and
// Retry-After. Without it every request started its own search, so under
// load the server queued without end, held every request's memory at once
// and answered none of them in time.
type apiLimiter struct {
	slots      chan struct{}
	waiting    atomic.Int64
	maxWaiting int64
	maxWait    time.Duration
}

func newAPILimiter(workers, queue int, maxWait time.Duration) *apiLimiter {
	if workers <= 0 {
		workers = 2 * runtime.GOMAXPROCS(0)
	}
	if queue < 0 {
		queue = 0
	}
	return &apiLimiter{slots: make(chan struct{}, workers), maxWaiting: int64(queue), maxWait: maxWait}
}

// acquire takes a slot, waiting in line when there is room in it; it
// reports false when the server is saturated (or the client went away).
// A true return must be paired with release.
func (l *apiLimiter) acquire(ctx context.Context) bool {
	select {
	case l.slots <- struct{}{}:
		return true
	default:
	}
	if l.waiting.Add(1) > l.maxWaiting {
		l.waiting.Add(-1)
		return false
	}
	defer l.waiting.Add(-1)
	t := time.NewTimer(l.maxWait)
	defer t.Stop()
	select {
	case l.slots <- struct{}{}:
		return true
	case <-t.C:
		return false
	case <-ctx.Done():
		return false
	}
}

func (l *apiLimiter) release() { <-l.slots }

// Defaults of the API's limits (Options.SearchWorkers and SearchQueue
// override the first two). A search takes well under a millisecond, so
// a request that waited maxSearchWait has met a server that is overloaded
// and is better told to come back than kept waiting.
const (
	defaultQueuePerWorker = 16
	maxSearchWait         = 500 * time.Millisecond
	maxSearchTime         = 2 * time.Second
)

// apiResponse is the JSON of GET /api/search.
type apiResponse struct {
	Query   string        `json:"query"`
	Results []search.Hit  `json:"results"`
	Facets  search.Facets `json:"facets"`
	Total   int           `json:"total"`
	TookMs  float64       `json:"took_ms"`
}

// handleSearch answers GET /api/search?q=&lang=&type=&audience=&limit=.
// Every query is treated as plain text; bad parameters get a 400 with a
// message naming the parameter, never a 500; a saturated server answers
// 503 with Retry-After.
func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	fail := func(code int, param, format string, args ...any) {
		if code == http.StatusServiceUnavailable {
			w.Header().Set("Retry-After", "1")
		}
		w.WriteHeader(code)
		body := map[string]string{"error": fmt.Sprintf(format, args...)}
		if param != "" {
			body["param"] = param
		}
		_ = json.NewEncoder(w).Encode(body)
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		fail(http.StatusMethodNotAllowed, "", "use GET")
		return
	}
	q := r.URL.Query()
	for _, name := range searchParams {
		if len(q[name]) > 1 {
			fail(http.StatusBadRequest, name, "%s is given %d times; give it once", name, len(q[name]))
			return
		}
	}
	limit := 10
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			fail(http.StatusBadRequest, "limit", "limit must be a whole number from 1 to 100")
			return
		}
		limit = n
	}
	lang := q.Get("lang")
	if l := s.Current(); lang != "" && l != nil {
		if _, ok := l.Config.Languages[lang]; !ok {
			fail(http.StatusBadRequest, "lang", "unknown lang %q", lang)
			return
		}
	}
	idx := s.search.current()
	if idx == nil {
		fail(http.StatusServiceUnavailable, "", "the search index is being built; try again in a moment")
		return
	}
	if !s.api.acquire(r.Context()) {
		fail(http.StatusServiceUnavailable, "", "the server is busy; try again in a moment")
		return
	}
	defer s.api.release()
	ctx, cancel := context.WithTimeout(r.Context(), maxSearchTime)
	defer cancel()
	query := search.Query{Text: q.Get("q"), Lang: lang, Type: q.Get("type"), Audience: q.Get("audience"), Limit: limit}
	res, err := idx.Search(ctx, query)
	if errors.Is(err, search.ErrClosed) {
		// A newer index was swapped in between fetching and searching.
		if idx = s.search.current(); idx != nil {
			res, err = idx.Search(ctx, query)
		}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		fail(http.StatusServiceUnavailable, "", "the search took too long; try again in a moment")
		return
	}
	if err != nil {
		fail(http.StatusBadRequest, "q", "%v", err)
		return
	}
	hits := res.Hits
	if hits == nil {
		hits = []search.Hit{}
	}
	_ = json.NewEncoder(w).Encode(apiResponse{Query: q.Get("q"), Results: hits, Facets: res.Facets, Total: res.Total, TookMs: res.TookMs})
}

// searchParams are the parameters /api/search reads.
var searchParams = []string{"q", "lang", "type", "audience", "limit"}
