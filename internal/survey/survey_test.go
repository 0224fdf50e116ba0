package survey

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand"
	"sort"
	"strings"
	"testing"

	"github.com/varde-portal/varde/internal/checklist"
)

func maturity(t testing.TB) checklist.Scale {
	scales, err := checklist.Scales("nb", nil)
	if err != nil {
		t.Fatal(err)
	}
	return scales[checklist.ScaleMaturity]
}

func status(t testing.TB) checklist.Scale {
	scales, _ := checklist.Scales("nb", nil)
	return scales[checklist.ScaleStatus]
}

// testDef is a survey of a checklist "sjekk" with questions a1, a2 (area
// A, NSM 1) and b1 (area B, NSM 2, status scale), and an edition "2024"
// in which a2 was worded otherwise and an "old" question existed.
func testDef(t testing.TB, k int) *Definition {
	m := maturity(t)
	cur := []Question{
		{ID: "a1", Text: "Har dere en oversikt?", Area: "a", AreaTitle: "A", Categories: []string{"1"}, Scale: m},
		{ID: "a2", Text: "Er rollene fordelt?", Area: "a", AreaTitle: "A", Categories: []string{"1"}, Scale: m},
		{ID: "b1", Text: "Er det avtaler?", Area: "b", AreaTitle: "B", Categories: []string{"2"}, Scale: status(t)},
	}
	d := &Definition{Name: "test", Checklist: "sjekk", K: k, Questions: cur}
	d.AddVersion(NewVersion("sjekk", "", "nb", cur, nil, nil))
	old := []Question{cur[0], {ID: "a2", Text: "Er roller fordelt?", Area: "a", Scale: m}, {ID: "old", Text: "Gammelt?", Area: "a", Scale: m}, cur[2]}
	d.AddVersion(NewVersion("sjekk", "2024", "nb", old, cur, nil))
	return d
}

func curVersion(d *Definition) string {
	for id, v := range d.Versions {
		if v.Current() {
			return id
		}
	}
	return ""
}

func oldVersion(d *Definition) string {
	for id, v := range d.Versions {
		if !v.Current() {
			return id
		}
	}
	return ""
}

