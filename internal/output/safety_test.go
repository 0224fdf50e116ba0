package output

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// tree writes files (slash paths → content) under dir.
func tree(t *testing.T, dir string, files map[string]string) {
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

func unsafe(err error) bool {
	var u *UnsafeError
	return errors.As(err, &u)
}

func TestPlaceRefusesTheSitesSources(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	tree(t, site, map[string]string{
		"config.toml":                   "title = \"x\"\n",
		"content/_index.md":             "---\ntitle: x\n---\n",
		"themes/default/layouts/x.html": "",
		".git/HEAD":                     "ref: refs/heads/main\n",
		"idx/CURRENT":                   "g1\n",
	})
	link := filepath.Join(root, "lenke")
	if err := os.Symlink(site, link); err != nil {
		t.Fatal(err)
	}
	for dest, want := range map[string]string{
		site:                                     "it is the site folder itself",
		root:                                     "it holds the site folder",
		"/":                                      "it holds the site folder",
		filepath.Join(site, "."):                 "it is the site folder itself",
		filepath.Join(site, "content"):           "it is the site's content",
		filepath.Join(site, "content", "ny"):     "it is inside the site's content",
		filepath.Join(site, "themes", "default"): "it is inside the site's themes",
		filepath.Join(site, ".git"):              "it is the site's .git",
		filepath.Join(site, ".varde"):            "it is the site's .varde",
		filepath.Join(site, "static", "x"):       "it is inside the site's static",
		filepath.Join(site, "editions"):          "it is the site's editions",
		filepath.Join(site, "config.toml"):       "it is the site's config.toml",
		link:                                     "it is the site folder itself",
		filepath.Join(link, "content"):           "it is the site's content",
		filepath.Join(root, "annen", ".git", "public"): "it is inside a .git folder",
		filepath.Join(site, "idx"):                     "it is the site's idx",
		filepath.Join(site, "idx", "public"):           "it is inside the site's idx",
	} {
		err := Place(site, dest, "idx")
		if !unsafe(err) || !strings.Contains(err.Error(), want) {
			t.Errorf("Place(%s) = %v, want %q", dest, err, want)
		}
	}
	// The search index configured inside an output folder would be
	// deleted with it.
	if err := Place(site, filepath.Join(site, "ut"), "ut/index"); !unsafe(err) || !strings.Contains(err.Error(), "it holds the site's ut/index") {
		t.Errorf("output holding the index: %v", err)
	}
	for _, dest := range []string{
		filepath.Join(site, "public"),
		filepath.Join(link, "public"),
		filepath.Join(site, "ut", "nett"),
		filepath.Join(root, "public"),
		filepath.Join(root, "sitex"), // a sibling whose name starts like the site's
	} {
		if err := Place(site, dest, "idx"); err != nil {
			t.Errorf("Place(%s): %v", dest, err)
		}
	}
	if foldCase {
		if err := Place(site, filepath.Join(site, "Content")); !unsafe(err) {
			t.Errorf("-d Content on %s: %v", runtime.GOOS, err)
		}
	}
}

func TestCheckExistingFolders(t *testing.T) {
	root := t.TempDir()
	tree(t, root, map[string]string{
		"mine/notes.txt":     "mine",
		"mine/sub/a.html":    "mine",
		"marked/" + Marker:   markerText,
		"marked/index.html":  "site",
		"legacy/index.html":  "site",
		"legacy/sitemap.xml": "<urlset/>",
		"half/index.html":    "my own home page",
		"file":               "x",
	})
	_ = os.MkdirAll(filepath.Join(root, "empty"), 0o755)
	_ = os.Symlink(filepath.Join(root, "marked"), filepath.Join(root, "link"))
	for name, want := range map[string]string{
		"mine": "it holds files Varde did not write (notes.txt, sub)",
		"half": "it holds files Varde did not write (index.html)",
		"file": "it is a file, not a folder",
		"link": "it is a symbolic link",
	} {
		legacy, err := Check(filepath.Join(root, name))
		if legacy || !unsafe(err) || !strings.Contains(err.Error(), want) {
			t.Errorf("Check(%s) = %v, %v; want %q", name, legacy, err, want)
		}
		if _, err := NewDir(filepath.Join(root, name)); !unsafe(err) {
			t.Errorf("NewDir(%s) = %v, want refused", name, err)
		}
	}
	for name, wantLegacy := range map[string]bool{"marked": false, "empty": false, "legacy": true, "missing": false} {
		if legacy, err := Check(filepath.Join(root, name)); err != nil || legacy != wantLegacy {
			t.Errorf("Check(%s) = %v, %v; want %v", name, legacy, err, wantLegacy)
		}
	}
	// A refused folder is left exactly as it was, and no staging folder
	// is made beside it.
	if b, _ := os.ReadFile(filepath.Join(root, "mine", "notes.txt")); string(b) != "mine" {
		t.Error("a refused folder changed")
	}
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		if strings.Contains(e.Name(), "staging") {
			t.Errorf("staging folder made beside a refused output: %s", e.Name())
		}
	}
}

// An output folder from a Varde before the marker is replaced once, when
// it holds only files the new build writes too, and is marked from then on.
func TestLegacyOutputAdoptedWhenNothingIsLost(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	tree(t, dest, map[string]string{"index.html": "old", "sitemap.xml": "old", "a/index.html": "old"})
	d, err := NewDir(dest)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"index.html", "sitemap.xml", "a/index.html", "b/index.html"} {
		if err := d.Write(n, []byte("new")); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "a", "index.html")); string(b) != "new" || !marked(dest) {
		t.Errorf("legacy output not replaced by a marked one: %q", b)
	}
	if entries, _ := os.ReadDir(root); len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}

