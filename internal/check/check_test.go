package check

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/varde-portal/varde/internal/testsite"

	"github.com/varde-portal/varde/internal/diag"
)

// now is the fixed day the tests check on, so that review dates give the
// same answer every day.
var now = time.Date(2025, 3, 10, 14, 30, 0, 0, time.UTC)

// report formats diagnostics as `varde check` prints them, one a line.
func report(ds []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// TestGolden compares the report on each testdata site with its golden file
// (testdata/NAME.golden). Regenerate with VARDE_UPDATE=1 go test ./internal/check/
// and read the diff: it is the text editors will see.
func TestGolden(t *testing.T) {
	for _, name := range []string{"mistakes", "warnings"} {
		t.Run(name, func(t *testing.T) {
			got := report(Run(context.Background(), Options{Source: filepath.Join("testdata", name), Drafts: true, Now: now}))
			golden := filepath.Join("testdata", name+".golden")
			if os.Getenv("VARDE_UPDATE") != "" {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with VARDE_UPDATE=1 to create it)", err)
			}
			if got != string(want) {
				t.Errorf("report differs from %s (VARDE_UPDATE=1 regenerates it)\n--- got\n%s--- want\n%s", golden, got, want)
			}
		})
	}
}

// TestOneOfEachMistake pins every mistake of testdata/mistakes to its file,
// line and severity, so that a regenerated golden file cannot quietly lose
// one, and checks that nothing else is reported.
func TestOneOfEachMistake(t *testing.T) {
	tests := []struct {
		mistake string
		file    string
		line    int
		sev     diag.Severity
		want    string // part of the message
	}{
		{"dead link", "content/feil/dod-lenke.md", 6, diag.Error, `did you mean content/veiledere/logging.md?`},
		{"dead anchor", "content/feil/dod-anker.md", 6, diag.Error, `no heading or anchor #hvem-har-tilgangen`},
		{"field of the wrong type", "content/feil/feil-type.md", 4, diag.Error, `weight must be a whole number`},
		{"unknown field", "content/feil/ukjent-felt.md", 4, diag.Warning, `"ower" (did you mean "owner"?)`},
		{"duplicate id", "content/feil/dobbel-id-b.md", 4, diag.Error, `id "rutiner" is already used by content/feil/dobbel-id-a.md`},
		{"invalid quiz", "content/feil/quiz.md", 7, diag.Error, `has no correct option`},
		{"duplicate control question id", "content/feil/kontrollsporsmal-dobbel-id.md", 9, diag.Error, `{#protokoll} is already used on line 8`},
		{"control question without id", "content/feil/kontrollsporsmal-uten-id.md", 8, diag.Warning, `add one: {#har-kommunen-en-databehandleroversikt}`},
		{"image without alt text", "content/feil/bilde.md", 6, diag.Warning, `"kart.png" has no alt text`},
		{"title repeated as a # heading", "content/feil/overskrift.md", 6, diag.Warning, `"# Overskrift" repeats the title`},
		{"second top-level heading", "content/feil/overskrift.md", 14, diag.Warning, `"# Ny del" is a top-level heading`},
		{"missing translation", "content/veiledere/logging.md", 1, diag.Warning, `add content/veiledere/logging.nn.md`},
		{"review date passed", "content/feil/gjennomgang.md", 4, diag.Warning, `review date 2020-01-01 has passed`},
		{"empty description", "content/feil/tom-beskrivelse.md", 3, diag.Warning, `description is empty`},
		{"placeholder", "content/feil/plassholder.md", 8, diag.Error, `"FYLL UT" is still here`},
	}
	ds := Run(context.Background(), Options{Source: filepath.Join("testdata", "mistakes"), Drafts: true, Now: now})
	for _, tt := range tests {
		found := false
		for _, d := range ds {
			if d.File == tt.file && d.Line == tt.line && d.Severity == tt.sev && strings.Contains(d.Msg, tt.want) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("%s: no %s at %s:%d containing %q", tt.mistake, tt.sev, tt.file, tt.line, tt.want)
		}
	}
	if len(ds) != len(tests) {
		t.Errorf("got %d diagnostics, want exactly one per mistake (%d):\n%s", len(ds), len(tests), report(ds))
	}
	for _, d := range ds {
		if d.File == "" || d.Line < 1 {
			t.Errorf("%q does not name a file and a line", d)
		}
	}
}

// writeSite creates a site from file contents in a temporary folder.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	return testsite.New(t, files)
}

