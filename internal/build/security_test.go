package build

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/varde-portal/varde/internal/csp"
	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/output"
)

// securitySite is a small site with an alias (a redirect page) and a page
// whose raw HTML has an inline script and a handler.
func securitySite(config string) fstest.MapFS {
	return fstest.MapFS{
		"config.toml":       {Data: []byte("title = \"Kommune\"\n[languages.nb]\n" + config)},
		"content/_index.md": {Data: []byte("---\ntitle: Forside\n---\nVelkommen.\n")},
		"content/side.md":   {Data: []byte("---\ntitle: Side\naliases: [/gammel/]\n---\nTekst.\n")},
		"content/raa.md":    {Data: []byte("---\ntitle: Rå\n---\n<p onclick=\"x()\">Klikk</p>\n\n<script>alert(1)</script>\n")},
	}
}

// TestBuiltPagesCarryCSP: every HTML file of a build, redirect pages
// included, has the policy `varde serve` sends in a <meta> first in <head>,
// minified or not; [security] csp = false leaves it out.
func TestBuiltPagesCarryCSP(t *testing.T) {
	for _, minify := range []bool{false, true} {
		l, err := Load(context.Background(), Options{FS: securitySite("[markup]\nunsafe = true\nallowScripts = true\n"), Minify: &minify})
		if err != nil {
			t.Fatal(err)
		}
		out := output.NewMemory()
		if ds := Render(l, out); len(ds) > 0 {
			t.Fatal(ds)
		}
		head := regexp.MustCompile(`(?s)<head>(.*?)</head>`)
		n := 0
		for _, name := range out.Names() {
			if !strings.HasSuffix(name, ".html") {
				continue
			}
			n++
			b, _ := out.Get(name)
			m := head.FindSubmatch(b)
			if m == nil {
				t.Errorf("%s: no <head>", name)
				continue
			}
			first := strings.TrimSpace(string(m[1]))
			if !strings.HasPrefix(first, `<meta http-equiv=`) || !strings.Contains(first[:strings.Index(first, ">")+1], csp.MetaPolicy) {
				t.Errorf("%s (minify %v): <head> does not start with the CSP: %.200s", name, minify, first)
			}
		}
		if n < 4 {
			t.Errorf("only %d HTML files: %v", n, out.Names())
		}
		if b, _ := out.Get("gammel/index.html"); !strings.Contains(string(b), "Content-Security-Policy") {
			t.Errorf("the redirect page has no CSP: %s", b)
		}
		if strings.Contains(csp.MetaPolicy, "frame-ancestors") || !strings.Contains(csp.Policy, "frame-ancestors") {
			t.Error("frame-ancestors is for the header only")
		}
	}
	out := renderMemory(t, Options{FS: securitySite("[security]\ncsp = false\n")})
	for _, name := range out.Names() {
		if b, _ := out.Get(name); strings.Contains(string(b), "Content-Security-Policy") {
			t.Errorf("%s has a CSP although the site turned it off", name)
		}
	}
}

// TestUnsafeScriptsFailTheBuild: with raw HTML allowed, a page's inline
// script and handler are errors at their lines (the build fails and names
// the setting); with allowScripts they are warnings and the page is built.
func TestUnsafeScriptsFailTheBuild(t *testing.T) {
	_, err := Load(context.Background(), Options{FS: securitySite("[markup]\nunsafe = true\n")})
	var fail *diag.Failure
	if !errors.As(err, &fail) {
		t.Fatalf("err = %v", err)
	}
	var got []string
	for _, d := range fail.Diags {
		if d.Severity == diag.Error {
			got = append(got, d.String())
		}
	}
	if len(got) != 2 || !strings.HasPrefix(got[0], "content/raa.md:4: error: raw HTML has the event handler onclick=") ||
		!strings.HasPrefix(got[1], "content/raa.md:6: error: raw HTML has a <script> element") {
		t.Errorf("errors:\n%s", strings.Join(got, "\n"))
	}
	l, err := Load(context.Background(), Options{FS: securitySite("[markup]\nunsafe = true\nallowScripts = true\n")})
	if err != nil {
		t.Fatal(err)
	}
	warned := 0
	for _, d := range l.Diags {
		if d.File == "content/raa.md" && d.Severity == diag.Warning && strings.Contains(d.Msg, "allowScripts = true") {
			warned++
		}
	}
	if warned != 2 {
		t.Errorf("diags = %v", l.Diags)
	}
	// Under the defaults the raw HTML is left out, with a warning per line.
	l, err = Load(context.Background(), Options{FS: securitySite("")})
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, d := range l.Diags {
		if strings.Contains(d.Msg, "was left out") {
			left = append(left, d.String())
		}
	}
	if len(left) != 2 || !strings.HasPrefix(left[0], "content/raa.md:4: warning: raw HTML <p>") {
		t.Errorf("left out: %v", left)
	}
}
