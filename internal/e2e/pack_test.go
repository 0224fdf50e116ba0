package e2e

import (
	"bufio"
	"bytes"
	"context"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/tdewolff/parse/v2"
	htmllex "github.com/tdewolff/parse/v2/html"

	"github.com/varde-portal/varde/internal/browsertest"
	"github.com/varde-portal/varde/internal/config"
)

// The pack tests hold the bundled content pack in content/ to what issue 4
// promises a municipality that starts from it: the one-pagers complete
// (description, fact box, three to six control questions with ids of
// their own), the counts (one-pagers, the kommunedirektør's toolbox,
// norms, courses, nynorsk), the accessibility statement, a home page that
// says it is example content and has the four doors, and a landing page
// per audience. They read the built site as a reader's browser gets it,
// through the default theme's structure (aside.factbox, fieldset.cq,
// p.norm-statement, fieldset.quiz-q, body data-type and data-id).

// pack is the built bundled site as the pack tests see it: the current
// portal, without the frozen editions published beside it (config.toml's
// [[editions]], under /<name>/), which keep the pages as they were.
type pack struct {
	*site
	editions []string // URL path prefixes of the editions
}

// packSite returns the built bundled site, skipping when the harness
// gates another site (VARDE_E2E_SOURCE): these tests are about content/.
func packSite(t *testing.T) *pack {
	t.Helper()
	if os.Getenv("VARDE_E2E_SOURCE") != "" {
		t.Skip("VARDE_E2E_SOURCE is set: the pack tests check the bundled content only")
	}
	s := bundled(t)
	cfg, ds := config.Load(os.DirFS(built.root))
	if cfg == nil {
		t.Fatalf("config.toml: %v", ds)
	}
	p := &pack{site: s}
	for _, e := range cfg.Editions {
		p.editions = append(p.editions, s.Base.Path+e.Name+"/")
	}
	return p
}

// current reports whether a page belongs to the current portal, not to an
// edition.
func (p *pack) current(d *doc) bool {
	for _, e := range p.editions {
		if strings.HasPrefix(d.URLPath, e) {
			return false
		}
	}
	return !d.isAlias()
}

// tok is one token of a built HTML file: a start tag with its attributes,
// an end tag, or text (entities decoded).
type tok struct {
	kind  byte // 's' start tag, 'e' end tag, 't' text
	tag   string
	attrs map[string]string
	text  string
}

// markup is a built HTML file as a flat list of tokens. Minified output
// leaves out optional end tags (</p>, </li>, </dd>), so there is no tree;
// the elements the tests look into (main, aside, section, fieldset, ol,
// ul, dl, nav, a, span, h1–h6) always have their end tag, which span finds
// by counting nesting.
type markup []tok

func readMarkup(t *testing.T, s *site, d *doc) markup {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(s.Dir, filepath.FromSlash(d.File)))
	if err != nil {
		t.Fatal(err)
	}
	var m markup
	l := htmllex.NewLexer(parse.NewInput(bytes.NewReader(src)))
	cur := -1
	for {
		tt, data := l.Next()
		switch tt {
		case htmllex.ErrorToken:
			return m
		case htmllex.StartTagToken:
			m = append(m, tok{kind: 's', tag: strings.ToLower(string(l.Text())), attrs: map[string]string{}})
			cur = len(m) - 1
		case htmllex.AttributeToken:
			if cur >= 0 {
				m[cur].attrs[strings.ToLower(string(l.AttrKey()))] = attrValue(l.AttrVal())
			}
		case htmllex.StartTagCloseToken, htmllex.StartTagVoidToken:
			cur = -1
		case htmllex.EndTagToken:
			m = append(m, tok{kind: 'e', tag: strings.ToLower(string(l.Text()))})
		case htmllex.TextToken:
			m = append(m, tok{kind: 't', text: html.UnescapeString(string(data))})
		}
	}
}

// sel is a small CSS-like test of a start tag: a tag name ("" for any),
// and classes and attributes that must be present ("attr" or "attr=value").
func sel(tag string, classes []string, attrs ...string) func(tok) bool {
	return func(k tok) bool {
		if k.kind != 's' || (tag != "" && k.tag != tag) {
			return false
		}
		have := " " + k.attrs["class"] + " "
		for _, c := range classes {
			if !strings.Contains(have, " "+c+" ") {
				return false
			}
		}
		for _, a := range attrs {
			name, value, hasValue := strings.Cut(a, "=")
			v, ok := k.attrs[name]
			if !ok || (hasValue && v != value) {
				return false
			}
		}
		return true
	}
}

