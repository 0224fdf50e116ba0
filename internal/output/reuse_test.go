package output

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// reuseBuild writes files as one build does, into a Dir reusing state.
// Before Commit it calls check, if not nil.
func reuseBuild(t *testing.T, dest, state string, files map[string]string, check func(d *Dir)) {
	t.Helper()
	d, err := NewDirReusing(dest, state)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := d.Write(name, []byte(files[name])); err != nil {
			t.Fatalf("write %s: %v", name, err)
		}
	}
	if check != nil {
		check(d)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
}

// readTree reads every file under dir (the marker left out) and names every
// folder with a trailing slash.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case rel == "." || rel == Marker:
		case e.IsDir():
			got[rel+"/"] = ""
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			got[rel] = string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// plain is what a Dir without reuse writes for files, for comparison.
func plain(t *testing.T, files map[string]string) map[string]string {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	d, err := NewDir(dest)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if err := d.Write(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	return readTree(t, dest)
}

func sameInode(t *testing.T, a, b string) bool {
	t.Helper()
	fa, err := os.Lstat(a)
	if err != nil {
		t.Fatal(err)
	}
	fb, err := os.Lstat(b)
	if err != nil {
		t.Fatal(err)
	}
	return os.SameFile(fa, fb)
}

func diffTrees(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	for k, v := range want {
		if g, ok := got[k]; !ok {
			t.Errorf("%s: %s missing", what, k)
		} else if g != v {
			t.Errorf("%s: %s is %q, want %q", what, k, g, v)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: %s should not be there", what, k)
		}
	}
}

// Issue 22: builds into the same folder, with files changed, added,
// removed, and a file turned into a folder and back, give exactly what a
// build into a new folder gives; unchanged files are the previous
// output's inodes (not written again), and nothing but the output is left
// beside it.
func TestReuseIsByteIdenticalToAPlainBuild(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	state := filepath.Join(root, "site", ".varde", "output")
	builds := []map[string]string{
		{"index.html": "forside", "a/index.html": "a1", "a/b/index.html": "b1", "css/x.css": "x", "gone/index.html": "g", "f": "fil"},
		{"index.html": "forside", "a/index.html": "a2", "a/b/index.html": "b1", "css/x.css": "x", "ny/index.html": "n", "f/index.html": "now a folder"},
		{"index.html": "forside", "a/index.html": "a2", "a/b/index.html": "b1", "css/x.css": "x", "ny/index.html": "n", "f/index.html": "now a folder"},
		{"index.html": "forside 2", "a/index.html": "a1", "css/x.css": "x", "f": "a file again", "gone/index.html": "g"},
		{"index.html": "forside 2", "a/index.html": "a1", "css/x.css": "x", "f": "a file again", "gone/index.html": "g"},
	}
	for i, files := range builds {
		var before map[string]string
		if i > 0 {
			before = readTree(t, dest)
		}
		reuseBuild(t, dest, state, files, func(d *Dir) {
			// Until the swap, the live output is the previous build's,
			// whatever the staging folder shares with it.
			if before != nil {
				diffTrees(t, "live output before the swap", readTree(t, dest), before)
			}
		})
		diffTrees(t, "build "+string(rune('1'+i)), readTree(t, dest), plain(t, files))
		if entries, _ := os.ReadDir(root); len(entries) != 2 {
			t.Errorf("build %d left beside the output: %v", i+1, entries)
		}
	}
	if runtime.GOOS == "windows" {
		return
	}
	// The last two builds were equal: the output is the spare's inodes,
	// shared, not copies.
	spare := filepath.Join(state, stateKey(dest)+".spare")
	for _, f := range []string{"index.html", "a/index.html", "css/x.css"} {
		if !sameInode(t, filepath.Join(dest, f), filepath.Join(spare, f)) {
			t.Errorf("%s was written again although nothing changed", f)
		}
	}
}

// A file someone edited in the output, or added to it, is not taken for
// the build's: the edited one is written again, the added one is gone two
// builds later, when its tree is the spare again.
func TestReuseTrustsNoFileItDidNotWrite(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	state := filepath.Join(root, "state")
	files := map[string]string{"index.html": "forside", "a/index.html": "a"}
	reuseBuild(t, dest, state, files, nil)
	reuseBuild(t, dest, state, files, nil)
	// Edited in place (same size, so only the time tells) and added.
	if err := os.WriteFile(filepath.Join(dest, "a", "index.html"), []byte("X"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dest, "a", "extra.html"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		reuseBuild(t, dest, state, files, nil)
		diffTrees(t, "after an edit in the output", readTree(t, dest), plain(t, files))
	}
}

// A symbolic link in the spare (a folder of the old site replaced by a
// link to elsewhere) is removed, never written through.
func TestReuseNeverWritesThroughALink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	state := filepath.Join(root, "state")
	outside := filepath.Join(root, "outside")
	if err := os.Mkdir(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{"index.html": "forside", "a/index.html": "a", "b.html": "b"}
	reuseBuild(t, dest, state, files, nil)
	reuseBuild(t, dest, state, files, nil)
	spare := filepath.Join(state, stateKey(dest)+".spare")
	for _, p := range []string{"a", "b.html"} {
		if err := os.RemoveAll(filepath.Join(spare, p)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(outside, filepath.Join(spare, "a")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "b.html"), filepath.Join(spare, "b.html")); err != nil {
		t.Fatal(err)
	}
	files["b.html"] = "b2"
	files["a/index.html"] = "a2"
	reuseBuild(t, dest, state, files, nil)
	diffTrees(t, "output", readTree(t, dest), plain(t, files))
	if got := readTree(t, outside); len(got) != 0 {
		t.Errorf("written through a link: %v", got)
	}
}

// A stopped build keeps its half-updated tree as the spare; the next build
// still gives exactly its own files.
func TestReuseAfterAbort(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	state := filepath.Join(root, "state")
	reuseBuild(t, dest, state, map[string]string{"index.html": "1", "a/index.html": "a"}, nil)
	reuseBuild(t, dest, state, map[string]string{"index.html": "2", "a/index.html": "a"}, nil)
	d, err := NewDirReusing(dest, state)
	if err != nil {
		t.Fatal(err)
	}
	_ = d.Write("half/index.html", []byte("half"))
	_ = d.Write("index.html", []byte("3"))
	d.Abort()
	if got := readTree(t, dest); got["index.html"] != "2" || len(got) != 3 {
		t.Errorf("the output changed on Abort: %v", got)
	}
	if entries, _ := os.ReadDir(root); len(entries) != 2 {
		t.Errorf("left beside the output: %v", entries)
	}
	files := map[string]string{"index.html": "4", "b/index.html": "b"}
	reuseBuild(t, dest, state, files, nil)
	diffTrees(t, "after an abort", readTree(t, dest), plain(t, files))
}

// Hard links between the spare and the output keep the files' inodes: a
// rebuild with nothing changed makes no new file, and one with a change
// makes only that file anew.
func TestReuseAllocatesOnlyChangedFiles(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("inode numbers are Unix")
	}
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	state := filepath.Join(root, "state")
	files := map[string]string{}
	for _, s := range []string{"a", "b", "c", "d"} {
		files[s+"/index.html"] = strings.Repeat(s, 100)
	}
	reuseBuild(t, dest, state, files, nil)
	reuseBuild(t, dest, state, files, nil)
	inodes := func() map[string]uint64 {
		m := map[string]uint64{}
		for name := range files {
			fi, err := os.Lstat(filepath.Join(dest, name))
			if err != nil {
				t.Fatal(err)
			}
			_, ino, _ := fileID(fi)
			m[name] = ino
		}
		return m
	}
	before := inodes()
	files["b/index.html"] = "endret"
	reuseBuild(t, dest, state, files, nil)
	after := inodes()
	for name := range files {
		if changed := before[name] != after[name]; changed != (name == "b/index.html") {
			t.Errorf("%s: inode changed %v", name, changed)
		}
	}
}

// A folder at the spare's place without the marker is not Varde's to
// delete or use: it is left as it is, and builds stay correct without it.
func TestReuseLeavesAnUnmarkedSpareAlone(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	state := filepath.Join(root, "state")
	spare := filepath.Join(state, stateKey(dest)+".spare")
	if err := os.MkdirAll(spare, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(spare, "mine.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	for i, files := range []map[string]string{{"index.html": "1"}, {"index.html": "2", "a/index.html": "a"}, {"index.html": "2"}} {
		reuseBuild(t, dest, state, files, nil)
		diffTrees(t, "build "+string(rune('1'+i)), readTree(t, dest), plain(t, files))
	}
	if b, err := os.ReadFile(filepath.Join(spare, "mine.txt")); err != nil || string(b) != "mine" {
		t.Errorf("the unmarked folder was touched: %v", err)
	}
	if entries, _ := os.ReadDir(root); len(entries) != 2 {
		t.Errorf("left beside the output: %v", entries)
	}
}

// A name written twice in one build holds the second bytes, in a staging
// folder that started empty (no lstat before each write there) and in an
// adopted spare.
func TestReuseWriteTwice(t *testing.T) {
	top := t.TempDir()
	dest, state := filepath.Join(top, "public"), filepath.Join(top, "state")
	for i := range 3 {
		d, err := NewDirReusing(dest, state)
		if err != nil {
			t.Fatal(err)
		}
		for _, text := range []string{"første", "andre, lengre tekst"} {
			if err := d.Write("a/index.html", []byte(text)); err != nil {
				t.Fatalf("build %d: %v", i, err)
			}
		}
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
		diffTrees(t, "written twice", readTree(t, dest), map[string]string{"a/": "", "a/index.html": "andre, lengre tekst"})
	}
}

// Keep (the rendered-page cache's way to reuse a page it did not render
// again) gives what Write of the same bytes gives: the live file's inode
// when the manifest vouches for it, and false, leaving the write to the
// caller, when the hash or size differ, the file was edited or there is
// no previous output.
func TestReuseKeep(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	state := filepath.Join(root, "state")
	files := map[string]string{"index.html": "forside", "a/index.html": "a", "b/c/index.html": "c"}
	// First build: nothing to keep yet.
	d, err := NewDirReusing(dest, state)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := d.Keep("a/index.html", ContentHash([]byte("a")), 1); ok || err != nil {
		t.Fatalf("Keep with no previous output: %v, %v", ok, err)
	}
	d.Abort()
	reuseBuild(t, dest, state, files, nil)
	keepAll := func(what string, want map[string]bool) {
		t.Helper()
		d, err := NewDirReusing(dest, state)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range slices.Sorted(maps.Keys(files)) {
			data := []byte(files[name])
			ok, err := d.Keep(name, ContentHash(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			if ok != want[name] {
				t.Errorf("%s: Keep(%s) = %v", what, name, ok)
			}
			if !ok {
				if err := d.Write(name, data); err != nil {
					t.Fatal(err)
				}
			}
		}
		// A wrong hash or size is never kept.
		if ok, _ := d.Keep("index.html", ContentHash([]byte("annet")), 7); ok {
			t.Errorf("%s: kept with another hash", what)
		}
		if ok, _ := d.Keep("index.html", ContentHash([]byte("forside")), 8); ok {
			t.Errorf("%s: kept with another size", what)
		}
		if files, _ := d.Stats(); files != 3 {
			t.Errorf("%s: %d files counted, want 3", what, files)
		}
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
		diffTrees(t, what, readTree(t, dest), plain(t, files))
	}
	all := map[string]bool{"index.html": true, "a/index.html": true, "b/c/index.html": true}
	keepAll("second build", all)
	keepAll("third build", all)
	if runtime.GOOS != "windows" {
		spare := filepath.Join(state, stateKey(dest)+".spare")
		if !sameInode(t, filepath.Join(dest, "a", "index.html"), filepath.Join(spare, "a", "index.html")) {
			t.Error("a kept file is not the previous output's")
		}
	}
	// Edited in the output (same size): not the file the manifest
	// vouches for, so not kept, and written again.
	if err := os.WriteFile(filepath.Join(dest, "a", "index.html"), []byte("X"), 0o644); err != nil {
		t.Fatal(err)
	}
	keepAll("after an edit", map[string]bool{"index.html": true, "b/c/index.html": true})
	keepAll("after that", all)
}
