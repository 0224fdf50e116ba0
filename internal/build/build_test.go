package build

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/varde-portal/varde/internal/testsite"

	"github.com/varde-portal/varde/internal/diag"
)

var (
	hashRe   = regexp.MustCompile(`\.[0-9a-f]{8}\.(css|js)`)
	titleRe  = regexp.MustCompile(`<title>([^<]*)</title>`)
	h1Re     = regexp.MustCompile(`<h1[^>]*>([^<]*)</h1>`)
	bodyRe   = regexp.MustCompile(`<body data-type="([^"]*)" data-id="([^"]*)"`)
	canonRe  = regexp.MustCompile(`<link rel="canonical" href="([^"]*)"`)
	hrefRe   = regexp.MustCompile(`href="(/[^"]*)"`)
	langRe   = regexp.MustCompile(`<html lang="([^"]*)"`)
	updateGo = os.Getenv("VARDE_UPDATE") != ""
)

// summarize describes an output tree in a stable, reviewable text form: the
// files, and for each HTML page its language, type, id, title, h1, canonical
// link and internal links.
func summarize(t *testing.T, dir string) string {
	t.Helper()
	var files []string
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(files)
	var b strings.Builder
	for _, f := range files {
		fmt.Fprintf(&b, "%s\n", hashRe.ReplaceAllString(f, ".HASH.$1"))
		if !strings.HasSuffix(f, ".html") {
			continue
		}
		data, _ := os.ReadFile(filepath.Join(dir, f))
		html := hashRe.ReplaceAllString(string(data), ".HASH.$1")
		get := func(re *regexp.Regexp, i int) string {
			if m := re.FindStringSubmatch(html); m != nil {
				return m[i]
			}
			return ""
		}
		fmt.Fprintf(&b, "  lang=%s type=%s id=%s\n  title=%s\n  h1=%s\n  canonical=%s\n", get(langRe, 1), get(bodyRe, 1), get(bodyRe, 2), get(titleRe, 1), get(h1Re, 1), get(canonRe, 1))
		seen := map[string]bool{}
		var links []string
		for _, m := range hrefRe.FindAllStringSubmatch(html, -1) {
			if !seen[m[1]] {
				seen[m[1]] = true
				links = append(links, m[1])
			}
		}
		fmt.Fprintf(&b, "  links=%s\n", strings.Join(links, " "))
	}
	return b.String()
}

func TestGoldenBasic(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	minify := false
	res, err := Build(context.Background(), Options{Source: "testdata/basic", Dest: dest, IndexDir: t.TempDir(), NoHistory: true, Minify: &minify, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	if res.Stats.Pages["nb"] != 3 || res.Stats.Pages["nn"] != 1 {
		t.Errorf("stats = %+v", res.Stats)
	}
	got := summarize(t, dest)
	golden := "testdata/basic.golden"
	if updateGo {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run VARDE_UPDATE=1 go test ./internal/build to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run VARDE_UPDATE=1 go test ./internal/build and review the diff)\n%s", golden, firstDiff(string(want), got))
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("lengths differ: %d vs %d lines", len(al), len(bl))
}

// TestBadInputLeavesOutputAlone builds testdata sites with one mistake each
// and checks the error names file and line and public/ is left untouched.
func TestBadInputLeavesOutputAlone(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"broken yaml", map[string]string{"content/a.md": "---\ntitle: A\nx: 1\n  y: 2\n---\n"}, "content/a.md:4: error: y is indented, but the field above already has its value"},
		{"broken toml", map[string]string{"content/a.md": "+++\ntitle = \"A\"\nweight = = 3\n+++\n"}, "content/a.md:3: error: weight = must be followed by a value"},
		{"unknown layout", map[string]string{"content/a.md": "---\ntitle: A\nlayout: plakat\n---\n"}, `content/a.md:3: error: layout "plakat": no layout for this page: looked for layouts/page/plakat.html, layouts/_default/plakat.html`},
		{"dead link", map[string]string{"content/a.md": "---\ntitle: A\n---\n\nSe [B](b.md).\n"}, "content/a.md:5: error: link to \"b.md\": no such file content/b.md"},
		{"dead anchor", map[string]string{"content/a.md": "---\ntitle: A\n---\n[B](b.md#mangler)\n", "content/b.md": "---\ntitle: B\n---\n## Finnes\n"}, "content/a.md:4: error: link \"b.md#mangler\": no heading or anchor #mangler in content/b.md"},
		{"unknown nsm reference", map[string]string{"content/a.md": "---\ntitle: A\nnsm: [\"2.11\"]\n---\n"}, "content/a.md:3: error: nsm: unknown NSM principle \"2.11\""},
		{"unknown legal reference", map[string]string{"content/a.md": "---\ntitle: A\nlegal: [\"personopplysningslaven § 10\"]\n---\n"}, "content/a.md:3: error: legal: unknown law"},
		{"norm without statement", map[string]string{"config.toml": "[sections.n]\ntype = \"norm\"\n", "content/n/a.md": "---\ntitle: A\ndescription: x\n---\n"}, "content/n/a.md:1: error: a norm needs a statement"},
		{"one-pager without description", map[string]string{"content/a.md": "---\ntitle: A\ntype: onepager\n---\n"}, "content/a.md:1: error: a one-pager needs a description"},
		{"unknown type", map[string]string{"content/a.md": "---\ntitle: A\ntype: blogg\n---\n"}, "content/a.md:3: error: unknown page type \"blogg\""},
		{"duplicate id", map[string]string{"content/a.md": "---\ntitle: A\nid: x\n---\n", "content/b.md": "---\ntitle: B\nid: x\n---\n"}, "content/b.md:3: error: id \"x\" is already used by content/a.md"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			site := filepath.Join(dir, "site")
			testsite.Write(t, site, c.files)
			dest := filepath.Join(dir, "public")
			_ = os.MkdirAll(dest, 0o755)
			if err := os.WriteFile(filepath.Join(dest, "index.html"), []byte("old site"), 0o644); err != nil {
				t.Fatal(err)
			}
			res, err := Build(context.Background(), Options{Source: site, Dest: dest})
			var fail *diag.Failure
			if !errors.As(err, &fail) {
				t.Fatalf("err = %v, want a content failure", err)
			}
			var all []string
			for _, d := range res.Diags {
				all = append(all, d.String())
			}
			if !strings.Contains(strings.Join(all, "\n"), c.want) {
				t.Errorf("diags:\n%s\nwant %q", strings.Join(all, "\n"), c.want)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 2 {
				t.Errorf("staging folder left behind: %v", entries)
			}
			if b, _ := os.ReadFile(filepath.Join(dest, "index.html")); string(b) != "old site" {
				t.Errorf("public/ changed: %q", b)
			}
		})
	}
}

func TestBuildReportsAllErrors(t *testing.T) {
	dir := t.TempDir()
	testsite.Write(t, dir, map[string]string{
		"content/a.md": "---\ntitle: A\n---\n[x](x.md)\n",
		"content/b.md": "---\ntitle: B\n---\n[y](y.md)\n",
		"content/c.md": "---\ntitle: [\n---\n",
	})
	res, err := Build(context.Background(), Options{Source: dir, Dest: filepath.Join(dir, "public")})
	if err == nil {
		t.Fatal("want an error")
	}
	n := 0
	for _, d := range res.Diags {
		if d.Severity == diag.Error {
			n++
		}
	}
	if n != 3 {
		t.Errorf("want 3 errors, got %v", res.Diags)
	}
}
