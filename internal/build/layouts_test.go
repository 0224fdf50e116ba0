package build

import (
	"context"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/varde-portal/varde/internal/testsite"

	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/reference"
	"github.com/varde-portal/varde/internal/site"
)

// The types site (testdata/types) has one page of each type: a one-pager
// with a full fact box and one with a minimal one, a plain page in the
// one-pagers' section, a checklist, two norms and their section (the
// poster), a course, a top-level page, and an audience term with its own
// intro. These tests build it and check the layouts' output and the model
// behind it.

const typesSite = "testdata/types"

// typesNow is the fixed build time: the tilgang one-pager's review date
// lies before it, so its fact box marks the review as overdue.
var typesNow = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// buildTypes builds the types site into a temporary folder, unminified,
// and returns the result and the folder.
func buildTypes(t *testing.T) (*Result, string) {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	minify := false
	res, err := Build(context.Background(), Options{Source: typesSite, Dest: dest, IndexDir: t.TempDir(), Minify: &minify, Now: typesNow, NoHistory: true})
	if err != nil {
		var all []string
		for _, d := range res.Diags {
			all = append(all, d.String())
		}
		t.Fatalf("build %s: %v\n%s", typesSite, err, strings.Join(all, "\n"))
	}
	return res, dest
}

// readPage returns the built HTML at a URL path such as "/veiledere/".
func readPage(t *testing.T, dest, urlPath string) string {
	t.Helper()
	file := strings.TrimPrefix(urlPath, "/") + "index.html"
	b, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(file)))
	if err != nil {
		t.Fatalf("page %s: %v", urlPath, err)
	}
	return string(b)
}

var (
	mainRe = regexp.MustCompile(`(?s)<main\b[^>]*>.*</main>`)
	// A control question's and a quiz's markup belong to the checklist and
	// quiz renderers, which have their own tests; in the layouts' goldens
	// they shrink to their ids, so that the goldens show what the layouts
	// put around them.
	cqRe    = regexp.MustCompile(`(?s)<fieldset class="cq[^"]*" id="cq-([^"]*)".*?</fieldset>`)
	quizRe  = regexp.MustCompile(`(?s)<section class="quiz" id="([^"]*)".*?</section>`)
	spaceRe = regexp.MustCompile(`\s+`)
	// Every block element starts a line, and so does the end of one that
	// holds other blocks.
	blockRe = regexp.MustCompile(`\s*(<(?:main|article|section|header|footer|aside|nav|div|h[1-6]|p|ul|ol|li|dl|dt|dd|fieldset|legend|details|summary|table|tr|form|blockquote|pre)\b|</(?:main|article|section|header|footer|aside|nav|div|ul|ol|dl|fieldset|details|table|form|blockquote)>)`)
)

// mainExtract is the part of a page a layout decides: the <main> element,
// with hashed asset names, control questions and quizzes reduced, and
// whitespace collapsed, one block element per line.
func mainExtract(page string) string {
	m := mainRe.FindString(page)
	if m == "" {
		return "(no <main>)\n"
	}
	m = hashRe.ReplaceAllString(m, ".HASH.$1")
	m = cqRe.ReplaceAllString(m, `<fieldset class="cq" id="cq-$1">…</fieldset>`)
	m = quizRe.ReplaceAllString(m, `<section class="quiz" id="$1">…</section>`)
	m = spaceRe.ReplaceAllString(m, " ")
	m = blockRe.ReplaceAllString(m, "\n$1")
	return strings.TrimSpace(m) + "\n"
}

