package markdown

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// Spec files for control questions: _test/controlq*.txt hold cases of
// Markdown in and HTML out, in the format of goldmark's spec files (the
// same as _test/quiz*.txt), with optional page options and an optional
// third part listing the diagnostics:
//
//	N: description
//	options: {"scale": "maturity", "page": "veiledere/x"}
//	//- - - - - - - - -//
//	Markdown
//	//- - - - - - - - -//
//	expected HTML
//	//- - - - - - - - -//
//	expected diagnostics, one a line
//	//= = = = = = = = = = = = = = = = = = = = = = = =//
//
// Each case is converted as content/spec.md with no front matter and the
// theme's bokmål UI strings. go test -run ControlSpec -cq.update rewrites
// the expected parts from the current output, for review with git diff.

var cqUpdate = flag.Bool("cq.update", false, "rewrite the expected output of _test/controlq*.txt")

const (
	cqSep = "//- - - - - - - - -//"
	cqEnd = "//= = = = = = = = = = = = = = = = = = = = = = = =//"
)

type cqCase struct {
	header, options string
	markdown, html  string
	diags           []string
	line            int
}

type cqOptions struct {
	Scale string `json:"scale"`
	Page  string `json:"page"`
}

func cqReadSpec(t *testing.T, path string) []cqCase {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	var cases []cqCase
	var c *cqCase
	part, n := 0, 0 // 0 header, 1 markdown, 2 html, 3 diagnostics
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
				c = &cqCase{header: l, line: n}
			}
		case l == cqSep:
			flush()
			part++
		case l == cqEnd:
			flush()
			cases = append(cases, *c)
			c, part = nil, 0
		case part == 0 && strings.HasPrefix(l, "options:"):
			c.options = strings.TrimSpace(strings.TrimPrefix(l, "options:"))
		case part == 0:
			t.Fatalf("%s:%d: expected %q after the case header", path, n, cqSep)
		default:
			buf = append(buf, l)
		}
	}
	if c != nil {
		t.Fatalf("%s:%d: case %q has no end line", path, c.line, c.header)
	}
	return cases
}

func cqWriteSpec(t *testing.T, path string, cases []cqCase) {
	t.Helper()
	var b strings.Builder
	for i, c := range cases {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(c.header + "\n")
		if c.options != "" {
			b.WriteString("options: " + c.options + "\n")
		}
		b.WriteString(cqSep + "\n" + c.markdown + cqSep + "\n" + c.html + "\n")
		if len(c.diags) > 0 {
			b.WriteString(cqSep + "\n" + strings.Join(c.diags, "\n") + "\n")
		}
		b.WriteString(cqEnd + "\n")
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// cqStrings returns the theme's UI strings of a language as a T function.
func cqStrings(t *testing.T, lang string) func(string) string {
	t.Helper()
	var kv map[string]string
	if _, err := toml.DecodeFile("../../themes/default/i18n/"+lang+"/checklist.toml", &kv); err != nil {
		t.Fatal(err)
	}
	return func(k string) string {
		if v, ok := kv[k]; ok {
			return v
		}
		return k
	}
}

func TestControlSpec(t *testing.T) {
	files, _ := filepath.Glob("_test/controlq*.txt")
	if len(files) == 0 {
		t.Fatal("no _test/controlq*.txt")
	}
	conv := New(Options{Lang: "nb", T: cqStrings(t, "nb")})
	for _, path := range files {
		cases := cqReadSpec(t, path)
		for i := range cases {
			c := &cases[i]
			var o cqOptions
			if c.options != "" {
				if err := json.Unmarshal([]byte(c.options), &o); err != nil {
					t.Fatalf("%s:%d: options: %v", path, c.line, err)
				}
			}
			if o.Page == "" {
				o.Page = "spec"
			}
			res := conv.Convert([]byte(c.markdown), Doc{File: "content/spec.md", PageID: o.Page, Scale: o.Scale})
			html := strings.TrimSpace(string(res.HTML))
			var diags []string
			for _, d := range res.Diags {
				diags = append(diags, d.String())
			}
			if *cqUpdate {
				c.html, c.diags = html, diags
				continue
			}
			if html != c.html {
				t.Errorf("%s:%d: %s\n--- markdown\n%s--- want\n%s\n--- got\n%s", path, c.line, c.header, c.markdown, c.html, html)
			}
			if strings.Join(diags, "\n") != strings.Join(c.diags, "\n") {
				t.Errorf("%s:%d: %s: diagnostics\n%s\nwant\n%s", path, c.line, c.header, strings.Join(diags, "\n"), strings.Join(c.diags, "\n"))
			}
			if n := strings.Count(html, "<fieldset"); n != len(res.Questions) {
				t.Errorf("%s:%d: %d fieldsets for %d questions", path, c.line, n, len(res.Questions))
			}
		}
		if *cqUpdate {
			cqWriteSpec(t, path, cases)
		}
	}
}
