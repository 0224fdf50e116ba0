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
	cache  *resultCache // answers of idx, replaced with it
	busy   bool
	closed bool           // the server stopped: start no more rebuilds
	idle   sync.WaitGroup // the rebuild goroutine, waited for by close
	again  *build.Loaded  // a newer build that arrived while one was indexing
	// onStatic receives the static search files made for a build.
	onStatic func(l *build.Loaded, files map[string][]byte)
	mem      *memTuner // nil in tests that make a searchIndex alone
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
	if si.mem != nil {
		si.mem.begin()
	}
	go func() {
		defer si.idle.Done()
		if si.mem != nil {
			defer si.mem.end()
		}
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
				si.cache = newResultCache(resultCacheItems, resultCacheBytes)
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
	idx, _ := si.currentCached()
	return idx
}

// currentCached returns the current index and the cache of its answers.
func (si *searchIndex) currentCached() (*search.Index, *resultCache) {
	si.mu.Lock()
	defer si.mu.Unlock()
	return si.idx, si.cache
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
		si.idx, si.cache = nil, nil
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
		workers = defaultSearchWorkers()
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

// defaultSearchWorkers is one search at a time a core. A search is CPU work
// of about a millisecond with nothing to wait for, so more at once gain no
// throughput; they only make the scheduler share a core between searches
// in 10 ms slices, which put a few of them behind others for tens of
// milliseconds: at saturation with 2×GOMAXPROCS, p99 61-63 ms and max
// 117-138 ms, with GOMAXPROCS 43-45 ms and 90-91 ms at 2 % less throughput
// (wrk, uncached searches, docs/performance.md).
func defaultSearchWorkers() int { return runtime.GOMAXPROCS(0) }

// Defaults of the API's limits (Options.SearchWorkers and SearchQueue
// override the first two). A search takes well under a millisecond, so
// a request that waited maxSearchWait has met a server that is overloaded
// and is better told to come back than kept waiting.
const (
	defaultQueuePerWorker = 32
	maxSearchWait         = 500 * time.Millisecond
	maxSearchTime         = 2 * time.Second
)

// apiResponse is the JSON of GET /api/search. It is written by
// writeSearchAnswer, field by field in this order, so that the middle
// (apiAnswer) can be cached; the type documents the shape and decodes it in
// tests.
type apiResponse struct {
	Query   string        `json:"query"`
	Results []search.Hit  `json:"results"`
	Facets  search.Facets `json:"facets"`
	Total   int           `json:"total"`
	TookMs  float64       `json:"took_ms"`
}

// apiAnswer is the part of apiResponse that depends only on the index and
// the normalised query: what resultCache keeps.
type apiAnswer struct {
	Results []search.Hit  `json:"results"`
	Facets  search.Facets `json:"facets"`
	Total   int           `json:"total"`
}

// encodeAnswer returns the JSON members of an answer without the braces of
// its object: `"results":[…],"facets":{…},"total":N`.
func encodeAnswer(res *search.Results) ([]byte, error) {
	hits := res.Hits
	if hits == nil {
		hits = []search.Hit{}
	}
	b, err := json.Marshal(apiAnswer{Results: hits, Facets: res.Facets, Total: res.Total})
	if err != nil {
		return nil, err
	}
	return b[1 : len(b)-1], nil
}

// answerBufs recycles the buffers answers are assembled in.
var answerBufs = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// writeSearchAnswer writes {"query":…,<answer>,"took_ms":…} and a newline,
// byte for byte what json.Encoder wrote for apiResponse before answers were
// cached, in one Write that goes out with the header in one writev when the
// connection allows it (writeCoalesced: an answer is about 4 KB, more than
// net/http's buffer leaves room for beside the header).
func writeSearchAnswer(w http.ResponseWriter, r *http.Request, query string, answer []byte, took time.Duration) {
	bp := answerBufs.Get().(*[]byte)
	b := append((*bp)[:0], `{"query":`...)
	qj, err := json.Marshal(query)
	if err != nil { // a string always encodes; keep the shape if not
		qj = []byte(`""`)
	}
	b = append(b, qj...)
	b = append(b, ',')
	b = append(b, answer...)
	b = append(b, `,"took_ms":`...)
	b = strconv.AppendFloat(b, float64(took.Microseconds())/1000, 'f', -1, 64)
	b = append(b, "}\n"...)
	h := w.Header()
	h["Content-Length"] = []string{strconv.Itoa(len(b))}
	writeCoalesced(w, r, b)
	if cap(b) <= 1<<20 { // a rare huge answer is not kept for every later one
		*bp = b
		answerBufs.Put(bp)
	}
}

// handleSearch answers GET /api/search?q=&lang=&type=&audience=&limit=.
// Every query is treated as plain text; bad parameters get a 400 with a
// message naming the parameter, never a 500; a saturated server answers
// 503 with Retry-After.
func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h["Content-Type"] = jsonType
	h["Cache-Control"] = noStore
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
	idx, cache := s.search.currentCached()
	if idx == nil {
		fail(http.StatusServiceUnavailable, "", "the search index is being built; try again in a moment")
		return
	}
	start := time.Now()
	text, typ, aud := q.Get("q"), q.Get("type"), q.Get("audience")
	key := cacheKey(text, lang, typ, aud, limit)
	// A cached answer costs no search work, so it is given even when the
	// limiter below would turn a search away.
	body, ok, lead := cache.lookup(r.Context(), key)
	if ok {
		writeSearchAnswer(w, r, text, body, time.Since(start))
		return
	}
	if lead {
		// Whatever happens below, the clients waiting for this search are
		// let go: with the answer, or (body nil) to search themselves. The
		// cache is the one they wait on, even when a newer index answers.
		waitedOn := cache
		defer func() { waitedOn.finish(key, body) }()
	}
	if !s.api.acquire(r.Context()) {
		fail(http.StatusServiceUnavailable, "", "the server is busy; try again in a moment")
		return
	}
	defer s.api.release()
	ctx, cancel := context.WithTimeout(r.Context(), maxSearchTime)
	defer cancel()
	query := search.Query{Text: text, Lang: lang, Type: typ, Audience: aud, Limit: limit}
	res, err := idx.Search(ctx, query)
	if errors.Is(err, search.ErrClosed) {
		// A newer index was swapped in between fetching and searching.
		if idx, cache = s.search.currentCached(); idx != nil {
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
	if body, err = encodeAnswer(res); err != nil {
		body = nil
		fail(http.StatusInternalServerError, "", "cannot encode the answer: %v", err)
		return
	}
	cache.put(key, body)
	writeSearchAnswer(w, r, text, body, time.Since(start))
}

// Header values shared by every answer, set without allocating; net/http
// only reads them (and an append to a full slice copies it).
var (
	jsonType = []string{"application/json; charset=utf-8"}
	noStore  = []string{"no-store"}
)

// searchParams are the parameters /api/search reads.
var searchParams = []string{"q", "lang", "type", "audience", "limit"}
