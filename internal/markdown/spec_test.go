package markdown

import (
	"bufio"
	"flag"
	"os"
	"strings"
	"testing"
)

// This file reads and writes the spec files in _test/ that the quiz and
// control-question tests share.

var update = flag.Bool("update", false, "rewrite the expected output of the spec files in _test/")

const (
	specSep = "//- - - - - - - - -//"
	specEnd = "//= = = = = = = = = = = = = = = = = = = = = = = =//"
)

// specCase is one case of a spec file in the format of goldmark's
// extension/_test files, with an optional third part for diagnostics:
//
//	N[: description]
//	[options: {"unsafe": true}]
//	//- - - - - - - - -//
//	Markdown
//	//- - - - - - - - -//
//	expected HTML
//	[//- - - - - - - - -//
//	expected diagnostics, one a line, as Diagnostic.String prints them]
//	//= = = = = = = = = = = = = = = = = = = = = = = =//
//
// Each test says how it converts a case (file name, UI strings, options).
type specCase struct {
	header, options string
	markdown, html  string
	diags           []string
	line            int // line of the header in the spec file
}

func readSpec(t *testing.T, path string) []specCase {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	var cases []specCase
	var c *specCase
	part, n := 0, 0 // part: 0 header, 1 markdown, 2 html, 3 diagnostics
	var buf []string
	flush := func() {
		switch part {
		case 1:
			c.markdown = strings.Join(buf, "\n") + "\n"
		case 2:
			c.html = strings.Join(buf, "\n")
		case 3:
			c.diags = buf
		}
		buf = nil
	}
	for sc.Scan() {
		n++
		l := sc.Text()
		switch {
		case c == nil:
			if strings.TrimSpace(l) != "" {
				c = &specCase{header: l, line: n}
			}
		case l == specSep:
			flush()
			part++
		case l == specEnd:
			flush()
			cases = append(cases, *c)
			c, part = nil, 0
		case part == 0 && strings.HasPrefix(l, "options:"):
			c.options = strings.TrimSpace(strings.TrimPrefix(l, "options:"))
		case part == 0:
			t.Fatalf("%s:%d: expected %q after the case header", path, n, specSep)
		default:
			buf = append(buf, l)
		}
	}
	if c != nil {
		t.Fatalf("%s:%d: case %q has no end line", path, c.line, c.header)
	}
	return cases
}

func writeSpec(t *testing.T, path string, cases []specCase) {
	t.Helper()
	var b strings.Builder
	for i, c := range cases {
		if i > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(c.header + "\n")
		if c.options != "" {
			b.WriteString("options: " + c.options + "\n")
		}
		b.WriteString(specSep + "\n" + c.markdown + specSep + "\n" + c.html + "\n")
		if len(c.diags) > 0 {
			b.WriteString(specSep + "\n" + strings.Join(c.diags, "\n") + "\n")
		}
		b.WriteString(specEnd + "\n")
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