// TestGoldenLayouts compares the <main> of each layout's page with its
// golden file in testdata/types.golden (VARDE_UPDATE=1 rewrites them).
func TestGoldenLayouts(t *testing.T) {
	_, dest := buildTypes(t)
	pages := []struct{ golden, path string }{
		{"home", "/"},
		{"onepager", "/veiledere/tilgang/"},
		{"onepager-minimal", "/veiledere/logging/"},
		{"page-in-onepager-section", "/veiledere/notat/"},
		{"section", "/veiledere/"},
		{"checklist", "/sjekk/kontroll/"},
		{"norm", "/normer/las/"},
		{"norm-poster", "/normer/"},
		{"course", "/kurs/grunnkurs/"},
		{"page", "/om/"},
		{"audience-term", "/malgruppe/leder/"},
		{"audience-list", "/malgruppe/"},
	}
	for _, p := range pages {
		t.Run(p.golden, func(t *testing.T) {
			got := mainExtract(readPage(t, dest, p.path))
			golden := filepath.Join("testdata", "types.golden", p.golden+".html")
			if updateGo {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run VARDE_UPDATE=1 go test ./internal/build -run TestGoldenLayouts to create it)", err)
			}
			if got != string(want) {
				t.Errorf("<main> of %s differs from %s (run VARDE_UPDATE=1 go test ./internal/build -run TestGoldenLayouts and review the diff)\n%s", p.path, golden, firstDiff(string(want), got))
			}
		})
	}
}

// TestTypesFromSectionsAndFrontMatter checks where each page's type comes
// from: its front matter first, else its section's setting in config.toml,
// else "page".
func TestTypesFromSectionsAndFrontMatter(t *testing.T) {
	l, err := Load(context.Background(), Options{Source: typesSite, Now: typesNow})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ id, want, why string }{
		{"_index", "page", "the home page"},
		{"veiledere/_index", "onepager", "a section page takes its section's type"},
		{"veiledere/tilgang", "onepager", "from [sections.veiledere]"},
		{"veiledere/notat", "page", "type: page in front matter wins over the section's onepager"},
		{"sjekk/kontroll", "checklist", "type: checklist in front matter, section without a type"},
		{"sjekk/_index", "page", "the generated page of a section without a type"},
		{"normer/_index", "norm", "from [sections.normer]"},
		{"normer/las", "norm", "from [sections.normer]"},
		{"kurs/grunnkurs", "course", "from [sections.kurs]"},
		{"om", "page", "a top-level page has no section"},
	}
	for _, c := range cases {
		p := l.Site.ByID(c.id, "nb")
		if p == nil {
			t.Errorf("%s: no such page", c.id)
			continue
		}
		if p.Type != c.want {
			t.Errorf("%s: type %q, want %q (%s)", c.id, p.Type, c.want, c.why)
		}
	}
}

