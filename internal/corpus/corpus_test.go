package corpus

import (
	"os"
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
