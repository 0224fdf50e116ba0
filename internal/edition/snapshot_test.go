package edition

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func TestCopyTree(t *testing.T) {
	src := fstest.MapFS{
		"_index.md":                {Data: []byte("# Forside\n")},
		"veiledere/dpia.md":        {Data: []byte("# DPIA\n")},
		"veiledere/bilder/fig.png": {Data: []byte{0x89, 'P', 'N', 'G'}},
		"tom":                      {Mode: fs.ModeDir | 0o755},
		"verktøy/kjør.sh":          {Data: []byte("#!/bin/sh\n"), Mode: 0o755},
	}
	dst := filepath.Join(t.TempDir(), "editions", "2024", "content")
	if err := CopyTree(src, dst); err != nil {
		t.Fatal(err)
	}
	got := os.DirFS(dst)
	for name, f := range src {
		info, err := fs.Stat(got, name)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if f.Mode.IsDir() {
			if !info.IsDir() {
				t.Errorf("%s: not a folder", name)
			}
			continue
		}
		data, err := fs.ReadFile(got, name)
		if err != nil || string(data) != string(f.Data) {
			t.Errorf("%s = %q, %v; want %q", name, data, err, f.Data)
		}
		if want := f.Mode.Perm()&0o111 != 0; (info.Mode().Perm()&0o100 != 0) != want {
			t.Errorf("%s: mode %v, executable should be %v", name, info.Mode(), want)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(dst))
	if len(entries) != 1 {
		t.Errorf("beside the snapshot: %v; want only the snapshot (no temporary folder)", entries)
	}

	if err := CopyTree(src, dst); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("second CopyTree into the same folder: %v, want an error", err)
	}
}

func TestCopyTreeSymlinks(t *testing.T) {
	root := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(root, "content", "mappe"), 0o755))
	must(os.WriteFile(filepath.Join(root, "delt.md"), []byte("delt tekst\n"), 0o644))
	if err := os.Symlink(filepath.Join("..", "delt.md"), filepath.Join(root, "content", "lenke.md")); err != nil {
		t.Skip("symbolic links not supported:", err)
	}
	dst := filepath.Join(t.TempDir(), "snap")
	must(CopyTree(os.DirFS(filepath.Join(root, "content")), dst))
	info, err := os.Lstat(filepath.Join(dst, "lenke.md"))
	if err != nil || !info.Mode().IsRegular() {
		t.Fatalf("lenke.md in the snapshot: %v, %v; want a regular file", info, err)
	}
	if data, _ := os.ReadFile(filepath.Join(dst, "lenke.md")); string(data) != "delt tekst\n" {
		t.Errorf("lenke.md = %q", data)
	}

	must(os.Symlink("mappe", filepath.Join(root, "content", "mappelenke")))
	dst2 := filepath.Join(t.TempDir(), "snap")
	err = CopyTree(os.DirFS(filepath.Join(root, "content")), dst2)
	if err == nil || !strings.Contains(err.Error(), "mappelenke") {
		t.Errorf("CopyTree with a link to a folder: %v, want an error naming it", err)
	}
	if _, err := os.Stat(dst2); !os.IsNotExist(err) {
		t.Errorf("a failed CopyTree left %s behind", dst2)
	}
	if entries, _ := os.ReadDir(filepath.Dir(dst2)); len(entries) != 0 {
		t.Errorf("a failed CopyTree left %v behind", entries)
	}
}
