package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzSearchAPI sends any query string to /api/search of a dev server on
// searchSite: the answer is always JSON with a 200, a 4xx or a 503 (with
// Retry-After), never a 500; a 400 names a parameter /api/search reads; a
// 200 echoes q and holds at most limit results. The seed corpus is in
// testdata/fuzz/FuzzSearchAPI.
func FuzzSearchAPI(f *testing.F) {
	for _, s := range []string{
		"q=personvern", "q=personvernombudet&lang=nb", "q=passord&type=norm&audience=ansatt&limit=1", "q=personvern&lang=nn&limit=100",
		"", "q=", "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "q=a&q=b", "lang=nb&lang=nn", "limit=0", "limit=101", "limit=-1",
		"limit=1e3", "limit=99999999999999999999", "lang=xx", "lang=", "q=%ff%fe", "q=%00%1b", "q=%", "q=%zz", "q=a;b=c",
		"q=personvern&unknown=1", "q=" + strings.Repeat("sikkerhet+", 500), "&&&===", "q=a+b&type=%00&audience=%22",
		"q=e-post&lang=nb&limit=10&limit=10", "Q=x&LANG=nb", "q=x#frag",
	} {
		f.Add(s)
	}
	s := startFuzzServer(f)
	h := s.Handler()
	f.Fuzz(func(t *testing.T, rawQuery string) {
		if len(rawQuery) > 8192 {
			return
		}
		req := httptest.NewRequest(http.MethodGet, "/api/search", nil)
		req.URL.RawQuery = rawQuery
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		code, body := rec.Code, rec.Body.Bytes()
		if ct := rec.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
			t.Fatalf("%q: Content-Type %q", rawQuery, ct)
		}
		if !json.Valid(body) {
			t.Fatalf("%q: status %d, body is not JSON: %q", rawQuery, code, body)
		}
		switch {
		case code == http.StatusOK:
			var r apiResponse
			if err := json.Unmarshal(body, &r); err != nil {
				t.Fatalf("%q: %v", rawQuery, err)
			}
			q := req.URL.Query()
			limit := 10
			if q.Get("limit") != "" {
				limit = atoiOr(q.Get("limit"), 100)
			}
			// JSON carries a byte that is not UTF-8 as U+FFFD.
			if (utf8.ValidString(q.Get("q")) && r.Query != q.Get("q")) || len(r.Results) > limit || r.Results == nil {
				t.Fatalf("%q: query %q, %d results: %s", rawQuery, r.Query, len(r.Results), body)
			}
		case code == http.StatusServiceUnavailable:
			if rec.Header().Get("Retry-After") == "" {
				t.Fatalf("%q: 503 without Retry-After", rawQuery)
			}
		case code >= 400 && code < 500:
			var e struct{ Error, Param string }
			if err := json.Unmarshal(body, &e); err != nil || e.Error == "" {
				t.Fatalf("%q: %d without a message: %s", rawQuery, code, body)
			}
			if code == http.StatusBadRequest && !validParam(e.Param) {
				t.Fatalf("%q: 400 names %q: %s", rawQuery, e.Param, body)
			}
		default:
			t.Fatalf("%q: status %d: %s", rawQuery, code, body)
		}
	})
}

func validParam(p string) bool {
	for _, n := range searchParams {
		if p == n {
			return true
		}
	}
	return false
}

func atoiOr(s string, def int) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' || n > 1000 {
			return def
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// startFuzzServer runs a dev server on searchSite for the whole fuzz run
// and waits until its search index answers.
func startFuzzServer(f *testing.F) *Server {
	f.Helper()
	s := New(Options{Source: writeSite(f, searchSite), Port: 0, Debounce: 20 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, ready) }()
	select {
	case <-ready:
	case err := <-done:
		f.Fatalf("server stopped: %v", err)
	case <-time.After(30 * time.Second):
		f.Fatal("server did not start")
	}
	f.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			f.Error("server did not shut down")
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		req := httptest.NewRequest(http.MethodGet, "/api/search?q=personvern", nil)
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		if rec.Code == http.StatusOK {
			return s
		}
		if time.Now().After(deadline) {
			f.Fatalf("the search index did not get ready: %d %s", rec.Code, rec.Body)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
