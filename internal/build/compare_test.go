package build

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/varde-portal/varde/internal/testsite"
)

// comparePage is a guide as an edition has it and as it is now: a heading
// renamed, a list item added, a table cell changed, a paragraph moved and
// a code block changed.
const (
	compareOld = "## Hva sier regelverket\n\nKommunen bør ha en protokoll.\n\nFlyttet avsnitt om logging av tilgang.\n\n" +
		"## Dette bør dere gjøre\n\n1. Kartlegg behandlingene.\n2. Vurder risiko.\n   - for de registrerte\n\n" +
		"| System | Risiko |\n|---|---|\n| Lønn | Middels |\n| Sak | Lav |\n\n" +
		"Første faste avsnitt.\n\n```\nlogg: 30 dager\n```\n\n## Tiltak\n\nSiste avsnitt.\n"
	compareNew = "## Hva sier regelverket\n\nKommunen skal ha en protokoll.\n\n" +
		"## Dette skal dere gjøre\n\n1. Kartlegg behandlingene.\n2. Spør personvernombudet.\n3. Vurder risiko.\n   - for de registrerte\n\n" +
		"| System | Risiko |\n|---|---|\n| Lønn | Høy |\n| Sak | Lav |\n\n" +
		"Første faste avsnitt.\n\nFlyttet avsnitt om logging av tilgang.\n\n```\nlogg: 90 dager\n```\n\n## Sikringstiltak\n\nSiste avsnitt.\n"
)

// TestCompareStructure builds a site with a snapshot edition and checks
// that the comparison view keeps the page's headings, lists, tables and
// code, with the changed words marked inside them.
func TestCompareStructure(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	testsite.Write(t, dir, map[string]string{
		"config.toml":                         "title = \"Testportal\"\n[[editions]]\nname = \"2023\"\ndir = \"editions/2023\"\n",
		"content/_index.md":                   page("title: Testportal\n", "Velkommen.\n"),
		"content/dpia.md":                     page("title: DPIA\nid: dpia\n", compareNew),
		"editions/2023/content/_index.md":     page("title: Testportal\n", "Velkommen.\n"),
		"editions/2023/content/dpia.md":       page("title: DPIA\nid: dpia\n", compareOld),
		"editions/2023/content/nynorsk.nn.md": page("title: Side\nid: side\n", "Tekst.\n"),
		"content/nynorsk.nn.md":               page("title: Side\nid: side\n", "- Tekst\n- Ny\n"),
		"content/_index.nn.md":                page("title: Testportal\n", "Velkomen.\n"),
		"editions/2023/content/_index.nn.md":  page("title: Testportal\n", "Velkomen.\n"),
	})
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	dest := filepath.Join(t.TempDir(), "public")
	minify := false
	if _, err := Build(context.Background(), Options{Source: dir, Dest: dest, IndexDir: t.TempDir(), Minify: &minify}); err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	page := read("2023/sammenlign/dpia/index.html")
	diff := diffBody(t, page)
	hidden := regexp.MustCompile(`<span class="visually-hidden">[^<]*</span>`)
	// Without the hidden words, and the soft hyphens the theme puts in
	// long words of headings.
	plain := strings.ReplaceAll(hidden.ReplaceAllString(diff, ""), "\u00ad", "")
	for _, want := range []string{
		"<h2>Hva sier regelverket</h2>",
		`<p class="diff-changed">Kommunen <del>bør</del><ins>skal</ins> ha en protokoll.</p>`,
		`<h2 class="diff-changed">Dette <del>bør</del><ins>skal</ins> dere gjøre</h2>`,
		`<h2 class="diff-changed"><del>Tiltak</del><ins>Sikringstiltak</ins></h2>`,
		`<ol class="diff-changed"><li>Kartlegg behandlingene.</li>`,
		`<li class="diff-added"><span class="diff-tag">Lagt til:</span> <ins>Spør personvernombudet.</ins></li>`,
		`<li>Vurder risiko.<ul><li>for de registrerte</li>`,
		`<tr class="diff-changed"><td>Lønn</td><td class="diff-changed"><del>Middels</del><ins>Høy</ins></td></tr>`,
		`<tr><td>Sak</td><td>Lav</td></tr>`,
		`<th>System</th><th>Risiko</th>`,
		`<p class="diff-moved-away"><span class="diff-tag">Flyttet herfra:</span> <del>Flyttet avsnitt om logging av tilgang.</del></p>`,
		`<p class="diff-moved-here"><span class="diff-tag">Flyttet hit:</span> <ins>Flyttet avsnitt om logging av tilgang.</ins></p>`,
		"<pre class=\"diff-changed\">\nlogg: <del>30</del><ins>90</ins> dager</pre>",
	} {
		if !strings.Contains(plain, want) {
			t.Errorf("comparison lacks %s", want)
		}
	}
	// The marks carry the hidden words for screen readers, in Norwegian.
	if !strings.Contains(diff, `<ins><span class="visually-hidden">start på tillegg: </span>skal<span class="visually-hidden"> slutt på tillegg</span></ins>`) {
		t.Error("an insertion lacks its hidden start and end words")
	}
	// Added: skal, skal, Spør personvernombudet, Høy, Sikringstiltak, 90;
	// removed: bør, bør, Middels, Tiltak, 30; the moved paragraph is neither.
	if !strings.Contains(page, "7 ord er lagt til og 5 ord fjernet.") {
		t.Errorf("word count: %s", regexp.MustCompile(`<p class="diff-summary">.*</p>`).FindString(page))
	}
	// A nynorsk page gets nynorsk tags.
	nn := diffBody(t, read("2023/nn/sammenlign/nynorsk/index.html"))
	for _, want := range []string{`<p class="diff-removed"><span class="diff-tag">Fjerna:</span> <del>`, `<ul class="diff-added"><li><span class="diff-tag">Lagt til:</span> <ins>`} {
		if !strings.Contains(nn, want) {
			t.Errorf("nynorsk comparison lacks %s:\n%s", want, nn)
		}
	}
	if strings.Contains(page+nn, "diff_") {
		t.Error("a UI string is missing: its key is on the page")
	}
}

