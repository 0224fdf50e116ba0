package markdown

import (
	"strings"
	"testing"
)

func TestControlQuestionLevelTexts(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		scale  string
		levels map[string]string // by question 0
		diags  []string          // prefixes, in order
		html   []string          // in the page's HTML
		not    []string          // not in it
	}{
		{
			name: "four levels, Nivå and emphasis kept",
			src: "## Ledelse {#ledelse}\n\n- [ ] Kan dere vise mål? {#q}\n  Mål gjør det mulig å prioritere.\n\n" +
				"  - Nivå 1: Ingen *vedtatte* mål.\n  - Nivå 2: Mål finnes.\n  - nivå 3: Vedtatt og kjent.\n  - Nivå 4: Måltall følges opp.\n",
			scale:  "maturity",
			levels: map[string]string{"1": "Ingen <em>vedtatte</em> mål.", "2": "Mål finnes.", "3": "Vedtatt og kjent.", "4": "Måltall følges opp."},
			html: []string{
				`<span class="cq-desc" id="cqd_1_q">Ingen <em>vedtatte</em> mål.</span>`,
				`<fieldset class="cq cq-described"`,
				// The general texts once, before the first area's heading.
				"<details class=\"cq-scale-note\" data-scale=\"maturity\"><summary>Hva betyr nivåene?</summary>\n<dl>\n<dt>1 – Initiell</dt><dd>Arbeidet skjer tilfeldig",
			},
			not: []string{"Nivå 1", "<li>Mål finnes"},
		},
		{
			name:   "a bare value works; a missing level is a warning",
			src:    "- [ ] Q? {#q}\n  - 1: En.\n  - 2: To.\n  - 4: Fire.\n",
			scale:  "maturity",
			levels: map[string]string{"1": "En.", "2": "To.", "4": "Fire."},
			diags:  []string{`content/a.md:5: warning: this control question has no text of its own for level 3`},
		},
		{
			name:  "an ordinary list in the guidance stays guidance",
			src:   "- [ ] Q? {#q}\n  - Merk: dette er veiledning.\n  - Og dette.\n",
			scale: "maturity",
			html:  []string{"<li>Merk: dette er veiledning.</li>"},
			not:   []string{"cq-described"},
		},
		{
			name:  "a level the scale lacks, a repeated level, an item without a level",
			src:   "- [ ] Q? {#q}\n  - Nivå 1: En.\n  - Nivå 5: Fem.\n  - Nivå 1: Igjen.\n  - Annet.\n  - Nivå 2: To.\n  - Nivå 3: Tre.\n  - Nivå 4: Fire.\n",
			scale: "maturity",
			diags: []string{
				`content/a.md:6: error: "5" is not a level of the scale maturity (its levels: 1, 2, 3, 4)`,
				`content/a.md:7: error: level 1 already has a text on line 5`,
				`content/a.md:8: error: this list gives the question's level texts, so each item starts with a level and a colon, such as "Nivå 1: …"`,
			},
			levels: map[string]string{"1": "En.", "2": "To.", "3": "Tre.", "4": "Fire."},
		},
		{
			name:  "Nivå with a value of no level starts a level list, so it is an error",
			src:   "- [ ] Q? {#q}\n  - Nivå 7: Sju.\n",
			scale: "maturity",
			diags: []string{`content/a.md:5: error: "7" is not a level of the scale maturity`},
		},
		{
			name:   "status scale: values as stored, general note absent (Ja/Nei say what they mean)",
			src:    "- [ ] Q? {#q}\n  - ja: Alt er på plass.\n  - nei: Ingenting.\n",
			scale:  "status",
			levels: map[string]string{"ja": "Alt er på plass.", "nei": "Ingenting."},
			diags:  []string{`content/a.md:5: warning: this control question has no text of its own for level delvis`},
			not:    []string{"cq-scale-note"},
		},
		{
			name:  "a maturity page without own texts: labels alone, general texts once",
			src:   "- [ ] A? {#a}\n- [ ] B? {#b}\n",
			scale: "maturity",
			html:  []string{`<details class="cq-scale-note"`},
			not:   []string{"cq-desc", "cq-described"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := New(Options{Lang: "nb", T: cqStrings(t, "nb")}).Convert([]byte(tt.src), Doc{File: "content/a.md", LineOffset: 3, PageID: "a", Scale: tt.scale})
			var got []string
			for _, d := range res.Diags {
				got = append(got, d.String())
			}
			if len(got) != len(tt.diags) {
				t.Fatalf("diagnostics:\n%s\nwant %d:\n%s", strings.Join(got, "\n"), len(tt.diags), strings.Join(tt.diags, "\n"))
			}
			for i, want := range tt.diags {
				if !strings.HasPrefix(got[i], want) {
					t.Errorf("diagnostic %d:\n got %s\nwant %s…", i, got[i], want)
				}
			}
			if len(res.Questions) == 0 {
				t.Fatal("no questions")
			}
			q := res.Questions[0]
			if len(q.Levels) != len(tt.levels) {
				t.Errorf("levels %v, want %v", q.Levels, tt.levels)
			}
			for v, want := range tt.levels {
				if q.Levels[v] != want {
					t.Errorf("level %s: %q, want %q", v, q.Levels[v], want)
				}
			}
			if strings.Count(res.HTML, "cq-scale-note") > 1 {
				t.Errorf("scale note more than once:\n%s", res.HTML)
			}
			for _, s := range tt.html {
				if !strings.Contains(res.HTML, s) {
					t.Errorf("HTML lacks %s\n%s", s, res.HTML)
				}
			}
			for _, s := range tt.not {
				if strings.Contains(res.HTML, s) {
					t.Errorf("HTML has %s\n%s", s, res.HTML)
				}
			}
		})
	}
}

// The level texts stay searchable although they leave the guidance.
func TestControlQuestionLevelTextsSearchable(t *testing.T) {
	res := cqConvert(t, "- [ ] Q? {#q}\n  - Nivå 1: Ingen protokoll.\n  - Nivå 4: Revideres årlig.\n", "maturity", nil)
	if !strings.Contains(res.Text, "Revideres årlig") {
		t.Errorf("search text lacks the level text: %q", res.Text)
	}
}