func cls(c ...string) []string { return c }

// all returns the spans [start, end) of the elements matching match: from
// the start tag to its own end tag (or the end of the file).
func (m markup) all(match func(tok) bool) []markup {
	var out []markup
	for i, k := range m {
		if !match(k) {
			continue
		}
		depth, end := 0, len(m)
		for j := i; j < len(m); j++ {
			if m[j].tag != k.tag {
				continue
			}
			if m[j].kind == 's' {
				depth++
			} else if m[j].kind == 'e' {
				if depth--; depth == 0 {
					end = j + 1
					break
				}
			}
		}
		out = append(out, m[i:end])
	}
	return out
}

// first is the first matching element, or nil.
func (m markup) first(match func(tok) bool) markup {
	if all := m.all(match); len(all) > 0 {
		return all[0]
	}
	return nil
}

// text is the element's text with whitespace collapsed.
func (m markup) text() string {
	var b strings.Builder
	for _, k := range m {
		if k.kind == 't' {
			b.WriteString(k.text)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// links are the start tags of the element's links, with their text.
func (m markup) links() []link {
	var out []link
	for _, a := range m.all(sel("a", nil, "href")) {
		out = append(out, link{href: a[0].attrs["href"], text: a.text()})
	}
	return out
}

type link struct{ href, text string }

// docs lists the current portal's pages of a type and kind ("page" or
// "section") in a language.
func (p *pack) docs(lang, kind, typ string) []*doc {
	var out []*doc
	for _, d := range p.Docs {
		if d.Lang == lang && d.Kind == kind && d.Type == typ && p.current(d) {
			out = append(out, d)
		}
	}
	return out
}

// mainOf returns a page's <main>, failing the test when it has none.
func mainOf(t *testing.T, s *site, d *doc) markup {
	t.Helper()
	m := readMarkup(t, s, d).first(sel("main", nil))
	if m == nil {
		t.Fatalf("%s: no <main>", d.File)
	}
	return m
}

func TestPackOnePagers(t *testing.T) {
	s := packSite(t)
	for _, lang := range []string{"nb", "nn"} {
		for _, d := range s.docs(lang, "page", "onepager") {
			t.Run(d.ID+"."+lang, func(t *testing.T) { checkOnePager(t, s, d) })
		}
	}
}

// checkOnePager holds one one-pager to the shape: a description,
// the fact box with version, last changed, next review, owner and its
// legal references and NSM principles (titled and linked to pages that
// exist), and three to six control questions of its own.
func checkOnePager(t *testing.T, s *pack, d *doc) {
	main := mainOf(t, s.site, d)
	if lead := main.first(sel("p", cls("lead"))).text(); lead == "" || d.Description != lead {
		t.Errorf("description: lead %q, meta description %q; want the front matter description in both", lead, d.Description)
	}
	box := main.first(sel("aside", cls("factbox")))
	if box == nil {
		t.Fatal("no aside.factbox")
	}
	if n := len(box.all(sel("dt", nil))); n < 4 {
		t.Errorf("the fact box has %d entries (%q), want at least version, next review, owner and references", n, box.text())
	}
	// Last changed (from git, or updated: in front matter) and next review.
	if n := len(box.all(sel("time", nil, "datetime"))); n < 2 {
		t.Errorf("the fact box has %d dates, want last changed and next review: %q", n, box.text())
	}
	var legal, nsm int
	for _, l := range box.links() {
		p, _, _ := s.resolve(d, l.href)
		if s.docAt(p) == nil {
			t.Errorf("the fact box links %q to %s, which does not exist", l.text, l.href)
		}
		prefix := s.Base.Path + langPrefix(d.Lang, s.site)
		switch {
		case strings.HasPrefix(p, prefix+"regelverk/"):
			legal++
		case strings.HasPrefix(p, prefix+"nsm/"):
			nsm++
		}
	}
	// A guide may rest on the law alone (information to the data subjects
	// has no NSM principle), but not on nothing.
	if legal+nsm == 0 {
		t.Errorf("the fact box links no legal reference and no NSM principle")
	}
	for _, li := range box.all(sel("li", nil)) {
		a := li.first(sel("a", nil))
		if a == nil || len(li.text()) <= len(a.text())+2 {
			t.Errorf("fact box entry %q has no title after its link", li.text())
		}
	}
	own := 0
	for _, q := range main.all(sel("fieldset", cls("cq"), "data-q")) {
		if q[0].attrs["data-page"] == d.ID {
			own++
		}
	}
	if own < 3 || own > 6 {
		t.Errorf("%d control questions, want 3 to 6", own)
	}
}

// langPrefix is the path of a language below the base path: "" or "nn/".
func langPrefix(lang string, s *site) string {
	if lang == defaultLang(s) {
		return ""
	}
	return lang + "/"
}

// The pack's ids are explicit: an id derived from a question's text
// changes when the text is reworded, and stored answers are lost.
var (
	taskItem   = regexp.MustCompile(`^\s*[-*+] \[[ xX]\] `)
	explicitID = regexp.MustCompile(`\{#[^}\s]+\}\s*$`)
)

func TestPackQuestionIDsExplicit(t *testing.T) {
	packSite(t)
	root := filepath.Join(built.root, "content")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		rel, _ := filepath.Rel(built.root, p)
		sc := bufio.NewScanner(f)
		fence, line := "", 0
		for sc.Scan() {
			line++
			text := sc.Text()
			trimmed := strings.TrimSpace(text)
			if fence == "" && (strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~")) {
				fence = trimmed[:3] // quizzes use task lists too, inside fences
				continue
			}
			if fence != "" {
				if strings.HasPrefix(trimmed, fence) {
					fence = ""
				}
				continue
			}
			if taskItem.MatchString(text) && !explicitID.MatchString(text) {
				t.Errorf("%s:%d: control question without an explicit {#id}", filepath.ToSlash(rel), line)
			}
		}
		return sc.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestPackCounts(t *testing.T) {
	s := packSite(t)
	atLeast := func(what string, got, want int) {
		t.Helper()
		browsertest.Figure(t, "%s: %d (want at least %d)", what, got, want)
		if got < want {
			t.Errorf("%s: %d, want at least %d", what, got, want)
		}
	}
	atLeast("one-pagers (nb)", len(s.docs("nb", "page", "onepager")), 11)
	atLeast("one-pagers in nynorsk", len(s.docs("nn", "page", "onepager")), 3)

	// The behaviour norm: at least ten norms, each a statement in the first
	// person, and the whole norm in nynorsk too.
	for _, lang := range []string{"nb", "nn"} {
		norms := s.docs(lang, "page", "norm")
		atLeast("norms ("+lang+")", len(norms), 10)
		first := map[string]string{"nb": "Jeg ", "nn": "Eg "}[lang]
		for _, d := range norms {
			st := mainOf(t, s.site, d).first(sel("p", cls("norm-statement"))).text()
			if !strings.HasPrefix(st, first) {
				t.Errorf("%s: statement %q, want one in the first person (%q…)", d.File, st, first)
			}
		}
		if len(s.docs(lang, "section", "norm")) != 1 {
			t.Errorf("%s: want one norm section (the poster), got %d", lang, len(s.docs(lang, "section", "norm")))
		}
	}
	if nb, nn := len(s.docs("nb", "page", "norm")), len(s.docs("nn", "page", "norm")); nb != nn {
		t.Errorf("the behaviour norm has %d norms in bokmål and %d in nynorsk, want all of it in both", nb, nn)
	}

	// Two courses of at least eight questions each, with a pass mark.
	courses := s.docs("nb", "page", "course")
	atLeast("courses", len(courses), 2)
	for _, d := range courses {
		m := mainOf(t, s.site, d)
		if n := len(m.all(sel("fieldset", cls("quiz-q")))); n < 8 {
			t.Errorf("%s: %d quiz questions, want at least 8", d.File, n)
		}
		if m.first(sel("p", cls("course-facts"))).text() == "" {
			t.Errorf("%s: no pass mark (p.course-facts)", d.File)
		}
	}

	// The accessibility statement, linked from the footer of every page.
	if d := s.byID("nb", "om/tilgjengelighetserklaering"); d == nil {
		t.Error("no accessibility statement page (om/tilgjengelighetserklaering)")
	} else if home := s.docAt(s.Base.Path); home != nil {
		found := false
		for _, l := range readMarkup(t, s.site, home).first(sel("footer", nil)).links() {
			if p, _, _ := s.resolve(home, l.href); p == d.URLPath {
				found = true
			}
		}
		if !found {
			t.Error("the home page's footer does not link the accessibility statement")
		}
	}
}

// byID returns the current portal's page with a data-id in a language,
// or nil.
func (p *pack) byID(lang, id string) *doc {
	for _, d := range p.Docs {
		if d.Lang == lang && d.ID == id && p.current(d) {
			return d
		}
	}
	return nil
}

// TestPackToolbox checks the kommunedirektør's checklist: at least 40
// questions of its own in at least five areas, on the maturity scale, and
// every one-pager's questions gathered below them.
func TestPackToolbox(t *testing.T) {
	s := packSite(t)
	lists := s.docs("nb", "page", "checklist")
	if len(lists) == 0 {
		t.Fatal("no checklist page")
	}
	var best *doc
	bestOwn := -1
	for _, d := range lists {
		n := 0
		for _, q := range mainOf(t, s.site, d).all(sel("fieldset", cls("cq"))) {
			if q[0].attrs["data-page"] == d.ID {
				n++
			}
		}
		if n > bestOwn {
			best, bestOwn = d, n
		}
	}
	m := mainOf(t, s.site, best)
	areas := map[string]bool{}
	gathered := map[string]bool{}
	own := 0
	for _, q := range m.all(sel("fieldset", cls("cq"))) {
		a := q[0].attrs
		if a["data-page"] != best.ID {
			gathered[a["data-q"]] = true
			continue
		}
		own++
		areas[a["data-area-title"]] = true
		if a["data-scale"] != "maturity" {
			t.Errorf("%s: question %s is on the scale %q, want maturity", best.File, a["data-q"], a["data-scale"])
		}
	}
	delete(areas, "")
	browsertest.Figure(t, "%s: %d own questions in %d areas, %d gathered", best.ID, own, len(areas), len(gathered))
	if own < 40 {
		t.Errorf("%s: %d questions of its own, want at least 40", best.File, own)
	}
	if len(areas) < 5 {
		t.Errorf("%s: questions in %d areas, want at least 5", best.File, len(areas))
	}
	for _, d := range s.docs("nb", "page", "onepager") {
		for _, q := range mainOf(t, s.site, d).all(sel("fieldset", cls("cq"), "data-q")) {
			if id := q[0].attrs["data-q"]; !gathered[id] {
				t.Errorf("%s does not gather question %s of %s", best.File, id, d.ID)
			}
		}
	}
}

// TestPackHome checks the home page in each language: marked as example
// content, with the four task entry points leading to pages of the right
// kind.
func TestPackHome(t *testing.T) {
	s := packSite(t)
	want := map[string][]string{
		"nb": {"Jeg er ansatt", "Jeg er leder", "Jeg skal vurdere kommunen", "Ta et kurs"},
		"nn": {"Eg er tilsett", "Eg er leiar", "Eg skal vurdere kommunen", "Ta eit kurs"},
	}
	for lang, doors := range want {
		home := s.docAt(s.Base.Path + langPrefix(lang, s.site))
		if home == nil || home.Kind != "home" {
			t.Errorf("%s: no home page", lang)
			continue
		}
		m := mainOf(t, s.site, home)
		if !strings.Contains(strings.ToLower(m.text()), "eksempelinnh") {
			t.Errorf("%s: the home page does not say that the content is example content (Eksempelinnhold/Eksempelinnhald)", home.File)
		}
		entries := m.first(sel("section", cls("entry-points")))
		kinds := []string{"term", "term", "page", "section"} // ansatt, leder, the checklist, the course section
		types := []string{"", "", "checklist", "course"}
		for i, door := range doors {
			var to *doc
			for _, l := range entries.links() {
				if strings.HasPrefix(l.text, door) {
					p, _, _ := s.resolve(home, l.href)
					to = s.docAt(p)
				}
			}
			switch {
			case to == nil:
				t.Errorf("%s: no entry point %q to a page that exists", home.File, door)
			case to.Kind != kinds[i] || (types[i] != "" && to.Type != types[i]):
				t.Errorf("%s: %q leads to %s (a %s of type %s), want a %s %s", home.File, door, to.URLPath, to.Kind, to.Type, types[i], kinds[i])
			}
		}
	}
}

// TestPackAudiences checks a landing page per audience in each language,
// with the audience's own intro text and its pages grouped by type.
func TestPackAudiences(t *testing.T) {
	s := packSite(t)
	for _, lang := range []string{"nb", "nn"} {
		for _, a := range []string{"ansatt", "leder", "kommunedirektor", "it", "personvernombud"} {
			p := s.Base.Path + langPrefix(lang, s.site) + "malgruppe/" + a + "/"
			d := s.docAt(p)
			if d == nil || d.Kind != "term" {
				t.Errorf("no audience landing page at %s", p)
				continue
			}
			m := mainOf(t, s.site, d)
			if m.first(sel("p", cls("lead"))).text() == "" {
				t.Errorf("%s: no description of the audience (p.lead)", p)
			}
			intro := 0
			for _, para := range m.all(sel("p", nil)) {
				if c := para[0].attrs["class"]; c == "" {
					intro += len(para.text())
				}
			}
			if intro < 100 {
				t.Errorf("%s: the audience's own intro has %d characters of text, want the term's _index.md text", p, intro)
			}
			groups := m.all(sel("section", cls("term-group")))
			if len(groups) == 0 {
				t.Errorf("%s: no pages grouped by type (section.term-group)", p)
			}
			for _, g := range groups {
				if len(g.links()) == 0 {
					t.Errorf("%s: an empty group %q", p, g.first(sel("h2", nil)).text())
				}
			}
		}
	}
}

var mediaBox = regexp.MustCompile(`/MediaBox\s*\[\s*0\s+0\s+([0-9.]+)`)

// sheetWidth is the width in points of a PDF's first page, 0 if unknown.
func sheetWidth(pdf []byte) float64 {
	m := mediaBox.FindSubmatch(pdf)
	if m == nil {
		return 0
	}
	w, _ := strconv.ParseFloat(string(m[1]), 64)
	return w
}

// TestPackPosterPrints prints the behaviour norm's poster as its buttons
// do (body.print-a4, body.print-a3) and checks that each fills one sheet of
// its paper size.
func TestPackPosterPrints(t *testing.T) {
	s := packSite(t)
	posters := s.docs("nb", "section", "norm")
	if len(posters) == 0 {
		t.Fatal("no norm section")
	}
	srv := browsertest.Serve(t, s.Dir, s.Base.Path)
	p := browsertest.NewPage(t, srv)
	p.Navigate(posters[0].URLPath)
	if n := browsertest.Eval[int](p, `document.querySelectorAll(".poster-print:not([hidden]) [data-print]").length`); n != 2 {
		t.Errorf("the poster shows %d print buttons, want 2 (A4 and A3)", n)
	}
	p.EmulateMedia("print", nil)
	for _, size := range []struct {
		class string
		paper chromedp.PDFOption
		width float64 // points: the sheet's short side
	}{{"print-a4", chromedp.PDFPaper(chromedp.PaperA4), 595.3}, {"print-a3", chromedp.PDFPaper(chromedp.PaperA3), 841.9}} {
		browsertest.Eval[bool](p, `(document.body.classList.remove("print-a4", "print-a3"), document.body.classList.add(`+jsString(size.class)+`), true)`)
		ctx, cancel := context.WithTimeout(p.Context(), p.Timeout)
		pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(size.paper, chromedp.PDFPreferCSSPageSize()))
		cancel()
		if err != nil {
			t.Fatalf("print %s: %v", size.class, err)
		}
		n, err := browsertest.PDFPages(pdf)
		if err != nil {
			t.Fatalf("print %s: %v", size.class, err)
		}
		browsertest.Figure(t, "poster with body.%s: %d page(s)", size.class, n)
		if n != 1 {
			t.Errorf("the poster with body.%s prints on %d pages, want 1", size.class, n)
		}
		// The stylesheet's @page rules pick the sheet (a named A3 page for
		// print-a3); the PDF's page box shows which one the browser used.
		if w := sheetWidth(pdf); w < size.width-2 || w > size.width+2 {
			t.Errorf("the poster with body.%s prints on a sheet %.1f points wide, want %.1f", size.class, w, size.width)
		}
	}
}
