package history

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

func openRef(t *testing.T, root, ref string) *TreeFS {
	t.Helper()
	fsys, err := RefFS(context.Background(), root, ref)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = fsys.Close() })
	return fsys
}

func TestRefFSTag(t *testing.T) {
	r := editionRepo(t)
	statusBefore := r.git("status", "--porcelain", "--untracked-files=all")
	indexBefore, err := os.ReadFile(filepath.Join(r.dir, ".git", "index"))
	if err != nil {
		t.Fatal(err)
	}

	fsys := openRef(t, r.dir, "utgave-2024")
	// The site as it was at the tag: the page before it moved, the page
	// that was later removed, the text of the second commit.
	want := map[string]string{
		"config.toml":                 "title = \"Test\"\n",
		"content/_index.md":           "# Forside\n",
		"content/veiledere/dpia.md":   "# DPIA\n\nAndre tekst.\n",
		"content/veiledere/gammel.md": "# Gammel\n",
		"content/sjekkliste.md":       "- [ ] Har vi en protokoll? {#protokoll}\n",
	}
	var got []string
	err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			got = append(got, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Errorf("files at the tag: %q, want %d files", got, len(want))
	}
	for name, text := range want {
		data, err := fs.ReadFile(fsys, name)
		if err != nil || string(data) != text {
			t.Errorf("ReadFile(%q) = %q, %v; want %q", name, data, err, text)
		}
	}
	if err := fstest.TestFS(fsys, "config.toml", "content/veiledere/dpia.md", "content/sjekkliste.md"); err != nil {
		t.Error(err)
	}
	if _, err := fs.Stat(fsys, "content/personvern/dpia.md"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Stat of a file made after the tag: %v, want ErrNotExist", err)
	}
	info, err := fs.Stat(fsys, "content/veiledere/dpia.md")
	if err != nil {
		t.Fatal(err)
	}
	if !info.ModTime().Equal(r.date(1)) || !fsys.Time().Equal(r.date(1)) || info.Size() != int64(len(want["content/veiledere/dpia.md"])) {
		t.Errorf("Stat: ModTime %v, Size %d; want the tagged commit's time %v and the file's size", info.ModTime(), info.Size(), r.date(1))
	}
	if c := strings.TrimSpace(r.git("rev-parse", "utgave-2024^{commit}")); fsys.Commit() != c || fsys.Ref() != "utgave-2024" {
		t.Errorf("Commit() = %s, Ref() = %s; want %s, utgave-2024", fsys.Commit(), fsys.Ref(), c)
	}

	// Nothing in the work tree or the index changed.
	if after := r.git("status", "--porcelain", "--untracked-files=all"); after != statusBefore {
		t.Errorf("git status changed:\n%s\nwas\n%s", after, statusBefore)
	}
	indexAfter, err := os.ReadFile(filepath.Join(r.dir, ".git", "index"))
	if err != nil || string(indexAfter) != string(indexBefore) {
		t.Errorf("the index changed (%v)", err)
	}
}

func TestRefFSBranchAndCommit(t *testing.T) {
	r := editionRepo(t)
	r.git("branch", "utgave-2023", "HEAD~4")
	for _, ref := range []string{"utgave-2023", "main~4", strings.TrimSpace(r.git("rev-parse", "HEAD~4"))} {
		fsys := openRef(t, r.dir, ref)
		data, err := fs.ReadFile(fsys, "content/veiledere/dpia.md")
		if err != nil || string(data) != "# DPIA\n\nAndre tekst.\n" {
			t.Errorf("%s: ReadFile = %q, %v", ref, data, err)
		}
	}
}

func TestRefFSUnknownRef(t *testing.T) {
	r := editionRepo(t)
	for _, ref := range []string{"utgave-1999", "", "-x", "main:content", "a\nb"} {
		_, err := RefFS(context.Background(), r.dir, ref)
		if err == nil {
			t.Errorf("RefFS(%q): no error", ref)
			continue
		}
		if !strings.Contains(err.Error(), `"`+strings.ReplaceAll(ref, "\n", `\n`)+`"`) {
			t.Errorf("RefFS(%q): error %q does not name the ref", ref, err)
		}
	}
}

func TestRefFSNotARepository(t *testing.T) {
	needGit(t)
	dir := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	_, err := RefFS(context.Background(), dir, "utgave-2024")
	if err == nil || !strings.Contains(err.Error(), "not in a git repository") || !strings.Contains(err.Error(), "utgave-2024") {
		t.Errorf("RefFS outside a repository: %v", err)
	}
}