const oneLanguage = "title = \"T\"\n[languages.nb]\nname = \"Bokmål\"\n[sections.veiledere]\ntype = \"onepager\"\n[sections.om]\ntype = \"page\"\n"

// checkPage checks a one-language site holding content/FILE and returns
// what was reported about that file.
func checkPage(t *testing.T, file, body string) []diag.Diagnostic {
	t.Helper()
	dir := writeSite(t, map[string]string{
		"config.toml":       oneLanguage,
		"content/_index.md": "---\ntitle: Hjem\ndescription: Forsiden.\n---\n",
		"content/" + file:   body,
	})
	var out []diag.Diagnostic
	for _, d := range Run(context.Background(), Options{Source: dir, Drafts: true, Now: now}) {
		if d.File == "content/"+file {
			out = append(out, d)
		}
	}
	return out
}

func TestReviewDate(t *testing.T) {
	tests := []struct {
		review string
		warn   bool
	}{
		{"2025-03-09", true},  // yesterday
		{"2024-12-31", true},  // last year
		{"2025-03-10", false}, // today: due, not overdue
		{"2025-03-11", false},
	}
	for _, tt := range tests {
		t.Run(tt.review, func(t *testing.T) {
			ds := checkPage(t, "om/side.md", "---\ntitle: Side\ndescription: Om siden.\nreview: "+tt.review+"\n---\nTekst.\n")
			got := len(ds) == 1 && ds[0].Severity == diag.Warning && ds[0].Line == 4 && strings.Contains(ds[0].Msg, tt.review+" has passed")
			if got != tt.warn || (!tt.warn && len(ds) > 0) {
				t.Errorf("review %s checked on %s: got\n%s", tt.review, now.Format("2006-01-02"), report(ds))
			}
		})
	}
}

func TestDescription(t *testing.T) {
	tests := []struct {
		name, file, fm string
		want           []string // messages expected, in order
	}{
		{"empty field", "om/side.md", "description: \"\"\n", []string{"3: warning: description is empty"}},
		{"no field", "om/side.md", "", []string{"1: warning: no description: add a description: line"}},
		{"one sentence", "om/side.md", "description: Om siden.\n", nil},
		// A one-pager must have one: the build error says so, once.
		{"one-pager", "veiledere/side.md", "", []string{"1: error: a one-pager needs a description"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := checkPage(t, tt.file, "---\ntitle: Side\n"+tt.fm+"---\nTekst.\n")
			if len(ds) != len(tt.want) {
				t.Fatalf("got %d diagnostics, want %d:\n%s", len(ds), len(tt.want), report(ds))
			}
			for i, w := range tt.want {
				if !strings.Contains(ds[i].String(), "content/"+tt.file+":"+w) {
					t.Errorf("got %q, want it to contain %q", ds[i], w)
				}
			}
		})
	}
}

func TestPlaceholders(t *testing.T) {
	ds := checkPage(t, "om/side.md", "---\n"+
		"title: \"FYLL UT: tittel\"\n"+ // line 2
		"description: \"FYLL UT: én setning\"\n"+ // 3
		"owner: Personvernombudet\n"+ // 4
		"topics: [personvern, \"FYLL UT: tema\"]\n"+ // 5
		"banner: \"FYLL UT: tekst i banneret\"\n"+ // 6: a field for the theme
		"---\n"+
		"Innledning.\n"+ // 8
		"\n"+
		"- Et steg; FYLL UT flere\n") // 10
	want := []string{
		`content/om/side.md:2: error: title: "FYLL UT" is still here`,
		`content/om/side.md:3: error: description: "FYLL UT" is still here`,
		`content/om/side.md:5: error: topics: "FYLL UT" is still here: replace the placeholder with real text ("personvern, FYLL UT: tema")`,
		`content/om/side.md:6: warning: unknown front matter field "banner"`,
		`content/om/side.md:6: error: banner: "FYLL UT" is still here`,
		`content/om/side.md:10:12: error: "FYLL UT" is still here: replace the placeholder with real text ("- Et steg; FYLL UT flere")`,
	}
	if len(ds) != len(want) {
		t.Fatalf("got %d diagnostics, want %d:\n%s", len(ds), len(want), report(ds))
	}
	for i, w := range want {
		if !strings.HasPrefix(ds[i].String(), w) {
			t.Errorf("got  %s\nwant %s…", ds[i], w)
		}
	}
}

// A folder that does not exist must not pass as a site without problems.
func TestMissingFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "finnes-ikke")
	ds := Run(context.Background(), Options{Source: dir})
	if len(ds) != 1 || ds[0].Severity != diag.Error || !strings.Contains(ds[0].Msg, "does not exist") {
		t.Errorf("checking a missing folder: got\n%s", report(ds))
	}
}

