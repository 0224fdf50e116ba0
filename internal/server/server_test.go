package server

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/varde-portal/varde/internal/testsite"
)

// writeSite creates a small site in a temp folder.
func writeSite(t testing.TB, files map[string]string) string {
	t.Helper()
	return testsite.New(t, files)
}

func writeFile(t testing.TB, p, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

var baseSite = map[string]string{
	"config.toml":            "title = \"Test\"\n",
	"content/_index.md":      "---\ntitle: Hjem\n---\nVelkommen. [A](veiledere/a.md)\n",
	"content/veiledere/a.md": "---\ntitle: Side A\n---\nFørste versjon.\n",
	"content/veiledere/b.md": "---\ntitle: Side B\ntopics: [x]\n---\nLenke til [A](a.md).\n",
}

// start runs a server on a free port and returns its address.
func start(t *testing.T, dir string) (*Server, string) {
	t.Helper()
	s := New(Options{Source: dir, Port: 0, Debounce: 20 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, ready) }()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("server stopped: %v", err)
	case <-time.After(20 * time.Second):
		t.Fatal("server did not start")
	}
	<-s.Rebuilt // the initial build
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Error("server did not shut down")
		}
	})
	return s, strings.TrimSuffix(addr, "/")
}

func get(t *testing.T, url string) (int, http.Header, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

// waitRebuild waits for the next rebuild after an edit.
func waitRebuild(t *testing.T, s *Server) RebuildInfo {
	t.Helper()
	select {
	case info := <-s.Rebuilt:
		return info
	case <-time.After(10 * time.Second):
		t.Fatal("no rebuild after the change")
	}
	return RebuildInfo{}
}

// waitRebuildOf waits for the rebuild whose changed paths include file
// (site-relative) or a folder holding it, passing over rebuilds of earlier edits: on a loaded
// machine one edit's events can arrive further apart than the debounce
// and make two rebuilds.
func waitRebuildOf(t *testing.T, s *Server, file string) RebuildInfo {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case info := <-s.Rebuilt:
			// A new folder is reported, not the files in it.
			if slices.ContainsFunc(info.Paths, func(p string) bool { return p == file || strings.HasPrefix(file, p+"/") }) {
				return info
			}
		case <-deadline:
			t.Fatalf("no rebuild after the change of %s", file)
			return RebuildInfo{}
		}
	}
}

func TestServeHeadersAndTraversal(t *testing.T) {
	dir := writeSite(t, baseSite)
	writeFile(t, filepath.Join(filepath.Dir(dir), "secret.txt"), "hemmelig")
	_, addr := start(t, dir)
	code, h, body := get(t, addr+"/veiledere/a/")
	if code != 200 || !strings.Contains(body, "Første versjon") || !strings.Contains(body, "__varde/reload.js") {
		t.Fatalf("page: %d %s", code, body)
	}
	for k, want := range map[string]string{
		"Content-Security-Policy": "default-src 'self'", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
	} {
		if !strings.Contains(h.Get(k), want) {
			t.Errorf("%s = %q", k, h.Get(k))
		}
	}
	for _, p := range []string{"/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/%2e%2e/secret.txt", "/..%2fsecret.txt", "/..%5csecret.txt", "/veiledere\\..\\..\\secret.txt", "//etc/passwd", "/%2fetc%2fpasswd", "/C:/Windows/win.ini"} {
		req, _ := http.NewRequest("GET", addr+"/", nil)
		req.URL.Opaque = p // send the path exactly as written, unnormalised
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(b), "hemmelig") || strings.Contains(string(b), "root:") || resp.StatusCode == 200 {
			t.Errorf("%s: status %d, body %.80q", p, resp.StatusCode, b)
		}
	}
	if code, _, _ := get(t, addr+"/finnes/ikke/"); code != 404 {
		t.Errorf("missing page: %d", code)
	}
	if code, _, _ := get(t, addr+"/veiledere/a"); code != 200 { // redirected to the slash form
		t.Errorf("no-slash: %d", code)
	}
	resp, _ := http.Post(addr+"/", "text/plain", strings.NewReader("x"))
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", resp.StatusCode)
	}
	resp.Body.Close()
}

