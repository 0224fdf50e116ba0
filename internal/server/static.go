package server

import (
	"bytes"
	"compress/gzip"
	"hash/fnv"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/varde-portal/varde/internal/output"
)

// The built site is served from memory with everything a response needs
// worked out once per file and build: its headers as ready []string values
// (no formatting or allocation per request), a weak ETag so that a reload
// of an unchanged page is a 304, and a gzipped body for clients that accept
// it (most pages shrink to a fifth, which is most of the cost of sending
// them over loopback). The first request for a file after a build pays for
// this; every later one writes prepared bytes.

// servedFile is one file of a build, ready to send.
type servedFile struct {
	data  []byte
	ctype []string
	clen  []string
	etag  []string
	gz    []byte   // nil when gzip does not pay (small or incompressible)
	gzLen []string // Content-Length of gz
}

// fileCache holds the servedFiles of one build's output; a new output
// (a rebuild, new static search files) gets a new cache.
type fileCache struct {
	files *output.Memory
	m     sync.Map // name → *servedFile
	// paths maps the canonical request path of each file served with 200
	// ("/a/b/" for a/b/index.html, "/css/x.css") to it, so that a request
	// for it needs neither the mux, nor cleaning the path, nor a lookup in
	// the output: a served output never changes (a rebuild or new static
	// search files make a new one, and a new fileCache). At most two paths
	// a file: other spellings of a path take the long way.
	paths sync.Map // path → *servedFile
}

// fastFile returns the prepared file for a GET or HEAD of a canonical path
// served before, or nil.
func (s *Server) fastFile(r *http.Request) *servedFile {
	if r.URL.RawPath != "" || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		return nil
	}
	s.mu.RLock()
	files := s.files
	s.mu.RUnlock()
	if files == nil {
		return nil
	}
	c := s.fcache.Load()
	if c == nil || c.files != files {
		return nil
	}
	if v, ok := c.paths.Load(r.URL.Path); ok {
		return v.(*servedFile)
	}
	return nil
}

// remember records that the request path p, which cleanPath turned into
// name, is answered with f (file, in the output), when p is the path's
// canonical spelling.
func (c *fileCache) remember(p, name, file string, f *servedFile) {
	switch {
	case p == "/"+file, // a file by its name
		file == path.Join(name, "index.html") && (p == "/"+name+"/" || name == "" && p == "/"): // a folder
		c.paths.Store(p, f)
	}
}

// Header values shared by every file response.
var (
	noCache     = []string{"no-cache"}
	gzipEnc     = []string{"gzip"}
	varyEnc     = []string{"Accept-Encoding"}
	octetStream = []string{"application/octet-stream"}
)

// minGzip is the smallest file worth compressing: below it the gzip
// header and the reader's setup cost more than the bytes saved.
const minGzip = 1 << 10

// maxGzip bounds the file gzipped on a request: compressing a 20 MB page
// takes about half a second of CPU, which the first reader after each
// build would wait for; such a page is sent as it is.
const maxGzip = 2 << 20

// filesFor returns the cache of files, making it when the output changed.
func (s *Server) filesFor(files *output.Memory) *fileCache {
	c := s.fcache.Load()
	if c != nil && c.files == files {
		return c
	}
	n := &fileCache{files: files}
	if s.fcache.CompareAndSwap(c, n) {
		return n
	}
	if c = s.fcache.Load(); c != nil && c.files == files {
		return c // another request made it first
	}
	return n
}

// get returns name's prepared file; data is what files holds for it.
func (c *fileCache) get(name string, data []byte) *servedFile {
	if v, ok := c.m.Load(name); ok {
		f := v.(*servedFile)
		if sameBytes(f.data, data) {
			return f
		}
	}
	f := prepare(name, data)
	c.m.Store(name, f)
	return f
}

// sameBytes reports whether a and b are the same slice (not merely equal):
// a file written again into the same output gets a new slice.
func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

func prepare(name string, data []byte) *servedFile {
	f := &servedFile{data: data, clen: []string{strconv.Itoa(len(data))}, ctype: octetStream}
	if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
		f.ctype = []string{ct}
	}
	h := fnv.New64a()
	_, _ = h.Write(data)
	// Weak: the gzipped and the plain body are the same resource.
	f.etag = []string{`W/"` + strconv.FormatUint(h.Sum64(), 36) + `"`}
	if len(data) >= minGzip && len(data) <= maxGzip && compressible(f.ctype[0]) {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.DefaultCompression)
		_, _ = zw.Write(data)
		if zw.Close() == nil && b.Len() < len(data)*9/10 {
			f.gz = b.Bytes()
			f.gzLen = []string{strconv.Itoa(len(f.gz))}
		}
	}
	return f
}

// compressible reports whether a content type is text of some kind; images
// and fonts are compressed already.
func compressible(ct string) bool {
	ct, _, _ = strings.Cut(ct, ";")
	switch {
	case strings.HasPrefix(ct, "text/"), strings.HasSuffix(ct, "+xml"), strings.HasSuffix(ct, "+json"):
		return true
	}
	switch ct {
	case "application/json", "application/javascript", "application/xml", "application/manifest+json", "image/svg+xml", "application/wasm":
		return true
	}
	return false
}

// acceptsGzip reports whether an Accept-Encoding header allows gzip
// (named or through *, with a q other than 0).
func acceptsGzip(header []string) bool {
	for _, v := range header {
		for part := range strings.SplitSeq(v, ",") {
			coding, params, _ := strings.Cut(part, ";")
			coding = strings.ToLower(strings.TrimSpace(coding))
			if coding != "gzip" && coding != "x-gzip" && coding != "*" {
				continue
			}
			if q, ok := strings.CutPrefix(strings.ReplaceAll(strings.TrimSpace(params), " ", ""), "q="); ok {
				if n, err := strconv.ParseFloat(q, 64); err == nil && n == 0 {
					continue
				}
			}
			return true
		}
	}
	return false
}

// etagMatch reports whether an If-None-Match header names etag (weak
// comparison, as RFC 9110 asks for If-None-Match) or is *.
func etagMatch(header []string, etag string) bool {
	want := strings.TrimPrefix(etag, "W/")
	for _, v := range header {
		for tag := range strings.SplitSeq(v, ",") {
			tag = strings.TrimSpace(tag)
			if tag == "*" || strings.TrimPrefix(tag, "W/") == want {
				return true
			}
		}
	}
	return false
}

// send writes f with status code: a 304 when the client has it (for a
// 200 only), the gzipped body when the client takes it.
func (f *servedFile) send(w http.ResponseWriter, r *http.Request, code int) {
	h := w.Header()
	h["Content-Type"] = f.ctype
	h["Cache-Control"] = noCache
	h["Etag"] = f.etag
	if f.gz != nil {
		h["Vary"] = varyEnc
	}
	if code == http.StatusOK {
		if inm, ok := r.Header["If-None-Match"]; ok && etagMatch(inm, f.etag[0]) {
			delete(h, "Content-Type")
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	body := f.data
	h["Content-Length"] = f.clen
	if f.gz != nil && acceptsGzip(r.Header["Accept-Encoding"]) {
		body = f.gz
		h["Content-Encoding"] = gzipEnc
		h["Content-Length"] = f.gzLen
	}
	w.WriteHeader(code)
	if r.Method != http.MethodHead {
		writeCoalesced(w, r, body)
	}
}
