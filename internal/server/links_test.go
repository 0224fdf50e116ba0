package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/varde-portal/varde/internal/testsite"
)

const secretText = "root:x:0:0:SECRET-FROM-OUTSIDE-THE-SITE"

func symlink(t *testing.T, target, name string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, name); err != nil {
		t.Fatal(err)
	}
}

// serveGet asks the handler for path, as a browser would.
func serveGet(t *testing.T, s *Server, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Code, rec.Body.String()
}

// leaks are the addresses the links of linkSite would be published at.
var leaks = []string{"/passwd.txt", "/environ.txt", "/utenfor/leak.txt", "/veiledere/passwd.txt", "/veiledere/utenfor/leak.txt", "/veiledere/passwd/"}

// addLinks puts links out of the site into static/ and content/.
func addLinks(t *testing.T, site, outside string) {
	t.Helper()
	passwd := filepath.Join(outside, "passwd")
	symlink(t, passwd, filepath.Join(site, "static", "passwd.txt"))
	symlink(t, "/proc/self/environ", filepath.Join(site, "static", "environ.txt"))
	symlink(t, filepath.Join(outside, "dir"), filepath.Join(site, "static", "utenfor"))
	symlink(t, passwd, filepath.Join(site, "content", "veiledere", "passwd.txt"))
	symlink(t, passwd, filepath.Join(site, "content", "veiledere", "passwd.md"))
	symlink(t, filepath.Join(outside, "dir"), filepath.Join(site, "content", "veiledere", "utenfor"))
}

func outsideFiles(t *testing.T) string {
	t.Helper()
	outside := filepath.Join(t.TempDir(), "outside")
	testsite.Write(t, outside, map[string]string{"passwd": secretText, "dir/leak.txt": secretText})
	return outside
}

// noLeak fails when any of the links' addresses answers with a file from
// outside the site, or with 200.
func noLeak(t *testing.T, s *Server) {
	t.Helper()
	environ, _ := os.ReadFile("/proc/self/environ")
	for _, p := range leaks {
		code, body := serveGet(t, s, p)
		if code == http.StatusOK || strings.Contains(body, "SECRET-FROM-OUTSIDE") || (len(environ) > 20 && strings.Contains(body, string(environ[:20]))) {
			t.Errorf("GET %s = %d, %.80q: a file from outside the site is served", p, code, body)
		}
	}
}

// A site with links out of it from the start is not served: the build
// fails with the links named, and their addresses answer no content.
func TestServeRefusesLinksOutOfTheSite(t *testing.T) {
	site := writeSite(t, baseSite)
	addLinks(t, site, outsideFiles(t))
	s := New(Options{Source: site})
	// Run closes the search index when it ends; a test that rebuilds by
	// hand closes it, so the index build a rebuild starts in the
	// background is done before the site's folder is removed.
	t.Cleanup(s.search.close)
	if err := s.rebuild(context.Background(), nil); err == nil {
		t.Fatal("the build passed")
	}
	noLeak(t, s)
	_, status := serveGet(t, s, "/__varde/status")
	for _, name := range []string{"static/passwd.txt", "static/environ.txt", "static/utenfor", "content/veiledere/passwd.md", "content/veiledere/passwd.txt", "content/veiledere/utenfor"} {
		if !strings.Contains(status, name) || !strings.Contains(status, "symbolic link") {
			t.Errorf("the error overlay's status does not name %s:\n%s", name, status)
		}
	}
}

// Links added while the server runs make the rebuild fail: the last good
// site stays served, without them, and the overlay shows the errors.
func TestServeKeepsLinksAddedLaterOut(t *testing.T) {
	site := writeSite(t, baseSite)
	s := New(Options{Source: site})
	// Run closes the search index when it ends; a test that rebuilds by
	// hand closes it, so the index build a rebuild starts in the
	// background is done before the site's folder is removed.
	t.Cleanup(s.search.close)
	if err := s.rebuild(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	addLinks(t, site, outsideFiles(t))
	if err := s.rebuild(context.Background(), []string{"static/passwd.txt", "content/veiledere/passwd.md"}); err == nil {
		t.Fatal("the rebuild passed")
	}
	if code, _ := serveGet(t, s, "/veiledere/a/"); code != http.StatusOK {
		t.Errorf("the last good site is not served: %d", code)
	}
	noLeak(t, s)
	if code, body := serveGet(t, s, "/passwd.txt"); code != http.StatusNotFound || !strings.Contains(body, "<html") {
		t.Errorf("GET /passwd.txt = %d, want the site's 404 page", code)
	}
	if _, status := serveGet(t, s, "/__varde/status"); !strings.Contains(status, "static/passwd.txt") {
		t.Errorf("status does not name the link: %s", status)
	}
}

// The watcher walks the site as the build does: a folder linked from
// inside is watched at its real place and its edits come under the link's
// path; a folder linked from outside is never watched.
func TestWatcherFollowsLinksInsideOnly(t *testing.T) {
	site := writeSite(t, map[string]string{
		"config.toml":       "title = \"Test\"\n",
		"content/_index.md": "---\ntitle: Hjem\n---\n",
		"shared/felles.md":  "---\ntitle: Felles\n---\n",
	})
	outside := outsideFiles(t)
	symlink(t, "../shared", filepath.Join(site, "content", "delt"))
	symlink(t, filepath.Join(outside, "dir"), filepath.Join(site, "content", "utenfor"))
	w, err := newWatcher(site, 20*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go w.run(ctx)
	for _, p := range w.fsw.WatchList() {
		if strings.HasPrefix(p, outside) || strings.Contains(p, "utenfor") {
			t.Errorf("%s is watched", p)
		}
	}
	if !slices.Contains(w.fsw.WatchList(), filepath.Join(w.site.fs.Dir(), "shared")) {
		t.Errorf("the linked folder is not watched: %v", w.fsw.WatchList())
	}
	writeFile(t, filepath.Join(site, "shared", "felles.md"), "---\ntitle: Endret\n---\n")
	select {
	case c := <-w.changes:
		if !slices.Contains(c.Paths, "content/delt/felles.md") {
			t.Errorf("change %v, want content/delt/felles.md", c.Paths)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no change seen")
	}
}
