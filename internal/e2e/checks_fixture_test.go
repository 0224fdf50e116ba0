package e2e

import (
	"strings"
	"testing"
)

// TestChecksFindKnownProblems runs every static check on a small site with
// known faults (testdata/badsite, served under the base path /portal/) and
// requires each check to report exactly those faults: a check that passes
// the bundled site must be seen to fail a bad one.
func TestChecksFindKnownProblems(t *testing.T) {
	s, err := scanSite("testdata/badsite")
	if err != nil {
		t.Fatal(err)
	}
	if s.Base.Path != "/portal/" || s.Base.Host != "example.org" {
		t.Fatalf("base URL %s, want https://example.org/portal/", s.Base)
	}
	links, _ := checkLinks(s)
	external, _ := checkExternalResources(s)
	feeds, _ := checkFeeds(s)
	tests := []struct {
		check string
		got   []problem
		want  []string
	}{
		{"links", links, []string{
			`index.html:17: <a href="/portal/missing/">: no file for /portal/missing/`,
			`index.html:17: <a href="/portal/a/#nope">: a/index.html has no id "nope"`,
		}},
		{"head", checkHead(s), []string{
			`a/index.html: no <meta name="description">`,
			`a/index.html: canonical link https://example.org/portal/ does not name the page itself (/portal/a/)`,
		}},
		{"feeds", feeds, []string{
			`sitemap.xml: <loc> https://example.org/portal/missing/ names no page`,
			`sitemap.xml: does not list /portal/a/ (a/index.html)`,
			`index.xml: not well-formed`,
		}},
		{"inline code", checkInlineCode(s), []string{
			`a/index.html:7: inline <style> element`,
			`a/index.html:8: inline <script>`,
			`a/index.html:15: <p style="color: blue"> inline style attribute`,
			`a/index.html:16: <button onclick=…> event handler attribute`,
			`a/index.html:17: <a href="javascript:void(0)"> javascript: URL`,
			`assets/icon.svg:2: inline <script>`,
			`index.html:20: <svg onload=…> event handler attribute`,
		}},
		{"external resources", external, []string{
			`assets/site.css:1: stylesheet loads https://fonts.example/x.woff2 from another origin`,
			`index.html:19: <img src="https://tracker.example/p.gif"> loads from another origin`,
			`index.html:9: <link href="https://cdn.example.com/x.css"> loads from another origin`,
		}},
	}
	for _, tc := range tests {
		var got []string
		for _, p := range tc.got {
			got = append(got, p.String())
		}
		all := strings.Join(got, "\n")
		for _, w := range tc.want {
			if !strings.Contains(all, w) {
				t.Errorf("%s: no problem %q; got:\n%s", tc.check, w, all)
			}
		}
		if len(got) != len(tc.want) {
			t.Errorf("%s: %d problems, want %d:\n%s", tc.check, len(got), len(tc.want), all)
		}
	}
}

func TestResolve(t *testing.T) {
	s, err := scanSite("testdata/badsite")
	if err != nil {
		t.Fatal(err)
	}
	page := s.ByURL["/portal/a/"]
	if page == nil {
		t.Fatal("no page at /portal/a/")
	}
	tests := []struct {
		ref, path, frag string
		internal        bool
		file            string
	}{
		{"#intro", "/portal/a/", "intro", true, "a/index.html"},
		{"../", "/portal/", "", true, "index.html"},
		{"/portal/old", "/portal/old", "", true, "old/index.html"},
		{"https://example.org/portal/assets/site.css?v=1", "/portal/assets/site.css", "", true, "assets/site.css"},
		{"//example.org/portal/a/", "/portal/a/", "", true, "a/index.html"},
		{"https://example.org/elsewhere/", "", "", false, ""},
		{"https://lovdata.no/", "", "", false, ""},
		{"mailto:post@example.org", "", "", false, ""},
		{"/a/", "/a/", "", true, ""}, // outside the base path: nothing answers
	}
	for _, tc := range tests {
		p, frag, internal := s.resolve(page, tc.ref)
		if p != tc.path || frag != tc.frag || internal != tc.internal {
			t.Errorf("resolve(%q) = %q, %q, %v; want %q, %q, %v", tc.ref, p, frag, internal, tc.path, tc.frag, tc.internal)
		}
		if internal {
			if f := s.target(p); f != tc.file {
				t.Errorf("target(%q) = %q, want %q", p, f, tc.file)
			}
		}
	}
	kinds := map[string]string{"index.html": "home", "a/index.html": "page", "old/index.html": "alias", "404.html": "404"}
	for _, d := range s.Docs {
		if want := kinds[d.File]; d.Kind != want {
			t.Errorf("%s: kind %q, want %q", d.File, d.Kind, want)
		}
	}
}
