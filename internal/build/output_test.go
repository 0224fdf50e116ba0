package build

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/varde-portal/varde/internal/corpus"
	"github.com/varde-portal/varde/internal/output"
	"github.com/varde-portal/varde/internal/search"
	"github.com/varde-portal/varde/internal/testsite"
)

// syncBuffer is a log several builds write to at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// names lists a folder's entries.
func names(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return strings.Join(out, " ")
}

// Issue 15: varde build -d . inside a site (and -d SITE, -d SITE/content
// from its parent) moved the site away and deleted it, .git included.
func TestBuildRefusesToReplaceTheSite(t *testing.T) {
	site := testsite.Copy(t, "testdata/basic")
	testsite.Write(t, site, map[string]string{".git/HEAD": "ref: refs/heads/main\n", "notes.txt": "mine"})
	before := names(t, site)
	parent := names(t, filepath.Dir(site))
	for _, dest := range []string{".", "..", "content", "content/veiledere", ".git", "themes", ".varde", site, filepath.Dir(site), filepath.Join(site, "content")} {
		res, err := Build(context.Background(), Options{Source: site, Dest: dest, NoHistory: true})
		var unsafe *output.UnsafeError
		if !errors.As(err, &unsafe) {
			t.Errorf("-d %s: err = %v, want the output folder refused", dest, err)
			continue
		}
		if want, _ := filepath.Abs(filepath.Join(site, dest)); filepath.IsAbs(dest) {
			_ = want
		} else if res.Output != want {
			t.Errorf("-d %s: output %s, want %s", dest, res.Output, want)
		}
	}
	if got := names(t, site); got != before {
		t.Errorf("site folder changed:\n%s\nwant\n%s", got, before)
	}
	if got := names(t, filepath.Dir(site)); got != parent {
		t.Errorf("the site's parent changed: %s, want %s", got, parent)
	}
	if b, _ := os.ReadFile(filepath.Join(site, ".git", "HEAD")); len(b) == 0 {
		t.Error(".git lost")
	}
}

// A folder of someone else's files is never replaced, nor one the
// configuration makes a source (here the search index's folder).
func TestBuildRefusesForeignOutput(t *testing.T) {
	site := testsite.Copy(t, "testdata/basic")
	mine := filepath.Join(t.TempDir(), "mine")
	testsite.Write(t, mine, map[string]string{"brev.docx": "mine"})
	_, err := Build(context.Background(), Options{Source: site, Dest: mine, NoHistory: true})
	var unsafe *output.UnsafeError
	if !errors.As(err, &unsafe) || !strings.Contains(err.Error(), "brev.docx") {
		t.Fatalf("err = %v, want refused naming brev.docx", err)
	}
	if b, _ := os.ReadFile(filepath.Join(mine, "brev.docx")); string(b) != "mine" {
		t.Error("a foreign folder changed")
	}
	if got := names(t, filepath.Dir(mine)); got != "mine" {
		t.Errorf("left beside it: %s", got)
	}
	cfg, _ := os.ReadFile(filepath.Join(site, "config.toml"))
	testsite.Write(t, site, map[string]string{"config.toml": string(cfg) + "[search]\ndir = \"ut/indeks\"\n"})
	_, err = Build(context.Background(), Options{Source: site, Dest: "ut", NoHistory: true})
	if !errors.As(err, &unsafe) || !strings.Contains(err.Error(), "it holds the site's ut/indeks") {
		t.Errorf("output holding the search index: %v", err)
	}
}

// Issue 16: -d is relative to the site, as Hugo's publishDir, and the
// result names the output folder.
func TestBuildDestIsRelativeToTheSite(t *testing.T) {
	site := testsite.Copy(t, "testdata/basic")
	for _, dest := range []string{"", "ut/nett"} {
		res, err := Build(context.Background(), Options{Source: site, Dest: dest, NoHistory: true})
		if err != nil {
			t.Fatal(err)
		}
		if dest == "" {
			dest = "public"
		}
		want := filepath.Join(site, filepath.FromSlash(dest))
		if res.Output != want {
			t.Errorf("output %s, want %s", res.Output, want)
		}
		if _, err := os.Stat(filepath.Join(want, "index.html")); err != nil {
			t.Error(err)
		}
		if _, err := os.Stat(filepath.Join(want, output.Marker)); err != nil {
			t.Errorf("no marker: %v", err)
		}
	}
	if _, err := os.Stat("public"); err == nil {
		t.Error("public/ written to the working directory")
	}
	// A second build replaces the marked output, and leaves no staging
	// folder or lock file.
	if _, err := Build(context.Background(), Options{Source: site, NoHistory: true}); err != nil {
		t.Fatal(err)
	}
	for _, n := range strings.Fields(names(t, site)) {
		if strings.HasPrefix(n, ".public") {
			t.Errorf("left in the site: %s", n)
		}
	}
}