// TestBodyTypeAndID checks the contract of docs/format.md that themes and tools
// rely on: every page's <body> carries data-type and data-id, and on
// content pages they are the page's type and id.
func TestBodyTypeAndID(t *testing.T) {
	res, dest := buildTypes(t)
	byFile := map[string]*site.Page{}
	for _, p := range res.Site.Pages {
		byFile[p.OutFile] = p
	}
	n := 0
	err := filepath.WalkDir(dest, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		rel, _ := filepath.Rel(dest, path)
		rel = filepath.ToSlash(rel)
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		n++
		m := bodyRe.FindStringSubmatch(string(b))
		if m == nil || m[1] == "" || m[2] == "" {
			t.Errorf("%s: <body> has no data-type and data-id", rel)
			return nil
		}
		if p := byFile[rel]; p != nil && p.IsContent() && (m[1] != p.Type || m[2] != p.ID) {
			t.Errorf("%s: <body data-type=%q data-id=%q>, want %q and %q", rel, m[1], m[2], p.Type, p.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < len(res.Site.Pages) {
		t.Errorf("checked %d HTML files, but the site has %d pages", n, len(res.Site.Pages))
	}
}

var (
	factboxRe = regexp.MustCompile(`(?s)<aside class="factbox".*?</aside>`)
	termsRe   = regexp.MustCompile(`(?s)<dl class="terms">.*?</dl>`)
	relatedRe = regexp.MustCompile(`(?s)<aside class="related".*?</aside>`)
	linkRe    = regexp.MustCompile(`<a href="([^"]*)">([^<]*)</a>`)
)

// refLine is how a fact box names a reference: its label linked to the
// page listing the guidance that cites it, followed by its title.
type refLine struct{ url, label, title string }

// wantRefs computes the fact-box lines of a page's nsm: and legal: values
// from the reference data, so the test follows the data, not a copy of it.
func wantRefs(t *testing.T, nsm, legal []string) []refLine {
	t.Helper()
	var out []refLine
	for _, raw := range legal {
		ref, err := reference.ParseLegal(raw)
		if err != nil {
			t.Fatalf("legal %q: %v", raw, err)
		}
		title, ok := reference.LegalTitle(ref, "nb")
		if !ok || title == "" {
			t.Fatalf("legal %q has no title in the reference data", raw)
		}
		out = append(out, refLine{"/regelverk/" + ref.Slug() + "/", ref.String(), title})
	}
	for _, raw := range nsm {
		ref, err := reference.ParseNSM(raw)
		if err != nil {
			t.Fatalf("nsm %q: %v", raw, err)
		}
		title, ok := reference.NSMTitle(ref, "nb")
		if !ok || title == "" {
			t.Fatalf("nsm %q has no title in the reference data", raw)
		}
		out = append(out, refLine{"/nsm/" + ref.PrincipleRef().Slug() + "/", ref.String(), title})
	}
	return out
}

// TestFactBox checks the one-pager's fact box: version, last changed, next
// review (marked overdue once passed), owner, and the legal references and
// NSM principles with their titles, linked to their pages, which exist.
func TestFactBox(t *testing.T) {
	_, dest := buildTypes(t)
	page := readPage(t, dest, "/veiledere/tilgang/")
	box := html.UnescapeString(factboxRe.FindString(page))
	if box == "" {
		t.Fatal("the one-pager has no aside.factbox")
	}
	for _, want := range []string{
		"<dd>1.2</dd>",                 // version
		`<time datetime="2025-09-01">`, // last changed
		`<time datetime="2025-06-01">`, // next review …
		`class="overdue"`,              // … which has passed
		"<dd>Personvernombudet</dd>",   // owner
	} {
		if !strings.Contains(box, want) {
			t.Errorf("fact box lacks %s:\n%s", want, box)
		}
	}
	for _, r := range wantRefs(t, []string{"2.6", "2.6.1"}, []string{"GDPR art. 32", "forvaltningsloven § 13"}) {
		line := `<a href="` + r.url + `">` + r.label + `</a>`
		i := strings.Index(box, line)
		if i < 0 {
			t.Errorf("fact box has no link %s", line)
			continue
		}
		if rest := box[i+len(line):]; !strings.HasPrefix(strings.TrimLeft(rest, " –"), r.title) {
			t.Errorf("fact box: %s is not followed by its title %q", line, r.title)
		}
		if _, err := os.Stat(filepath.Join(dest, filepath.FromSlash(strings.TrimPrefix(r.url, "/")), "index.html")); err != nil {
			t.Errorf("fact box links to %s, which was not built", r.url)
		}
	}

	// A one-pager with only a version and references gets a box with just
	// those; the page types without a fact box show their references
	// with the audiences and topics instead.
	minimal := html.UnescapeString(factboxRe.FindString(readPage(t, dest, "/veiledere/logging/")))
	if minimal == "" || strings.Contains(minimal, "<time") || !strings.Contains(minimal, `href="/nsm/3-2/"`) {
		t.Errorf("minimal fact box:\n%s", minimal)
	}
	for _, c := range []struct {
		path  string
		legal []string
	}{{"/normer/las/", []string{"forvaltningsloven § 13"}}, {"/om/", []string{"personopplysningsloven § 2"}}} {
		page := readPage(t, dest, c.path)
		if factboxRe.MatchString(page) {
			t.Errorf("%s has a fact box; only one-pagers have one", c.path)
		}
		terms := html.UnescapeString(termsRe.FindString(page))
		for _, r := range wantRefs(t, nil, c.legal) {
			if !strings.Contains(terms, `<a href="`+r.url+`">`+r.label+`</a> – `+r.title) {
				t.Errorf("%s: dl.terms does not show %s – %s:\n%s", c.path, r.label, r.title, terms)
			}
		}
	}
}

// TestCoverage checks the NSM coverage page: the principles some page
// cites are covered, every other principle of the reference data is listed
// as uncovered.
func TestCoverage(t *testing.T) {
	l, err := Load(context.Background(), Options{Source: typesSite, Now: typesNow})
	if err != nil {
		t.Fatal(err)
	}
	// tilgang cites 2.6 and its measure 2.6.1, logging the measure 3.2.2:
	// two principles.
	covered := map[string]bool{"2.6": true, "3.2": true}
	var want []string
	for _, c := range reference.NSMCategories() {
		for _, pr := range c.Principles {
			if !covered[pr.ID()] {
				want = append(want, pr.ID())
			}
		}
	}
	cov := l.Site.ByPath("/nsm/dekning/")
	if cov == nil {
		t.Fatal("no coverage page at /nsm/dekning/")
	}
	if got := cov.Data["covered"]; got != len(covered) {
		t.Errorf("covered = %v, want %d", got, len(covered))
	}
	if got := cov.Data["total"]; got != len(want)+len(covered) {
		t.Errorf("total = %v, want %d", got, len(want)+len(covered))
	}
	var got []string
	for _, u := range cov.Data["uncovered"].([]map[string]any) {
		got = append(got, u["id"].(string))
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("uncovered principles:\n got %v\nwant %v", got, want)
	}
}

// TestRelated checks related pages: given ones in the given order, else
// the pages sharing most topics (same type first on a tie, then by title),
// and none for a page without topics; and that the layouts show them.
func TestRelated(t *testing.T) {
	res, dest := buildTypes(t)
	ids := func(ps []*site.Page) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.ID)
		}
		return out
	}
	cases := []struct {
		id   string
		want []string
		why  string
	}{
		{"veiledere/tilgang", []string{"veiledere/logging", "sjekk/kontroll", "normer/las", "veiledere/notat"},
			"logging shares both topics; the others share one and are ordered by title"},
		{"veiledere/notat", []string{"normer/las", "veiledere/logging"}, "related: in front matter, in its order"},
		{"normer/meld", nil, "no topics, no related"},
	}
	for _, c := range cases {
		p := res.Site.ByID(c.id, "nb")
		if got := ids(p.Related); strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("%s: related %v, want %v (%s)", c.id, got, c.want, c.why)
		}
		aside := relatedRe.FindString(readPage(t, dest, p.Path))
		var shown []string
		for _, m := range linkRe.FindAllStringSubmatch(aside, -1) {
			if q := res.Site.ByPath(m[1]); q != nil {
				shown = append(shown, q.ID)
			}
		}
		if strings.Join(shown, " ") != strings.Join(c.want, " ") {
			t.Errorf("%s: the page shows related %v, want %v", c.id, shown, c.want)
		}
	}
}

