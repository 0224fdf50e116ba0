package markdown

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/varde-portal/varde/internal/checklist"
)

// cqConvert converts src as content/a.md with 3 lines of front matter, so
// a question on body line n is reported on line n+3.
func cqConvert(t *testing.T, src, scale string, scales map[string]checklist.Scale) *Result {
	t.Helper()
	c := New(Options{Lang: "nb", Scales: scales})
	return c.Convert([]byte(src), Doc{File: "content/a.md", LineOffset: 3, PageID: "a", Scale: scale,
		ResolveLink: func(p string) (string, string, error) {
			if p == "b.md" {
				return "/b/", "content/b.md", nil
			}
			return "", "", errors.New("no such file")
		}})
}

// wantQ describes one expected question. ID and Explicit are always
// checked; Text, Guidance, Line and Scale when set; Area, AreaID and NSM
// when the test case says so, since empty is a value to check there.
type wantQ struct {
	ID       string
	Explicit bool
	Text     string
	Guidance string // substring of the guidance HTML; "-" for none
	Area     string
	AreaID   string
	NSM      []string
	Line     int
	Scale    string
}

func TestControlQuestions(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		scale string
		qs    []wantQ
		diags []string // Diagnostic.String prefixes, in order
		areas bool     // check Area and AreaID
		nsm   bool     // check NSM
	}{
		{
			name: "explicit id",
			src:  "- [ ] Har kommunen en protokoll? {#protokoll}\n",
			qs:   []wantQ{{ID: "protokoll", Explicit: true, Text: "Har kommunen en protokoll?", Guidance: "-", Line: 4, Scale: "status"}},
		},
		{
			name:  "derived id warns with the suggestion",
			src:   "Tekst.\n\n- [ ] Har kommunen en oppdatert behandlingsprotokoll?\n",
			qs:    []wantQ{{ID: "har-kommunen-en-oppdatert-behandlingsprotokoll", Line: 6}},
			diags: []string{"content/a.md:6: warning: control question has no {#id}; answers are kept by id, so add one: {#har-kommunen-en-oppdatert-behandlingsprotokoll}"},
		},
		{
			name: "derived ids never take an explicit one, even one further down",
			src:  "- [ ] Rutine\n- [ ] Rutine\n- [ ] Annen {#rutine}\n",
			qs:   []wantQ{{ID: "rutine-2"}, {ID: "rutine-3"}, {ID: "rutine", Explicit: true}},
			diags: []string{
				"content/a.md:4: warning: control question has no {#id}; answers are kept by id, so add one: {#rutine-2}",
				"content/a.md:5: warning: control question has no {#id}; answers are kept by id, so add one: {#rutine-3}",
			},
		},
		{
			name:  "duplicate explicit id names both lines",
			src:   "- [ ] En {#x}\n\n  Veiledning.\n- [ ] To {#x}\n",
			qs:    []wantQ{{ID: "x", Explicit: true}, {ID: "x-2", Explicit: true}},
			diags: []string{"content/a.md:7: error: control question id {#x} is already used on line 4; ids must be unique on a page"},
		},
		{
			name: "invalid explicit id",
			src:  "- [ ] Hva med mellomrom? {#med mellomrom}\n- [ ] Tom? {#}\n",
			qs:   []wantQ{{ID: "hva-med-mellomrom"}, {ID: "tom"}},
			diags: []string{
				"content/a.md:4: error: control question id {#med mellomrom} may only hold letters, digits, '-', '_' and '.', starting with a letter or digit; for example {#hva-med-mellomrom}",
				"content/a.md:5: error: control question id {#} may only hold",
			},
		},
		{
			// It said the id "may only hold letters, digits…", which it did.
			name:  "an id over 100 characters says so",
			src:   "- [ ] Lang? {#" + strings.Repeat("a", 101) + "}\n",
			qs:    []wantQ{{ID: "lang"}},
			diags: []string{"content/a.md:4: error: control question id {#" + strings.Repeat("a", 101) + "} is 101 characters long; an id may have at most 100, for example {#lang}"},
		},
		{
			name: "guidance: rest of the paragraph and indented blocks",
			src:  "- [ ] Spørsmål? {#q}\n  Første linje veiledning.\n\n  > Sitat i veiledningen.\n",
			qs:   []wantQ{{ID: "q", Explicit: true, Text: "Spørsmål?", Guidance: "<p>Første linje veiledning.</p>\n<blockquote>\n<p>Sitat i veiledningen.</p>\n</blockquote>\n"}},
		},
		{
			name: "tight list guidance is a paragraph",
			src:  "- [ ] A? {#a}\n  Hjelp A.\n- [ ] B? {#b}\n",
			qs:   []wantQ{{ID: "a", Explicit: true, Guidance: "<p>Hjelp A.</p>\n"}, {ID: "b", Explicit: true, Guidance: "-"}},
		},
		{
			name:  "no id and no question mark: the first line is the question",
			src:   "- [ ] Rutinen er vedtatt\n  fordi loven krever det.\n",
			qs:    []wantQ{{ID: "rutinen-er-vedtatt", Text: "Rutinen er vedtatt", Guidance: "<p>fordi loven krever det.</p>"}},
			diags: []string{"content/a.md:4: warning"},
		},
		{
			name:  "areas: nearest heading above; none before the first",
			areas: true,
			src:   "- [ ] Først {#f}\n\n# Tittel\n\n## Ledelse og styring\n\n- [ ] L {#l}\n\n### Detalj {#detalj}\n\n- [ ] D {#d}\n\n## Drift\n\n- [ ] R {#r}\n",
			qs: []wantQ{
				{ID: "f", Explicit: true, Area: "", AreaID: ""},
				{ID: "l", Explicit: true, Area: "Ledelse og styring", AreaID: "ledelse-og-styring", Line: 10},
				{ID: "d", Explicit: true, Area: "Detalj", AreaID: "detalj"},
				{ID: "r", Explicit: true, Area: "Drift", AreaID: "drift"},
			},
		},
		{
			name: "heading nsm: forms, inheritance by sub-headings, reset by siblings",
			nsm:  true,
			src: "# Side {nsm=1}\n\n## Beskytte {#beskytte nsm=\"2.1, 2.2\"}\n\n- [ ] A {#a}\n\n### Under\n\n- [ ] B {#b}\n\n" +
				"## Oppdage {nsm=[\"3.1\", \"3.2.1\"]}\n\n- [ ] C {#c}\n\n## Ingen\n\n- [ ] D {#d}\n\n## Tom {nsm=\"\"}\n\n- [ ] E {#e}\n",
			qs: []wantQ{
				{ID: "a", Explicit: true, NSM: []string{"2.1", "2.2"}},
				{ID: "b", Explicit: true, NSM: []string{"2.1", "2.2"}},
				{ID: "c", Explicit: true, NSM: []string{"3.1", "3.2.1"}},
				{ID: "d", Explicit: true, NSM: []string{"1"}}, // from the h1 above
				{ID: "e", Explicit: true, NSM: nil},           // an empty nsm stops inheritance
			},
		},
		{
			name:  "invalid nsm reference",
			nsm:   true,
			src:   "## X {nsm=\"2.1 9.9\"}\n\n- [ ] A {#a}\n",
			qs:    []wantQ{{ID: "a", Explicit: true, NSM: []string{"2.1"}}},
			diags: []string{`content/a.md:4: error: heading attribute nsm: "9.9" is not a reference to NSM grunnprinsipper`},
		},
		{
			name:  "maturity scale",
			src:   "- [ ] A {#a}\n",
			scale: "maturity",
			qs:    []wantQ{{ID: "a", Explicit: true, Scale: "maturity"}},
		},
		{
			name:  "unknown scale is one error naming the known ones",
			src:   "\n- [ ] A {#a}\n- [ ] B {#b}\n",
			scale: "modenhet",
			qs:    []wantQ{{ID: "a", Explicit: true, Scale: "modenhet"}, {ID: "b", Explicit: true, Scale: "modenhet"}},
			diags: []string{`content/a.md:5: error: scale "modenhet" is not defined (known: check, maturity, status); name one of them in the page's front matter, or define [scales.modenhet] in config.toml`},
		},
		{
			name:  "empty question",
			src:   "- [ ] {#tom}\n",
			qs:    []wantQ{{ID: "tom", Explicit: true}},
			diags: []string{`content/a.md:4: error: control question has no text`},
		},
		{
			name:  "nested task item warns",
			src:   "- [ ] A {#a}\n  - [ ] under\n",
			qs:    []wantQ{{ID: "a", Explicit: true, Guidance: `<input disabled="" type="checkbox"> under`}},
			diags: []string{"content/a.md:5: warning: this task-list item is indented under the control question on line 4"},
		},
		{
			name:  "a ticked question is shown unanswered, with a warning",
			src:   "- [x] A {#a}\n",
			qs:    []wantQ{{ID: "a", Explicit: true}},
			diags: []string{"content/a.md:4: warning: control question written as ticked (- [x]): the portal shows it unanswered"},
		},
		{
			name: "a plain list and a code block are not questions",
			src:  "- Vanlig\n- [lenke](b.md)\n\n```\n- [ ] kode\n```\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cqConvert(t, tt.src, tt.scale, nil)
			if len(r.Questions) != len(tt.qs) {
				t.Fatalf("%d questions, want %d: %+v", len(r.Questions), len(tt.qs), r.Questions)
			}
			for i, w := range tt.qs {
				q := r.Questions[i]
				if q.ID != w.ID || q.ExplicitID != w.Explicit {
					t.Errorf("q%d: id %q explicit %v, want %q %v", i, q.ID, q.ExplicitID, w.ID, w.Explicit)
				}
				if w.Text != "" && q.Text != w.Text {
					t.Errorf("q%d: text %q, want %q", i, q.Text, w.Text)
				}
				switch {
				case w.Guidance == "-" && q.Guidance != "":
					t.Errorf("q%d: guidance %q, want none", i, q.Guidance)
				case w.Guidance != "" && w.Guidance != "-" && !strings.Contains(q.Guidance, w.Guidance):
					t.Errorf("q%d: guidance %q, want %q", i, q.Guidance, w.Guidance)
				}
				if tt.areas && (q.Area != w.Area || q.AreaID != w.AreaID) {
					t.Errorf("q%d: area %q #%s, want %q #%s", i, q.Area, q.AreaID, w.Area, w.AreaID)
				}
				if tt.nsm && !reflect.DeepEqual(q.NSM, w.NSM) {
					t.Errorf("q%d: nsm %q, want %q", i, q.NSM, w.NSM)
				}
				if w.Line != 0 && q.Line != w.Line {
					t.Errorf("q%d: line %d, want %d", i, q.Line, w.Line)
				}
				if w.Scale != "" && q.Scale != w.Scale {
					t.Errorf("q%d: scale %q, want %q", i, q.Scale, w.Scale)
				}
				if q.PageID != "a" {
					t.Errorf("q%d: page %q", i, q.PageID)
				}
			}
			if len(r.Diags) != len(tt.diags) {
				t.Fatalf("diagnostics %v, want %q", r.Diags, tt.diags)
			}
			for i, d := range r.Diags {
				if !strings.HasPrefix(d.String(), tt.diags[i]) {
					t.Errorf("diagnostic %d = %q, want prefix %q", i, d.String(), tt.diags[i])
				}
			}
		})
	}
}