// Issue 15: of eight concurrent builds of one site, six failed with
// "error flushing batch before close" from bleve. They now take turns, say
// whom they wait for, and all succeed with a valid index.
func TestConcurrentBuildsOfOneSite(t *testing.T) {
	site := testsite.Copy(t, "testdata/basic")
	var log syncBuffer
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = Build(context.Background(), Options{Source: site, NoHistory: true, Log: &log})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("build %d: %v", i, err)
		}
	}
	if !strings.Contains(log.String(), "Waiting for another build in this process, which is using "+filepath.Join(site, "public")) {
		t.Errorf("no build said it waited:\n%s", log.String())
	}
	ix, err := search.Open(filepath.Join(site, ".varde", "search.bleve"))
	if err != nil {
		t.Fatalf("index after concurrent builds: %v", err)
	}
	defer ix.Close()
	res, err := ix.Search(context.Background(), search.Query{Text: "risikovurdering"})
	if err != nil || res.Total == 0 {
		t.Errorf("search after concurrent builds: %v, %+v", err, res)
	}
	// cache: Markdown results; output: the manifest and spare tree of the
	// last output (issue 22).
	if got := names(t, filepath.Join(site, ".varde")); got != "cache output search.bleve" {
		t.Errorf(".varde holds %s", got)
	}
	for _, n := range strings.Fields(names(t, site)) {
		if strings.HasPrefix(n, ".public") {
			t.Errorf("left in the site: %s", n)
		}
	}
}

// Ctrl-C during a build: Build returns at once, the staging folder is
// gone and the previous output is as it was.
func TestBuildStoppedMidway(t *testing.T) {
	site := filepath.Join(t.TempDir(), "site")
	if err := corpus.Generate(site, corpus.Options{Pages: 400, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(context.Background(), Options{Source: site, NoHistory: true}); err != nil {
		t.Fatal(err)
	}
	old, _ := os.ReadFile(filepath.Join(site, "public", "index.html"))
	// Change a page, so a finished build would show.
	testsite.Write(t, site, map[string]string{"content/_index.md": "---\ntitle: Ny forside\n---\nNy.\n"})
	for attempt := 0; ; attempt++ {
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			// Stop as soon as the staging folder is there.
			for ctx.Err() == nil {
				if strings.Contains(names(t, site), ".public.staging-") {
					cancel()
					return
				}
				time.Sleep(time.Millisecond)
			}
		}()
		_, err := Build(ctx, Options{Source: site, NoHistory: true})
		cancel()
		if err == nil {
			if attempt < 5 {
				continue // finished before it could be stopped
			}
			t.Fatal("never stopped mid-build")
		}
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want cancelled", err)
		}
		break
	}
	for _, n := range strings.Fields(names(t, site)) {
		if strings.HasPrefix(n, ".public.staging") {
			t.Errorf("staging folder left: %s", n)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(site, "public", "index.html")); !bytes.Equal(b, old) {
		t.Error("the output changed although the build was stopped")
	}
	// The next build runs (the stopped one let go of its locks) and
	// leaves nothing behind.
	if _, err := Build(context.Background(), Options{Source: site, NoHistory: true}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(site, "public", "index.html")); !bytes.Contains(b, []byte("Ny forside")) {
		t.Error("the next build did not replace the output")
	}
}

// varde serve refreshes the same index a varde build writes: both hold the
// site's index lock while writing, so neither breaks the other's.
func TestServeIndexAndBuildTakeTurns(t *testing.T) {
	site := testsite.Copy(t, "testdata/basic")
	l, err := Load(context.Background(), Options{Source: site, NoHistory: true})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 6)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i%2 == 0 {
				_, errs[i] = Build(context.Background(), Options{Source: site, NoHistory: true})
				return
			}
			// What the dev server does after each rebuild (server/api.go).
			_, c, err := SearchOutputs(l)
			if err == nil {
				err = WriteSearchIndex(context.Background(), l, site, c, nil)
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("writer %d: %v", i, err)
		}
	}
	ix, err := search.Open(filepath.Join(site, ".varde", "search.bleve"))
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	// An index build killed midway left its folder behind; the next
	// build clears it, although the index is up to date and not written.
	stale := filepath.Join(site, ".varde", "search.bleve", "building-123")
	testsite.Write(t, stale, map[string]string{"nb.bleve/x": "half"})
	if _, err := Build(context.Background(), Options{Source: site, NoHistory: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the killed index build's folder is still there: %v", err)
	}
}

