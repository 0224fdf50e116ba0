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

func TestCopyContentSymlinks(t *testing.T) {
	top := t.TempDir()
	root := filepath.Join(top, "site")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(root, "content", "mappe"), 0o755))
	must(os.WriteFile(filepath.Join(root, "delt.md"), []byte("delt tekst\n"), 0o644))
	must(os.WriteFile(filepath.Join(root, "content", "mappe", "a.md"), []byte("a\n"), 0o644))
	must(os.WriteFile(filepath.Join(top, "passwd"), []byte("SECRET\n"), 0o644))
	if err := os.Symlink(filepath.Join("..", "delt.md"), filepath.Join(root, "content", "lenke.md")); err != nil {
		t.Skip("symbolic links not supported:", err)
	}
	must(os.Symlink("mappe", filepath.Join(root, "content", "mappelenke")))

	// Links inside the site: a file link is copied as the file, a folder
	// link as the folder, so the snapshot does not change with them.
	dst := filepath.Join(t.TempDir(), "snap")
	must(CopyContent(root, dst))
	for name, want := range map[string]string{"lenke.md": "delt tekst\n", "mappelenke/a.md": "a\n", "mappe/a.md": "a\n"} {
		p := filepath.Join(dst, filepath.FromSlash(name))
		info, err := os.Lstat(p)
		if err != nil || !info.Mode().IsRegular() {
			t.Errorf("%s in the snapshot: %v, %v; want a regular file", name, info, err)
			continue
		}
		if data, _ := os.ReadFile(p); string(data) != want {
			t.Errorf("%s = %q, want %q", name, data, want)
		}
	}

	// A link out of the site: an error naming it, nothing copied.
	must(os.Symlink(filepath.Join(top, "passwd"), filepath.Join(root, "content", "mappe", "passwd.md")))
	must(os.Symlink("/proc/self/environ", filepath.Join(root, "content", "environ.md")))
	dst2 := filepath.Join(t.TempDir(), "editions", "snap")
	err := CopyContent(root, dst2)
	for _, want := range []string{
		"content/environ.md: error: symbolic link to a file outside the site (/proc/self/environ)",
		"content/mappe/passwd.md: error: symbolic link to a file outside the site (" + filepath.Join(top, "passwd") + ")",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("CopyContent with links out of the site: %v, want %q", err, want)
		}
	}
	if _, err := os.Stat(dst2); !os.IsNotExist(err) {
		t.Errorf("a failed CopyContent left %s behind", dst2)
	}

	// CopyTree over a file system that lists links as links never
	// follows them.
	dst3 := filepath.Join(t.TempDir(), "snap")
	err = CopyTree(os.DirFS(filepath.Join(root, "content")), dst3)
	if err == nil || !strings.Contains(err.Error(), "environ.md: symbolic link") {
		t.Errorf("CopyTree with a link: %v, want an error naming it", err)
	}
	if _, err := os.Stat(dst3); !os.IsNotExist(err) {
		t.Errorf("a failed CopyTree left %s behind", dst3)
	}
	if entries, _ := os.ReadDir(filepath.Dir(dst3)); len(entries) != 0 {
		t.Errorf("a failed CopyTree left %v behind", entries)
	}
}
