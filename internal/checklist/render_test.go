package checklist

import (
	"flag"
	"os"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.html from the current output")

// keys is a T function that shows the key, so the tests pin which string
// goes where.
func keys(k string) string { return "[" + k + "]" }

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := "testdata/" + name
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s differs (go test -update rewrites it after review):\n--- got\n%s", path, got)
	}
	checkHTML(t, got)
}

var (
	idAttr   = regexp.MustCompile(` id="([^"]+)"`)
	forAttr  = regexp.MustCompile(` for="([^"]+)"`)
	descAttr = regexp.MustCompile(` aria-(?:describedby|labelledby)="([^"]+)"`)
	control  = regexp.MustCompile(`<(?:input|textarea|select)\b[^>]*>`)
	tag      = regexp.MustCompile(`</?(fieldset|legend|div|details|summary|section|ul|li|p|span|label|textarea|h[1-6])\b[^>]*>`)
)

// checkHTML checks what the renderer promises: ids unique, every label and
// aria reference pointing at an id, every form control labelled, elements
// balanced.
func checkHTML(t *testing.T, html string) {
	t.Helper()
	ids := map[string]bool{}
	for _, m := range idAttr.FindAllStringSubmatch(html, -1) {
		if ids[m[1]] {
			t.Errorf("duplicate id %q", m[1])
		}
		ids[m[1]] = true
	}
	labelled := map[string]bool{}
	for _, m := range forAttr.FindAllStringSubmatch(html, -1) {
		if !ids[m[1]] {
			t.Errorf("label for missing id %q", m[1])
		}
		labelled[m[1]] = true
	}
	for _, m := range descAttr.FindAllStringSubmatch(html, -1) {
		for _, ref := range strings.Fields(m[1]) {
			if !ids[ref] {
				t.Errorf("aria reference to missing id %q", ref)
			}
		}
	}
	for _, c := range control.FindAllString(html, -1) {
		m := idAttr.FindStringSubmatch(c)
		if m == nil || !labelled[m[1]] {
			t.Errorf("control without a label: %s", c)
		}
	}
	var stack []string
	for _, m := range tag.FindAllStringSubmatch(html, -1) {
		if strings.HasPrefix(m[0], "</") {
			if len(stack) == 0 || stack[len(stack)-1] != m[1] {
				t.Fatalf("unbalanced </%s> (open: %v)", m[1], stack)
			}
			stack = stack[:len(stack)-1]
			continue
		}
		stack = append(stack, m[1])
	}
	if len(stack) > 0 {
		t.Errorf("unclosed elements %v", stack)
	}
}

func TestRenderGroup(t *testing.T) {
	sc := builtins(t)
	src := &Source{
		PageID: "veiledere/ledelse", Title: "Ledelse & styring", URL: "/veiledere/ledelse/", File: "content/veiledere/ledelse.md",
		Questions: []*Question{
			{ID: "intro", Text: "Kjenner ledelsen målene?", PageID: "veiledere/ledelse", Scale: "status", PageNSM: []string{"1.1"}},
			{ID: "protokoll", Text: "Har kommunen en protokoll?", HTML: "Har kommunen en <em>protokoll</em>?",
				Guidance: "<p>Se <a href=\"/gdpr/\">GDPR</a>.</p>\n", Area: "Ledelse", AreaID: "ledelse",
				PageID: "veiledere/ledelse", Scale: "maturity", NSM: []string{"1.2", "2.1"}},
			{ID: "rutine_1", Text: "Rutinen er vedtatt", Area: "Ledelse", AreaID: "ledelse", PageID: "veiledere/ledelse", Scale: "check"},
			{ID: "ukjent", Text: "Spørsmål <med> \"tegn\"", Area: "Drift", AreaID: "drift", PageID: "veiledere/ledelse", Scale: "finnes-ikke"},
		},
	}
	var b strings.Builder
	if err := RenderGroup(&b, src, sc, keys, 2); err != nil {
		t.Fatal(err)
	}
	golden(t, "group.html", b.String())
	if got := string(GroupHTML(src, sc, keys, 9)); !strings.Contains(got, `<h2 class="cq-group-title"`) || !strings.Contains(got, `<h3 class="cq-area">`) {
		t.Errorf("out-of-range level is not 2: %.200s", got)
	}
}