// content/robots.txt is published in place of the generated robots.txt
// (a portal that asks search engines to keep out), in a first build and
// in a rebuild that reuses the previous output; without it, the build
// writes its own, pointing at the sitemap.
func TestOwnRobotsTxt(t *testing.T) {
	site := testsite.Copy(t, "testdata/basic")
	read := func() string {
		b, err := os.ReadFile(filepath.Join(site, "public", "robots.txt"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if _, err := Build(context.Background(), Options{Source: site, NoHistory: true}); err != nil {
		t.Fatal(err)
	}
	if got := read(); !strings.Contains(got, "Sitemap: ") {
		t.Fatalf("generated robots.txt has no sitemap line:\n%s", got)
	}
	own := "User-agent: *\nDisallow: /\n"
	if err := os.WriteFile(filepath.Join(site, "content", "robots.txt"), []byte(own), 0o644); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		res, err := Build(context.Background(), Options{Source: site, NoHistory: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range res.Diags {
			if strings.Contains(d.File, "robots") {
				t.Errorf("a diagnostic about the site's own robots.txt: %v", d)
			}
		}
		if got := read(); got != own {
			t.Fatalf("build %d: robots.txt is\n%s\nwant the site's own\n%s", i+1, got, own)
		}
	}
}

// A broken UI string file of the site or of a theme in the site's themes/
// folder is an error at that file and line, in an editor's words (it was
// "themes/default: error: i18n/nb.toml: toml: line 2 …", naming the theme
// for the site's own file), and public/ is left alone.
func TestBrokenStringsFileNamed(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"i18n/nb.toml", `i18n/nb.toml:2: error: the text of b must be in quotes: write b = "y"`},
		{"i18n/nb/egne.toml", `i18n/nb/egne.toml:2: error: the text of b must be in quotes: write b = "y"`},
	} {
		site := testsite.Copy(t, "testdata/basic")
		file := filepath.Join(site, filepath.FromSlash(tc.file))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte("a = \"x\"\nb = y\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := Build(context.Background(), Options{Source: site, NoHistory: true})
		if err == nil {
			t.Fatalf("%s: built", tc.file)
		}
		var got []string
		for _, d := range res.Diags {
			got = append(got, d.String())
		}
		if !slices.Contains(got, tc.want) {
			t.Errorf("%s: got\n%s\nwant %s", tc.file, strings.Join(got, "\n"), tc.want)
		}
		if _, err := os.Stat(filepath.Join(site, "public")); err == nil {
			t.Errorf("%s: public/ written", tc.file)
		}
	}
}

// A site folder where .varde/ cannot be made (read-only, or .varde a
// file) is refused at once in words that say why the site must be
// writable, and the output folder is not touched.
func TestSiteWithoutVardeFolder(t *testing.T) {
	site := testsite.Copy(t, "testdata/basic")
	if err := os.WriteFile(filepath.Join(site, ".varde"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "ut")
	_, err := Build(context.Background(), Options{Source: site, Dest: dest, NoHistory: true})
	if err == nil || !strings.Contains(err.Error(), ".varde/ inside the site folder, so the site folder must be writable") {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(dest); err == nil {
		t.Error("the output folder was made")
	}
}
