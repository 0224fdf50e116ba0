package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/varde-portal/varde/internal/search"
)

func TestResultCacheLRU(t *testing.T) {
	c := newResultCache(2, 1<<20)
	c.put("a", []byte("1"))
	c.put("b", []byte("2"))
	if _, ok := c.get("a"); !ok { // a is now the most recent
		t.Fatal("a missing")
	}
	c.put("c", []byte("3")) // evicts b, the least recently used
	if _, ok := c.get("b"); ok {
		t.Error("b kept beyond two items")
	}
	for _, k := range []string{"a", "c"} {
		if _, ok := c.get(k); !ok {
			t.Errorf("%s evicted", k)
		}
	}
	c.put("a", []byte("11"))
	if b, _ := c.get("a"); string(b) != "11" || c.len() != 2 {
		t.Errorf("replace: %q, %d items", b, c.len())
	}

	// The byte budget bounds the cache too, and an answer larger than it
	// is not kept at all.
	c = newResultCache(100, 10)
	c.put("k1", []byte("12345"))
	c.put("k2", []byte("12345")) // 14 bytes with the keys: k1 goes
	if _, ok := c.get("k1"); ok || c.len() != 1 || c.bytes != 7 {
		t.Errorf("byte bound: %d items, %d bytes", c.len(), c.bytes)
	}
	c.put("big", []byte("0123456789"))
	if _, ok := c.get("big"); ok {
		t.Error("an answer over the whole budget was cached")
	}
	var nilCache *resultCache
	if _, ok := nilCache.get("x"); ok {
		t.Error("nil cache answered")
	}
	nilCache.put("x", nil) // no panic
}

func TestCacheKey(t *testing.T) {
	base := cacheKey("behandling av personopplysninger", "nb", "", "", 10)
	if k := cacheKey("  behandling \t av\npersonopplysninger ", "nb", "", "", 10); k != base {
		t.Errorf("white space changes the key: %q against %q", k, base)
	}
	for _, k := range []string{
		cacheKey("behandling av personopplysninger", "nn", "", "", 10),
		cacheKey("behandling av personopplysninger", "nb", "onepager", "", 10),
		cacheKey("behandling av personopplysninger", "nb", "", "it", 10),
		cacheKey("behandling av personopplysninger", "nb", "", "", 11),
		cacheKey("behandling personopplysninger", "nb", "", "", 10),
		// A filter cannot leak into the query or another filter.
		cacheKey("behandling av personopplysninger", "nb\x00x", "", "", 10),
	} {
		if k == base {
			t.Errorf("%q: same key as the base query", k)
		}
	}
}

var tookRE = regexp.MustCompile(`"took_ms":[0-9.e+-]+`)

