package corpus

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestGenerate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "c")
	if err := Generate(dir, Options{Pages: 40, Seed: 7, Hugo: true}); err != nil {
		t.Fatal(err)
	}
	var pages int
	_ = filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(p, "_index.md") {
			pages++
			b, _ := os.ReadFile(p)
			if n := len(strings.Fields(string(b))); n < 500 {
				t.Errorf("%s has only %d words", p, n)
			}
			if !strings.Contains(string(b), "](../") {
				t.Errorf("%s has no internal links", p)
			}
		}
		return nil
	})
	if pages != 40 {
		t.Errorf("%d pages", pages)
	}
	for _, f := range []string{"config.toml", "hugo/hugo.toml", "hugo/layouts/_default/single.html"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	// Same seed, same corpus: benchmarks compare like with like.
	again := filepath.Join(t.TempDir(), "c")
	_ = Generate(again, Options{Pages: 40, Seed: 7})
	a, _ := os.ReadFile(filepath.Join(dir, "content", Sections[3], "side-00003.md"))
	b, _ := os.ReadFile(filepath.Join(again, "content", Sections[3], "side-00003.md"))
	if string(a) != string(b) || len(a) == 0 {
		t.Error("generation is not deterministic")
	}
}

// TestHugoSitesBuild builds the Hugo sites of the comparison, when Hugo is
// installed, and checks that the like-with-like one has what a page of
// Varde's default theme has (so that the benchmark times the same work),
// and that norelated.toml leaves out only the related pages.
func TestHugoSitesBuild(t *testing.T) {
	hugo, err := exec.LookPath("hugo")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("hugo is not installed (.ci/run installs it)")
		}
		t.Skip("hugo is not installed; it is only needed by scripts/bench")
	}
	dir := filepath.Join(t.TempDir(), "c")
	if err := Generate(dir, Options{Pages: 40, Seed: 7, Hugo: true}); err != nil {
		t.Fatal(err)
	}
	build := func(out string, args ...string) string {
		cmd := exec.Command(hugo, append([]string{"--quiet", "-d", out}, args...)...)
		cmd.Dir = dir
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("hugo %v: %v\n%s", args, err, b)
		}
		page, err := os.ReadFile(filepath.Join(out, Sections[3], "side-00003", "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		return string(page)
	}
	out := t.TempDir()
	page := build(out, "--source", "hugo")
	for _, want := range []string{
		`<link rel=alternate hreflang=nb`, `<link rel=stylesheet href=/css/main.min.`, `<script src=/js/varde.min.`,
		`<nav class=lang-switch`, `<nav class=main-nav`, `aria-current=true>Nyheter</a>`,
		`<nav class=breadcrumbs`, `<dl class=terms>`, `href=/topics/`,
		`<aside class=related`, `<footer class=site-footer>`, `class=privacy-note`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the Hugo page lacks %s", want)
		}
	}
	if strings.Contains(page, `.md"`) || strings.Contains(page, ".md>") {
		t.Error("a link to a Markdown file was not resolved to its page")
	}
	if _, err := os.Stat(filepath.Join(out, "404.html")); err != nil {
		t.Error(err)
	}
	if page := build(t.TempDir(), "--source", "hugo", "--config", "hugo.toml,norelated.toml"); strings.Contains(page, "class=related") || !strings.Contains(page, "<dl class=terms>") {
		t.Error("norelated.toml should leave out the related pages and nothing else")
	}
	if page := build(t.TempDir(), "--source", "hugo-minimal"); !strings.Contains(page, "<main id=main>") {
		t.Error("the minimal Hugo site did not build its page")
	}
}
