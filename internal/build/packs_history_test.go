package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// packHistoryConfig builds on the git pack in the folder %s at 2026.2, in
// bokmål and nynorsk.
const packHistoryConfig = `title = "Nordfjella"
[languages.nb]
name = "Bokmål"
[languages.nn]
name = "Nynorsk"
[search]
enabled = false
[[packs]]
name = "ks"
git = "PACK"
ref = "2026.2"
[values]
kommune = "Nordfjella kommune"
`

// gitPackSite makes a national pack as a git repository (two commits up
// to the tag 2026.2, the second with notes for readers, and one after the
// tag) and a municipality's site on it in a repository of its own, whose
// commits come later: its own page, an override of the pack's dpia.md and
// a local addition to avvik.md.
func gitPackSite(t *testing.T) (siteDir string) {
	t.Helper()
	pk := newGitSite(t)
	pk.write(map[string]string{
		"pack.toml":                     "title = \"KS-pakken\"\n",
		"content/_index.md":             page("title: Nasjonal forside\n", "Velkommen.\n"),
		"content/_index.nn.md":          page("title: Nasjonal forside\n", "Velkomen.\n"),
		"content/veiledere/_index.md":   page("title: Veiledere\n", "Veiledere.\n"),
		"content/veiledere/avvik.md":    page("title: Melde avvik\n", "Meld avvik.\n\n<!-- lokalt -->\n"),
		"content/veiledere/avvik.nn.md": page("title: Melde avvik\n", "Meld avvik.\n"),
		"content/veiledere/dpia.md":     page("title: DPIA\n", "Nasjonal DPIA.\n"),
	})
	pk.commit("Første utgave")
	pk.write(map[string]string{
		"content/veiledere/avvik.md":    page("title: Melde avvik\n", "Meld avvik innen 72 timer.\n\n<!-- lokalt -->\n"),
		"content/veiledere/avvik.nn.md": page("title: Melde avvik\n", "Meld avvik innan 72 timar.\n"),
	})
	pk.commit("avvik: 72 hours\n\nEndring: Ny frist for å melde avvik\nEndring-nn: Ny frist for å melde avvik, nynorsk")
	pk.git("tag", "2026.2")
	pk.write(map[string]string{"content/veiledere/avvik.md": page("title: Melde avvik\n", "Etter taggen.\n")})
	pk.commit("after the tag\n\nEndring: Kommer i neste versjon")

	s := newGitSite(t)
	s.day = 10
	s.write(map[string]string{
		"config.toml":   strings.Replace(packHistoryConfig, "PACK", filepath.ToSlash(pk.dir), 1),
		".gitignore":    ".varde/\n",
		"content/om.md": page("title: Om portalen\n", "Lokal side.\n"),
	})
	s.commit("own page\n\nEndring: Om portalen")
	s.write(map[string]string{"content/veiledere/dpia.md": page("title: DPIA hos oss\n", "Vår DPIA.\n")})
	s.commit("override dpia")
	s.write(map[string]string{"lokalt/veiledere/avvik.md": "## Slik gjør vi det hos oss\n\nRing servicetorget.\n"})
	s.commit("local addition\n\nEndring: Slik melder du avvik i Nordfjella")
	return s.dir
}

func changeSummary(cs []Change) []string {
	var out []string
	for _, c := range cs {
		var pages []string
		for _, p := range c.Pages {
			pages = append(pages, p.Path)
		}
		out = append(out, c.Date.Format("2006-01-02")+" "+c.Note+" "+strings.Join(pages, ","))
	}
	return out
}