func TestControlQuestionResult(t *testing.T) {
	r := cqConvert(t, "## Ledelse\n\n- [ ] Se [B](b.md#del) først? {#se-b}\n  Mer i [B](b.md).\n", "", nil)
	html := string(r.HTML)
	for _, want := range []string{`<a href="/b/#del">B</a>`, `<a href="/b/">B</a>`, `id="cq-se-b"`} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s in %s", want, html)
		}
	}
	if strings.Contains(html, "{#se-b}") || strings.Contains(html, `type="checkbox"`) {
		t.Errorf("id or task checkbox left in %s", html)
	}
	if !r.Anchors["cq-se-b"] || !r.Anchors["ledelse"] {
		t.Errorf("anchors = %v", r.Anchors)
	}
	if len(r.Links) != 1 || r.Links[0].Fragment != "del" || r.Links[0].Line != 6 {
		t.Errorf("links = %+v", r.Links)
	}
	if got := r.Text; got != "Ledelse\nSe B først?\nMer i B." {
		t.Errorf("text = %q", got)
	}
	q := r.Questions[0]
	if q.HTML != `Se <a href="/b/#del">B</a> først?` || q.Guidance != "<p>Mer i <a href=\"/b/\">B</a>.</p>\n" {
		t.Errorf("question html %q guidance %q", q.HTML, q.Guidance)
	}
}

