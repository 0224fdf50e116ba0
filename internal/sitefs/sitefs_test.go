package sitefs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// secret stands in for /etc/passwd: a file outside the site whose text
// must never come out of the site's file system.
const secret = "root:x:0:0:SECRET-OUTSIDE-THE-SITE"

// tree makes a site folder with the links of the tests and returns its
// path and the path of a folder outside it.
func tree(t *testing.T) (site, outside string) {
	t.Helper()
	top := t.TempDir()
	site = filepath.Join(top, "site")
	outside = filepath.Join(top, "outside")
	write(t, filepath.Join(outside, "passwd"), secret)
	write(t, filepath.Join(outside, "dir", "leak.md"), secret)
	write(t, filepath.Join(site, "content", "a.md"), "# A")
	write(t, filepath.Join(site, "shared", "b.md"), "# B")
	write(t, filepath.Join(site, "shared", "deep", "c.md"), "# C")
	link(t, filepath.Join(outside, "passwd"), filepath.Join(site, "content", "passwd.md"))
	link(t, "/proc/self/environ", filepath.Join(site, "content", "environ.md"))
	link(t, "../../outside/passwd", filepath.Join(site, "content", "rel.md"))
	link(t, filepath.Join(outside, "dir"), filepath.Join(site, "content", "outdir"))
	link(t, "../shared/b.md", filepath.Join(site, "content", "b.md"))
	link(t, "../shared", filepath.Join(site, "content", "shared"))
	link(t, filepath.Join(site, "shared", "deep", "c.md"), filepath.Join(site, "content", "abs.md"))
	link(t, "nowhere.md", filepath.Join(site, "content", "dangling.md"))
	return site, outside
}

func write(t *testing.T, name, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func link(t *testing.T, target, name string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, name); err != nil {
		t.Fatal(err)
	}
}

