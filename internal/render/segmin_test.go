package render

import (
	"bytes"
	"strings"
	"testing"
)

// TestMinifyPageAsWhole: a page minified with its parts minified apart is
// the page minified at once, including where a part sits in running text,
// inside <pre> or a comment, or after text (the cuts that do not qualify).
func TestMinifyPageAsWhole(t *testing.T) {
	r := &Renderer{min: newMinifier(), opts: Options{Minify: true}}
	nav := "<nav class=\"n\">\n<ul>\n <li><a href=\"/a/\">A</a></li>\n</ul>\n</nav>"
	inline := "<a href=\"/b/\">  B  </a>"
	for _, c := range []struct {
		page  string
		parts []string
	}{
		{"<!DOCTYPE html>\n<html lang=\"nb\">\n<head>\n<title>T</title>\n</head>\n<body>\n<div class=\"x\">\n" + nav + "\n<p>Tekst</p>\n</div>\n</body>\n</html>\n", []string{nav}},
		{"<body><p>Tekst " + inline + " mer</p>" + nav + "  tekst</body>", []string{inline, nav}},
		{"<body><pre>\n  " + nav + "\n  </pre>\n" + nav + "</body>", []string{nav, nav}},
		{"<body><!-- x -->\n<div>\n" + nav + "\n</div></body>", []string{nav}},
		{"<body><div>tekst \n" + nav + " etter</div></body>", []string{nav}},
		{"<body><svg><text>" + nav + "</text></svg><div>" + nav + "</div></body>", []string{nav, nav}},
	} {
		var used []fragUse
		for i, p := range c.parts {
			used = append(used, fragUse{key: strings.Repeat("k", i+1) + p, html: p})
		}
		var whole, parts bytes.Buffer
		if err := r.min.into(&whole, "text/html", bytes.NewBufferString(c.page)); err != nil {
			t.Fatal(err)
		}
		in := bytes.NewBufferString(c.page)
		if err := r.minifyPage(&parts, in, used); err != nil {
			t.Fatal(err)
		}
		if parts.String() != whole.String() {
			t.Errorf("page %q:\nwith parts %q\nat once    %q", c.page, parts.String(), whole.String())
		}
		if in.String() != c.page {
			t.Errorf("the page was changed: %q", in.String())
		}
	}
}

func TestCutRules(t *testing.T) {
	for s, want := range map[string]bool{"<div class=x>\n ": true, "</ul>": true, "<a>": false, "tekst ": false, "</span>\n": false, "": false, "<br>": true, "<divx>": false} {
		if got := cutBefore([]byte(s)); got != want {
			t.Errorf("cutBefore(%q) = %v", s, got)
		}
	}
	for s, want := range map[string]bool{"<nav>x</nav>": true, "<a>x</a>": false, " <ul></ul>": false, "<ul></ul>\n": false, "<span>x</span><p>y</p>": true} {
		if got := partQualifies(s); got != want {
			t.Errorf("partQualifies(%q) = %v", s, got)
		}
	}
}
