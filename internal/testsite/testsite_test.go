package testsite

import (
	"os"
	"path/filepath"
	"testing"
)

func TestNewAndCopy(t *testing.T) {
	dir := New(t, map[string]string{"config.toml": "title = \"T\"\n", "content/a/b.md": "# B\n"})
	if b, err := os.ReadFile(filepath.Join(dir, "content", "a", "b.md")); err != nil || string(b) != "# B\n" {
		t.Fatalf("written file: %q, %v", b, err)
	}
	cp := Copy(t, dir)
	if cp == dir {
		t.Fatal("copy is the same folder")
	}
	if b, err := os.ReadFile(filepath.Join(cp, "config.toml")); err != nil || string(b) != "title = \"T\"\n" {
		t.Errorf("copied file: %q, %v", b, err)
	}
}