// TestAudienceTermPage checks an audience's landing page: its own intro
// first, then its pages grouped by type in the reader's order, section
// overviews before single pages, norms with their statement.
func TestAudienceTermPage(t *testing.T) {
	_, dest := buildTypes(t)
	page := html.UnescapeString(readPage(t, dest, "/malgruppe/leder/"))
	order := []string{
		"Som leder svarer du for enheten din.", // the term's own intro
		`id="grp-checklist"`, `href="/sjekk/kontroll/"`,
		`id="grp-onepager"`, `href="/veiledere/tilgang/"`,
		`id="grp-norm"`, `href="/normer/"`, `href="/normer/meld/"`, "Jeg melder fra når jeg er usikker",
	}
	at := 0
	for _, s := range order {
		i := strings.Index(page[at:], s)
		if i < 0 {
			t.Fatalf("the leder page lacks %s after position %d, or has it too early", s, at)
		}
		at += i + len(s)
	}
	if strings.Contains(page, `id="grp-course"`) {
		t.Error("the leder page has a course group, but no course is for leaders")
	}
}

// TestTypeRules checks what the build (and so `varde check`, which loads
// the site the same way) rejects: unknown types, norms without a statement
// and one-pagers without a description, wherever the type came from; and
// what it must not reject.
func TestTypeRules(t *testing.T) {
	const norms = "[sections.n]\ntype = \"norm\"\n"
	const guides = "[sections.v]\ntype = \"onepager\"\n[languages.nb]\n[languages.nn]\n"
	cases := []struct {
		name  string
		files map[string]string
		want  string // "" for no error at all
	}{
		{"unknown type in a section's config", map[string]string{"config.toml": "[sections.x]\ntype = \"blogg\"\n", "content/x/a.md": "---\ntitle: A\n---\n"},
			`config.toml:2: error: sections.x.type: unknown page type "blogg"`},
		{"unknown type on a section page", map[string]string{"content/x/_index.md": "---\ntitle: X\n\ntype: plakat\n---\n"},
			`content/x/_index.md:4: error: unknown page type "plakat"`},
		{"norm by front matter without statement", map[string]string{"content/a.md": "---\ntitle: A\ntype: norm\ndescription: x\n---\n"},
			"content/a.md:1: error: a norm needs a statement"},
		{"norm with a blank statement", map[string]string{"config.toml": norms, "content/n/a.md": "---\ntitle: A\nstatement: \"  \"\n---\n"},
			"content/n/a.md:3: error: a norm needs a statement"},
		{"one-pager by section without description", map[string]string{"config.toml": guides, "content/v/a.md": "---\ntitle: A\n---\nText.\n"},
			"content/v/a.md:1: error: a one-pager needs a description"},
		{"one-pager with a blank description", map[string]string{"config.toml": guides, "content/v/a.md": "---\ntitle: A\ndescription: \" \"\n---\n"},
			"content/v/a.md:3: error: a one-pager needs a description"},
		{"translated one-pager without description", map[string]string{"config.toml": guides,
			"content/v/a.md": "---\ntitle: A\ndescription: Ei setning.\n---\n", "content/v/a.nn.md": "---\ntitle: A\n---\n"},
			"content/v/a.nn.md:1: error: a one-pager needs a description"},
		{"norm section landing page needs no statement", map[string]string{"config.toml": norms,
			"content/n/_index.md": "---\ntitle: Normen\n---\n", "content/n/a.md": "---\ntitle: A\nstatement: Jeg gjør det.\n---\n"}, ""},
		{"one-pager section landing page needs no description", map[string]string{"config.toml": guides,
			"content/v/_index.md": "---\ntitle: Veiledere\n---\n", "content/v/a.md": "---\ntitle: A\ndescription: Én setning.\n---\n"}, ""},
		{"a plain page needs neither", map[string]string{"content/a.md": "---\ntitle: A\n---\n"}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			testsite.Write(t, dir, c.files)
			l, _ := Load(context.Background(), Options{Source: dir, Now: typesNow})
			var errs []string
			for _, d := range l.Diags {
				if d.Severity == diag.Error {
					errs = append(errs, d.String())
				}
			}
			sort.Strings(errs)
			all := strings.Join(errs, "\n")
			switch {
			case c.want == "" && len(errs) > 0:
				t.Errorf("want no error, got:\n%s", all)
			case c.want != "" && !strings.Contains(all, c.want):
				t.Errorf("errors:\n%s\nwant %q", all, c.want)
			}
		})
	}
}