func TestLegacyOutputWithFilesOfItsOwnIsKept(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	tree(t, dest, map[string]string{"index.html": "old", "sitemap.xml": "old", "rapport.pdf": "mine", "gammel/index.html": "old"})
	d, err := NewDir(dest)
	if err != nil {
		t.Fatal(err)
	}
	_ = d.Write("index.html", []byte("new"))
	_ = d.Write("sitemap.xml", []byte("new"))
	err = d.Commit()
	if !unsafe(err) || !strings.Contains(err.Error(), "gammel/, rapport.pdf") || !strings.Contains(err.Error(), "which this build does not write") {
		t.Fatalf("Commit = %v, want refused naming gammel/ and rapport.pdf", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "rapport.pdf")); string(b) != "mine" {
		t.Error("the user's file was lost")
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "index.html")); string(b) != "old" || marked(dest) {
		t.Error("a refused legacy output was changed")
	}
	if entries, _ := os.ReadDir(root); len(entries) != 1 {
		t.Errorf("staging left behind: %v", entries)
	}
}

// A folder that gained someone else's files during the build is checked
// again at Commit and kept.
func TestCommitChecksTheFolderAgain(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	d, err := NewDir(dest)
	if err != nil {
		t.Fatal(err)
	}
	_ = d.Write("index.html", []byte("new"))
	tree(t, dest, map[string]string{"notat.txt": "mine"})
	if err := d.Commit(); !unsafe(err) {
		t.Fatalf("Commit = %v, want refused", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "notat.txt")); string(b) != "mine" {
		t.Error("a file made during the build was lost")
	}
}

func TestMarkerNameIsReserved(t *testing.T) {
	d, err := NewDir(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	if err := d.Write("/"+Marker, []byte("x")); err == nil {
		t.Error("a page could overwrite the marker")
	}
	if err := d.Write("sub/"+Marker, []byte("x")); err != nil {
		t.Errorf("a file of that name deeper down: %v", err)
	}
}

// Abort from another goroutine while writers are busy (Ctrl-C): the
// staging folder is gone afterwards and stays gone.
func TestAbortWhileWriting(t *testing.T) {
	root := t.TempDir()
	d, err := NewDir(filepath.Join(root, "public"))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for i := 0; ; i++ {
				if err := d.Write(fmt.Sprintf("w%d/p%d/index.html", w, i), []byte("x")); err != nil {
					if !errors.Is(err, ErrStopped) {
						t.Errorf("write after abort: %v", err)
					}
					return
				}
			}
		}()
	}
	close(start)
	if !d.Abort() {
		t.Error("Abort did not stop the build")
	}
	wg.Wait()
	if d.Abort() {
		t.Error("a second Abort stopped the build again")
	}
	if entries, _ := os.ReadDir(root); len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
	if err := d.Commit(); !errors.Is(err, ErrStopped) {
		t.Errorf("Commit after Abort = %v", err)
	}
}

func TestCleanRemovesOnlyVardesLeftovers(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	tree(t, root, map[string]string{
		"public/" + Marker:                  markerText,
		"public/index.html":                 "current",
		".public.staging-111/" + Marker:     markerText,
		".public.staging-111/index.html":    "half",
		".public.staging-222.old/" + Marker: markerText,
		".public.staging-333/mine.txt":      "not Varde's",
		".public2.staging-444/" + Marker:    markerText, // another output's
		".public.staging-x/" + Marker:       markerText, // not Varde's naming
		"annet/fil.txt":                     "x",
	})
	_ = os.MkdirAll(filepath.Join(root, ".public.staging-555"), 0o755) // killed before its marker
	var notices []string
	if err := Clean(dest, func(s string) { notices = append(notices, s) }); err != nil {
		t.Fatal(err)
	}
	var left []string
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		left = append(left, e.Name())
	}
	want := ".public.staging-333 .public.staging-x .public2.staging-444 annet public"
	if strings.Join(left, " ") != want {
		t.Errorf("left %v, want %s", left, want)
	}
	if len(notices) != 1 || !strings.Contains(notices[0], ".public.staging-333") || !strings.Contains(notices[0], "left") {
		t.Errorf("notices %q", notices)
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "index.html")); string(b) != "current" {
		t.Error("the current output changed")
	}
}

// A build killed between the two renames of a swap leaves no output and
// the old site beside it: the next build puts it back.
func TestCleanPutsBackTheOldSite(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	tree(t, root, map[string]string{
		".public.staging-111.old/" + Marker:  markerText,
		".public.staging-111.old/index.html": "old site",
		".public.staging-222/" + Marker:      markerText,
	})
	var notices []string
	if err := Clean(dest, func(s string) { notices = append(notices, s) }); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "index.html")); string(b) != "old site" {
		t.Errorf("old site not put back: %q", b)
	}
	if entries, _ := os.ReadDir(root); len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
	if len(notices) != 1 || !strings.Contains(notices[0], "put back") {
		t.Errorf("notices %q", notices)
	}
}

// removeOutput deletes the marker last: a removal cut short leaves a
// folder still marked as Varde's.
func TestRemoveOutputMarkerLast(t *testing.T) {
	dir := filepath.Join(t.TempDir(), ".public.staging-1")
	tree(t, dir, map[string]string{Marker: markerText, "a/b.html": "x"})
	// A file that cannot be removed (its folder is read-only) stops the
	// removal before the marker.
	if os.Getuid() != 0 {
		ro := filepath.Join(dir, "a")
		_ = os.Chmod(ro, 0o555)
		if err := removeOutput(dir); err == nil {
			t.Error("removal through a read-only folder succeeded")
		}
		if !marked(dir) {
			t.Error("the marker went before the rest")
		}
		_ = os.Chmod(ro, 0o755)
	}
	if err := removeOutput(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("not removed: %v", err)
	}
}
