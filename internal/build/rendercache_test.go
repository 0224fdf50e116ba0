package build

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/gob"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/varde-portal/varde/internal/content"
	"github.com/varde-portal/varde/internal/corpus"
	"github.com/varde-portal/varde/internal/testsite"
	"github.com/varde-portal/varde/themes"
)

// cacheStep is one change to a site between two builds.
type cacheStep struct {
	what string
	edit func(t *testing.T, site string)
	now  time.Time // the build time from this step on; zero keeps it
	// minReused, when not zero, is how many pages at least the
	// incremental build must take from the previous output: the cache
	// must not only be right but used.
	minReused int
	// allReused: every page must be reused (nothing changed).
	allReused bool
	// searchKept, when not zero, is how many files of the static search
	// index at least the build must keep from the previous output.
	searchKept int
	// minStatted, when not zero, is how many content files at least the
	// build must take by their stat, unread.
	minStatted int
}

// checkRenderCache builds site after each step into its public/ with the
// caches of the previous builds, and compares the output file by file
// with a clean build of a copy of the site (no .varde/, no public/).
func checkRenderCache(t *testing.T, site string, now time.Time, steps []cacheStep) {
	t.Helper()
	checkRenderCacheHistory(t, site, now, false, steps)
}

// checkRenderCacheHistory is checkRenderCache, reading the site's git
// history when history is true.
func checkRenderCacheHistory(t *testing.T, site string, now time.Time, history bool, steps []cacheStep) {
	t.Helper()
	for _, step := range steps {
		step.edit(t, site)
		if !step.now.IsZero() {
			now = step.now
		}
		res, err := Build(context.Background(), Options{Source: site, NoHistory: !history, Now: now})
		if err != nil {
			t.Fatalf("%s: %v", step.what, err)
		}
		clean := testsite.Copy(t, site)
		cres, err := Build(context.Background(), Options{Source: clean, NoHistory: !history, Now: now})
		if err != nil {
			t.Fatalf("%s: clean build: %v", step.what, err)
		}
		if cres.Stats.PagesReused != 0 {
			t.Fatalf("%s: the clean build reused %d pages", step.what, cres.Stats.PagesReused)
		}
		sameOutput(t, step.what, filepath.Join(site, "public"), filepath.Join(clean, "public"))
		pages := len(res.Site.Pages)
		t.Logf("%s: %d of %d pages reused", step.what, res.Stats.PagesReused, pages)
		if step.allReused && res.Stats.PagesReused != pages {
			t.Errorf("%s: %d of %d pages reused, want all", step.what, res.Stats.PagesReused, pages)
		}
		if res.Stats.SearchFilesKept < step.searchKept {
			t.Errorf("%s: %d files of the static search index kept, want at least %d", step.what, res.Stats.SearchFilesKept, step.searchKept)
		}
		if cres.Stats.SearchFilesKept != 0 {
			t.Errorf("%s: the clean build kept %d files of the static search index", step.what, cres.Stats.SearchFilesKept)
		}
		if res.Stats.ContentStatted < step.minStatted {
			t.Errorf("%s: %d content files taken by their stat, want at least %d", step.what, res.Stats.ContentStatted, step.minStatted)
		}
		if step.minReused > 0 && res.Stats.PagesReused < step.minReused {
			t.Errorf("%s: %d of %d pages reused, want at least %d", step.what, res.Stats.PagesReused, pages, step.minReused)
		}
		if err := os.RemoveAll(clean); err != nil {
			t.Fatal(err)
		}
	}
}

func edit(rel string, f func(string) string) func(*testing.T, string) {
	return func(t *testing.T, site string) { editFile(t, site, rel, f) }
}

func replace(rel, old, new string) func(*testing.T, string) {
	return func(t *testing.T, site string) {
		editFile(t, site, rel, func(s string) string {
			if !strings.Contains(s, old) {
				t.Fatalf("%s has no %q", rel, old)
			}
			return strings.Replace(s, old, new, 1)
		})
	}
}

func write(files map[string]string) func(*testing.T, string) {
	return func(t *testing.T, site string) { testsite.Write(t, site, files) }
}

func remove(rel string) func(*testing.T, string) {
	return func(t *testing.T, site string) {
		if err := os.Remove(filepath.Join(site, filepath.FromSlash(rel))); err != nil {
			t.Fatal(err)
		}
	}
}