func TestRefFSSiteInSubfolder(t *testing.T) {
	r := newRepo(t)
	r.write("site/content/a.md", "a\n")
	r.write("README.md", "top\n")
	r.commit("Start")
	r.git("tag", "v1")
	r.write("elsewhere/x.md", "x\n")
	r.commit("Elsewhere")
	r.git("tag", "v2")

	fsys := openRef(t, filepath.Join(r.dir, "site"), "v1")
	if data, err := fs.ReadFile(fsys, "content/a.md"); err != nil || string(data) != "a\n" {
		t.Errorf("ReadFile(content/a.md) = %q, %v", data, err)
	}
	if _, err := fs.Stat(fsys, "README.md"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the repository's top folder leaks into the site: %v", err)
	}

	r2 := newRepo(t)
	r2.write("a.md", "a\n")
	r2.commit("Start")
	r2.git("tag", "v1")
	r2.write("site/content/a.md", "a\n")
	r2.commit("Site")
	if _, err := RefFS(context.Background(), filepath.Join(r2.dir, "site"), "v1"); err == nil || !strings.Contains(err.Error(), "no folder site") {
		t.Errorf("a ref without the site's folder: %v", err)
	}
}

func TestRefFSSymlinksAndModes(t *testing.T) {
	r := newRepo(t)
	r.write("content/a.md", "a\n")
	r.write("run.sh", "#!/bin/sh\n")
	if err := os.Chmod(filepath.Join(r.dir, "run.sh"), 0o755); err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{"content/lenke.md": "a.md", "innhold": "content", "ute": "../../etc/passwd", "løkke": "løkke"} {
		if err := os.Symlink(target, filepath.Join(r.dir, link)); err != nil {
			t.Skip("symbolic links not supported:", err)
		}
	}
	r.commit("Lenker")
	fsys := openRef(t, r.dir, "main")
	for _, name := range []string{"content/lenke.md", "innhold/a.md", "innhold/lenke.md"} {
		if data, err := fs.ReadFile(fsys, name); err != nil || string(data) != "a\n" {
			t.Errorf("ReadFile(%q) = %q, %v", name, data, err)
		}
	}
	for _, name := range []string{"ute", "løkke"} {
		if _, err := fs.ReadFile(fsys, name); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("ReadFile(%q) = %v, want ErrNotExist", name, err)
		}
	}
	if target, err := fs.ReadLink(fsys, "innhold"); err != nil || target != "content" {
		t.Errorf("ReadLink(innhold) = %q, %v", target, err)
	}
	if info, err := fs.Lstat(fsys, "innhold"); err != nil || info.Mode().Type() != fs.ModeSymlink {
		t.Errorf("Lstat(innhold) = %v, %v; want a link", info, err)
	}
	if info, err := fs.Stat(fsys, "innhold"); err != nil || !info.IsDir() {
		t.Errorf("Stat(innhold) = %v, %v; want the folder it points to", info, err)
	}
	if info, err := fs.Stat(fsys, "run.sh"); err != nil || info.Mode().Perm() != 0o755 {
		t.Errorf("Stat(run.sh) = %v, %v; want mode 0755", info, err)
	}
	// fstest opens every entry, so leave out the links that do not resolve.
	sub, err := fs.Sub(fsys, "content")
	if err != nil {
		t.Fatal(err)
	}
	if err := fstest.TestFS(sub, "a.md", "lenke.md"); err != nil {
		t.Error(err)
	}
}

func TestRefFSConcurrentReads(t *testing.T) {
	r := newRepo(t)
	stream, present := synthStream(200, 10)
	r.fastImport(stream)
	fsys := openRef(t, r.dir, "main")
	var wg sync.WaitGroup
	errs := make(chan error, len(present))
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(present); i += 8 {
				data, err := fs.ReadFile(fsys, present[i])
				if err == nil && !strings.HasPrefix(string(data), "---\ntitle: Side ") {
					err = errors.New(present[i] + ": unexpected content " + string(data))
				}
				if err != nil {
					errs <- err
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestRefFSClose(t *testing.T) {
	r := editionRepo(t)
	fsys, err := RefFS(context.Background(), r.dir, "main")
	if err != nil {
		t.Fatal(err)
	}
	if err := fsys.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := fs.ReadFile(fsys, "content/_index.md"); !errors.Is(err, fs.ErrClosed) {
		t.Errorf("ReadFile after Close: %v, want ErrClosed", err)
	}
	if _, err := fs.Stat(fsys, "content/_index.md"); err != nil {
		t.Errorf("Stat after Close: %v", err)
	}
	if err := fsys.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}
