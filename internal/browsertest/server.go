package browsertest

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// CSP is the Content-Security-Policy the test server sends with every
// response. It is the strictest policy a plain static site can live with:
// no inline script or style, no handler attributes, nothing from another
// origin. Violations are posted to CSPReportPath.
const CSP = "default-src 'self'; report-uri " + CSPReportPath

// CSPReportPath is where the browser posts CSP violation reports.
const CSPReportPath = "/__csp"

// Server serves a folder of built output on 127.0.0.1 the way a careful
// static host would: pretty URLs (a folder answers with its index.html), the
// site's 404.html with status 404, gzip for text, and strict headers.
type Server struct {
	// URL is the origin, such as "http://127.0.0.1:41234", without a
	// trailing slash.
	URL string
	// Base is the path the folder is served under, such as "/" or
	// "/portal/", always with a leading and a trailing slash.
	Base string

	dir  string
	ts   *httptest.Server
	mu   sync.Mutex
	csp  []CSPViolation
	more chan struct{} // closed and replaced when a report arrives
	gzip sync.Map      // cache key (path+size+mtime) -> []byte
}

// Serve starts a Server for dir under base ("" or "/" for the root) and
// stops it when the test ends.
func Serve(t testing.TB, dir, base string) *Server {
	t.Helper()
	s, err := NewServer(dir, base)
	if err != nil {
		t.Fatalf("serve %s: %v", dir, err)
	}
	t.Cleanup(s.Close)
	return s
}

// NewServer starts a Server for dir under base. Close it when done.
func NewServer(dir, base string) (*Server, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return nil, errors.New(dir + " is not a folder")
	}
	base = "/" + strings.Trim(base, "/") + "/"
	if base == "//" {
		base = "/"
	}
	s := &Server{dir: dir, Base: base, more: make(chan struct{})}
	s.ts = httptest.NewServer(s) // listens on 127.0.0.1:0
	s.URL = s.ts.URL
	return s, nil
}

// Close stops the server.
func (s *Server) Close() { s.ts.Close() }

// Page returns the absolute URL of a site path such as "/nn/" or "veiledere/"
// (relative to Base).
func (s *Server) Page(p string) string {
	if strings.HasPrefix(p, "http://") || strings.HasPrefix(p, "https://") {
		return p
	}
	if strings.HasPrefix(p, s.Base) {
		return s.URL + p
	}
	return s.URL + s.Base + strings.TrimPrefix(p, "/")
}

// CSPReports returns the violation reports the browser has posted so far.
func (s *Server) CSPReports() []CSPViolation {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]CSPViolation(nil), s.csp...)
}

// WaitCSPReports waits until at least n violation reports have arrived or
// the timeout passes, and returns the reports. The browser posts reports
// after the page has loaded, on its own schedule.
func (s *Server) WaitCSPReports(n int, timeout time.Duration) []CSPViolation {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		got, more := len(s.csp), s.more
		s.mu.Unlock()
		if got >= n {
			return s.CSPReports()
		}
		select {
		case <-more:
		case <-deadline.C:
			return s.CSPReports()
		}
	}
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", CSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	if r.URL.Path == CSPReportPath {
		s.report(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	file, status := s.resolve(r.URL.Path)
	if file == "" {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	if status == http.StatusMovedPermanently {
		// A folder asked for without its slash: send the browser to the
		// canonical address, as static hosts do, so relative links work.
		target := r.URL.Path + "/"
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, status)
		return
	}
	s.send(w, r, file, status)
}

// resolve maps a URL path to a file under dir. It returns the file and the
// status to answer with: 200, 301 for a folder without its trailing slash,
// or 404 with the site's 404.html (file "" when there is none).
func (s *Server) resolve(urlPath string) (string, int) {
	notFound := func() (string, int) {
		p := filepath.Join(s.dir, "404.html")
		if _, err := os.Stat(p); err == nil {
			return p, http.StatusNotFound
		}
		return "", http.StatusNotFound
	}
	if !strings.HasPrefix(urlPath, s.Base) && urlPath+"/" != s.Base {
		return notFound()
	}
	rel := strings.TrimPrefix(urlPath, strings.TrimSuffix(s.Base, "/"))
	// Cleaning a rooted path drops every ".." that would climb above the
	// root, so the file cannot be outside dir.
	p := filepath.Join(s.dir, filepath.FromSlash(path.Clean("/"+rel)))
	st, err := os.Stat(p)
	if err != nil {
		return notFound()
	}
	if st.IsDir() {
		if !strings.HasSuffix(urlPath, "/") {
			return p, http.StatusMovedPermanently
		}
		p = filepath.Join(p, "index.html")
		if st, err = os.Stat(p); err != nil || st.IsDir() {
			return notFound()
		}
	}
	return p, http.StatusOK
}

// send writes a file, gzip-compressed when it is text and the browser
// accepts gzip, so that the transferred bytes are what a production host
// would send.
func (s *Server) send(w http.ResponseWriter, r *http.Request, file string, status int) {
	st, err := os.Stat(file)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	body, err := os.ReadFile(file)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	ctype := contentType(file, body)
	h := w.Header()
	h.Set("Content-Type", ctype)
	if compressible(ctype) {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r) {
			key := fmt.Sprintf("%s\x00%d\x00%d", file, st.Size(), st.ModTime().UnixNano())
			if z, ok := s.gzip.Load(key); ok {
				body = z.([]byte)
			} else {
				body = gzipBytes(body)
				s.gzip.Store(key, body)
			}
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// types maps the extensions a site uses to their MIME types. The system's
// mime tables differ between machines, and with nosniff a wrong type for a
// script or stylesheet breaks the page, so the common ones are fixed here.
var types = map[string]string{
	".html":        "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".json":        "application/json",
	".xml":         "application/xml",
	".atom":        "application/atom+xml",
	".svg":         "image/svg+xml",
	".txt":         "text/plain; charset=utf-8",
	".webmanifest": "application/manifest+json",
	".ico":         "image/x-icon",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".webp":        "image/webp",
	".avif":        "image/avif",
	".gif":         "image/gif",
	".woff2":       "font/woff2",
	".pdf":         "application/pdf",
	".zip":         "application/zip",
}

func contentType(file string, body []byte) string {
	ext := strings.ToLower(filepath.Ext(file))
	if t, ok := types[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return http.DetectContentType(body)
}

func compressible(ctype string) bool {
	ctype, _, _ = strings.Cut(ctype, ";")
	switch {
	case strings.HasPrefix(ctype, "text/"),
		strings.HasSuffix(ctype, "+json"), strings.HasSuffix(ctype, "+xml"),
		ctype == "application/json", ctype == "application/xml",
		ctype == "application/javascript", ctype == "image/x-icon":
		return true
	}
	return false
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") && strings.ReplaceAll(params, " ", "") != "q=0" {
			return true
		}
	}
	return false
}

// gzipBytes compresses at level 6, the default of nginx's gzip_comp_level
// ladder that most hosts use, so the budget is measured against a realistic
// transfer size.
func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, 6) // the level is valid, so no error
	_, _ = zw.Write(b)
	_ = zw.Close()
	return buf.Bytes()
}