func TestControlQuestionConfiguredScale(t *testing.T) {
	score := func(n int) *int { return &n }
	scales, err := checklist.Scales("nn", map[string]checklist.ScaleConfig{
		"tiltak": {Levels: []checklist.LevelConfig{
			{Value: "ferdig", Score: score(100), Label: checklist.Text{"nb": "Ferdig", "nn": "Ferdig"}},
			{Value: "pagar", Score: score(50), Label: checklist.Text{"nb": "Pågår", "nn": "Held på"}},
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	r := New(Options{Lang: "nn", Scales: scales}).Convert([]byte("- [ ] A {#a}\n"), Doc{File: "content/a.nn.md", PageID: "a", Scale: "tiltak"})
	if len(r.Diags) != 0 || !strings.Contains(string(r.HTML), `<label for="cq_pagar_a">Held på</label>`) || !strings.Contains(string(r.HTML), `data-scale="tiltak"`) {
		t.Errorf("diags %v html %s", r.Diags, r.HTML)
	}
	// The built-in status scale in nynorsk.
	r = New(Options{Lang: "nn", Scales: scales}).Convert([]byte("- [ ] A {#a}\n"), Doc{File: "content/a.nn.md", PageID: "a"})
	if !strings.Contains(string(r.HTML), ">Ikkje relevant</label>") {
		t.Errorf("html %s", r.HTML)
	}
}

func TestControlQuestionNoState(t *testing.T) {
	// A parse without Varde's state (as a nested parse would be) leaves task
	// lists alone.
	c := New(Options{Lang: "nb"})
	var b strings.Builder
	if err := c.md.Convert([]byte("- [ ] A {#a}\n"), &b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `<input disabled="" type="checkbox"> A {#a}`) {
		t.Errorf("html %s", b.String())
	}
}

// TestUnknownScaleAtItsLine: the error about an unknown scale names the
// line of scale: in the front matter when the page gives one.
func TestUnknownScaleAtItsLine(t *testing.T) {
	c := New(Options{Lang: "nb"})
	r := c.Convert([]byte("\n- [ ] A {#a}\n"), Doc{File: "content/a.md", LineOffset: 5, PageID: "a", Scale: "modenhet", ScaleLine: 3})
	if len(r.Diags) != 1 || r.Diags[0].Line != 3 || !strings.Contains(r.Diags[0].Msg, `scale "modenhet" is not defined`) {
		t.Errorf("diags = %v", r.Diags)
	}
}
