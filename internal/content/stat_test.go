package content

import (
	"bytes"
	"crypto/sha256"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/sitefs"
)

// statSite is a site on disk with a few pages, and a Load through the
// cache file as varde build does it (written and read back between
// builds, stats trusted).
type statSite struct {
	t    *testing.T
	dir  string
	cfg  *config.Config
	file []byte // the cache file of the last build
}

func newStatSite(t *testing.T) *statSite {
	dir := t.TempDir()
	write := func(rel, s string) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("config.toml", "title = \"T\"\nbaseURL = \"https://x.example/\"\ndefaultLanguage = \"nb\"\n[languages.nb]\ntitle = \"T\"\n")
	write("content/_index.md", "---\ntitle: Hjem\n---\nVelkommen.\n")
	for _, n := range []string{"a", "b", "c", "d", "f"} {
		write("content/veiledere/"+n+".md", "---\ntitle: Side "+n+"\n---\nTekst om "+n+" med {{verdi}} og mer.\n")
	}
	write("content/veiledere/uten.md", "---\ntitle: Uten\n---")
	sfs, err := sitefs.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	cfg, ds := config.Load(sfs)
	if cfg == nil {
		t.Fatal(ds)
	}
	sfs.Close()
	return &statSite{t: t, dir: dir, cfg: cfg}
}

// load loads the site with the last build's cache file, keeps this one's,
// and returns the pages by file and how many were taken by stat.
func (s *statSite) load() (map[string]*Page, []diag.Diagnostic, int) {
	s.t.Helper()
	sfs, err := sitefs.Open(s.dir)
	if err != nil {
		s.t.Fatal(err)
	}
	s.t.Cleanup(func() { sfs.Close() }) // bodies are read through it later
	c := ReadCache(bytes.NewReader(s.file), "k")
	set, ds := Load(sfs, s.cfg, Options{TrustStat: true, CacheAhead: func() *Cache { return c }})
	var buf bytes.Buffer
	if err := c.WriteTo(&buf, "k"); err != nil {
		s.t.Fatal(err)
	}
	s.file = buf.Bytes()
	pages := map[string]*Page{}
	for _, p := range set.Pages {
		pages[p.File] = p
	}
	return pages, ds, c.Statted()
}

// fresh loads the site without any cache: the pages parsing gives.
func (s *statSite) fresh() map[string]*Page {
	s.t.Helper()
	sfs, err := sitefs.Open(s.dir)
	if err != nil {
		s.t.Fatal(err)
	}
	defer sfs.Close()
	set, _ := Load(sfs, s.cfg, Options{})
	pages := map[string]*Page{}
	for _, p := range set.Pages {
		pages[p.File] = p
	}
	return pages
}

// same fails unless got are the pages want are, each body as Source
// gives it, and BodySum its SHA-256.
func (s *statSite) same(what string, got map[string]*Page) {
	s.t.Helper()
	want := s.fresh()
	if len(got) != len(want) {
		s.t.Fatalf("%s: %d pages, want %d", what, len(got), len(want))
	}
	for f, w := range want {
		g := got[f]
		if g == nil {
			s.t.Fatalf("%s: no page %s", what, f)
		}
		body, err := g.Source()
		if err != nil {
			s.t.Fatalf("%s: %s: %v", what, f, err)
		}
		if g.BodySum() != sha256.Sum256(w.Body) {
			s.t.Errorf("%s: %s: BodySum is not the body's", what, f)
		}
		cp := *g
		cp.SetBody(body)
		if !reflect.DeepEqual(&cp, w) {
			s.t.Errorf("%s: %s:\n got %+v\nwant %+v", what, f, cp, *w)
		}
	}
}

func (s *statSite) path(rel string) string { return filepath.Join(s.dir, "content", "veiledere", rel) }

// settle waits until the files written so far are older than RacyMargin.
func settle() { time.Sleep(RacyMargin + 50*time.Millisecond) }

