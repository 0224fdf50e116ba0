package build

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/varde-portal/varde/internal/testsite"

	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/output"
	"github.com/varde-portal/varde/internal/search"
)

const editionConfigTOML = `title = "Testportal"
baseURL = "https://test.example.no/"
[languages.nb]
name = "Bokmål"
[languages.nn]
name = "Nynorsk"
[sections.veiledere]
type = "onepager"
[sections.personvern]
type = "onepager"
[sections.verktoykasse]
type = "checklist"

[[editions]]
name = "2024"
ref = "utgave-2024"

[[editions]]
name = "2023"
dir = "editions/2023"
`

func page(front, body string) string { return "---\n" + front + "---\n\n" + body }

// historySite is the repository the edition tests build: two commits and
// a tag (the 2024 edition), then a moved page, reworded, removed and added
// control questions, and a removed page; plus a snapshot folder (the 2023
// edition). It returns the site and the abbreviated hashes by subject.
func historySite(t *testing.T) (*gitSite, map[string]string) {
	s := newGitSite(t)
	hash := map[string]string{}
	s.write(map[string]string{
		"config.toml":          editionConfigTOML,
		"content/_index.md":    page("title: Testportal\n", "Velkommen.\n"),
		"content/_index.nn.md": page("title: Testportal\n", "Velkomen.\n"),
		"content/veiledere/_index.md": page("title: Veiledere\n",
			"Korte veiledere.\n"),
		"content/veiledere/dpia.md": page("title: DPIA\nid: dpia\ndescription: Om DPIA.\n",
			"Kommunen bør gjøre en DPIA før behandlingen starter.\n\nEn DPIA beskriver behandlingen.\n"),
		"content/veiledere/gammel.md": page("title: Passordregler\ndescription: Gamle regler.\n",
			"Bruk et passordhvelv.\n"),
		"content/veiledere/logging.md": page("title: Logging\ndescription: Om logging.\nupdated: 2024-01-15\n",
			"Logg all tilgang til pasientjournalen.\n"),
		"content/veiledere/mal.txt":      "mal v1\n",
		"content/verktoykasse/_index.md": page("title: Verktøykasse\n", "Spørsmål.\n"),
		"content/verktoykasse/sjekkliste.md": page("title: Sjekkliste\ntype: checklist\n",
			"- [ ] Har kommunen en behandlingsprotokoll? {#protokoll}\n"+
				"- [ ] Har dere en passordregel? {#passord}\n"+
				"- [ ] Er ansvaret fordelt? {#ansvar}\n"),
	})
	hash["Første utgave"] = s.commit("Første utgave")
	s.write(map[string]string{
		"content/veiledere/dpia.md": page("title: DPIA\nid: dpia\ndescription: Om DPIA.\n",
			"Kommunen skal gjøre en DPIA før behandlingen starter.\n\nEn DPIA beskriver behandlingen.\n"),
	})
	hash["Presiser DPIA"] = s.commit("Presiser DPIA")
	s.git("tag", "utgave-2024")
	if err := os.MkdirAll(filepath.Join(s.dir, "content", "personvern"), 0o755); err != nil {
		t.Fatal(err)
	}
	s.git("mv", "content/veiledere/dpia.md", "content/personvern/dpia.md")
	s.write(map[string]string{"content/personvern/_index.md": page("title: Personvern\n", "Om personvern.\n")})
	hash["Flytt DPIA til personvern"] = s.commit("Flytt DPIA til personvern")
	s.write(map[string]string{
		"content/personvern/dpia.md": page("title: DPIA\nid: dpia\ndescription: Om DPIA.\naliases: [\"/veiledere/dpia/\"]\n",
			"Kommunen skal gjøre en DPIA tidlig, før behandlingen starter.\n\nEn DPIA omtaler behandlingen og risikoen.\n"),
		"content/veiledere/logging.md": page("title: Logging\ndescription: Om logging.\nupdated: 2024-01-15\n",
			"Logg all tilgang til pasientjournalene.\n"),
		"content/veiledere/mal.txt": "mal v2\n",
		"content/verktoykasse/sjekkliste.md": page("title: Sjekkliste\ntype: checklist\n",
			"- [ ] Har kommunen en oppdatert behandlingsprotokoll? {#protokoll}\n"+
				"- [ ] Er ansvaret fordelt? {#ansvar}\n"+
				"- [ ] Øver dere på hendelser? {#ovelse}\n"),
	})
	// The editor's note to readers is a trailer; the subject is for editors.
	hash["Ny formulering"] = s.commit("Ny formulering\n\nEndring: DPIA skal gjøres tidlig.")
	s.git("rm", "-q", "content/veiledere/gammel.md")
	hash["Fjern passordregler"] = s.commit("Fjern passordregler")
	s.write(map[string]string{
		"editions/2023/content/_index.md":           page("title: Testportal\n", "Velkommen til 2023.\n"),
		"editions/2023/content/veiledere/_index.md": page("title: Veiledere\n", "Veiledere i 2023.\n"),
		"editions/2023/content/veiledere/dpia.md": page("title: DPIA\nid: dpia\ndescription: Om DPIA.\n",
			"Kommunen kan gjøre en DPIA. Se [malen](mal.txt).\n"),
		"editions/2023/content/veiledere/mal.txt": "mal 2023\n",
	})
	return s, hash
}

