package build

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/varde-portal/varde/internal/corpus"
	"github.com/varde-portal/varde/internal/testsite"
)

// outputFiles reads every file of an output folder.
func outputFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// sameOutput fails unless two output folders hold the same files, byte for
// byte.
func sameOutput(t *testing.T, what, got, want string) {
	t.Helper()
	g, w := outputFiles(t, got), outputFiles(t, want)
	bad := 0
	for name, b := range w {
		if gb, ok := g[name]; !ok {
			t.Errorf("%s: %s missing", what, name)
			bad++
		} else if !bytes.Equal(gb, b) {
			t.Errorf("%s: %s differs from a clean build's", what, name)
			bad++
		}
		if bad > 10 {
			t.Fatal("and more")
		}
	}
	for name := range g {
		if _, ok := w[name]; !ok {
			t.Errorf("%s: %s is not in a clean build", what, name)
		}
	}
}

// editFile changes a content file of site.
func editFile(t *testing.T, site, rel string, edit func(string) string) {
	t.Helper()
	p := filepath.Join(site, filepath.FromSlash(rel))
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(edit(string(b))), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Issue 22: builds into the same folder (the previous output reused by
// hard links, the spare tree brought up to date) give, after each change
// to the content, exactly what a build of the same content into a new
// folder gives.
func TestRebuildIsByteIdenticalToACleanBuild(t *testing.T) {
	site := filepath.Join(t.TempDir(), "site")
	if err := corpus.Generate(site, corpus.Options{Pages: 120, Seed: 7, Search: true}); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	opts := Options{Source: site, NoHistory: true, Now: now}
	steps := []struct {
		what string
		edit func()
	}{
		{"first build", func() {}},
		{"a title changed", func() {
			editFile(t, site, "content/maler/side-00002.md", func(s string) string {
				return strings.Replace(s, "title: \"", "title: \"Endret tittel ", 1)
			})
		}},
		{"a page added, a body changed", func() {
			testsite.Write(t, site, map[string]string{"content/veiledere/ny-side.md": "---\ntitle: Ny side\ndescription: En ny side.\ntopics: [personvern]\n---\nNy tekst som lenker til [en side](side-00000.md).\n"})
			editFile(t, site, "content/rutiner/side-00001.md", func(s string) string { return s + "\nEt nytt avsnitt.\n" })
		}},
		{"a page removed", func() {
			if err := os.Remove(filepath.Join(site, "content", "veiledere", "ny-side.md")); err != nil {
				t.Fatal(err)
			}
		}},
		{"nothing changed", func() {}},
	}
	for i, step := range steps {
		step.edit()
		if _, err := Build(context.Background(), opts); err != nil {
			t.Fatalf("%s: %v", step.what, err)
		}
		clean := filepath.Join(t.TempDir(), "clean")
		if _, err := Build(context.Background(), Options{Source: site, Dest: clean, NoHistory: true, Now: now}); err != nil {
			t.Fatal(err)
		}
		sameOutput(t, step.what, filepath.Join(site, "public"), clean)
		if i == 1 {
			b, _ := os.ReadFile(filepath.Join(site, "public", "maler", "side-00002", "index.html"))
			if !bytes.Contains(b, []byte("Endret tittel")) {
				t.Fatal("the changed title is not in the output")
			}
		}
	}
	for _, n := range strings.Fields(names(t, site)) {
		if strings.HasPrefix(n, ".public") {
			t.Errorf("left in the site: %s", n)
		}
	}
}