// A page whose file's stat is the one kept is taken without reading the
// file, and is the page parsing gives (its body read when asked for). A
// file changed without its size or mtime changing, replaced by a rename,
// added, removed or renamed is read again; so is every file when the cache
// file is damaged or was written by a clock that is now behind, and a file
// changed since the build began is an error when its body is asked for.
func TestStatManifest(t *testing.T) {
	defer func(m time.Duration) { RacyMargin = m }(RacyMargin)
	RacyMargin = 150 * time.Millisecond
	s := newStatSite(t)
	all := 7
	settle()
	pages, _, statted := s.load()
	if statted != 0 {
		t.Fatalf("first build: %d taken by stat", statted)
	}
	s.same("first build", pages)
	pages, _, statted = s.load()
	if statted != all {
		t.Fatalf("nothing changed: %d of %d taken by stat", statted, all)
	}
	for f, p := range pages {
		if !p.Auto && (p.Body != nil || p.later == nil) {
			t.Errorf("%s was read", f)
		}
		if !p.MayHoldValues() && strings.Contains(f, "veiledere/a") {
			t.Errorf("%s holds {{ but MayHoldValues is false", f)
		}
	}
	if p := pages["content/_index.md"]; p.MayHoldValues() {
		t.Error("a body without {{ may hold values")
	}
	s.same("nothing changed", pages)

	// One letter changed, the size and both times put back: the change
	// time (not settable) gives it away.
	a := s.path("a.md")
	st, err := os.Stat(a)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(a)
	b = bytes.Replace(b, []byte("Tekst om a"), []byte("Tekst om A"), 1)
	if err := os.WriteFile(a, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(a, st.ModTime(), st.ModTime()); err != nil {
		t.Fatal(err)
	}
	if st2, _ := os.Stat(a); st2.Size() != st.Size() || !st2.ModTime().Equal(st.ModTime()) {
		t.Fatal("size or mtime not kept")
	}
	pages, _, statted = s.load()
	if statted != all-1 || pages["content/veiledere/a.md"].later != nil {
		t.Fatalf("a file changed with its mtime put back: %d taken by stat", statted)
	}
	s.same("mtime put back", pages)

	// Replaced by a rename, with the same size and mtime: another inode.
	f := s.path("f.md")
	st, _ = os.Stat(f)
	b, _ = os.ReadFile(f)
	tmp := s.path(".f.tmp")
	if err := os.WriteFile(tmp, bytes.Replace(b, []byte("om f"), []byte("om F"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(tmp, st.ModTime(), st.ModTime()); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, f); err != nil {
		t.Fatal(err)
	}
	// Added, removed and renamed files.
	if err := os.WriteFile(s.path("e.md"), []byte("---\ntitle: Ny\n---\nNy side.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(s.path("d.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(s.path("c.md"), s.path("c2.md")); err != nil {
		t.Fatal(err)
	}
	pages, _, statted = s.load()
	// a.md (read last time, racy then) is read again; b, _index and uten
	// by stat.
	if statted != 3 {
		t.Errorf("after a replace, add, remove and rename: %d taken by stat, want 3", statted)
	}
	for _, f := range []string{"f.md", "e.md", "c2.md"} {
		if pages["content/veiledere/"+f].later != nil {
			t.Errorf("%s taken by stat", f)
		}
	}
	s.same("replaced, added, removed, renamed", pages)
	settle()
	s.load() // the new files' stats kept
	pages, _, statted = s.load()
	if statted != 7 {
		t.Errorf("after they settled: %d taken by stat, want 7", statted)
	}

	// A body asked for after its file changed is an error, not another
	// file's text cut at the old place.
	if err := os.WriteFile(s.path("b.md"), []byte("---\ntitle: Side b\n---\nHelt annet.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := pages["content/veiledere/b.md"].Source(); err == nil || !strings.Contains(err.Error(), "changed") {
		t.Errorf("a body changed since the build began: %v", err)
	}
	settle()
	s.load()
	settle()
	s.load()

	// A damaged cache file is an empty cache.
	good := append([]byte(nil), s.file...)
	s.file[len(s.file)/2] ^= 0x10
	pages, _, statted = s.load()
	if statted != 0 {
		t.Errorf("a damaged cache file: %d taken by stat", statted)
	}
	s.same("damaged cache file", pages)

	// A cache file written when the clock was ahead of now (set back
	// since): no stat is trusted, every file is read.
	s.file = good
	pages, _, statted = s.load()
	if statted != 7 {
		t.Fatalf("%d taken by stat", statted)
	}
	now = func() time.Time { return time.Now().Add(time.Hour) }
	s.load()
	now = time.Now
	pages, _, statted = s.load()
	if statted != 0 {
		t.Errorf("after the clock went back: %d taken by stat", statted)
	}
	s.same("clock went back", pages)
}