func TestWatchRebuilds(t *testing.T) {
	dir := writeSite(t, baseSite)
	s, addr := start(t, dir)

	// Edit: only the affected pages are rendered again.
	writeFile(t, filepath.Join(dir, "content/veiledere/a.md"), "---\ntitle: Side A\n---\nAndre versjon.\n")
	info := waitRebuild(t, s)
	if !info.OK || info.Pages >= len(s.Current().Site.Pages) {
		t.Errorf("edit: %+v (of %d pages)", info, len(s.Current().Site.Pages))
	}
	if _, _, body := get(t, addr+"/veiledere/a/"); !strings.Contains(body, "Andre versjon") {
		t.Errorf("edit not served: %s", body)
	}

	// Atomic save: write a temp file, rename over the page.
	tmp := filepath.Join(dir, "content/veiledere/.a.md.swp")
	writeFile(t, tmp, "---\ntitle: Side A\n---\nTredje versjon.\n")
	if err := os.Rename(tmp, filepath.Join(dir, "content/veiledere/a.md")); err != nil {
		t.Fatal(err)
	}
	waitRebuild(t, s)
	if _, _, body := get(t, addr+"/veiledere/a/"); !strings.Contains(body, "Tredje versjon") {
		t.Errorf("atomic save not served")
	}

	// A new folder with a page, created after the server started.
	writeFile(t, filepath.Join(dir, "content/ny/mappe/side.md"), "---\ntitle: Ny side\n---\nNy.\n")
	for i := 0; i < 3; i++ { // the folder and the file may arrive as separate bursts
		waitRebuild(t, s)
		if code, _, _ := get(t, addr+"/ny/mappe/side/"); code == 200 {
			break
		}
	}
	if code, _, _ := get(t, addr+"/ny/mappe/side/"); code != 200 {
		t.Errorf("page in new folder: %d", code)
	}
	// Edit in the new folder is seen too (the folder is watched).
	writeFile(t, filepath.Join(dir, "content/ny/mappe/side.md"), "---\ntitle: Ny side\n---\nEndret i ny mappe.\n")
	waitRebuild(t, s)
	if _, _, body := get(t, addr+"/ny/mappe/side/"); !strings.Contains(body, "Endret i ny mappe") {
		t.Errorf("edit in new folder not served")
	}

	// Rename and delete.
	if err := os.Rename(filepath.Join(dir, "content/ny/mappe/side.md"), filepath.Join(dir, "content/ny/mappe/flyttet.md")); err != nil {
		t.Fatal(err)
	}
	waitRebuild(t, s)
	if code, _, _ := get(t, addr+"/ny/mappe/flyttet/"); code != 200 {
		t.Errorf("renamed page: %d", code)
	}
	if code, _, _ := get(t, addr+"/ny/mappe/side/"); code != 404 {
		t.Errorf("old name still served: %d", code)
	}
	if err := os.RemoveAll(filepath.Join(dir, "content/ny")); err != nil {
		t.Fatal(err)
	}
	waitRebuild(t, s)
	if code, _, _ := get(t, addr+"/ny/mappe/flyttet/"); code != 404 {
		t.Errorf("deleted page still served: %d", code)
	}

	// A build error keeps the last good site and reports the error.
	writeFile(t, filepath.Join(dir, "content/veiledere/a.md"), "---\ntitle: Side A\n---\nSe [borte](borte.md).\n")
	if info := waitRebuildOf(t, s, "content/veiledere/a.md"); info.OK {
		t.Error("broken link built")
	}
	if _, _, body := get(t, addr+"/veiledere/a/"); !strings.Contains(body, "Tredje versjon") {
		t.Error("last good page not served after an error")
	}
	_, _, st := get(t, addr+"/__varde/status")
	if !strings.Contains(st, `"ok":false`) || !strings.Contains(st, `content/veiledere/a.md`) || !strings.Contains(st, `"line":4`) {
		t.Errorf("status = %s", st)
	}
	// A template change rebuilds everything.
	writeFile(t, filepath.Join(dir, "content/veiledere/a.md"), "---\ntitle: Side A\n---\nFjerde.\n")
	waitRebuild(t, s)
	writeFile(t, filepath.Join(dir, "layouts/partials/footer.html"), "<footer class=\"site-footer\">Egen bunntekst</footer>\n")
	info = waitRebuildOf(t, s, "layouts/partials/footer.html")
	if info.Pages != len(s.Current().Site.Pages) {
		t.Errorf("template change rendered %d of %d pages", info.Pages, len(s.Current().Site.Pages))
	}
	if _, _, body := get(t, addr+"/veiledere/b/"); !strings.Contains(body, "Egen bunntekst") {
		t.Error("template change not served")
	}
}

func TestEventsStream(t *testing.T) {
	dir := writeSite(t, baseSite)
	s, addr := start(t, dir)
	resp, err := http.Get(addr + "/__varde/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("content type %q", ct)
	}
	got := make(chan string, 1)
	go func() {
		buf := make([]byte, 4096)
		var all strings.Builder
		for {
			n, err := resp.Body.Read(buf)
			all.Write(buf[:n])
			if strings.Contains(all.String(), "event: reload") || err != nil {
				got <- all.String()
				return
			}
		}
	}()
	time.Sleep(50 * time.Millisecond) // let the stream register before the edit
	writeFile(t, filepath.Join(dir, "content/veiledere/b.md"), "---\ntitle: Side B\n---\nNy tekst.\n")
	waitRebuild(t, s)
	select {
	case text := <-got:
		if !strings.Contains(text, "event: reload") {
			t.Errorf("stream: %q", text)
		}
	case <-time.After(5 * time.Second):
		t.Error("no reload event")
	}
	_ = fmt.Sprint()
}