func rename(from, to string) func(*testing.T, string) {
	return func(t *testing.T, site string) {
		if err := os.Rename(filepath.Join(site, filepath.FromSlash(from)), filepath.Join(site, filepath.FromSlash(to))); err != nil {
			t.Fatal(err)
		}
	}
}

// themeFile is a file of the bundled default theme, for a site's own copy.
func themeFile(t *testing.T, name string) string {
	b, err := themes.FS.ReadFile("default/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// bundledSite copies the bundled portal (config.toml, content/, editions/)
// into a temporary folder.
func bundledSite(t *testing.T) string {
	site := filepath.Join(t.TempDir(), "site")
	if err := os.MkdirAll(site, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"content", "editions"} {
		if err := os.Rename(testsite.Copy(t, filepath.Join("..", "..", dir)), filepath.Join(site, dir)); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := os.ReadFile(filepath.Join("..", "..", "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	testsite.Write(t, site, map[string]string{"config.toml": string(cfg)})
	return site
}

// Issue 22: with the rendered-page cache, a build after each kind of change
// writes exactly what a clean build of the same site writes, and reuses
// pages where nothing they show changed.
func TestRenderCacheBundledSite(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the bundled portal about forty times")
	}
	site := bundledSite(t)
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	const logging = "content/veiledere/logging.md"
	newPage := "---\ntitle: Ny side\ndescription: En ny side.\naudience: [leder]\n---\nNy tekst.\n"
	checkRenderCache(t, site, now, []cacheStep{
		{what: "first build", edit: func(*testing.T, string) {}},
		{what: "nothing changed", edit: func(*testing.T, string) {}, allReused: true},
		{what: "body text", edit: replace(logging, "Kommunen skal sikre personopplysningene", "Kommunen må sikre personopplysningene"), minReused: 100},
		{what: "title", edit: replace(logging, `title: "Logging og loggkontroll"`, `title: "Logging og kontroll av logger"`), minReused: 50},
		{what: "description", edit: replace("content/veiledere/dpia.md", "description: \"", "description: \"Ny innledning. "), minReused: 50},
		{what: "topics", edit: replace(logging, "topics: [logging, informasjonssikkerhet, tilgangsstyring]", "topics: [logging, tilgangsstyring]")},
		{what: "audience", edit: replace(logging, "audience: [it, leder, personvernombud]", "audience: [leder, it, personvernombud, ansatt]")},
		{what: "related", edit: replace(logging, "related: [veiledere/tilgangsstyring, ", "related: [")},
		{what: "checklist question text", edit: replace(logging, "Er loggene beskyttet mot endring, sletting og uvedkommende?", "Er loggene sikret mot endring, sletting og innsyn fra uvedkommende?")},
		{what: "review date passed", edit: func(*testing.T, string) {}, now: time.Date(2027, 3, 2, 12, 0, 0, 0, time.UTC)},
		{what: "updated date", edit: replace(logging, "review: 2027-03-01", "review: 2027-03-01\nupdated: 2026-11-20")},
		{what: "new page", edit: write(map[string]string{"content/om/ny-side.md": newPage})},
		{what: "translation added", edit: write(map[string]string{"content/om/ny-side.nn.md": strings.Replace(newPage, "En ny side", "Ei ny side", 1)})},
		{what: "translation changed", edit: replace("content/om/ny-side.nn.md", "Ny tekst.", "Ny tekst på nynorsk."), minReused: 100},
		{what: "moved page", edit: func(t *testing.T, site string) {
			rename("content/om/ny-side.md", "content/om/flyttet.md")(t, site)
			rename("content/om/ny-side.nn.md", "content/om/flyttet.nn.md")(t, site)
		}},
		{what: "removed page", edit: func(t *testing.T, site string) {
			remove("content/om/flyttet.md")(t, site)
			remove("content/om/flyttet.nn.md")(t, site)
		}},
		{what: "section title", edit: replace("content/veiledere/_index.md", `title: "Veiledere"`, `title: "Veiledningar"`)},
		{what: "config", edit: replace("config.toml", `title = "Varde – personvern og informasjonssikkerhet i kommunen"`, `title = "Varde – personvern og sikkerhet i kommunen"`)},
		{what: "i18n string", edit: write(map[string]string{"i18n/nb/base.toml": strings.Replace(themeFile(t, "i18n/nb/base.toml"), `skip_to_content = "Hopp til hovedinnholdet"`, `skip_to_content = "Gå til innholdet"`, 1)})},
		{what: "template", edit: write(map[string]string{"layouts/partials/footer.html": strings.Replace(themeFile(t, "layouts/partials/footer.html"), "<footer class=\"site-footer\">", "<footer class=\"site-footer\"><!-- egen -->", 1)})},
		{what: "data file", edit: write(map[string]string{"data/synonymer.txt": "Visma = lønnssystem\n"})},
		// A layout of the site's own turns the cache off (it may read more
		// of other pages than the recording sees); without it again, the
		// cache is used once more.
		{what: "site layout removed", edit: func(t *testing.T, site string) {
			if err := os.Remove(filepath.Join(site, "layouts", "partials", "footer.html")); err != nil {
				t.Fatal(err)
			}
		}},
		{what: "nothing changed at the end", edit: func(*testing.T, string) {}, allReused: true},
	})
}

// The same on a synthetic corpus: many pages in few sections, linked to
// each other, with taxonomy terms and search.
//
// Content files whose stat is unchanged are not read (content.RacyMargin
// shortened so that the corpus's files count as settled after a moment):
// a letter changed with the file's size and mtime put back, a page renamed
// or added or removed, give what a clean build gives all the same.
func TestRenderCacheCorpus(t *testing.T) {
	defer func(m time.Duration) { content.RacyMargin = m }(content.RacyMargin)
	content.RacyMargin = 100 * time.Millisecond
	site := filepath.Join(t.TempDir(), "site")
	if err := corpus.Generate(site, corpus.Options{Pages: 150, Seed: 3, Search: true}); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	page := "content/maler/side-00002.md"
	settle := func(*testing.T, string) { time.Sleep(content.RacyMargin + 50*time.Millisecond) }
	checkRenderCache(t, site, now, []cacheStep{
		{what: "first build", edit: settle},
		{what: "nothing changed, files settled", edit: func(*testing.T, string) {}, minStatted: 140},
		{what: "a letter changed, size and mtime put back", edit: sameSizeEdit("content/rutiner/side-00001.md"), minStatted: 140},
		{what: "renamed page", edit: rename("content/nyheter/side-00123.md", "content/nyheter/side-00123-ny.md"), minStatted: 140},
		{what: "body text", edit: edit(page, func(s string) string { return s + "\nEt nytt avsnitt.\n" }), minReused: 140, searchKept: 10, minStatted: 140},
		{what: "title", edit: edit(page, func(s string) string { return strings.Replace(s, "title: \"", "title: \"Endret ", 1) }), minReused: 100, searchKept: 10},
		{what: "description", edit: edit(page, func(s string) string { return strings.Replace(s, "description: \"", "description: \"Endret ", 1) }), minReused: 100},
		{what: "new page", edit: write(map[string]string{"content/veiledere/ny-side.md": "---\ntitle: Ny side\ndescription: En ny side.\ntopics: [personvern]\n---\nNy tekst som lenker til [en side](side-00000.md).\n"})},
		{what: "removed page", edit: remove("content/veiledere/ny-side.md")},
		{what: "section title", edit: edit("content/maler/_index.md", func(s string) string { return strings.Replace(s, "title: Maler", "title: Malene", 1) })},
		{what: "config", edit: edit("config.toml", func(s string) string { return strings.Replace(s, `title = "Korpus"`, `title = "Korpuset"`, 1) })},
		{what: "nothing changed", edit: func(*testing.T, string) {}, allReused: true, searchKept: 50},
	})
}

// With git history (the CI case): every commit changes "Hva er nytt", its
// feed and the dates of the pages it touches, and still only the pages that
// show them are rendered again.
func TestRenderCacheGitHistory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	if err := corpus.Generate(dir, corpus.Options{Pages: 60, Seed: 9}); err != nil {
		t.Fatal(err)
	}
	gs := &gitSite{t: t, dir: dir}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	gs.git("init", "-q", "-b", "main")
	gs.write(map[string]string{".gitignore": "public/\n.varde/\n"})
	gs.commit("first")
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	page := "content/maler/side-00002.md"
	commit := func(f func(*testing.T, string)) func(*testing.T, string) {
		return func(t *testing.T, site string) {
			f(t, site)
			gs.commit("endring")
		}
	}
	checkRenderCacheHistory(t, dir, now, true, []cacheStep{
		{what: "first build", edit: func(*testing.T, string) {}},
		{what: "body text committed", edit: commit(edit(page, func(s string) string { return s + "\nEt nytt avsnitt.\n" })), minReused: 50},
		{what: "title committed", edit: commit(edit(page, func(s string) string { return strings.Replace(s, "title: \"", "title: \"Endret ", 1) })), minReused: 40},
		{what: "nothing changed", edit: func(*testing.T, string) {}, allReused: true},
	})
}

// A cache that is missing, damaged, from another version of Varde or for
// another output folder makes a normal full build.
func TestRenderCacheUnusable(t *testing.T) {
	site := filepath.Join(t.TempDir(), "site")
	if err := corpus.Generate(site, corpus.Options{Pages: 30, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	opts := Options{Source: site, NoHistory: true, Now: now}
	build := func(what string) *Result {
		t.Helper()
		res, err := Build(context.Background(), opts)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return res
	}
	build("first")
	dest, _ := filepath.Abs(filepath.Join(site, "public"))
	file := renderCachePath(site, dest)
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("no cache written: %v", err)
	}
	if res := build("second"); res.Stats.PagesReused != len(res.Site.Pages) {
		t.Fatalf("second build reused %d of %d pages", res.Stats.PagesReused, len(res.Site.Pages))
	}
	for _, c := range []struct {
		what  string
		spoil func()
	}{
		{"missing", func() { _ = os.Remove(file) }},
		{"cut short", func() { _ = os.WriteFile(file, b[:len(b)/2], 0o644) }},
		{"not a cache", func() { _ = os.WriteFile(file, []byte("garbage\x00\xff"), 0o644) }},
		{"another version", func() {
			var cf renderCacheFile
			readGob(t, b, &cf)
			cf.Key = "another version"
			writeGob(t, file, cf)
		}},
		{"another output folder", func() {
			var cf renderCacheFile
			readGob(t, b, &cf)
			cf.Dest = filepath.Join(site, "elsewhere")
			writeGob(t, file, cf)
		}},
		{"an output file edited", func() {
			_ = os.WriteFile(file, b, 0o644)
			p := filepath.Join(site, "public", "maler", "side-00002", "index.html")
			page, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			// Edited in place (the same inode, as an editor may do).
			if err := os.WriteFile(p, append(page, "<!-- edited -->"...), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		c.spoil()
		res := build(c.what)
		want := 0
		if c.what == "an output file edited" {
			want = len(res.Site.Pages) - 1
		}
		if res.Stats.PagesReused != want {
			t.Errorf("%s: %d pages reused, want %d", c.what, res.Stats.PagesReused, want)
		}
		clean := testsite.Copy(t, site)
		if _, err := Build(context.Background(), Options{Source: clean, NoHistory: true, Now: now}); err != nil {
			t.Fatal(err)
		}
		sameOutput(t, c.what, filepath.Join(site, "public"), filepath.Join(clean, "public"))
		if b, err = os.ReadFile(file); err != nil {
			t.Fatalf("%s: no cache written: %v", c.what, err)
		}
	}
}

func readGob(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(v); err != nil {
		t.Fatal(err)
	}
}

func writeGob(t *testing.T, file string, v any) {
	t.Helper()
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(v); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A site's own layout may read anything of other pages (here every
// page's body on each page), which the recording cannot see: with a
// layout that is not the bundled theme's, every page is rendered, and a
// change to one page's body shows on the others.
func TestRenderCacheOffWithSiteLayouts(t *testing.T) {
	site := filepath.Join(t.TempDir(), "site")
	if err := corpus.Generate(site, corpus.Options{Pages: 12, Seed: 9}); err != nil {
		t.Fatal(err)
	}
	single, err := os.ReadFile(filepath.Join("..", "..", "themes", "default", "layouts", "_default", "single.html"))
	if err != nil {
		t.Fatal(err)
	}
	testsite.Write(t, site, map[string]string{
		"layouts/_default/single.html": string(single) + `{{ define "site-extra" }}{{ range .Site.Pages }}{{ .Body }}{{ end }}{{ end }}`,
	})
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	for i := 0; i < 2; i++ {
		res, err := Build(context.Background(), Options{Source: site, NoHistory: true, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		if res.Stats.PagesReused != 0 {
			t.Fatalf("build %d reused %d pages of a site with its own layouts", i+1, res.Stats.PagesReused)
		}
	}
}

// The hasher's sum is SHA-256 of everything written, in order, whether a
// write was gathered or (a long text) hashed in place.
func TestBufHashAsOneSum(t *testing.T) {
	var all []byte
	b := &bufHash{}
	for i, n := range []int{3, 0, bigWrite, 17, bigWrite - 1, 3 * bigWrite, 1, bigWrite + 5, 2} {
		p := bytes.Repeat([]byte{byte('a' + i)}, n)
		all = append(all, p...)
		if i%2 == 0 {
			b.Write(p)
		} else {
			b.writeString(string(p))
		}
	}
	want := sha256.Sum256(all)
	if got := b.Sum(nil); !bytes.Equal(got, want[:]) {
		t.Errorf("sum %x, want %x", got, want)
	}
}

// sameSizeEdit changes one letter of a page's body and puts the file's
// mtime back: only its change time (and content) tell.
func sameSizeEdit(rel string) func(*testing.T, string) {
	return func(t *testing.T, site string) {
		p := filepath.Join(site, filepath.FromSlash(rel))
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		i := bytes.Index(b, []byte("\n---\n"))
		for i = i + 5; i < len(b) && (b[i] < 'a' || b[i] > 'z'); i++ {
		}
		if i < 0 || i >= len(b) {
			t.Fatalf("%s: no letter in the body", rel)
		}
		b[i] -= 'a' - 'A'
		if err := os.WriteFile(p, b, st.Mode()); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, st.ModTime(), st.ModTime()); err != nil {
			t.Fatal(err)
		}
		if st2, err := os.Stat(p); err != nil || st2.Size() != st.Size() || !st2.ModTime().Equal(st.ModTime()) {
			t.Fatalf("%s: size or mtime not kept (%v)", rel, err)
		}
	}
}

// A page taken by its stat, unread, that holds a value's "{{" is read for
// its values (and says its warning again); one that holds none is not read.
// The output is a clean build's.
func TestStatValues(t *testing.T) {
	defer func(m time.Duration) { content.RacyMargin = m }(content.RacyMargin)
	content.RacyMargin = 100 * time.Millisecond
	site, _ := cacheTestSite(t, 30, 5)
	editFile(t, site, "config.toml", func(s string) string { return s + "\n[values]\nkommune = \"Nordfjella kommune\"\n" })
	editFile(t, site, "content/rutiner/side-00001.md", func(s string) string {
		return s + "\nKommunen er {{kommune}}, og {{ukjent}} er ikke satt.\n"
	})
	time.Sleep(content.RacyMargin + 50*time.Millisecond)
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	for _, what := range []string{"first build", "files settled", "nothing changed"} {
		res, err := Build(context.Background(), Options{Source: site, NoHistory: true, Now: now})
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		warned := false
		for _, d := range res.Diags {
			warned = warned || (d.File == "content/rutiner/side-00001.md" && strings.Contains(d.Msg, "{{ukjent}}"))
		}
		if !warned {
			t.Errorf("%s: no warning about {{ukjent}}: %v", what, res.Diags)
		}
		if what != "first build" && res.Stats.ContentStatted < 25 {
			t.Errorf("%s: %d files taken by their stat", what, res.Stats.ContentStatted)
		}
		clean := testsite.Copy(t, site)
		if _, err := Build(context.Background(), Options{Source: clean, NoHistory: true, Now: now}); err != nil {
			t.Fatal(err)
		}
		sameOutput(t, what, filepath.Join(site, "public"), filepath.Join(clean, "public"))
		out, _ := os.ReadFile(filepath.Join(site, "public", "rutiner", "side-00001", "index.html"))
		if !bytes.Contains(out, []byte("Nordfjella kommune")) {
			t.Errorf("%s: the value is not on the page", what)
		}
	}
}
