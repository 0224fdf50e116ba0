package server

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/varde-portal/varde/internal/output"
)

func TestAcceptsGzip(t *testing.T) {
	for _, tc := range []struct {
		h    []string
		want bool
	}{
		{nil, false},
		{[]string{"gzip"}, true},
		{[]string{"br, gzip, deflate"}, true},
		{[]string{"deflate", "GZIP;q=0.5"}, true},
		{[]string{"gzip;q=0"}, false},
		{[]string{"gzip; q=0.0"}, false},
		{[]string{"*"}, true},
		{[]string{"identity"}, false},
		{[]string{"gzipx"}, false},
	} {
		if got := acceptsGzip(tc.h); got != tc.want {
			t.Errorf("%q: %v, want %v", tc.h, got, tc.want)
		}
	}
}

func TestEtagMatch(t *testing.T) {
	tag := `W/"abc"`
	for h, want := range map[string]bool{`W/"abc"`: true, `"abc"`: true, `"x", W/"abc"`: true, `*`: true, `"abcd"`: false, ``: false} {
		if got := etagMatch([]string{h}, tag); got != want {
			t.Errorf("If-None-Match %q: %v, want %v", h, got, want)
		}
	}
}

// TestServeFilePrepared: a page is served with its length, a weak ETag, a
// 304 when the client has it, gzipped to a client that accepts gzip (and
// the same bytes once unzipped), plain otherwise; the security headers
// stay on every answer; a rebuilt page gets a new ETag.
func TestServeFilePrepared(t *testing.T) {
	dir := writeSite(t, baseSite)
	s, addr := start(t, dir)
	do := func(path string, header map[string]string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest("GET", addr+path, nil)
		for k, v := range header {
			req.Header.Set(k, v)
		}
		// The transport would ask for gzip itself and unzip silently.
		resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, b
	}
	resp, plain := do("/veiledere/a/", nil)
	etag := resp.Header.Get("ETag")
	if resp.StatusCode != 200 || !strings.HasPrefix(etag, `W/"`) || resp.Header.Get("Content-Encoding") != "" ||
		resp.ContentLength != int64(len(plain)) || !strings.Contains(string(plain), "Første versjon") {
		t.Fatalf("plain: %d ETag %q encoding %q length %d of %d", resp.StatusCode, etag, resp.Header.Get("Content-Encoding"), resp.ContentLength, len(plain))
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if len(plain) >= minGzip {
		resp, zipped := do("/veiledere/a/", map[string]string{"Accept-Encoding": "gzip"})
		if resp.Header.Get("Content-Encoding") != "gzip" || resp.Header.Get("Vary") != "Accept-Encoding" || len(zipped) >= len(plain) ||
			resp.ContentLength != int64(len(zipped)) || resp.Header.Get("ETag") != etag {
			t.Errorf("gzip: encoding %q, Vary %q, %d bytes against %d plain, ETag %q", resp.Header.Get("Content-Encoding"), resp.Header.Get("Vary"), len(zipped), len(plain), resp.Header.Get("ETag"))
		}
		zr, err := gzip.NewReader(strings.NewReader(string(zipped)))
		if err != nil {
			t.Fatal(err)
		}
		if un, _ := io.ReadAll(zr); string(un) != string(plain) {
			t.Error("the gzipped body is not the page")
		}
		if resp, _ := do("/veiledere/a/", map[string]string{"Accept-Encoding": "gzip;q=0"}); resp.Header.Get("Content-Encoding") != "" {
			t.Error("gzip sent to a client that refused it")
		}
	} else {
		t.Errorf("the test page is %d bytes, too small to be gzipped", len(plain))
	}
	resp, body := do("/veiledere/a/", map[string]string{"If-None-Match": etag})
	if resp.StatusCode != http.StatusNotModified || len(body) != 0 || resp.Header.Get("Content-Security-Policy") == "" {
		t.Errorf("If-None-Match: %d, %d bytes, CSP %q", resp.StatusCode, len(body), resp.Header.Get("Content-Security-Policy"))
	}
	req, _ := http.NewRequest("HEAD", addr+"/veiledere/a/", nil)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 200 || resp.ContentLength != int64(len(plain)) {
		t.Errorf("HEAD: %v %v", resp, err)
	}
	// A 404 page is sent with its status, never as a 304.
	if resp, _ := do("/finnes/ikke/", map[string]string{"If-None-Match": "*"}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("missing page with If-None-Match *: %d", resp.StatusCode)
	}

	writeFile(t, filepath.Join(dir, "content/veiledere/a.md"), "---\ntitle: A\n---\nAndre versjon.\n")
	waitRebuild(t, s)
	resp, body = do("/veiledere/a/", map[string]string{"If-None-Match": etag})
	if resp.StatusCode != 200 || resp.Header.Get("ETag") == etag || !strings.Contains(string(body), "Andre versjon") {
		t.Errorf("after the edit: %d, ETag %q (was %q)", resp.StatusCode, resp.Header.Get("ETag"), etag)
	}
}

// TestFileCacheFollowsOutput: a prepared file is never served for another
// output, nor for a file written again into the same one.
func TestFileCacheFollowsOutput(t *testing.T) {
	s := New(Options{})
	m := output.NewMemory()
	_ = m.Write("a.txt", []byte("one"))
	c := s.filesFor(m)
	d1, _ := m.Get("a.txt")
	if f := c.get("a.txt", d1); string(f.data) != "one" || s.filesFor(m) != c {
		t.Fatalf("first: %q", f.data)
	}
	_ = m.Write("a.txt", []byte("two"))
	d2, _ := m.Get("a.txt")
	if f := c.get("a.txt", d2); string(f.data) != "two" {
		t.Errorf("rewritten file served as %q", f.data)
	}
	m2 := m.Clone()
	if s.filesFor(m2) == c {
		t.Error("a new output shares the old one's cache")
	}
	w := httptest.NewRecorder()
	c.get("a.txt", d2).send(w, httptest.NewRequest("GET", "/a.txt", nil), http.StatusOK)
	if w.Body.String() != "two" || w.Header().Get("Content-Type") != "text/plain; charset=utf-8" || w.Header().Get("Content-Length") != "3" {
		t.Errorf("send: %q %v", w.Body.String(), w.Header())
	}
}

// TestPrepareGzipBounds: text between minGzip and maxGzip is gzipped;
// smaller or larger files, and images, are sent as they are.
func TestPrepareGzipBounds(t *testing.T) {
	text := func(n int) []byte { return []byte(strings.Repeat("personvern og informasjonssikkerhet ", n/36+1)[:n]) }
	for _, tc := range []struct {
		name string
		size int
		gz   bool
	}{
		{"a.html", minGzip - 1, false},
		{"a.html", minGzip, true},
		{"a.css", 64 << 10, true},
		{"a.html", maxGzip, true},
		{"a.html", maxGzip + 1, false},
		{"a.png", 64 << 10, false},
	} {
		if f := prepare(tc.name, text(tc.size)); (f.gz != nil) != tc.gz {
			t.Errorf("%s of %d bytes: gzipped %v, want %v", tc.name, tc.size, f.gz != nil, tc.gz)
		}
	}
}

// TestRememberCanonicalPaths: only a file's own spellings of its path are
// kept for the fast path (two a file at most), so that requests for other
// spellings cannot grow the map without end.
func TestRememberCanonicalPaths(t *testing.T) {
	for _, tc := range []struct {
		path, name, file string
		kept             bool
	}{
		{"/", "", "index.html", true},
		{"/veiledere/a/", "veiledere/a", "veiledere/a/index.html", true},
		{"/veiledere/a/index.html", "veiledere/a/index.html", "veiledere/a/index.html", true},
		{"/css/site.css", "css/site.css", "css/site.css", true},
		{"//veiledere/a/", "veiledere/a", "veiledere/a/index.html", false},
		{"/veiledere//a/", "veiledere/a", "veiledere/a/index.html", false},
		{"/veiledere/./a/", "veiledere/a", "veiledere/a/index.html", false},
		{"/css//site.css", "css/site.css", "css/site.css", false},
	} {
		c := &fileCache{}
		f := &servedFile{}
		c.remember(tc.path, tc.name, tc.file, f)
		_, kept := c.paths.Load(tc.path)
		if kept != tc.kept {
			t.Errorf("%q → %s: kept %v, want %v", tc.path, tc.file, kept, tc.kept)
		}
	}
}
