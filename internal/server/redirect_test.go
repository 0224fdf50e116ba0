package server

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
)

// rawGet sends a GET with the request target exactly as written (an
// http.Client would read //host/... as a host) and returns the response.
func rawGet(t *testing.T, addr, target string) *http.Response {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(addr, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", target)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("%s: %v", target, err)
	}
	resp.Body.Close()
	return resp
}

// TestRedirectStaysOnHost: a folder's address without its slash is
// redirected to the same path with one, always as a path on this host:
// never protocol-relative (//host/...) and never with a backslash, however
// the request spells its path (issue 15, item 7).
func TestRedirectStaysOnHost(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"config.toml":                "title = \"Test\"\n",
		"content/_index.md":          "---\ntitle: Hjem\n---\nVelkommen.\n",
		"content/veiledere/dpia.md":  "---\ntitle: DPIA\n---\nTekst.\n",
		"content/evil-com/_index.md": "---\ntitle: Ond\n---\nTekst.\n",
	})
	_, addr := start(t, dir)
	for _, tc := range []struct{ path, want string }{
		{"/veiledere/dpia", "/veiledere/dpia/"},
		{"/%2Fveiledere/dpia", "/veiledere/dpia/"},
		{"/%2F%2Fveiledere/dpia", "/veiledere/dpia/"},
		{"//veiledere/dpia", "/veiledere/dpia/"},
		{"/%2F%2Fevil-com", "/evil-com/"},
		{"/%2Fevil-com", "/evil-com/"},
		{"///evil-com", "/evil-com/"},
		{"/\\evil.com", ""},
		{"/%5Cevil.com", ""},
		{"/%5C%5Cevil.com", ""},
		{"/%2F%5Cevil.com", ""},
	} {
		resp := rawGet(t, addr, tc.path)
		loc := resp.Header.Get("Location")
		if strings.HasPrefix(loc, "//") || strings.Contains(loc, `\`) || strings.Contains(strings.ToLower(loc), "%5c") || strings.Contains(loc, ":") {
			t.Errorf("%s: Location %q leaves the host", tc.path, loc)
		}
		if tc.want == "" {
			if resp.StatusCode/100 == 3 || resp.StatusCode == 200 {
				t.Errorf("%s: status %d, Location %q; want it refused", tc.path, resp.StatusCode, loc)
			}
			continue
		}
		// Go's ServeMux answers a path with empty segments itself, with a
		// 307 to the cleaned path (which then gets its slash from us).
		mux := resp.StatusCode == http.StatusTemporaryRedirect && loc == strings.TrimSuffix(tc.want, "/")
		if !mux && (resp.StatusCode != http.StatusMovedPermanently || loc != tc.want) {
			t.Errorf("%s: status %d, Location %q; want 301 to %q", tc.path, resp.StatusCode, loc, tc.want)
		}
	}
}

// TestFolderURL covers names no built site is likely to hold.
func TestFolderURL(t *testing.T) {
	for name, want := range map[string]string{
		"":             "/",
		"a/b":          "/a/b/",
		"/a":           "/a/",
		"//evil.com":   "/evil.com/",
		"a?b#c":        "/a%3Fb%23c/",
		"hjelp/æøå":    "/hjelp/%C3%A6%C3%B8%C3%A5/",
		"javascript:x": "/javascript:x/",
	} {
		if got := folderURL(name); got != want {
			t.Errorf("folderURL(%q) = %q, want %q", name, got, want)
		}
	}
}
