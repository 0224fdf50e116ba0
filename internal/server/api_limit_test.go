package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestAPILimiter: at most cap(slots) holders, at most maxWaiting in line,
// and a request that finds the line full is refused at once.
func TestAPILimiter(t *testing.T) {
	l := newAPILimiter(1, 1, time.Hour)
	ctx := context.Background()
	if !l.acquire(ctx) {
		t.Fatal("first acquire refused")
	}
	got := make(chan bool, 1)
	go func() { got <- l.acquire(ctx) }()
	for l.waiting.Load() != 1 {
		time.Sleep(time.Millisecond)
	}
	// The line is full: refused without waiting (maxWait is an hour).
	if l.acquire(ctx) {
		t.Fatal("acquire with a full line succeeded")
	}
	l.release()
	if !<-got {
		t.Fatal("the waiting request did not get the freed slot")
	}
	// A waiting request gives up after maxWait, or when its client leaves.
	short := newAPILimiter(1, 4, 10*time.Millisecond)
	short.acquire(ctx)
	if short.acquire(ctx) {
		t.Fatal("acquire past maxWait succeeded")
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	long := newAPILimiter(1, 4, time.Hour)
	long.acquire(ctx)
	if long.acquire(cctx) {
		t.Fatal("acquire for a client that left succeeded")
	}
	if short.waiting.Load() != 0 || long.waiting.Load() != 0 {
		t.Fatal("a request that gave up is still counted as waiting")
	}
}

// TestSearchAPISaturated: when every slot is taken the API answers 503
// with Retry-After and a JSON error instead of queueing without end, and
// answers again once a slot is free.
func TestSearchAPISaturated(t *testing.T) {
	s, addr := startSearch(t)
	for i := 0; i < cap(s.api.slots); i++ {
		s.api.slots <- struct{}{}
	}
	// Not personvern: startSearch asked that, and a cached answer is given
	// without a slot (TestSearchAPICachedWhenSaturated).
	resp, err := http.Get(addr + "/api/search?q=passord")
	if err != nil {
		t.Fatal(err)
	}
	var body map[string]string
	_ = json.NewDecoder(resp.Body).Decode(&body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" || body["error"] == "" {
		t.Errorf("saturated: status %d, Retry-After %q, body %v", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	for i := 0; i < cap(s.api.slots); i++ {
		<-s.api.slots
	}
	// Many clients at once: every answer is a 200 or a 503, never a 500 or
	// a dropped connection.
	var wg sync.WaitGroup
	codes := make(chan int, 64)
	for i := 0; i < 64; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Get(addr + "/api/search?q=personvern")
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			codes <- resp.StatusCode
		}()
	}
	wg.Wait()
	close(codes)
	ok := 0
	for c := range codes {
		if c != http.StatusOK && c != http.StatusServiceUnavailable {
			t.Errorf("status %d under load", c)
		}
		if c == http.StatusOK {
			ok++
		}
	}
	if ok == 0 {
		t.Error("no request under load was answered")
	}
	if len(s.api.slots) != 0 || s.api.waiting.Load() != 0 {
		t.Errorf("slots %d, waiting %d after the load: a slot leaked", len(s.api.slots), s.api.waiting.Load())
	}
}

// TestSearchAPIParamErrors: a malformed parameter gets a 400 whose JSON
// names it.
func TestSearchAPIParamErrors(t *testing.T) {
	_, addr := startSearch(t)
	for _, tc := range []struct {
		query, param string
	}{
		{"q=a&q=b", "q"},
		{"q=a&lang=nb&lang=nn", "lang"},
		{"q=a&limit=5&limit=6", "limit"},
		{"q=a&type=x&type=y", "type"},
		{"q=a&audience=x&audience=y", "audience"},
		{"q=a&limit=null", "limit"},
		{"q=a&limit=" + url.QueryEscape(" 5"), "limit"},
		{"q=a&lang=xx", "lang"},
	} {
		resp, err := http.Get(addr + "/api/search?" + tc.query)
		if err != nil {
			t.Fatal(err)
		}
		var body map[string]string
		err = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusBadRequest || body["param"] != tc.param || !strings.Contains(body["error"], tc.param) {
			t.Errorf("%s: status %d, body %v (%v); want 400 naming %s", tc.query, resp.StatusCode, body, err, tc.param)
		}
	}
}
