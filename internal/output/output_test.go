package output

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDirCommitReplacesAtomically(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	if err := os.MkdirAll(filepath.Join(dest, "gammel"), 0o755); err != nil {
		t.Fatal(err)
	}
	_ = os.WriteFile(filepath.Join(dest, "gammel", "index.html"), []byte("old"), 0o644)
	_ = writeMarker(dest) // written by an earlier build
	d, err := NewDir(dest)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Prepare([]string{"a/b/index.html", "c/index.html"}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a/b/index.html", "c/index.html", "x/y/z.css"} {
		if err := d.Write(name, []byte(name)); err != nil {
			t.Fatal(err)
		}
	}
	for _, bad := range []string{"../escape", "/../../etc/x", ""} {
		if err := d.Write(bad, nil); err == nil {
			t.Errorf("Write(%q) should fail", bad)
		}
	}
	// Nothing visible before Commit.
	if _, err := os.Stat(filepath.Join(dest, "a")); err == nil {
		t.Error("output visible before commit")
	}
	if files, bytes := d.Stats(); files != 3 || bytes != int64(len("a/b/index.htmlc/index.htmlx/y/z.css")) {
		t.Errorf("stats %d %d", files, bytes)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if !marked(dest) {
		t.Error("the new output has no marker")
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "x", "y", "z.css")); string(b) != "x/y/z.css" {
		t.Errorf("content %q", b)
	}
	if _, err := os.Stat(filepath.Join(dest, "gammel")); err == nil {
		t.Error("old output kept")
	}
	entries, _ := os.ReadDir(root)
	if len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}

func TestDirAbortLeavesDestination(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	_ = os.MkdirAll(dest, 0o755)
	_ = os.WriteFile(filepath.Join(dest, "index.html"), []byte("old"), 0o644)
	_ = writeMarker(dest)
	d, err := NewDir(dest)
	if err != nil {
		t.Fatal(err)
	}
	_ = d.Write("index.html", []byte("new"))
	d.Abort()
	if b, _ := os.ReadFile(filepath.Join(dest, "index.html")); string(b) != "old" {
		t.Errorf("destination changed: %q", b)
	}
	entries, _ := os.ReadDir(root)
	if len(entries) != 1 {
		t.Errorf("staging left behind: %v", entries)
	}
}

func TestMemoryClone(t *testing.T) {
	m := NewMemory()
	_ = m.Write("/a.html", []byte("a"))
	c := m.Clone()
	_ = c.Write("b.html", []byte("b"))
	if _, ok := m.Get("b.html"); ok {
		t.Error("clone shares its index with the original")
	}
	if b, ok := c.Get("a.html"); !ok || string(b) != "a" {
		t.Error("clone lost a file")
	}
	if n, _ := c.Stats(); n != 2 || len(c.Names()) != 2 {
		t.Errorf("clone has %d files", n)
	}
}