// The main menu, the footer, the head's links and the breadcrumbs' trail
// are rendered once per language and place (View.Cached); each page must
// still get its own: the entry it is marked as the page, the entry it is
// under marked as the section, the footer's links and feeds in its
// language, and the pages above it.
func TestCachedMenuAndFooterFollowThePage(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	minify := false
	if _, err := Build(context.Background(), Options{Source: "testdata/basic", Dest: dest, IndexDir: t.TempDir(), NoHistory: true, Minify: &minify}); err != nil {
		t.Fatal(err)
	}
	read := func(rel string) string {
		b, err := os.ReadFile(filepath.Join(dest, rel))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	nav := func(html string) string {
		i := strings.Index(html, `<nav class="main-nav"`)
		j := strings.Index(html[i:], "</nav>")
		return html[i : i+j]
	}
	for rel, want := range map[string]string{
		"veiledere/index.html":      `href="/veiledere/" aria-current="page"`,
		"veiledere/dpia/index.html": `href="/veiledere/" aria-current="true"`,
		"nn/veiledere/index.html":   `href="/nn/veiledere/" aria-current="page"`,
	} {
		if got := nav(read(rel)); !strings.Contains(got, want) {
			t.Errorf("%s: menu lacks %s:\n%s", rel, want, got)
		}
	}
	if got := nav(read("index.html")); strings.Contains(got, "aria-current") {
		t.Errorf("home page: a menu entry is marked current:\n%s", got)
	}
	if nb, nn := read("veiledere/dpia/index.html"), read("nn/veiledere/risikovurdering/index.html"); !strings.Contains(nb, `href="/index.xml"`) || !strings.Contains(nn, `href="/nn/index.xml"`) || strings.Contains(nn, `href="/index.xml"`) {
		t.Error("footer links are not in the page's language")
	}
	if nn := read("nn/veiledere/risikovurdering/index.html"); !strings.Contains(nn, `<link rel="alternate" type="application/atom+xml" title="Testportal" href="/nn/index.xml">`) {
		t.Errorf("the nynorsk page's head does not name the nynorsk feed:\n%s", nn[:strings.Index(nn, "</head>")])
	}
	crumbs := func(html string) string {
		i := strings.Index(html, `<nav class="breadcrumbs"`)
		if i < 0 {
			return ""
		}
		j := strings.Index(html[i:], "</nav>")
		return html[i : i+j]
	}
	for rel, want := range map[string]string{
		"veiledere/index.html":                     `<ol><li><a href="/">Forsiden</a></li><li><span aria-current="page">`,
		"veiledere/dpia/index.html":                `<ol><li><a href="/">Forsiden</a></li><li><a href="/veiledere/">`,
		"om/tilgjengelighetserklaering/index.html": `<ol><li><a href="/">Forsiden</a></li><li><a href="/om/">Om</a></li><li><span aria-current="page">`,
		"nn/veiledere/risikovurdering/index.html":  `<ol><li><a href="/nn/">Framsida</a></li><li><a href="/nn/veiledere/">`,
	} {
		if got := crumbs(read(rel)); !strings.Contains(got, want) {
			t.Errorf("%s: breadcrumbs lack %s:\n%s", rel, want, got)
		}
	}
	if got := crumbs(read("index.html")); got != "" {
		t.Errorf("the home page has breadcrumbs: %s", got)
	}
	terms := func(rel string) string {
		html := read(rel)
		i := strings.Index(html, `<dl class="terms">`)
		j := strings.Index(html[i:], "</dl>")
		return strings.Join(strings.Fields(html[i:i+j]), "")
	}
	for rel, want := range map[string]string{
		"veiledere/dpia/index.html":               `<dlclass="terms"><dt>Tema</dt><dd><ul><li><ahref="/tema/risikostyring/">risikostyring</a></li></ul></dd>`,
		"veiledere/risikovurdering/index.html":    `<dt>Målgruppe</dt><dd><ul><li><ahref="/malgruppe/leder/">Leder</a></li><li><ahref="/malgruppe/it/">IT</a></li></ul></dd><dt>Tema</dt>`,
		"nn/veiledere/risikovurdering/index.html": `<dlclass="terms"><dt>Målgruppe</dt><dd><ul><li><ahref="/nn/malgruppe/leder/">Leiar</a></li></ul></dd>`,
	} {
		if got := terms(rel); !strings.Contains(got, want) {
			t.Errorf("%s: terms lack %s:\n%s", rel, want, got)
		}
	}
	if got := terms("nn/veiledere/risikovurdering/index.html"); strings.Contains(got, "Tema") || strings.Contains(got, `"/malgruppe/`) {
		t.Errorf("the nynorsk page shows another page's terms: %s", got)
	}
}

// TestTermNames: a term without a page of its own takes the theme's name
// for it ("it" is IT; TestCachedMenuAndFooterFollowThePage sees nynorsk's
// Leiar), and the script bundle names the terms as their pages do, for the
// search filter.
func TestTermNames(t *testing.T) {
	_, dest := buildTypes(t)
	files, _ := filepath.Glob(filepath.Join(dest, "js", "varde.nb.*.js"))
	if len(files) != 1 {
		t.Fatalf("bundles: %v", files)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"audience.it":"IT"`) {
		t.Errorf("%s does not name the term it", files[0])
	}
	if page := readPage(t, dest, "/malgruppe/it/"); !strings.Contains(page, ">IT</h1>") {
		t.Errorf("the term page is not titled IT")
	}
}