// built is one build of historySite, shared by the assertions.
type builtSite struct {
	dest, index string
	diags       []diag.Diagnostic
	hash        map[string]string
}

func (b *builtSite) read(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(b.dest, filepath.FromSlash(name)))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return string(data)
}

func buildHistorySite(t *testing.T) *builtSite {
	t.Helper()
	s, hash := historySite(t)
	b := &builtSite{dest: filepath.Join(t.TempDir(), "public"), index: filepath.Join(t.TempDir(), "index"), hash: hash}
	minify := false
	res, err := Build(context.Background(), Options{Source: s.dir, Dest: b.dest, IndexDir: b.index, Minify: &minify,
		Now: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	b.diags = res.Diags
	return b
}

// section returns the part of html from the element with the given id to
// the end of its section.
func section(t *testing.T, html, id string) string {
	t.Helper()
	i := strings.Index(html, `id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no element with id %q", id)
	}
	rest := html[i:]
	if j := strings.Index(rest, "</section>"); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

var (
	dataQuestionRe = regexp.MustCompile(`data-question="([^"]+)"`)
	dataPageRe     = regexp.MustCompile(`data-page="([^"]+)"`)
	historyItemRe  = regexp.MustCompile(`(?s)<li><time datetime="([0-9-]+)">[^<]*</time> – ([^<]*?)</li>`)
	noindexRe      = regexp.MustCompile(`<meta name="robots" content="noindex">`)
	assetRe        = regexp.MustCompile(`(?:href|src)="(/(?:css|js)/[^"]+)"`)
)

func allMatches(re *regexp.Regexp, s string) []string {
	var out []string
	for _, m := range re.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestEditionsAndHistory(t *testing.T) {
	b := buildHistorySite(t)
	for _, d := range b.diags {
		t.Logf("diagnostic: %s", d)
	}

	t.Run("history of a moved page", func(t *testing.T) {
		html := b.read(t, "personvern/dpia/index.html")
		var got []string
		for _, m := range historyItemRe.FindAllStringSubmatch(html, -1) {
			got = append(got, m[1]+" "+m[2])
		}
		// The editor's note where a commit has one, else "Oppdatert", and
		// "Ny side" for the commit that made the page (a move is not new);
		// never a commit's subject or hash.
		want := []string{
			"2024-03-04 DPIA skal gjøres tidlig.",
			"2024-03-03 Oppdatert",
			"2024-03-02 Oppdatert",
			"2024-03-01 Ny side",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("history:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if !strings.Contains(html, `Sist oppdatert</dt><dd><time datetime="2024-03-04">4. mars 2024</time>`) {
			t.Error("the fact box does not say the page was last changed on 4 March 2024 (its last commit)")
		}
	})

	t.Run("front matter date wins", func(t *testing.T) {
		html := b.read(t, "veiledere/logging/index.html")
		if !strings.Contains(html, `<time datetime="2024-01-15">15. januar 2024</time>`) {
			t.Error("the page's updated: 2024-01-15 is not its last-changed date")
		}
		if strings.Contains(html, `Sist oppdatert</dt><dd><time datetime="2024-03-04"`) {
			t.Error("git's date overrode front matter")
		}
		if n := len(historyItemRe.FindAllString(html, -1)); n != 2 {
			t.Errorf("history lists %d commits, want 2 (front matter does not hide history)", n)
		}
	})

	t.Run("what is new", func(t *testing.T) {
		html := b.read(t, "hva-er-nytt/index.html")
		for _, want := range []string{
			`id="endring-2024-03-04-1200"`,
			`<span class="change-note">DPIA skal gjøres tidlig.</span>`,
			// The move added the Personvern section's page and moved DPIA.
			`id="endring-2024-03-03-1200"`,
			`<time datetime="2024-03-03">3. mars 2024</time> <span class="change-note">Oppdatert</span>`,
			`<a href="/personvern/">Personvern</a> <span class="badge badge-new">ny</span>`,
			`<a href="/personvern/dpia/">DPIA</a>`,
			`<a href="/hva-er-nytt.xml"`,
			// Logging's editor dated its change 15 January: listed then,
			// with the commit that brought it, and not on 4 March.
			`id="endring-2024-01-15-0000"`,
			`<time datetime="2024-01-15">15. januar 2024</time> <span class="change-note">Ny side</span>`,
			`<a href="/2024/endringer/">`,
		} {
			if !strings.Contains(html, want) {
				t.Errorf("Hva er nytt lacks %s", want)
			}
		}
		for _, h := range b.hash {
			if strings.Contains(html, h) {
				t.Errorf("Hva er nytt shows the commit hash %s", h)
			}
		}
		for _, subject := range []string{"Ny formulering", "Flytt DPIA til personvern", "Første utgave"} {
			if strings.Contains(html, subject) {
				t.Errorf("Hva er nytt shows the commit subject %q", subject)
			}
		}
		march4 := section(t, strings.ReplaceAll(html, "</li>\n<li id=", "</section><li id="), "endring-2024-03-04-1200")
		if strings.Contains(march4, "Logging") {
			t.Error("a later commit to a page with an updated: date is listed as a change")
		}
		feed := b.read(t, "hva-er-nytt.xml")
		for _, want := range []string{
			"<title>Hva er nytt – Testportal</title>",
			"<id>https://test.example.no/personvern/dpia/#endring-2024-03-04-1200</id>",
			"<summary>DPIA skal gjøres tidlig.</summary>",
			// No note: what the page is about.
			"<summary>Om DPIA.</summary>",
		} {
			if !strings.Contains(feed, want) {
				t.Errorf("hva-er-nytt.xml lacks %s", want)
			}
		}
		if _, err := os.Stat(filepath.Join(b.dest, "nn", "hva-er-nytt.xml")); err != nil {
			t.Error("no feed for nynorsk:", err)
		}
		home := b.read(t, "index.html")
		if !strings.Contains(home, `href="/hva-er-nytt/"`) || !strings.Contains(home, `<link rel="alternate" type="application/atom+xml" title="Hva er nytt" href="/hva-er-nytt.xml">`) {
			t.Error("the home page links neither the page nor the feed of Hva er nytt")
		}
	})

	t.Run("banner links the same page", func(t *testing.T) {
		for _, f := range []string{"2024/veiledere/dpia/index.html", "2023/veiledere/dpia/index.html"} {
			html := b.read(t, f)
			if !strings.Contains(html, `Du leser utgaven `+strings.Split(f, "/")[0]+`.`) ||
				!strings.Contains(html, `<a href="/personvern/dpia/" class="edition-current">Gå til gjeldende versjon av denne siden</a>`) {
				t.Errorf("%s: no banner linking the moved page's current address", f)
			}
			if !noindexRe.MatchString(html) {
				t.Errorf("%s: no noindex", f)
			}
		}
		gone := b.read(t, "2024/veiledere/gammel/index.html")
		if !strings.Contains(gone, "Denne siden finnes ikke i gjeldende versjon.") || !strings.Contains(gone, `<a href="/" class="edition-current">Gå til forsiden</a>`) {
			t.Error("the removed page's banner does not say it is gone and link the home page")
		}
		if noindexRe.MatchString(b.read(t, "personvern/dpia/index.html")) {
			t.Error("the current page carries noindex")
		}
	})

	t.Run("edition switcher", func(t *testing.T) {
		for _, c := range []struct{ file, want string }{
			// In words a reader understands (issue 18), not "Utgave: Gjeldende".
			{"personvern/dpia/index.html", `<summary>Tidligere utgaver</summary>`},
			{"personvern/dpia/index.html", `<span aria-current="true">Gjeldende versjon</span></li><li><a href="/2024/veiledere/dpia/">Utgaven 2024</a></li><li><a href="/2023/veiledere/dpia/">Utgaven 2023</a>`},
			{"2024/veiledere/dpia/index.html", `<a href="/personvern/dpia/">Gjeldende versjon</a></li><li><span aria-current="true">Utgaven 2024</span></li><li><a href="/2023/veiledere/dpia/">Utgaven 2023</a>`},
			// A page the other edition lacks leads to that edition's home page.
			{"2024/veiledere/gammel/index.html", `<a href="/">Gjeldende versjon</a></li><li><span aria-current="true">Utgaven 2024</span></li><li><a href="/2023/">Utgaven 2023</a>`},
		} {
			if html := b.read(t, c.file); !strings.Contains(html, c.want) {
				t.Errorf("%s: switcher lacks %s", c.file, c.want)
			}
		}
	})

	t.Run("edition pages use the current site's assets", func(t *testing.T) {
		html := b.read(t, "2024/veiledere/dpia/index.html")
		refs := assetRe.FindAllStringSubmatch(html, -1)
		if len(refs) < 2 {
			t.Fatalf("found %d stylesheet and script references", len(refs))
		}
		for _, m := range refs {
			if strings.HasPrefix(m[1], "/2024/") {
				t.Errorf("%s: the edition has its own copy of an asset", m[1])
			}
			if _, err := os.Stat(filepath.Join(b.dest, filepath.FromSlash(m[1]))); err != nil {
				t.Errorf("%s: %v", m[1], err)
			}
		}
		if _, err := os.Stat(filepath.Join(b.dest, "2024", "favicon.svg")); err != nil {
			t.Error("the theme's static files are not in the edition's folder:", err)
		}
	})

	t.Run("edition from a ref is read from git", func(t *testing.T) {
		if got := b.read(t, "2024/veiledere/mal.txt"); got != "mal v1\n" {
			t.Errorf("2024/veiledere/mal.txt = %q, want the tagged file", got)
		}
		if got := b.read(t, "2023/veiledere/mal.txt"); got != "mal 2023\n" {
			t.Errorf("2023/veiledere/mal.txt = %q, want the snapshot's file", got)
		}
		if html := b.read(t, "2023/veiledere/dpia/index.html"); !strings.Contains(html, `href="/2023/veiledere/mal.txt"`) {
			t.Error("a link inside the snapshot does not stay in the edition")
		}
		if html := b.read(t, "2024/index.html"); !strings.Contains(html, `href="/2024/veiledere/"`) {
			t.Error("the edition's navigation does not stay in the edition")
		}
	})

	t.Run("compare", func(t *testing.T) {
		html := b.read(t, "2024/sammenlign/veiledere/dpia/index.html")
		for _, want := range []string{
			`<ins><span class="visually-hidden">start på tillegg: </span>tidlig,<span class="visually-hidden"> slutt på tillegg</span></ins>`,
			`<del><span class="visually-hidden">start på sletting: </span>beskriver<span class="visually-hidden"> slutt på sletting</span></del>`,
			`<ins><span class="visually-hidden">start på tillegg: </span>omtaler`,
			"Tekst som er lagt til, er understreket", // the legend says it in words
			`href="/personvern/dpia/"`,
		} {
			if !strings.Contains(html, want) {
				t.Errorf("comparison lacks %s", want)
			}
		}
		if !strings.Contains(b.read(t, "2024/veiledere/dpia/index.html"), `<a href="/2024/sammenlign/veiledere/dpia/" class="edition-compare">Sammenlign med gjeldende</a>`) {
			t.Error("the edition's page does not link its comparison")
		}
		if _, err := os.Stat(filepath.Join(b.dest, "2024", "sammenlign", "veiledere", "gammel")); err == nil {
			t.Error("a removed page has a comparison")
		}
	})

	t.Run("changelog", func(t *testing.T) {
		html := b.read(t, "2024/endringer/index.html")
		for _, c := range []struct {
			id   string
			re   *regexp.Regexp
			want []string
		}{
			{"nye-sider", dataPageRe, []string{"personvern/_index"}},
			{"fjernede-sider", dataPageRe, []string{"veiledere/gammel"}},
			{"endrede-sider", dataPageRe, []string{"dpia", "veiledere/logging", "verktoykasse/sjekkliste"}}, // in menu order
			{"nye-sporsmal", dataQuestionRe, []string{"ovelse"}},
			{"fjernede-sporsmal", dataQuestionRe, []string{"passord"}},
			{"omformulerte-sporsmal", dataQuestionRe, []string{"protokoll"}},
		} {
			got := allMatches(c.re, section(t, html, c.id))
			if strings.Join(got, " ") != strings.Join(c.want, " ") {
				t.Errorf("%s: %q, want %q", c.id, got, c.want)
			}
		}
		for _, want := range []string{
			`<a href="/2024/veiledere/gammel/">Passordregler</a>`, // removed: linked in the edition
			`<a href="/2024/sammenlign/veiledere/dpia/">Sammenlign`,
			`<ins><span class="visually-hidden">start på tillegg: </span>oppdatert`,
		} {
			if !strings.Contains(html, want) {
				t.Errorf("changelog lacks %s", want)
			}
		}
		dpia := section(t, html, "endrede-sider")
		if !strings.Contains(dpia, "ny adresse") {
			t.Error("the moved page is not marked as moved")
		}
		_, logging, _ := strings.Cut(dpia, `data-page="veiledere/logging"`)
		if logging, _, _ = strings.Cut(logging, "</li>"); strings.Contains(logging, "ny adresse") {
			t.Error("a page that did not move is marked as moved")
		}
	})

	t.Run("alias of a moved page", func(t *testing.T) {
		html := b.read(t, "veiledere/dpia/index.html")
		if !strings.Contains(html, `<meta http-equiv="refresh" content="0; url=/personvern/dpia/">`) {
			t.Errorf("the old address of the moved page is not a redirect:\n%s", html)
		}
	})

	t.Run("search and sitemap hold only the current portal", func(t *testing.T) {
		sitemap := b.read(t, "sitemap.xml")
		if strings.Contains(sitemap, "/2024/") || strings.Contains(sitemap, "/2023/") {
			t.Error("sitemap.xml lists edition pages")
		}
		if !strings.Contains(sitemap, "https://test.example.no/personvern/dpia/") || !strings.Contains(sitemap, "https://test.example.no/hva-er-nytt/") {
			t.Error("sitemap.xml lacks current pages")
		}
		n := 0
		err := filepath.WalkDir(filepath.Join(b.dest, "search"), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			n++
			for _, bad := range []string{"/2024/", "/2023/", "passordhvelv"} {
				if strings.Contains(string(data), bad) {
					t.Errorf("static index file %s holds %q", p, bad)
				}
			}
			return nil
		})
		if err != nil || n == 0 {
			t.Fatalf("static search index: %d files, %v", n, err)
		}
		ix, err := search.Open(b.index)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		for _, q := range []string{"passordhvelv", "DPIA", "behandlingsprotokoll"} {
			res, err := ix.Search(context.Background(), search.Query{Text: q, Lang: "nb"})
			if err != nil {
				t.Fatal(err)
			}
			if q == "passordhvelv" && res.Total != 0 {
				t.Errorf("bleve finds %q, a word only in an old edition: %+v", q, res.Hits)
			}
			if q != "passordhvelv" && res.Total == 0 {
				t.Errorf("bleve does not find %q in the current portal", q)
			}
			for _, h := range res.Hits {
				if strings.HasPrefix(h.URL, "/2024/") || strings.HasPrefix(h.URL, "/2023/") {
					t.Errorf("bleve returns an edition page for %q: %s", q, h.URL)
				}
			}
		}
		if _, err := os.Stat(filepath.Join(b.dest, "2024", "sok")); err == nil {
			t.Error("the edition has a search page")
		}
	})
}

func TestHistoryOutsideGit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	testsite.Write(t, dir, map[string]string{
		"config.toml":       "title = \"Testportal\"\n",
		"content/_index.md": page("title: Testportal\n", "Velkommen.\n"),
		"content/a.md":      page("title: A\nupdated: 2024-05-01\n", "Tekst.\n"),
		"content/b.md":      page("title: B\n", "Tekst.\n"),
	})
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	dest := filepath.Join(t.TempDir(), "public")
	res, err := Build(context.Background(), Options{Source: dir, Dest: dest, IndexDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	var notes []string
	for _, d := range res.Diags {
		if strings.Contains(d.Msg, "git") {
			notes = append(notes, d.String())
			if d.Severity != diag.Warning {
				t.Errorf("%s is not a warning", d)
			}
		}
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "not a git repository") {
		t.Errorf("notes about git: %q, want one saying it is not a git repository", notes)
	}
	whatsnew, err := os.ReadFile(filepath.Join(dest, "hva-er-nytt", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(whatsnew), `href="/a/"`) || strings.Contains(string(whatsnew), `href="/b/"`) {
		t.Error("without git, Hva er nytt should list the page with an updated: date, and only it")
	}
}

func TestEditionErrors(t *testing.T) {
	base := map[string]string{
		"config.toml":       "title = \"Testportal\"\n[[editions]]\nname = \"2023\"\ndir = \"editions/2023\"\n",
		"content/_index.md": page("title: Testportal\n", "Velkommen.\n"),
	}
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"dead link in the snapshot", map[string]string{
			"editions/2023/content/_index.md": page("title: Gammel\n", "Se [borte](borte.md).\n"),
		}, `editions/2023/content/_index.md:5: error: link to "borte.md"`},
		{"no snapshot folder", nil, `config.toml: error: edition "2023": editions/2023/content has no content/ folder`},
		{"folder taken by the current site", map[string]string{
			"editions/2023/content/_index.md": page("title: Gammel\n", "Tekst.\n"),
			"content/2023/rapport.md":         page("title: Rapport\n", "Tekst.\n"),
		}, `config.toml: error: edition "2023" is published under /2023/, where the current site has content/2023`},
		{"a folder every build writes", map[string]string{
			"config.toml":                    "title = \"Testportal\"\n[[editions]]\nname = \"css\"\ndir = \"editions/css\"\n",
			"editions/css/content/_index.md": page("title: Gammel\n", "Tekst.\n"),
		}, `config.toml: error: edition "css" is published under /css/, where the current site has the folder /css/ that every build writes`},
		{"unknown ref", map[string]string{
			"config.toml": "title = \"Testportal\"\n[[editions]]\nname = \"2022\"\nref = \"finnes-ikke\"\n",
		}, `config.toml: error: edition "2022": history:`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "site")
			testsite.Write(t, dir, base)
			testsite.Write(t, dir, tt.files)
			t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
			res, err := Build(context.Background(), Options{Source: dir, Dest: filepath.Join(t.TempDir(), "public"), IndexDir: t.TempDir()})
			var fail *diag.Failure
			if !errors.As(err, &fail) {
				t.Fatalf("err = %v, want a content failure", err)
			}
			var all []string
			for _, d := range res.Diags {
				all = append(all, d.String())
			}
			if !strings.Contains(strings.Join(all, "\n"), tt.want) {
				t.Errorf("diagnostics:\n%s\nwant %q", strings.Join(all, "\n"), tt.want)
			}
		})
	}
}

// TestEditionsInDevServer renders as `varde serve` does, into memory: the
// editions are there, without the live-reload script, which is served at
// the site root only.
func TestEditionsInDevServer(t *testing.T) {
	s, _ := historySite(t)
	off := false
	l, err := Load(context.Background(), Options{Source: s.dir, Dev: true, Minify: &off, IndexDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	mem := output.NewMemory()
	if ds := Render(l, mem); len(ds) > 0 {
		t.Fatalf("render: %v", ds)
	}
	cur, ok := mem.Get("personvern/dpia/index.html")
	if !ok || !strings.Contains(string(cur), "__varde/reload.js") {
		t.Error("the current page lacks the live-reload script")
	}
	old, ok := mem.Get("2024/veiledere/dpia/index.html")
	if !ok || strings.Contains(string(old), "__varde/reload.js") || !strings.Contains(string(old), "Du leser utgaven 2024.") {
		t.Errorf("the edition's page in the dev server: found %v", ok)
	}
}