func open(t *testing.T, dir string) *FS {
	t.Helper()
	f, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// walk lists every file below dir with its text.
func walk(t *testing.T, fsys fs.FS, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			got[p] = string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestLinksOutsideAreRefused(t *testing.T) {
	site, outside := tree(t)
	f := open(t, site)
	errs := f.Check("content")
	byName := map[string]*LinkError{}
	for _, e := range errs {
		byName[e.Name] = e
	}
	want := map[string]string{
		"content/passwd.md":   "symbolic link to a file outside the site (" + filepath.Join(outside, "passwd") + "); Varde does not follow links out of the site: copy the file into the site instead",
		"content/environ.md":  "symbolic link to a file outside the site (/proc/self/environ)",
		"content/rel.md":      "symbolic link to a file outside the site (" + filepath.Join(outside, "passwd") + ")",
		"content/outdir":      "symbolic link to a folder outside the site (" + filepath.Join(outside, "dir") + "); Varde does not follow links out of the site: copy the folder into the site instead",
		"content/dangling.md": "symbolic link to " + filepath.Join(f.Dir(), "content", "nowhere.md") + ", which does not exist",
	}
	for name, msg := range want {
		e := byName[name]
		if e == nil {
			t.Errorf("%s: not reported; got %v", name, errs)
			continue
		}
		if !strings.HasPrefix(e.Message(), msg) {
			t.Errorf("%s: message\n%s\nwant it to start with\n%s", name, e.Message(), msg)
		}
		if d := e.Diagnostic(); d.File != name || !strings.HasPrefix(d.String(), name+": error: symbolic link") {
			t.Errorf("diagnostic %q does not name %s", d.String(), name)
		}
		if _, err := fs.ReadFile(f, name); !errors.As(err, new(*LinkError)) {
			t.Errorf("ReadFile(%s) = %v, want the link refused", name, err)
		}
	}
	if len(errs) != len(want) {
		t.Errorf("got %d errors, want %d: %v", len(errs), len(want), errs)
	}
	// The folder link is named, not a file below it nor the folder above.
	if _, err := f.Open("content/outdir/leak.md"); !errors.As(err, new(*LinkError)) || !strings.HasPrefix(err.Error(), "content/outdir: ") {
		t.Errorf("Open through a folder link outside = %v, want an error naming content/outdir", err)
	}
	if _, err := f.Stat("content/outdir"); !errors.Is(err, fs.ErrPermission) {
		t.Errorf("Stat(content/outdir) = %v, want a refusal", err)
	}
	for p, text := range walk(t, f, ".") {
		if strings.Contains(text, "SECRET") || strings.Contains(p, "passwd") || strings.Contains(p, "environ") || strings.Contains(p, "outdir") {
			t.Errorf("walk reached %s (%q), which is outside the site", p, text)
		}
	}
}

func TestLinksInsideAreFollowedOnce(t *testing.T) {
	site, _ := tree(t)
	f := open(t, site)
	got := walk(t, f, "content")
	want := map[string]string{
		"content/a.md":             "# A",
		"content/b.md":             "# B", // a file link, read as the file
		"content/abs.md":           "# C", // an absolute link into the site
		"content/shared/b.md":      "# B", // a folder link, walked like a folder
		"content/shared/deep/c.md": "# C",
	}
	for p, text := range want {
		if got[p] != text {
			t.Errorf("%s = %q, want %q", p, got[p], text)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			t.Errorf("walk gave %s, which it should not", p)
		}
	}
	st, err := f.Stat("content/shared")
	if err != nil || !st.IsDir() || st.Name() != "shared" {
		t.Errorf("Stat(content/shared) = %v, %v; want the folder under the link's name", st, err)
	}
	entries, err := f.ReadDir("content")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
		if e.Type()&fs.ModeSymlink != 0 {
			t.Errorf("%s is listed as a link; links inside are listed as what they lead to", e.Name())
		}
	}
	if !slices.Equal(names, []string{"a.md", "abs.md", "b.md", "shared"}) {
		t.Errorf("ReadDir(content) = %v", names)
	}
}

func TestLoopsEnd(t *testing.T) {
	site := t.TempDir()
	write(t, filepath.Join(site, "content", "a", "x.md"), "x")
	write(t, filepath.Join(site, "content", "b", "y.md"), "y")
	link(t, "..", filepath.Join(site, "content", "up"))           // back to the site root
	link(t, ".", filepath.Join(site, "content", "a", "self"))     // to its own folder
	link(t, "../b", filepath.Join(site, "content", "a", "tob"))   // a → b → a: a loop of two
	link(t, "../a", filepath.Join(site, "content", "b", "toa"))   // (each is fine on its own)
	link(t, "ping.md", filepath.Join(site, "content", "pong.md")) // a chain that never ends
	link(t, "pong.md", filepath.Join(site, "content", "ping.md"))
	f := open(t, site)
	got := walk(t, f, "content")
	var files []string
	for p := range got {
		files = append(files, p)
	}
	slices.Sort(files)
	if !slices.Equal(files, []string{"content/a/tob/y.md", "content/a/x.md", "content/b/toa/x.md", "content/b/y.md"}) {
		t.Errorf("walk = %v", files)
	}
	errs := f.Check("content")
	var names []string
	for _, e := range errs {
		names = append(names, e.Name)
		if e.Kind != Loop {
			t.Errorf("%v: kind %v, want a loop", e, e.Kind)
		}
	}
	wantErrs := []string{"content/a/self", "content/a/tob/toa", "content/b/toa/self", "content/b/toa/tob", "content/ping.md", "content/pong.md", "content/up"}
	if !slices.Equal(names, wantErrs) {
		t.Errorf("loops reported: %v, want %v", names, wantErrs)
	}
	if msg := errs[0].Message(); !strings.Contains(msg, "a folder that contains it") || !strings.Contains(msg, "remove the link") {
		t.Errorf("message %q", msg)
	}
}

func TestConfineKeepsAnEditionInItsFolder(t *testing.T) {
	site, _ := tree(t)
	write(t, filepath.Join(site, "editions", "2024", "content", "own.md"), "# own")
	link(t, "own.md", filepath.Join(site, "editions", "2024", "content", "alias.md"))
	link(t, "../../../content/a.md", filepath.Join(site, "editions", "2024", "content", "cur.md"))
	f := open(t, site)
	ed, err := f.Confine("editions/2024", "the edition's folder editions/2024")
	if err != nil {
		t.Fatal(err)
	}
	defer ed.Close()
	errs := ed.Check("content")
	if len(errs) != 1 || errs[0].Name != "content/cur.md" {
		t.Fatalf("errors %v, want one for content/cur.md", errs)
	}
	if msg := errs[0].Message(); !strings.Contains(msg, "outside the edition's folder editions/2024 (") || !strings.Contains(msg, "copy the file into the edition's folder editions/2024 instead") {
		t.Errorf("message %q", msg)
	}
	if b, err := fs.ReadFile(ed, "content/alias.md"); err != nil || string(b) != "# own" {
		t.Errorf("alias.md = %q, %v", b, err)
	}
	// The same link is inside the site, so the site's own view follows it.
	if b, err := fs.ReadFile(f, "editions/2024/content/cur.md"); err != nil || string(b) != "# A" {
		t.Errorf("from the site root: %q, %v", b, err)
	}
	link(t, "../outside", filepath.Join(site, "editions", "2023"))
	if _, err := f.Confine("editions/2023", "x"); !errors.As(err, new(*LinkError)) {
		t.Errorf("Confine through a link outside = %v, want it refused", err)
	}
}

// A tree that is not on disk (git's) gets the same rules; an absolute
// link is always outside, and nothing is looked up on the disk.
func TestTreeNotOnDisk(t *testing.T) {
	tree := fstest.MapFS{
		"content/a.md":      {Data: []byte("# A")},
		"content/passwd.md": {Data: []byte("/etc/passwd"), Mode: fs.ModeSymlink},
		"content/up.md":     {Data: []byte("../../secret"), Mode: fs.ModeSymlink},
		"content/ok.md":     {Data: []byte("a.md"), Mode: fs.ModeSymlink},
		"content/dir":       {Data: []byte("../shared"), Mode: fs.ModeSymlink},
		"shared/s.md":       {Data: []byte("# S")},
		"content/outdir":    {Data: []byte("/etc"), Mode: fs.ModeSymlink},
	}
	f := New(tree, "the site")
	errs := f.Check("content")
	var got []string
	for _, e := range errs {
		got = append(got, e.Error())
	}
	want := []string{
		"content/outdir: symbolic link to a path outside the site (/etc); Varde does not follow links out of the site: copy what it points to into the site instead",
		"content/passwd.md: symbolic link to a path outside the site (/etc/passwd); Varde does not follow links out of the site: copy what it points to into the site instead",
		"content/up.md: symbolic link to a path outside the site (../../secret); Varde does not follow links out of the site: copy what it points to into the site instead",
	}
	if !slices.Equal(got, want) {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	files := walk(t, f, "content")
	if len(files) != 3 || files["content/ok.md"] != "# A" || files["content/dir/s.md"] != "# S" {
		t.Errorf("walk = %v", files)
	}
}

// The file system keeps the contract of io/fs.
func TestFSContract(t *testing.T) {
	site := t.TempDir()
	write(t, filepath.Join(site, "content", "a.md"), "# A")
	write(t, filepath.Join(site, "static", "css", "x.css"), "a{}")
	link(t, "../content/a.md", filepath.Join(site, "static", "a.md"))
	link(t, "/etc/passwd", filepath.Join(site, "static", "passwd"))
	if err := fstest.TestFS(open(t, site), "content/a.md", "static/css/x.css", "static/a.md"); err != nil {
		t.Fatal(err)
	}
	f := open(t, site)
	if _, err := f.Open("../x"); !errors.Is(err, fs.ErrInvalid) {
		t.Errorf("Open(../x) = %v", err)
	}
	if _, err := f.Open("content/none.md"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open(missing) = %v", err)
	}
}