func share(t testing.TB, d *Definition, version, org, orgnr, role string, answers map[string]string) []byte {
	b, err := json.MarshalIndent(map[string]any{"format": Format, "version": 1, "checklist": d.Checklist, "checklistVersion": version,
		"org": org, "orgnr": orgnr, "role": role, "answers": answers}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestNewVersionPutsChangedQuestionsApart(t *testing.T) {
	d := testDef(t, 5)
	old := d.Versions[oldVersion(d)]
	want := map[string]string{"a2": "reworded", "old": "removed"}
	if fmt.Sprint(old.Apart) != fmt.Sprint(want) {
		t.Errorf("apart = %v, want %v", old.Apart, want)
	}
	if cur := d.Versions[curVersion(d)]; len(cur.Apart) != 0 {
		t.Errorf("the current version puts %v apart", cur.Apart)
	}
	// White space is no change; a new text is.
	q := []Question{{ID: "x", Text: "Ja  eller\nnei?"}}
	if VersionID("c", q) != VersionID("c", []Question{{ID: "x", Text: "Ja eller nei?"}}) {
		t.Error("re-wrapping a question changed the version")
	}
	if VersionID("c", q) == VersionID("c", []Question{{ID: "x", Text: "Ja eller kanskje?"}}) {
		t.Error("rewording a question kept the version")
	}
}

func TestDecodeNamesFileFieldAndLine(t *testing.T) {
	cases := []struct{ name, data, want string }{
		{"notjson", "hei", "x.json:1: not a share file: not a JSON object"},
		{"array", "[1]", "x.json:1: not a share file"},
		{"full export", "{\n\"format\": \"varde-cq\"}", "x.json:2: format: \"varde-cq\" is the checklist's full export"},
		{"other format", `{"format": "x"}`, "format: not a share file"},
		{"unknown field", "{\"format\": \"varde-survey\", \"version\": 1,\n\"answers\": {},\n\"action\": \"x\"}", "x.json:3: action: a share file has no such field"},
		{"answer not text", "{\"format\": \"varde-survey\", \"version\": 1,\n\"answers\": {\n\"a1\": \"1\",\n\"a2\": 3}}", "x.json:4: answers.a2: an answer is text in quotes"},
		{"bad version", `{"format": "varde-survey", "version": 2, "answers": {}}`, "version: must be 1"},
		{"no answers", `{"format": "varde-survey", "version": 1}`, "answers: missing"},
	}
	for _, c := range cases {
		f, ps := Decode("x.json", []byte(c.data))
		if f != nil || len(ps) == 0 {
			t.Errorf("%s: decoded, want a problem", c.name)
			continue
		}
		if got := ps[0].String(); !strings.Contains(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestCheckNamesEveryBadFile(t *testing.T) {
	d := testDef(t, 3)
	v := curVersion(d)
	good := map[string]string{"a1": "3", "a2": "2", "b1": "ja"}
	in := []Input{
		{"a-ok.json", share(t, d, v, "Os kommune", "964338531", "it", good)},
		{"other.json", []byte(strings.Replace(string(share(t, d, v, "", "", "it", good)), `"sjekk"`, `"annen"`, 1))},
		{"unknown.json", share(t, d, v, "", "", "it", map[string]string{"a1": "3", "zz9": "1"})},
		{"scale.json", share(t, d, v, "", "", "it", map[string]string{"a1": "7"})},
		{"b-dup-nr.json", share(t, d, v, "Annet navn", "964 338 531", "it", good)},
		{"c-dup-name.json", share(t, d, v, "os  kommune.", "", "it", good)},
		{"other-role.json", share(t, d, v, "Os kommune", "964338531", "kommunedirektor", good)},
		{"version.json", share(t, d, "0000000000000000", "", "", "it", good)},
		{"role.json", share(t, d, v, "", "", "sjef", good)},
		{"orgnr.json", share(t, d, v, "", "123456789", "it", good)},
		{"notes.json", []byte(`{"format":"varde-cq","version":1,"answers":{}}`)},
	}
	rs, ps := d.Check(in)
	var files []string
	for _, r := range rs {
		files = append(files, r.File)
	}
	if got := strings.Join(files, " "); got != "a-ok.json other-role.json" {
		t.Errorf("counted %s, want a-ok.json other-role.json", got)
	}
	want := map[string]string{
		"other.json":      `checklist: "annen" is another checklist`,
		"unknown.json":    `answers.zz9: "zz9" is not a question`,
		"scale.json":      `answers.a1: "7" is not a value of the question's scale "maturity"`,
		"b-dup-nr.json":   `orgnr: duplicate: organisation number 964338531 with the role "it" is also in a-ok.json`,
		"c-dup-name.json": `org: duplicate: organisation "os  kommune." with the role "it" is also in a-ok.json`,
		"version.json":    `checklistVersion: "0000000000000000" is not a version`,
		"role.json":       `role: "sjef" is not a role`,
		"orgnr.json":      `orgnr: "123456789" is not an organisation number`,
		"notes.json":      `format: "varde-cq" is the checklist's full export`,
	}
	got := map[string]string{}
	for _, p := range ps {
		got[p.File] += p.String() + "\n"
		if p.Line < 1 {
			t.Errorf("%s has no line", p)
		}
	}
	for f, w := range want {
		if !strings.Contains(got[f], w) {
			t.Errorf("%s: problems %q, want %q", f, got[f], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("problems for %d files, want %d: %v", len(got), len(want), got)
	}
}

func TestValidOrgNr(t *testing.T) {
	for s, ok := range map[string]bool{"964338531": true, "964 338 531": true, "974760673": true, "964338532": false, "12345678": false, "96433853x": false} {
		if _, got := ValidOrgNr(s); got != ok {
			t.Errorf("ValidOrgNr(%q) = %v", s, got)
		}
	}
}

func TestLevel(t *testing.T) {
	for score, want := range map[int]float64{0: 1, 33: 2, 34: 2.02, 50: 2.5, 67: 3, 66: 2.98, 100: 4} {
		if got := Level(score); math.Abs(got-want) > 1e-9 {
			t.Errorf("Level(%d) = %v, want %v", score, got, want)
		}
	}
}

func TestSuppress(t *testing.T) {
	cases := []struct {
		counts []int
		k      int
		want   string
	}{
		{[]int{5, 6, 7}, 5, "[false false false]"},
		{[]int{1, 10, 12}, 5, "[true true false]"},        // the 1 and its complement
		{[]int{2, 0, 9, 9}, 5, "[true false true false]"}, // zero is never a complement
		{[]int{1, 2, 0, 20}, 5, "[true true false true]"}, // 1+2 < k: one more
		{[]int{1, 0, 0, 0}, 5, "[true false false false]"},
		{[]int{3, 3, 9}, 5, "[true true false]"},
	}
	for _, c := range cases {
		if got := fmt.Sprint(Suppress(c.counts, c.k)); got != c.want {
			t.Errorf("Suppress(%v, %d) = %s, want %s", c.counts, c.k, got, c.want)
		}
	}
	// Whatever the counts, the total minus the shown cells is zero or a
	// group of at least k spread over at least two cells.
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 5000; i++ {
		k := 3 + r.Intn(5)
		counts := make([]int, 2+r.Intn(4))
		for j := range counts {
			counts[j] = r.Intn(3 * k)
		}
		hide := Suppress(counts, k)
		n, sum := 0, 0
		for j, c := range counts {
			if hide[j] {
				n++
				sum += c
			} else if c > 0 && c < k {
				t.Fatalf("%v k=%d: shows %d", counts, k, c)
			}
		}
		total := 0
		for _, c := range counts {
			total += c
		}
		if n > 0 && sum < k && sum != total {
			t.Fatalf("%v k=%d: hidden cells hold %d, derivable and under k", counts, k, sum)
		}
		if n == 1 && sum > 0 && sum != total {
			t.Fatalf("%v k=%d: one hidden cell, derivable from the total", counts, k)
		}
	}
}

// naiveQuartiles computes the quartiles a second way: the middle element
// (or the mean of the two middle ones) for the median, and for Q1 and Q3
// the weighted mean of the two order statistics around rank 1+(n-1)p,
// counting ranks from 1 as a textbook does.
func naiveQuartiles(xs []float64) (q1, med, q3 float64) {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		med = s[n/2]
	} else {
		med = (s[n/2-1] + s[n/2]) / 2
	}
	at := func(p float64) float64 {
		h := 1 + float64(n-1)*p
		lo := math.Floor(h)
		if int(lo) >= n {
			return s[n-1]
		}
		return s[int(lo)-1] + (h-lo)*(s[int(lo)]-s[int(lo)-1])
	}
	return at(.25), med, at(.75)
}

func TestQuartilesAgreeWithIndependentComputation(t *testing.T) {
	// numpy.percentile([1, 2, 3, 4], [25, 50, 75]) = 1.75, 2.5, 3.25
	q := summarise([]float64{4, 1, 3, 2}, 3)
	if q.Q1 != 1.75 || q.Median != 2.5 || q.Q3 != 3.25 {
		t.Errorf("quartiles of 1–4 = %v", q)
	}
	r := rand.New(rand.NewSource(2))
	for i := 0; i < 2000; i++ {
		xs := make([]float64, 1+r.Intn(40))
		for j := range xs {
			xs[j] = float64(1 + r.Intn(4))
		}
		got := summarise(xs, 1)
		a, b, c := naiveQuartiles(xs)
		if math.Abs(got.Q1-a) > 1e-9 || math.Abs(got.Median-b) > 1e-9 || math.Abs(got.Q3-c) > 1e-9 {
			t.Fatalf("%v: got %v, independent %v %v %v", xs, got, a, b, c)
		}
	}
}

// responses makes n responses of a role with answers from f(i).
func responses(t testing.TB, d *Definition, role string, n int, f func(i int) map[string]string) []Input {
	var in []Input
	for i := 0; i < n; i++ {
		in = append(in, Input{fmt.Sprintf("%s-%02d.json", role, i), share(t, d, curVersion(d), fmt.Sprintf("%s %d", role, i), "", role, f(i))})
	}
	return in
}

func TestAggregateAgreesWithIndependentComputation(t *testing.T) {
	d := testDef(t, 5)
	r := rand.New(rand.NewSource(3))
	vals := []string{"1", "2", "3", "4"}
	st := []string{"ja", "delvis", "nei", "ikke-relevant"}
	var in []Input
	answers := map[string][]map[string]string{}
	for _, role := range []string{"it", "kommunedirektor"} {
		in = append(in, responses(t, d, role, 9, func(int) map[string]string {
			a := map[string]string{"a1": vals[r.Intn(4)], "a2": vals[r.Intn(4)], "b1": st[r.Intn(4)]}
			answers[role] = append(answers[role], a)
			return a
		})...)
	}
	rs, ps := d.Check(in)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	res := d.Aggregate(rs)
	if !res.Enough || res.N != 18 {
		t.Fatalf("N = %d", res.N)
	}
	score := map[string]float64{"ja": 4, "delvis": 2.5, "nei": 1}
	level := func(q, v string) (float64, bool) {
		if q == "b1" {
			x, ok := score[v]
			return x, ok
		}
		return float64(v[0] - '0'), true
	}
	for _, qs := range res.Questions {
		var xs []float64
		count := map[string]int{}
		for _, role := range []string{"it", "kommunedirektor"} {
			for _, a := range answers[role] {
				count[a[qs.ID]]++
				if x, ok := level(qs.ID, a[qs.ID]); ok {
					xs = append(xs, x)
				}
			}
		}
		a, b, c := naiveQuartiles(xs)
		if math.Abs(qs.Stats.Q1-a) > 1e-9 || math.Abs(qs.Stats.Median-b) > 1e-9 || math.Abs(qs.Stats.Q3-c) > 1e-9 {
			t.Errorf("%s: published %v, independent %v %v %v", qs.ID, qs.Stats, a, b, c)
		}
		for _, cell := range qs.Levels {
			if !cell.Hidden && cell.Count != count[cell.Value] {
				t.Errorf("%s level %q: %d, counted %d", qs.ID, cell.Value, cell.Count, count[cell.Value])
			}
		}
	}
	// Area A per respondent: the mean of a1 and a2.
	var means []float64
	for _, role := range []string{"it", "kommunedirektor"} {
		for _, a := range answers[role] {
			x, _ := level("a1", a["a1"])
			y, _ := level("a2", a["a2"])
			means = append(means, (x+y)/2)
		}
	}
	_, med, _ := naiveQuartiles(means)
	if got := res.Areas[0].Stats.Median; math.Abs(got-med) > 1e-9 {
		t.Errorf("area A median %v, independent %v", got, med)
	}
}

// shownCounts lists every count a result publishes, for the checks below.
func checkNoSmallGroup(t *testing.T, res *Result) {
	t.Helper()
	k := res.K
	if !res.Enough {
		if res.N != 0 || len(res.Roles)+len(res.Questions)+len(res.Areas)+len(res.Apart) != 0 {
			t.Errorf("fewer than k respondents, yet the result holds figures: %+v", res)
		}
		return
	}
	cells := func(what string, counts []int, hidden []bool, total int) {
		sum, n := 0, 0
		for i, c := range counts {
			if hidden[i] {
				n++
				if c != 0 {
					t.Errorf("%s: a hidden cell carries %d", what, c)
				}
				continue
			}
			if c > 0 && c < k {
				t.Errorf("%s: shows a group of %d < k=%d", what, c, k)
			}
			sum += c
		}
		if rest := total - sum; n > 0 && rest < k {
			t.Errorf("%s: total %d minus shown %d gives a hidden group of %d < k", what, total, sum, rest)
		}
		if n == 1 && total-sum > 0 {
			t.Errorf("%s: a single hidden cell is the total minus the rest", what)
		}
	}
	var rc []int
	var rh []bool
	for _, r := range res.Roles {
		rc, rh = append(rc, r.Count), append(rh, r.Hidden)
	}
	cells("roles", rc, rh, res.N)
	for _, q := range append(append([]QuestionStat(nil), res.Questions...), res.Apart...) {
		if q.Hidden {
			if q.N != 0 || q.Stats != nil || len(q.Levels) != 0 {
				t.Errorf("%s: hidden yet carries figures", q.ID)
			}
			continue
		}
		if q.N < k {
			t.Errorf("%s: shown with %d answers", q.ID, q.N)
		}
		var c []int
		var h []bool
		for _, l := range q.Levels {
			c, h = append(c, l.Count), append(h, l.Hidden)
		}
		cells(q.ID, c, h, q.N)
		if q.Stats != nil && q.Stats.N < k {
			t.Errorf("%s: quartiles of %d", q.ID, q.Stats.N)
		}
	}
	shown := map[string]bool{}
	for _, r := range res.Roles {
		shown[r.Role] = !r.Hidden && r.Count >= k
	}
	for _, g := range append(append([]GroupStat(nil), res.Areas...), res.Categories...) {
		if g.Stats != nil && g.Stats.N < k {
			t.Errorf("%s: quartiles of %d", g.Key, g.Stats.N)
		}
		for role, s := range g.ByRole {
			if !shown[role] || s.N < k {
				t.Errorf("%s: role %s broken down (shown %v, n %d)", g.Key, role, shown[role], s.N)
			}
		}
	}
}

func all(v string) func(int) map[string]string {
	return func(int) map[string]string { return map[string]string{"a1": v, "a2": v, "b1": "ja"} }
}

func TestNoGroupUnderK(t *testing.T) {
	d := testDef(t, 5)
	// k-1 files: nothing at all.
	rs, _ := d.Check(responses(t, d, "it", 4, all("2")))
	res := d.Aggregate(rs)
	checkNoSmallGroup(t, res)
	if res.Enough {
		t.Error("4 files shown with k=5")
	}
	// One file per role (4 files): nothing; with k=3 the total shows but
	// no role does.
	var in []Input
	for _, role := range Roles {
		in = append(in, responses(t, d, role, 1, all("3"))...)
	}
	rs, _ = d.Check(in)
	checkNoSmallGroup(t, d.Aggregate(rs))
	d3 := testDef(t, 3)
	rs3, ps := d3.Check(in)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	res = d3.Aggregate(rs3)
	checkNoSmallGroup(t, res)
	for _, r := range res.Roles {
		if !r.Hidden {
			t.Errorf("role %s shown with one respondent", r.Role)
		}
	}
	// A role under k beside two roles of k: the small one is hidden with
	// a complement, so the total minus the shown roles is no group under k.
	in = append(responses(t, d, "it", 5, all("3")), responses(t, d, "kommunedirektor", 6, all("4"))...)
	in = append(in, responses(t, d, "personvernombud", 2, all("1"))...)
	rs, _ = d.Check(in)
	res = d.Aggregate(rs)
	checkNoSmallGroup(t, res)
	if res.Roles[0].Hidden == res.Roles[2].Hidden && !res.Roles[2].Hidden {
		t.Errorf("roles %+v", res.Roles)
	}
	for _, a := range res.Areas {
		if a.ByRole["personvernombud"] != nil {
			t.Error("a role of 2 is broken down")
		}
	}
}

// Two builds that differ by one file: a group under k in either is not
// published in it, and no figure of it can be had by subtracting what one
// build shows from its totals. (That the overall figures of the two
// builds differ by the one file is unavoidable for exact figures; see the
// package comment and docs/modenhet.md.)
func TestDifferencingTwoBuilds(t *testing.T) {
	d := testDef(t, 5)
	base := append(responses(t, d, "it", 5, all("3")), responses(t, d, "kommunedirektor", 5, all("2"))...)
	base = append(base, responses(t, d, "personvernombud", 3, all("1"))...)
	extra := responses(t, d, "personvernombud", 4, all("4"))[3:]
	extra[0].Name = "zz-extra.json"
	rsA, _ := d.Check(base)
	rsB, _ := d.Check(append(append([]Input(nil), base...), extra...))
	a, b := d.Aggregate(rsA), d.Aggregate(rsB)
	checkNoSmallGroup(t, a)
	checkNoSmallGroup(t, b)
	// personvernombud: 3 in A, 4 in B, under k in both: never shown, and
	// the shown roles never add up to the total minus that group alone.
	for _, res := range []*Result{a, b} {
		shown := 0
		for _, r := range res.Roles {
			if r.Role == "personvernombud" && !r.Hidden {
				t.Errorf("personvernombud shown with %d", r.Count)
			}
			shown += r.Count
		}
		if pvo := res.N - shown; pvo < res.K {
			t.Errorf("N %d − shown roles %d = %d: the hidden group is derivable", res.N, shown, pvo)
		}
		for _, g := range res.Areas {
			if g.ByRole["personvernombud"] != nil {
				t.Error("personvernombud broken down")
			}
		}
	}
	// With one more file the group reaches k and is shown, in full.
	more := responses(t, d, "personvernombud", 5, all("4"))[3:]
	more[0].Name, more[1].Name = "zz-1.json", "zz-2.json"
	rsC, _ := d.Check(append(append([]Input(nil), base...), more...))
	c := d.Aggregate(rsC)
	checkNoSmallGroup(t, c)
	if c.Roles[2].Hidden || c.Roles[2].Count != 5 {
		t.Errorf("personvernombud of 5 not shown: %+v", c.Roles[2])
	}
}

func TestAnswersToChangedQuestionsAreKeptApart(t *testing.T) {
	d := testDef(t, 3)
	var in []Input
	for i := 0; i < 3; i++ {
		in = append(in, Input{fmt.Sprintf("old-%d.json", i), share(t, d, oldVersion(d), fmt.Sprintf("Gammel %d", i), "", "it", map[string]string{"a1": "4", "a2": "1", "old": "2"})})
	}
	in = append(in, responses(t, d, "kommunedirektor", 3, all("3"))...)
	rs, ps := d.Check(in)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	res := d.Aggregate(rs)
	checkNoSmallGroup(t, res)
	byID := map[string]QuestionStat{}
	for _, q := range res.Questions {
		byID[q.ID] = q
	}
	if byID["a1"].N != 6 {
		t.Errorf("a1 (unchanged) counted %d, want 6", byID["a1"].N)
	}
	if byID["a2"].N != 3 || byID["a2"].Stats.Median != 3 {
		t.Errorf("a2 (reworded) mixed old answers in: %+v", byID["a2"])
	}
	var apart []string
	for _, q := range res.Apart {
		apart = append(apart, q.Edition+"/"+q.ID+"/"+q.Why+fmt.Sprintf("/%d", q.N))
	}
	if got := strings.Join(apart, " "); got != "2024/a2/reworded/3 2024/old/removed/3" {
		t.Errorf("apart = %s", got)
	}
}