// TestRenderGroupOneArea: a page whose questions share one heading (a
// one-pager's "Kontrollspørsmål") is shown under its title alone.
func TestRenderGroupOneArea(t *testing.T) {
	q := func(id string) *Question {
		return &Question{ID: id, Text: id + "?", Area: "Kontrollspørsmål", AreaID: "kontrollsporsmal", PageID: "veiledere/dpia", Scale: "status"}
	}
	src := &Source{PageID: "veiledere/dpia", Title: "DPIA", URL: "/veiledere/dpia/", Questions: []*Question{q("a"), q("b")}}
	html := string(GroupHTML(src, builtins(t), keys, 3))
	checkHTML(t, html)
	if strings.Contains(html, "cq-area") {
		t.Errorf("one area: its heading is shown\n%s", html)
	}
	if n := strings.Count(html, `<ul class="cq-list">`); n != 1 {
		t.Errorf("one area: %d lists, want 1\n%s", n, html)
	}
	if !strings.Contains(html, `<h3 class="cq-group-title" id="cqg_veiledere/dpia"><a href="/veiledere/dpia/">DPIA</a></h3>`) {
		t.Errorf("group title missing\n%s", html)
	}
	// The questions still carry their area for the summary and exports.
	if !strings.Contains(html, `data-area="kontrollsporsmal" data-area-title="Kontrollspørsmål"`) {
		t.Errorf("area attributes missing\n%s", html)
	}
}