// diffBody returns the comparison in a compare page (the div.diff),
// failing the test when an element in it is left open or closed out of
// order.
func diffBody(t *testing.T, page string) string {
	t.Helper()
	_, rest, ok := strings.Cut(page, `<div class="diff">`)
	if !ok {
		t.Fatalf("no comparison in\n%s", page)
	}
	body, _, ok := strings.Cut(rest, "</div>\n\n</article>")
	if !ok {
		body, _, _ = strings.Cut(rest, "</article>")
	}
	z := html.NewTokenizer(strings.NewReader(body))
	var open []string
	for {
		switch z.Next() {
		case html.ErrorToken:
			if len(open) > 0 {
				t.Fatalf("unclosed %q in the comparison:\n%s", open, body)
			}
			return body
		case html.StartTagToken:
			if name, _ := z.TagName(); string(name) != "br" {
				open = append(open, string(name))
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if len(open) == 0 || open[len(open)-1] != string(name) {
				t.Fatalf("</%s> closes %q in the comparison:\n%s", name, open, body)
			}
			open = open[:len(open)-1]
		}
	}
}

// TestCompareBundledEdition builds the portal this repository ships with
// (a copy of its config.toml, content/, editions/ and themes/) and checks
// every comparison view of its example edition 2024: well-formed, every
// UI string found, and on the DPIA guide the headings, the numbered list
// compared item by item and the reading list with its items marked.
func TestCompareBundledEdition(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the whole bundled portal")
	}
	dir := filepath.Join(t.TempDir(), "site")
	for _, name := range []string{"content", "editions", "themes"} {
		if err := os.CopyFS(filepath.Join(dir, name), os.DirFS(filepath.Join("..", "..", name))); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := os.ReadFile(filepath.Join("..", "..", "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	dest := filepath.Join(t.TempDir(), "public")
	minify := false
	if _, err := Build(context.Background(), Options{Source: dir, Dest: dest, IndexDir: t.TempDir(), Minify: &minify}); err != nil {
		t.Fatal(err)
	}
	pages := 0
	err = filepath.WalkDir(filepath.Join(dest, "2024"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() != "index.html" || !strings.Contains(filepath.ToSlash(path), "/sammenlign/") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(data), `<div class="diff">`) {
			pages++
			if body := diffBody(t, string(data)); strings.Contains(body, "diff_") {
				t.Errorf("%s: a UI string's key is on the page", path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 3 {
		t.Errorf("%d comparison views in the edition 2024, want one per page that still exists", pages)
	}
	data, err := os.ReadFile(filepath.Join(dest, "2024", "sammenlign", "veiledere", "dpia", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	hidden := regexp.MustCompile(`<span class="visually-hidden">[^<]*</span>`)
	dpia := strings.ReplaceAll(hidden.ReplaceAllString(diffBody(t, string(data)), ""), "\u00ad", "")
	for _, want := range []string{
		"<h2>Hva sier regelverket</h2>",
		"<h2>Dette bør dere gjøre</h2>",
		`<ol class="diff-changed"><li class="diff-changed">Ha en enkel førstevurdering i <ins>anskaffelses- og</ins> prosjektrutinene`,
		`<li class="diff-added"><span class="diff-tag">Lagt til:</span> <ins>Bruk de europeiske`,
		`<ul class="diff-changed"><li class="diff-removed"><span class="diff-tag">Fjernet:</span> <del>Passordregler</del></li>`,
		`(DPIA) <ins>og listen over behandlinger som alltid krever DPIA</ins></li>`,
	} {
		if !strings.Contains(dpia, want) {
			t.Errorf("the DPIA comparison lacks %s", want)
		}
	}
	if strings.Contains(dpia, `<p class="diff-removed"><span class="diff-tag">Fjernet:</span> <del>Ha en enkel`) {
		t.Error("the DPIA guide's list is flattened into paragraphs")
	}
}