// A git pack's pages get their dates and readers' notes from the pack's
// own history at the pinned ref, and "Hva er nytt" lists the pack's
// changes and the site's own apart, on the page and in the feed.
func TestPackHistoryFromGit(t *testing.T) {
	dir := gitPackSite(t)
	l, err := Load(context.Background(), Options{Source: dir, IndexDir: t.TempDir()})
	if err != nil {
		t.Fatalf("%v\n%s", err, diagText(l.Diags))
	}
	day := func(n int) string { return firstCommit.AddDate(0, 0, n).Format("2006-01-02") }

	avvik := l.Site.ByPath("/veiledere/avvik/")
	if avvik == nil {
		t.Fatal("no avvik page")
	}
	// The newest change to the page is the local addition (site day 12).
	if got := avvik.Updated.Format("2006-01-02"); got != day(12) {
		t.Errorf("avvik updated %s, want %s (the local addition)", got, day(12))
	}
	hist, _ := l.extra(avvik)["history"].([]HistoryEntry)
	var notes []string
	for _, h := range hist {
		notes = append(notes, h.Note)
	}
	if want := []string{"Slik melder du avvik i Nordfjella", "Ny frist for å melde avvik", ""}; strings.Join(notes, "|") != strings.Join(want, "|") {
		t.Errorf("avvik history notes %q, want %q", notes, want)
	}
	if len(hist) != 3 || !hist[2].New || hist[0].New {
		t.Errorf("avvik history %+v: the pack's first commit made the page, the local addition did not", hist)
	}
	// A pack page without a local addition has only upstream's commits,
	// none after the pinned tag.
	nnAvvik := l.Site.ByPath("/nn/veiledere/avvik/")
	if got := nnAvvik.Updated.Format("2006-01-02"); got != day(1) {
		t.Errorf("nn avvik updated %s, want the pack's second commit %s", got, day(1))
	}
	if h := l.extra(nnAvvik)["history"].([]HistoryEntry); h[0].Note != "Ny frist for å melde avvik, nynorsk" {
		t.Errorf("nn avvik note %q", h[0].Note)
	}
	// The override's history is the site's own only.
	if h, _ := l.extra(l.Site.ByPath("/veiledere/dpia/"))["history"].([]HistoryEntry); len(h) != 1 || !h[0].New {
		t.Errorf("override dpia history %+v, want the site's one commit", h)
	}

	w := l.whatsnew["nb"]
	if len(w.lists) != 2 {
		t.Fatalf("lists %+v, want the pack's and the site's", w.lists)
	}
	national, local := w.lists[0], w.lists[1]
	if national.Title != "Nasjonale endringer (KS-pakken 2026.2)" || local.Title != "Lokale endringer" {
		t.Errorf("titles %q, %q", national.Title, local.Title)
	}
	if got, want := changeSummary(national.Changes), []string{
		day(1) + " Ny frist for å melde avvik /veiledere/avvik/",
		day(0) + "  /,/veiledere/,/veiledere/avvik/",
	}; strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("national changes\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got, want := changeSummary(local.Changes), []string{
		day(12) + " Slik melder du avvik i Nordfjella /veiledere/avvik/",
		day(11) + "  /veiledere/dpia/",
		day(10) + " Om portalen /om/",
	}; strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("local changes\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(w.changes) != 5 {
		t.Errorf("all changes: %d, want 5", len(w.changes))
	}
	anchors := map[string]bool{}
	for _, c := range w.changes {
		if anchors[c.Anchor()] {
			t.Errorf("anchor %s twice", c.Anchor())
		}
		anchors[c.Anchor()] = true
	}
	if nn := l.whatsnew["nn"]; nn == nil || nn.lists[0].Title != "Nasjonale endringar (KS-pakken 2026.2)" || nn.lists[1].Title != "Lokale endringar" {
		t.Errorf("nynorsk lists %+v", nn)
	}

	// The built page and feed.
	dest := filepath.Join(t.TempDir(), "public")
	minify := false
	res, err := Build(context.Background(), Options{Source: dir, Dest: dest, IndexDir: t.TempDir(), Minify: &minify})
	if err != nil {
		t.Fatalf("%v\n%s", err, diagText(res.Diags))
	}
	html := readPage(t, dest, "/hva-er-nytt/")
	iN, iL := strings.Index(html, `<h2 id="endringer-ks">Nasjonale endringer (KS-pakken 2026.2)</h2>`), strings.Index(html, `<h2 id="endringer-lokalt">Lokale endringer</h2>`)
	if iN < 0 || iL < iN {
		t.Fatalf("the page does not list national, then local changes:\n%s", html)
	}
	if i := strings.Index(html, "Ny frist for å melde avvik"); i < iN || i > iL {
		t.Error("the pack's note is not in the national list")
	}
	if i := strings.Index(html, "Slik melder du avvik i Nordfjella"); i < iL {
		t.Error("the local note is not in the local list")
	}
	if strings.Contains(html, "Kommer i neste versjon") {
		t.Error("a pack commit after the pinned tag is listed")
	}
	feed, err := os.ReadFile(filepath.Join(dest, "hva-er-nytt.xml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Nasjonale endringer (KS-pakken 2026.2): Ny frist for å melde avvik",
		"Lokale endringer: Slik melder du avvik i Nordfjella",
	} {
		if !strings.Contains(string(feed), want) {
			t.Errorf("feed lacks %q", want)
		}
	}
	nnFeed, _ := os.ReadFile(filepath.Join(dest, "nn", "hva-er-nytt.xml"))
	if !strings.Contains(string(nnFeed), "Nasjonale endringar (KS-pakken 2026.2): Ny frist for å melde avvik, nynorsk") {
		t.Errorf("nn feed lacks the nynorsk note in its list:\n%s", nnFeed)
	}
}

// A folder pack has no history Varde reads: its pages keep the dates
// their front matter gives (none here, so no date and no history), and
// "Hva er nytt" lists them nationally only by such a date; the site's own
// commits are local changes.
func TestPackFolderHasNoUpstreamHistory(t *testing.T) {
	s := newGitSite(t)
	root := filepath.Dir(s.dir)
	pk := filepath.Join(root, "ks")
	writeFiles := map[string]string{
		"pack.toml":                  "title = \"KS-pakken\"\nversion = \"2026.2\"\n",
		"content/_index.md":          page("title: Forside\n", "Velkommen.\n"),
		"content/veiledere/avvik.md": page("title: Melde avvik\nupdated: 2026-02-01\n", "Meld avvik.\n"),
		"content/veiledere/dpia.md":  page("title: DPIA\n", "Nasjonal DPIA.\n"),
	}
	for name, text := range writeFiles {
		p := filepath.Join(pk, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s.write(map[string]string{
		"config.toml":   "title = \"Nordfjella\"\n[search]\nenabled = false\n[[packs]]\nname = \"ks\"\npath = \"../ks\"\n",
		"content/om.md": page("title: Om\n", "Lokal.\n"),
	})
	s.commit("own page\n\nEndring: Om portalen")
	l, err := Load(context.Background(), Options{Source: s.dir, IndexDir: t.TempDir()})
	if err != nil {
		t.Fatalf("%v\n%s", err, diagText(l.Diags))
	}
	dpia := l.Site.ByPath("/veiledere/dpia/")
	if !dpia.Updated.IsZero() || l.extra(dpia)["history"] != nil {
		t.Errorf("a folder pack's page got a date %v or history %v it has no source for", dpia.Updated, l.extra(dpia)["history"])
	}
	if got := l.Site.ByPath("/veiledere/avvik/").Updated; !got.Equal(time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("avvik updated %v, want its front matter's date", got)
	}
	w := l.whatsnew["nb"]
	if len(w.lists) != 2 {
		t.Fatalf("lists %+v", w.lists)
	}
	if got := changeSummary(w.lists[0].Changes); len(got) != 1 || got[0] != "2026-02-01  /veiledere/avvik/" {
		t.Errorf("national changes %q, want only the front-matter date", got)
	}
	if got := changeSummary(w.lists[1].Changes); len(got) != 1 || !strings.HasSuffix(got[0], " Om portalen /om/") {
		t.Errorf("local changes %q, want the site's commit", got)
	}
	for _, d := range l.Diags {
		if strings.Contains(d.String(), "history of the pack") {
			t.Errorf("a folder pack is reported as missing history: %s", d)
		}
	}
}

// Without packs the page has one list, as before.
func TestWhatsNewWithoutPacksHasNoLists(t *testing.T) {
	s, _ := historySite(t)
	l, err := Load(context.Background(), Options{Source: s.dir, IndexDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	w := l.whatsnew["nb"]
	if w.lists != nil || w.page.Data["lists"] != nil || len(w.changes) == 0 {
		t.Errorf("lists %v, changes %d", w.lists, len(w.changes))
	}
	for _, c := range w.changes {
		if c.list != "" || c.from != nil {
			t.Errorf("change %+v is in a list", c)
		}
	}
}