// TestConfigRemovedWhileServing: deleting config.toml (a git checkout of a
// branch without the site, a mistaken rm) rebuilt the folder as an empty
// site with the defaults and served it, every page 404, with no error;
// varde build refuses such a folder. Now it is a build error naming the
// file, the last good site stays up, and putting the file back recovers.
func TestConfigRemovedWhileServing(t *testing.T) {
	dir := writeSite(t, baseSite)
	s, addr := start(t, dir)
	if err := os.Remove(filepath.Join(dir, "config.toml")); err != nil {
		t.Fatal(err)
	}
	if info := waitRebuildOf(t, s, "config.toml"); info.OK {
		t.Error("a folder without config.toml built")
	}
	if code, _, body := get(t, addr+"/veiledere/a/"); code != 200 || !strings.Contains(body, "Første versjon") {
		t.Errorf("last good page not served: %d", code)
	}
	if _, _, st := get(t, addr+"/__varde/status"); !strings.Contains(st, `"ok":false`) || !strings.Contains(st, `config.toml is missing`) {
		t.Errorf("status = %s", st)
	}
	writeFile(t, filepath.Join(dir, "config.toml"), baseSite["config.toml"])
	if info := waitRebuildOf(t, s, "config.toml"); !info.OK {
		t.Error("no good build once config.toml is back")
	}
}

// TestRebuiltLineNamesFewPaths: deleting content/ with a deep tree printed
// every folder and file in one "Rebuilt …" line (10 KB for a 60-deep
// folder); the line names the first few and counts the rest.
func TestRebuiltLineNamesFewPaths(t *testing.T) {
	var paths []string
	for i := range 12 {
		paths = append(paths, fmt.Sprintf("content/d%d", i))
	}
	if got, want := shownPaths(paths), "content/d0, content/d1, content/d2, content/d3, content/d4 and 7 more"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := shownPaths(paths[:5]); got != "content/d0, content/d1, content/d2, content/d3, content/d4" {
		t.Errorf("five: %q", got)
	}
}

// TestHostHeaderOnLoopback: the preview answered any Host, so a web page
// whose name resolves to 127.0.0.1 (DNS rebinding) could read it, drafts
// and /__varde/status included, from the editor's browser. Listening on a
// loopback address it answers only requests addressed to a loopback name.
func TestHostHeaderOnLoopback(t *testing.T) {
	dir := writeSite(t, baseSite)
	_, addr := start(t, dir)
	_, port, _ := strings.Cut(strings.TrimPrefix(addr, "http://"), ":")
	for host, want := range map[string]int{
		"127.0.0.1:" + port: 200, "localhost:" + port: 200, "LOCALHOST": 200, "[::1]:" + port: 200, "varde.localhost:" + port: 200,
		"evil.example:" + port: 403, "evil.example": 403, "127.0.0.1.evil.example": 403, "10.0.0.1:" + port: 403,
	} {
		for _, p := range []string{"/veiledere/a/", "/__varde/status", "/api/search?q=side"} {
			req, _ := http.NewRequest("GET", addr+p, nil)
			req.Host = host
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != want && !(want == 200 && p == "/api/search?q=side" && resp.StatusCode != 403) {
				t.Errorf("Host %q %s: %d, want %d", host, p, resp.StatusCode, want)
			}
			if want == 403 && strings.Contains(string(b), "Side A") {
				t.Errorf("Host %q %s: content served", host, p)
			}
		}
	}
}

// TestServeUnderTheBasePath: with baseURL "https://k.no/personvern/" every
// link, the CSS and the live-reload script of a page point below
// /personvern/, but varde serve served the site at /, so the preview came
// without style and with every link dead. It now serves the site under its
// base path, as it will be published, and sends / there.
func TestServeUnderTheBasePath(t *testing.T) {
	files := map[string]string{}
	for k, v := range baseSite {
		files[k] = v
	}
	files["config.toml"] = "title = \"Test\"\nbaseURL = \"https://k.no/personvern/\"\n"
	dir := writeSite(t, files)
	_, addr := start(t, dir)
	code, _, body := get(t, addr+"/personvern/veiledere/a/")
	if code != 200 || !strings.Contains(body, "Første versjon") {
		t.Fatalf("page under the base path: %d", code)
	}
	css := regexp.MustCompile(`href="(/personvern/css/[^"]+)"`).FindStringSubmatch(body)
	js := regexp.MustCompile(`src="(/personvern/__varde/reload\.js)"`).FindStringSubmatch(body)
	if css == nil || js == nil {
		t.Fatalf("no CSS or reload script below the base path in\n%s", body)
	}
	for _, p := range []string{css[1], js[1], "/personvern/__varde/status", "/personvern/", "/personvern"} {
		if code, _, _ := get(t, addr+p); code != 200 {
			t.Errorf("%s: %d", p, code)
		}
	}
	if code, _, _ := get(t, addr+"/veiledere/a/"); code != 404 {
		t.Errorf("the page outside the base path: %d, want 404", code)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for p, want := range map[string]string{"/": "/personvern/", "/personvern/veiledere/a": "/personvern/veiledere/a/"} {
		resp, err := client.Get(addr + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); resp.StatusCode/100 != 3 || loc != want {
			t.Errorf("%s: %d to %q, want a redirect to %q", p, resp.StatusCode, loc, want)
		}
	}
}
