// Package testsite writes small sites to temporary folders for tests: the
// one helper every package's tests use instead of writing their own.
package testsite

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Write writes files (slash-separated path → content) below dir, making
// folders as needed.
func Write(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// New writes files into a new temporary folder and returns its path.
func New(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	Write(t, dir, files)
	return dir
}

// Copy copies the tree at src into a new temporary folder and returns its
// path, so a build's output (such as the search index in .varde/) never
// lands in the repository. The source's own public/, .varde/ and staging
// folders are left out.
func Copy(t testing.TB, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "site")
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		// A build's output and caches are not sources: a build of the
		// copy is a clean build of the same input.
		if d.IsDir() && (rel == "public" || rel == ".varde" || strings.HasPrefix(rel, ".public")) {
			return filepath.SkipDir
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}