func TestRenderQuestionOwnPage(t *testing.T) {
	sc := builtins(t)
	tests := []struct {
		name   string
		q      Question
		scale  string
		has    []string
		hasNot []string
	}{
		{
			name:   "no heading, no nsm: no data-area, no data-nsm, no back-link",
			q:      Question{ID: "a", Text: "A?", PageID: "p", Scale: "status"},
			scale:  "status",
			has:    []string{`<fieldset class="cq" id="cq-a" data-q="a" data-scale="status" data-page="p">`, `<legend class="cq-q">A?</legend>`, `<div class="cq-plan" id="cqp_a" hidden>`},
			hasNot: []string{"data-area", "data-nsm", "cq-from", "<details"},
		},
		{
			name:  "heading nsm is written",
			q:     Question{ID: "b", Text: "B?", PageID: "p", Scale: "status", Area: "X", AreaID: "x", NSM: []string{"2.1"}},
			scale: "status",
			has:   []string{`data-area="x" data-area-title="X" data-nsm="2.1">`},
		},
		{
			name:   "check scale: checkbox, no plan",
			q:      Question{ID: "c", Text: "C", PageID: "p", Scale: "check"},
			scale:  "check",
			has:    []string{`<input type="checkbox" name="cq-c" id="cq_done_c" value="done" data-score="100"><label for="cq_done_c">Gjort</label>`},
			hasNot: []string{"cq-plan", "radio"},
		},
		{
			name:   "maturity without texts of its own: the labels alone (the general texts stand once on the page)",
			q:      Question{ID: "d", Text: "D", PageID: "p", Scale: "maturity"},
			scale:  "maturity",
			has:    []string{`<fieldset class="cq" id="cq-d"`, `<label for="cq_1_d">1 – Initiell</label></div>`},
			hasNot: []string{"cq-described", "aria-describedby", "cq-desc", "Arbeidet skjer tilfeldig"},
		},
		{
			name: "maturity with texts of its own: each level described by the question's text",
			q: Question{ID: "e", Text: "E", PageID: "p", Scale: "maturity",
				Levels: map[string]string{"1": "Ingen <em>mål</em>.", "4": "Måltall følges opp."}},
			scale: "maturity",
			has: []string{`<fieldset class="cq cq-described"`, `aria-describedby="cqd_1_e"`,
				`<span class="cq-desc" id="cqd_1_e">Ingen <em>mål</em>.</span>`, `<span class="cq-desc" id="cqd_4_e">Måltall følges opp.</span>`,
				`<label for="cq_2_e">2 – Gjentakbar</label></div>`},
			hasNot: []string{"cqd_2_e", "Arbeidet skjer tilfeldig"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if err := RenderQuestion(&b, &tt.q, sc[tt.scale], keys, RenderOptions{}); err != nil {
				t.Fatal(err)
			}
			html := b.String()
			checkHTML(t, html)
			for _, s := range tt.has {
				if !strings.Contains(html, s) {
					t.Errorf("missing %s in\n%s", s, html)
				}
			}
			for _, s := range tt.hasNot {
				if strings.Contains(html, s) {
					t.Errorf("unexpected %s in\n%s", s, html)
				}
			}
		})
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

func TestRenderWriteError(t *testing.T) {
	q := &Question{ID: "a", Text: "A"}
	if err := RenderQuestion(failWriter{}, q, builtins(t)["status"], keys, RenderOptions{}); err == nil {
		t.Error("RenderQuestion hid a write error")
	}
	if err := RenderGroup(failWriter{}, &Source{Questions: []*Question{q}}, builtins(t), keys, 2); err == nil {
		t.Error("RenderGroup hid a write error")
	}
}

// TestGatheredQuestionLinksToItsSource: a link within the source page
// ("#vurdering") in a question or its guidance leads to that page when the
// question is shown on a checklist page; other links are left alone.
func TestGatheredQuestionLinksToItsSource(t *testing.T) {
	sc := builtins(t)
	q := Question{ID: "a", Text: "A?", HTML: `Se <a href="#vurdering">vurderingen</a>?`, PageID: "p", Scale: "status",
		Guidance: `<p>Les <a href="#regelverk">regelverket</a> og <a href="/dpia/#steg">DPIA</a>.</p>`,
		Levels:   map[string]string{"ja": `Som i <a href="#mal">malen</a>.`}}
	var own, gathered strings.Builder
	if err := RenderQuestion(&own, &q, sc["status"], keys, RenderOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := RenderQuestion(&gathered, &q, sc["status"], keys, RenderOptions{SourceURL: "/veiledere/ros/", SourceTitle: "ROS"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`href="/veiledere/ros/#vurdering"`, `href="/veiledere/ros/#regelverk"`, `href="/dpia/#steg"`, `href="/veiledere/ros/#mal"`} {
		if !strings.Contains(gathered.String(), want) {
			t.Errorf("gathered question lacks %s:\n%s", want, gathered.String())
		}
	}
	if !strings.Contains(own.String(), `href="#vurdering"`) || !strings.Contains(own.String(), `href="#regelverk"`) {
		t.Errorf("on its own page the links changed:\n%s", own.String())
	}
}

func TestRenderScaleNote(t *testing.T) {
	sc := builtins(t)
	var b strings.Builder
	if err := RenderScaleNote(&b, sc["maturity"], keys); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	checkHTML(t, html)
	for _, want := range []string{`<details class="cq-scale-note" data-scale="maturity"><summary>[cq.levels]</summary>`,
		"<dt>1 – Initiell</dt><dd>Arbeidet skjer tilfeldig", "<dt>4 – Styrt og forbedret</dt><dd>Arbeidet måles"} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s in\n%s", want, html)
		}
	}
	for _, name := range []string{"status", "check"} {
		b.Reset()
		if err := RenderScaleNote(&b, sc[name], keys); err != nil || b.Len() != 0 {
			t.Errorf("%s: a scale without descriptions has no note, got %q (%v)", name, b.String(), err)
		}
	}
}

// TestGroupNamesItsSourceOnce: the group's heading names and links the
// page, so its questions carry no "Fra …" line; a described scale's
// general texts stand once at the top of the group.
func TestGroupNamesItsSourceOnce(t *testing.T) {
	q := func(id string) *Question {
		return &Question{ID: id, Text: id + "?", PageID: "veiledere/m", Scale: "maturity"}
	}
	src := &Source{PageID: "veiledere/m", Title: "M", URL: "/veiledere/m/", Questions: []*Question{q("a"), q("b")}}
	html := string(GroupHTML(src, builtins(t), keys, 3))
	checkHTML(t, html)
	if strings.Contains(html, "cq-from") {
		t.Errorf("a grouped question repeats its source\n%s", html)
	}
	if n := strings.Count(html, "cq-scale-note"); n != 1 {
		t.Errorf("scale note %d times, want once\n%s", n, html)
	}
}