func TestMissingTranslations(t *testing.T) {
	const three = "title = \"T\"\n" +
		"[languages.nb]\nname = \"Bokmål\"\nweight = 1\n" +
		"[languages.nn]\nname = \"Nynorsk\"\nweight = 2\n" +
		"[languages.en]\nname = \"English\"\nweight = 3\n" +
		"[sections.veiledere]\ntype = \"onepager\"\n[sections.om]\ntype = \"page\"\n"
	page := "---\ntitle: Side\ndescription: Om siden.\n---\nTekst.\n"
	dir := writeSite(t, map[string]string{
		"config.toml":       three,
		"content/_index.md": page, "content/_index.nn.md": page, "content/_index.en.md": page,
		// veiledere/ has pages in all three languages.
		"content/veiledere/alle.md": page, "content/veiledere/alle.nn.md": page, "content/veiledere/alle.en.md": page,
		"content/veiledere/bare-bokmal.md":        page,
		"content/veiledere/uten-bokmal.nn.md":     page,
		"content/veiledere/uten-bokmal.en.md":     page,
		"content/veiledere/bare-engelsk.en.md":    page,
		"content/veiledere/nynorsk-mangler.md":    page,
		"content/veiledere/nynorsk-mangler.en.md": page,
		// om/ is only in bokmål: nothing is missing there.
		"content/om/kontakt.md": page,
	})
	want := []string{
		"content/veiledere/bare-bokmal.md:1: warning: no Nynorsk translation, though other pages in veiledere/ have one (add content/veiledere/bare-bokmal.nn.md)",
		"content/veiledere/bare-bokmal.md:1: warning: no English translation, though other pages in veiledere/ have one (add content/veiledere/bare-bokmal.en.md)",
		"content/veiledere/bare-engelsk.en.md:1: warning: no Bokmål translation, though other pages in veiledere/ have one (add content/veiledere/bare-engelsk.md)",
		"content/veiledere/bare-engelsk.en.md:1: warning: no Nynorsk translation, though other pages in veiledere/ have one (add content/veiledere/bare-engelsk.nn.md)",
		"content/veiledere/nynorsk-mangler.md:1: warning: no Nynorsk translation, though other pages in veiledere/ have one (add content/veiledere/nynorsk-mangler.nn.md)",
		"content/veiledere/uten-bokmal.nn.md:1: warning: no Bokmål translation, though other pages in veiledere/ have one (add content/veiledere/uten-bokmal.md)",
	}
	var got []string
	for _, d := range Run(context.Background(), Options{Source: dir, Now: now}) {
		if strings.Contains(d.Msg, "translation") {
			got = append(got, d.String())
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestSynonyms checks the site's synonym files: a malformed line is an
// error at its line, a group of which no word occurs on the site a warning
// at its line, and a group with one word on the site passes.
func TestSynonyms(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"config.toml":        oneLanguage,
		"content/_index.md":  "---\ntitle: Hjem\ndescription: Forsiden.\n---\n",
		"content/om/lonn.md": "---\ntitle: Lønn\ndescription: Om lønn.\n---\nVi bruker lønnssystemet hver måned.\n",
		"data/synonymer.txt": "# Lokale navn\n" +
			"Visma = lønnssystem # used: a page says lønnssystemet\n" +
			"Sjøorm = havmonster # no word on the site\n" +
			"bare ord\n",
		"data/synonymer.nb.txt": "Agresso = økonomisystem # no word on the site\n",
	})
	var got []string
	for _, d := range Run(context.Background(), Options{Source: dir, Drafts: true, Now: now}) {
		if strings.HasPrefix(d.File, "data/") {
			got = append(got, d.String())
		}
	}
	want := []string{
		"data/synonymer.nb.txt:1: warning: no word of this synonym group occurs on any page in language nb",
		"data/synonymer.txt:3: warning: no word of this synonym group occurs on any page,",
		"data/synonymer.txt:4: error: a synonym group is words joined by '='",
	}
	if len(got) != len(want) {
		t.Fatalf("got\n%s\nwant %d diagnostics", strings.Join(got, "\n"), len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(got[i], w) {
			t.Errorf("got %q, want %q…", got[i], w)
		}
	}
}

// TestOwnLayoutErrors: a layout of the site's own that fails when it runs
// (here .Title, which a layout reads as .Page.Title) failed varde build
// while varde check said "No problems found". Check now renders the pages
// when the site has layouts of its own, and reports the error at the page.
func TestOwnLayoutErrors(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"config.toml":                "baseURL = \"https://k.no/\"\n" + oneLanguage,
		"content/_index.md":          "---\ntitle: Hjem\ndescription: Forsiden.\n---\n",
		"content/om/bred.md":         "---\ntitle: Bred\ndescription: En bred side.\nlayout: wide\n---\n\nTekst.\n",
		"content/om/vanlig.md":       "---\ntitle: Vanlig\ndescription: En vanlig side.\n---\n\nTekst.\n",
		"layouts/_default/wide.html": "<!DOCTYPE html><title>{{ .Title }}</title>{{ .Page.Body }}\n",
	})
	got := report(Run(context.Background(), Options{Source: dir, Now: now}))
	if !strings.Contains(got, "content/om/bred.md: error: ") || !strings.Contains(got, "can't evaluate field Title") || strings.Contains(got, "vanlig.md") {
		t.Errorf("got\n%s", got)
	}
	if err := os.WriteFile(filepath.Join(dir, "layouts/_default/wide.html"), []byte("<!DOCTYPE html><title>{{ .Page.Title }}</title>{{ .Page.Body }}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := report(Run(context.Background(), Options{Source: dir, Now: now})); got != "" {
		t.Errorf("a working layout: got\n%s", got)
	}
}

// TestScriptsInPublishedFiles: a file under content/ is published as it
// is, so an .html or .svg there with a script ran it when opened at its
// own address (no CSP tag, no check); raw HTML in a page with the same
// script is an error. Check warns at the file and line.
func TestScriptsInPublishedFiles(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"config.toml":            "baseURL = \"https://k.no/\"\n" + oneLanguage,
		"content/_index.md":      "---\ntitle: Hjem\ndescription: Forsiden.\n---\n",
		"content/om/kart.svg":    "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<rect/>\n<script>fetch('//evil')</script>\n</svg>\n",
		"content/om/skjema.html": "<!DOCTYPE html>\n<p onclick=\"x()\">Skjema</p>\n",
		"content/om/ren.svg":     "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>\n",
		"content/om/bilde.png":   "<script>not html</script>",
	})
	got := report(Run(context.Background(), Options{Source: dir, Now: now}))
	for _, want := range []string{
		"content/om/kart.svg:3: warning: a <script> element: this file is published as it is",
		"content/om/skjema.html:2: warning: the event handler onclick= on <p>: this file is published as it is",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in\n%s", want, got)
		}
	}
	if strings.Contains(got, "ren.svg") || strings.Contains(got, "bilde.png") {
		t.Errorf("warned about a clean or non-HTML file:\n%s", got)
	}
}

