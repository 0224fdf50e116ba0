package markdown

import (
	"encoding/json"
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
// theme's bokmål UI strings. go test -run ControlSpec -update rewrites
// the expected parts from the current output, for review with git diff.

type cqOptions struct {
	Scale string `json:"scale"`
	Page  string `json:"page"`
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
		cases := readSpec(t, path)
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
			if *update {
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
		if *update {
			writeSpec(t, path, cases)
		}
	}
}
