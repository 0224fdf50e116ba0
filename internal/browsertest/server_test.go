package browsertest

import (
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"
)

// serverCase is one request to the test server and what must come back.
type serverCase struct {
	path     string
	gzip     bool // ask for gzip; the answer must then be compressed
	status   int
	location string // for redirects
	ctype    string // prefix of Content-Type
	body     string // a substring of the decoded body
}

func TestServer(t *testing.T) {
	for _, base := range []string{"/", "/portal/"} {
		name := strings.Trim(base, "/")
		if name == "" {
			name = "root"
		}
		t.Run(name, func(t *testing.T) {
			s := Serve(t, "testdata/site", base)
			b := strings.TrimSuffix(base, "/")
			tests := []serverCase{
				{path: b + "/", gzip: true, status: 200, ctype: "text/html", body: "<title>Forside</title>"},
				{path: b + "/page2/", gzip: true, status: 200, ctype: "text/html", body: "<title>Side to</title>"},
				{path: b + "/page2/index.html", status: 200, ctype: "text/html", body: "Side to"},
				{path: b + "/page2", status: 301, location: b + "/page2/"},
				{path: b + "/assets/site.css", gzip: true, status: 200, ctype: "text/css", body: "--accent"},
				{path: b + "/assets/site.js", status: 200, ctype: "text/javascript", body: "data-js"},
				{path: b + "/assets/icon.svg", gzip: true, status: 200, ctype: "image/svg+xml", body: "<svg"},
				{path: b + "/search/shard-0.json", gzip: true, status: 200, ctype: "application/json", body: "personvern"},
				{path: b + "/nope/", gzip: true, status: 404, ctype: "text/html", body: "Siden finnes ikke"},
				{path: b + "/../server.go", status: 404, body: "Siden finnes ikke"},
			}
			if base != "/" {
				tests = append(tests, serverCase{path: "/page2/", status: 404, body: "Siden finnes ikke"})
			}
			client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			for _, tc := range tests {
				req, _ := http.NewRequest("GET", s.URL+tc.path, nil)
				if tc.gzip {
					req.Header.Set("Accept-Encoding", "gzip, deflate, br")
				}
				resp, err := client.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				body := readBody(t, resp)
				if resp.StatusCode != tc.status {
					t.Errorf("%s: status %d, want %d", tc.path, resp.StatusCode, tc.status)
				}
				if got := resp.Header.Get("Location"); got != tc.location {
					t.Errorf("%s: Location %q, want %q", tc.path, got, tc.location)
				}
				if tc.ctype != "" && !strings.HasPrefix(resp.Header.Get("Content-Type"), tc.ctype) {
					t.Errorf("%s: Content-Type %q, want %s", tc.path, resp.Header.Get("Content-Type"), tc.ctype)
				}
				if got := resp.Header.Get("Content-Encoding") == "gzip"; got != tc.gzip {
					t.Errorf("%s: gzip %v, want %v", tc.path, got, tc.gzip)
				}
				if !strings.Contains(body, tc.body) {
					t.Errorf("%s: body lacks %q", tc.path, tc.body)
				}
				for h, want := range map[string]string{
					"Content-Security-Policy": "default-src 'self'; report-uri /__csp",
					"X-Content-Type-Options":  "nosniff",
					"Referrer-Policy":         "no-referrer",
				} {
					if got := resp.Header.Get(h); got != want {
						t.Errorf("%s: %s %q, want %q", tc.path, h, got, want)
					}
				}
			}
		})
	}
}

func readBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	var r io.Reader = resp.Body
	if resp.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			t.Fatalf("gzip: %v", err)
		}
		r = zr
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestCSPReportEndpoint(t *testing.T) {
	s := Serve(t, "testdata/site", "/")
	tests := []struct {
		name, ctype, body string
		want              CSPViolation
	}{
		{
			name:  "report-uri",
			ctype: "application/csp-report",
			body: `{"csp-report":{"document-uri":"http://127.0.0.1/bad/","violated-directive":"script-src-elem",` +
				`"effective-directive":"script-src-elem","blocked-uri":"inline","line-number":6,"column-number":9,"source-file":"http://127.0.0.1/bad/"}}`,
			want: CSPViolation{Via: "report-uri", DocumentURI: "http://127.0.0.1/bad/", Directive: "script-src-elem",
				BlockedURI: "inline", SourceFile: "http://127.0.0.1/bad/", Line: 6, Column: 9},
		},
		{
			name:  "reporting-api",
			ctype: "application/reports+json",
			body: `[{"type":"csp-violation","url":"http://127.0.0.1/bad/","body":{"documentURL":"http://127.0.0.1/bad/",` +
				`"effectiveDirective":"img-src","blockedURL":"http://tracker.invalid/pixel.png","disposition":"enforce","lineNumber":12}},` +
				`{"type":"deprecation","body":{}}]`,
			want: CSPViolation{Via: "report-uri", DocumentURI: "http://127.0.0.1/bad/", Directive: "img-src",
				BlockedURI: "http://tracker.invalid/pixel.png", Line: 12},
		},
	}
	for i, tc := range tests {
		resp, err := http.Post(s.URL+CSPReportPath, tc.ctype, strings.NewReader(tc.body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNoContent {
			t.Errorf("%s: status %d, want 204", tc.name, resp.StatusCode)
		}
		got := s.CSPReports()
		if len(got) != i+1 {
			t.Fatalf("%s: %d reports stored, want %d", tc.name, len(got), i+1)
		}
		if got[i] != tc.want {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.name, got[i], tc.want)
		}
	}
	resp, err := http.Post(s.URL+CSPReportPath, "application/csp-report", strings.NewReader("{not json"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("bad report: status %d, want 400", resp.StatusCode)
	}
}

func TestFindTool(t *testing.T) {
	t.Setenv(EnvAxe, "testdata/no-such-axe.js")
	if _, err := FindAxe(); err == nil || !strings.Contains(err.Error(), EnvAxe) {
		t.Errorf("FindAxe with a missing VARDE_AXE: err %v, want one naming %s", err, EnvAxe)
	}
	t.Setenv(EnvAxe, "testdata/site/assets/site.js")
	if p, err := FindAxe(); err != nil || p != "testdata/site/assets/site.js" {
		t.Errorf("FindAxe = %q, %v; want the VARDE_AXE path", p, err)
	}
	t.Setenv(EnvChrome, "testdata/no-such-chrome")
	if _, err := FindChrome(); err == nil || !strings.Contains(err.Error(), EnvChrome) {
		t.Errorf("FindChrome with a missing VARDE_CHROME: err %v, want one naming %s", err, EnvChrome)
	}
}

func TestPDFPagesRejectsNonPDF(t *testing.T) {
	for _, in := range []string{"", "hello", "%PDF-1.4\n%%EOF"} {
		if n, err := PDFPages([]byte(in)); err == nil {
			t.Errorf("PDFPages(%q) = %d, nil; want an error", in, n)
		}
	}
}

func TestSafeName(t *testing.T) {
	for in, want := range map[string]string{
		"TestJourney/menu_to_page": "TestJourney_menu_to_page",
		"Test/æøå #1":              "Test______1",
	} {
		if got := safeName(in); got != want {
			t.Errorf("safeName(%q) = %q, want %q", in, got, want)
		}
	}
}