// TestRemoteStyles: a stylesheet of the site's own that loads from another
// site (a web font, @import of a CDN's CSS) passed check without a word,
// though the portal makes no third-party request and the pages' CSP blocks
// it. Check warns at the file and line; addresses in comments, the site's
// own files and data: addresses are fine.
func TestRemoteStyles(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"config.toml":       "baseURL = \"https://k.no/\"\n" + oneLanguage,
		"content/_index.md": "---\ntitle: Hjem\ndescription: Forsiden.\n---\n",
		"assets/css/egen.css": "/* fra https://fonts.example/ og url(https://i-kommentar.example/x) */\n" +
			"@import url(\"https://cdn.example/normalize.css\");\n" +
			"@font-face { font-family: X; src: url(//fonts.example/x.woff2) format(\"woff2\"); }\n" +
			"body { background: url('/bilder/bakgrunn.png'), url(data:image/png;base64,AAAA); }\n" +
			"/* flere\nlinjer */ h1 { background: URL(http://sporing.example/p.gif) }\n",
		"static/ekstra.css":       "@import 'https://cdn.example/ekstra.css';\n",
		"content/om/utskrift.css": "p { color: black }\n",
	})
	got := report(Run(context.Background(), Options{Source: dir, Now: now}))
	for _, want := range []string{
		"assets/css/egen.css:2: warning: https://cdn.example/normalize.css loads from another site",
		"assets/css/egen.css:3: warning: //fonts.example/x.woff2 loads from another site",
		"assets/css/egen.css:6: warning: http://sporing.example/p.gif loads from another site",
		"static/ekstra.css:1: warning: https://cdn.example/ekstra.css loads from another site",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in\n%s", want, got)
		}
	}
	if n := strings.Count(got, "loads from another site"); n != 4 {
		t.Errorf("%d warnings about other sites, want 4:\n%s", n, got)
	}
}