// TestSearchAPICachedAnswer: a repeated query is answered from the cache
// with the same JSON as the first time (took_ms aside), in the shape
// json.Encoder gave apiResponse; filters and limits are part of the key.
func TestSearchAPICachedAnswer(t *testing.T) {
	s, addr := startSearch(t)
	params := url.Values{"q": {"personvern"}, "lang": {"nb"}}
	code, r, first := apiGet(t, addr, params)
	if code != 200 || r.Total == 0 {
		t.Fatalf("first: %d %s", code, first)
	}
	_, cache := s.search.currentCached()
	key := cacheKey("personvern", "nb", "", "", 10)
	if _, ok := cache.get(key); !ok {
		t.Fatal("the answer was not cached")
	}
	// The same bytes as encoding apiResponse with encoding/json.
	idx := s.search.current()
	res, err := idx.Search(context.Background(), search.Query{Text: "personvern", Lang: "nb", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(apiResponse{Query: "personvern", Results: res.Hits, Facets: res.Facets, Total: res.Total})
	if tookRE.ReplaceAllString(first, "") != tookRE.ReplaceAllString(string(want), "") {
		t.Errorf("answer differs from apiResponse's encoding:\n got %s\nwant %s", first, want)
	}
	_, _, again := apiGet(t, addr, url.Values{"q": {" personvern  "}, "lang": {"nb"}})
	if tookRE.ReplaceAllString(again, "") != tookRE.ReplaceAllString(strings.Replace(first, `"query":"personvern"`, `"query":" personvern  "`, 1), "") {
		t.Errorf("cached answer differs:\n got %s\nwant %s", again, first)
	}
	// A filter is its own entry with its own totals.
	_, rf, body := apiGet(t, addr, url.Values{"q": {"personvern"}, "lang": {"nb"}, "audience": {"ansatt"}})
	if rf.Total >= r.Total || rf.Total == 0 {
		t.Errorf("audience filter: total %d against %d unfiltered: %s", rf.Total, r.Total, body)
	}
	_, rl, _ := apiGet(t, addr, url.Values{"q": {"personvern"}, "lang": {"nb"}, "limit": {"1"}})
	if len(rl.Results) != 1 {
		t.Errorf("limit=1 gave %d results", len(rl.Results))
	}
}

// TestSearchAPICachedWhenSaturated: with every slot taken a query already
// answered is still given (it costs no search), a new one gets 503.
func TestSearchAPICachedWhenSaturated(t *testing.T) {
	s, addr := startSearch(t) // asked personvern
	for i := 0; i < cap(s.api.slots); i++ {
		s.api.slots <- struct{}{}
	}
	defer func() {
		for i := 0; i < cap(s.api.slots); i++ {
			<-s.api.slots
		}
	}()
	if code, _, body := get(t, addr+"/api/search?q=personvern"); code != 200 || !strings.Contains(body, `"results":[{`) {
		t.Errorf("cached query while saturated: %d %s", code, body)
	}
	if code, _, _ := get(t, addr+"/api/search?q=sikkerhet"); code != http.StatusServiceUnavailable {
		t.Errorf("new query while saturated: %d, want 503", code)
	}
}

// TestSearchAPICacheInvalidatedOnRebuild: after an edit and the index
// rebuilt from it, a repeated query finds the new text, not the answer
// cached from the old index.
func TestSearchAPICacheInvalidatedOnRebuild(t *testing.T) {
	s, addr := startSearch(t)
	s.search.mu.Lock()
	s.search.delay = 0
	s.search.mu.Unlock()
	q := url.Values{"q": {"tannbørste"}, "lang": {"nb"}}
	if _, r, body := apiGet(t, addr, q); r.Total != 0 {
		t.Fatalf("before the edit: %s", body)
	}
	writeFile(t, filepath.Join(s.opts.Source, "content/norm/passord.md"),
		"---\ntitle: Sterke passord\nstatement: Jeg bruker sterke passord.\naudience: [ansatt]\n---\nEn tannbørste og personvern.\n")
	waitRebuild(t, s)
	deadline := time.Now().Add(20 * time.Second)
	for {
		_, r, body := apiGet(t, addr, q)
		if r.Total == 1 && r.Results[0].ID == "norm/passord" {
			break
		}
		if time.Now().After(deadline) {
			_, _, fresh := apiGet(t, addr, url.Values{"q": {"tannbørste"}, "lang": {"nb"}, "limit": {"11"}})
			t.Fatalf("the rebuilt index is not searched: %s (uncached: %s)", body, fresh)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestResultCacheSingleFlight: clients asking a query under way wait for
// its answer instead of searching; when that search fails they are let go
// to search themselves; a waiter whose client leaves stops waiting.
func TestResultCacheSingleFlight(t *testing.T) {
	c := newResultCache(10, 1<<20)
	ctx := context.Background()
	if _, ok, lead := c.lookup(ctx, "k"); ok || !lead {
		t.Fatalf("first lookup: ok %v lead %v", ok, lead)
	}
	type got struct {
		body     string
		ok, lead bool
	}
	results := make(chan got, 4)
	for i := 0; i < 4; i++ {
		go func() {
			b, ok, lead := c.lookup(ctx, "k")
			results <- got{string(b), ok, lead}
		}()
	}
	time.Sleep(50 * time.Millisecond) // let them reach the wait
	select {
	case r := <-results:
		t.Fatalf("a lookup returned while the search ran: %+v", r)
	default:
	}
	c.put("k", []byte("answer"))
	c.finish("k", []byte("answer"))
	for i := 0; i < 4; i++ {
		if r := <-results; r != (got{"answer", true, false}) {
			t.Errorf("waiter %d: %+v", i, r)
		}
	}

	// A failed search: the waiter does not lead, and searches itself.
	if _, _, lead := c.lookup(ctx, "f"); !lead {
		t.Fatal("no lead for f")
	}
	go func() {
		b, ok, lead := c.lookup(ctx, "f")
		results <- got{string(b), ok, lead}
	}()
	time.Sleep(20 * time.Millisecond)
	c.finish("f", nil)
	if r := <-results; r.ok || r.lead {
		t.Errorf("after a failed search: %+v", r)
	}
	if _, ok := c.get("f"); ok {
		t.Error("a failed search was cached")
	}
	// The next lookup leads a new search.
	if _, _, lead := c.lookup(ctx, "f"); !lead {
		t.Error("no new lead after a failed search")
	}

	// A waiter whose client leaves.
	cctx, cancel := context.WithCancel(ctx)
	go func() {
		b, ok, lead := c.lookup(cctx, "f")
		results <- got{string(b), ok, lead}
	}()
	time.Sleep(20 * time.Millisecond)
	cancel()
	select {
	case r := <-results:
		if r.ok || r.lead {
			t.Errorf("cancelled waiter: %+v", r)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a cancelled waiter kept waiting")
	}
	c.finish("f", nil)
}

// TestSearchAPISameQueryAtOnce: many clients asking one new query at once
// all get the answer, every one a 200, and leave no search in flight.
func TestSearchAPISameQueryAtOnce(t *testing.T) {
	s, addr := startSearch(t)
	codes := make(chan int, 32)
	bodies := make(chan string, 32)
	for i := 0; i < 32; i++ {
		go func() {
			code, _, body := get(t, addr+"/api/search?q=sikkerhet&lang=nb")
			codes <- code
			bodies <- tookRE.ReplaceAllString(body, "")
		}()
	}
	first := ""
	for i := 0; i < 32; i++ {
		if code := <-codes; code != 200 {
			t.Errorf("status %d", code)
		}
		b := <-bodies
		if first == "" {
			first = b
		} else if b != first {
			t.Errorf("answers differ:\n%s\n%s", b, first)
		}
	}
	_, cache := s.search.currentCached()
	cache.mu.Lock()
	n := len(cache.inflight)
	cache.mu.Unlock()
	if n != 0 {
		t.Errorf("%d searches left in flight", n)
	}
}
