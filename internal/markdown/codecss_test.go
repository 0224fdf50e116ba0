package markdown

import (
	"os"
	"path/filepath"
	"testing"
)

// TestThemeCodeCSS keeps the default theme's shipped code stylesheet equal to
// what chroma generates. Run with VARDE_UPDATE=1 to rewrite it.
func TestThemeCodeCSS(t *testing.T) {
	want, err := CodeCSS("github", "github-dark")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join("..", "..", "themes", "default", "assets", "css", "60-code.css")
	if os.Getenv("VARDE_UPDATE") != "" {
		if err := os.WriteFile(file, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("%s is out of date; run VARDE_UPDATE=1 go test ./internal/markdown", file)
	}
}
