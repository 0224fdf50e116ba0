package corpus

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// distinct counts the distinct lower-case words of s.
func distinct(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		out[w] = true
	}
	return out
}

func TestTextRealistic(t *testing.T) {
	text := NewText(1)
	var small, big strings.Builder
	for i := 0; i < 20; i++ {
		text.Topic()
		small.WriteString(text.Words(600) + " ")
	}
	for i := 0; i < 380; i++ {
		text.Topic()
		big.WriteString(text.Words(600) + " ")
	}
	v20, v400 := len(distinct(small.String())), len(distinct(small.String()+big.String()))
	t.Logf("distinct words: %d in 20 pages, %d in 400; %d compounds", v20, v400, text.Compounds())
	// The vocabulary keeps growing with the text, but slower than it.
	if v400 < 3*v20 || v400 > 20*v20 {
		t.Errorf("vocabulary grew from %d to %d words over 20 times the text", v20, v400)
	}
	// A page keeps to its topic: "personvernombud", on 10 of the 34 pages
	// of the seed text, is on some of the generated pages, not on all.
	pages, with := 0, 0
	for i := 0; i < 400; i++ {
		text.Topic()
		p := strings.ToLower(text.Words(600))
		pages++
		if strings.Contains(p, "personvernombud") {
			with++
		}
	}
	if with < pages/10 || with > pages/2 {
		t.Errorf("personvernombud on %d of %d pages", with, pages)
	}
	// Titles are short phrases without a final stop, capitalised.
	for i := 0; i < 50; i++ {
		title := text.Words(4)
		if n := len(strings.Fields(title)); n == 0 || n > 4 || strings.HasSuffix(title, ".") || !unicode.IsUpper([]rune(title)[0]) && !unicode.IsDigit([]rune(title)[0]) {
			t.Fatalf("title %q", title)
		}
	}
	// The same seed writes the same text.
	if a, b := NewText(9).Words(300), NewText(9).Words(300); a != b {
		t.Error("Text is not deterministic")
	}
}

func TestGenerateSearch(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "c")
	if err := Generate(dir, Options{Pages: 16, Seed: 3, Search: true, Hugo: true}); err != nil {
		t.Fatal(err)
	}
	cfg, _ := os.ReadFile(filepath.Join(dir, "config.toml"))
	if strings.Contains(string(cfg), "enabled = false") || !strings.Contains(string(cfg), `type = "onepager"`) {
		t.Errorf("config.toml of a search corpus:\n%s", cfg)
	}
	page, err := os.ReadFile(filepath.Join(dir, "content", Sections[0], "side-00000.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "](../") || len(strings.Fields(string(page))) < 500 {
		t.Errorf("page:\n%s", page)
	}
	plain := filepath.Join(t.TempDir(), "p")
	_ = Generate(plain, Options{Pages: 16, Seed: 3})
	other, _ := os.ReadFile(filepath.Join(plain, "content", Sections[0], "side-00000.md"))
	if len(distinct(string(page))) <= len(distinct(string(other))) {
		t.Errorf("the search corpus's page has %d distinct words, the default's %d", len(distinct(string(page))), len(distinct(string(other))))
	}
}
