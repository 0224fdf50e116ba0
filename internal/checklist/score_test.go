package checklist

import (
	"math"
	"reflect"
	"testing"
)

func builtins(t *testing.T) map[string]Scale {
	t.Helper()
	s, err := Scales("nb", nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestScore(t *testing.T) {
	sc := builtins(t)
	tests := []struct {
		scale, value string
		score        int
		counts       bool
		answered     bool
	}{
		{"status", "ja", 100, true, true},
		{"status", "delvis", 50, true, true},
		{"status", "nei", 0, true, true},
		{"status", "ikke-relevant", 0, false, true}, // answered, but left out of scores
		{"status", "", 0, false, false},
		{"status", "kanskje", 0, false, false}, // a value the scale no longer has
		{"maturity", "1", 0, true, true},
		{"maturity", "2", 33, true, true},
		{"maturity", "3", 67, true, true},
		{"maturity", "4", 100, true, true},
		{"maturity", "5", 0, false, false},
		{"check", "done", 100, true, true},
		{"check", "", 0, true, false}, // not ticked counts as not done
		{"check", "ja", 0, false, false},
	}
	for _, tt := range tests {
		score, counts := Score(sc[tt.scale], tt.value)
		if score != tt.score || counts != tt.counts {
			t.Errorf("Score(%s, %q) = %d, %v; want %d, %v", tt.scale, tt.value, score, counts, tt.score, tt.counts)
		}
		if got := Answered(sc[tt.scale], tt.value); got != tt.answered {
			t.Errorf("Answered(%s, %q) = %v, want %v", tt.scale, tt.value, got, tt.answered)
		}
	}
	if sc["status"].Top() != 100 || sc["maturity"].Top() != 100 || (Scale{}).Top() != 0 {
		t.Error("Top")
	}
}

func TestMaturity(t *testing.T) {
	tests := []struct {
		avg   float64
		m     float64
		level int
	}{
		{0, 1, 1},
		{33, 1.99, 2},
		{50, 2.5, 2}, // exactly between 2 and 3: rounds down
		{50.1, 2.503, 3},
		{67, 3.01, 3},
		{100, 4, 4},
		{100.0 / 6, 1.5, 1},
		{-5, 1, 1}, // out of range is clamped
		{120, 4, 4},
	}
	for _, tt := range tests {
		if m := Maturity(tt.avg); math.Abs(m-tt.m) > 1e-9 {
			t.Errorf("Maturity(%v) = %v, want %v", tt.avg, m, tt.m)
		}
		if l := MaturityLevel(tt.avg); l != tt.level {
			t.Errorf("MaturityLevel(%v) = %d, want %d", tt.avg, l, tt.level)
		}
	}
	// The maturity scale's own scores map back onto their levels.
	for _, l := range builtins(t)["maturity"].Levels {
		if got := MaturityLevel(float64(l.Score)); string(rune('0'+got)) != l.Value {
			t.Errorf("maturity %s (score %d) maps back to %d", l.Value, l.Score, got)
		}
	}
}

func TestSummarize(t *testing.T) {
	sc := builtins(t)
	q := func(id, page, areaID, area, scale string, nsm ...string) *Question {
		return &Question{ID: id, PageID: page, AreaID: areaID, Area: area, Scale: scale, NSM: nsm}
	}
	qs := []*Question{
		q("c", "p", "drift", "Drift", "maturity", "2.2"),
		q("c2", "p", "drift", "Drift", "maturity", "2.2"),
		q("a", "p", "ledelse", "Ledelse", "status", "1.1"),
		q("b", "p", "ledelse", "Ledelse", "status", "1.2", "2.1"),
		q("d", "p", "drift", "Drift", "check"),
		q("g", "p", "", "", "status"),               // above the first heading: an area of its own
		q("e", "r", "ledelse", "Ledelse", "status"), // gathered: one row for page r, whatever the heading
		q("f", "r", "", "", "ukjent", "4.1"),        // unknown scale: in totals only
		q("h", "s", "kontroll", "Kontrollspørsmål", "status"),
		q("m", "s", "kontroll", "Kontrollspørsmål", "maturity", "2"), // a gathered maturity question joins the maturity section
	}
	answers := map[string]string{"a": "ja", "b": "delvis", "c": "3", "e": "ikke-relevant", "f": "ja", "h": "nei", "m": "1"}
	got := Summarize("p", qs, sc, answers)
	want := Summary{
		Tally: Tally{Total: 10, Answered: 6, Counted: 6, Sum: 67 + 100 + 50 + 0 + 0 + 0},
		Sections: []Section{
			{Scale: "maturity", Own: true, Gathered: true, Tally: Tally{Total: 3, Answered: 2, Counted: 2, Sum: 67},
				Rows: []AreaTally{
					{PageID: "p", AreaID: "drift", Area: "Drift", Tally: Tally{Total: 2, Answered: 1, Counted: 1, Sum: 67}},
					{PageID: "s", Gathered: true, Tally: Tally{Total: 1, Answered: 1, Counted: 1}},
				},
				Categories: []CategoryTally{{Category: "2", Tally: Tally{Total: 3, Answered: 2, Counted: 2, Sum: 67}}}},
			{Scale: "status", Own: true, Gathered: true, Tally: Tally{Total: 5, Answered: 4, Counted: 3, Sum: 150},
				Rows: []AreaTally{
					{PageID: "p", AreaID: "ledelse", Area: "Ledelse", Tally: Tally{Total: 2, Answered: 2, Counted: 2, Sum: 150}},
					{PageID: "p", Tally: Tally{Total: 1}},
					{PageID: "r", Gathered: true, Tally: Tally{Total: 1, Answered: 1}},
					{PageID: "s", Gathered: true, Tally: Tally{Total: 1, Answered: 1, Counted: 1}},
				},
				Categories: []CategoryTally{
					{Category: "1", Tally: Tally{Total: 2, Answered: 2, Counted: 2, Sum: 150}},
					{Category: "2", Tally: Tally{Total: 1, Answered: 1, Counted: 1, Sum: 50}},
				}},
			{Scale: "check", Own: true, Tally: Tally{Total: 1, Counted: 1},
				Rows: []AreaTally{{PageID: "p", AreaID: "drift", Area: "Drift", Tally: Tally{Total: 1, Counted: 1}}}},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Summarize =\n%+v\nwant\n%+v", got, want)
	}
	if avg, ok := got.Average(); !ok || math.Abs(avg-217.0/6) > 1e-9 {
		t.Errorf("Average = %v, %v", avg, ok)
	}
	if _, ok := got.Sections[1].Rows[2].Average(); ok {
		t.Error("a row with only 'Ikke relevant' has an average")
	}
	if empty := Summarize("p", nil, sc, nil); !reflect.DeepEqual(empty, Summary{}) {
		t.Errorf("empty summary = %+v", empty)
	}
}

func TestThin(t *testing.T) {
	for _, c := range []struct {
		answered, total int
		thin            bool
	}{{1, 5, true}, {2, 5, true}, {3, 5, false}, {1, 2, false}, {0, 1, true}, {7, 7, false}} {
		if got := (Tally{Total: c.total, Answered: c.answered}).Thin(); got != c.thin {
			t.Errorf("%d of %d answered: thin %v, want %v", c.answered, c.total, got, c.thin)
		}
	}
}

func TestLevelledPositionNearest(t *testing.T) {
	sc := builtins(t)
	m, st := sc["maturity"], sc["status"]
	if !m.Levelled() || st.Levelled() || sc["check"].Levelled() {
		t.Errorf("levelled: maturity %v, status %v, check %v", m.Levelled(), st.Levelled(), sc["check"].Levelled())
	}
	for _, c := range []struct {
		avg  float64
		pos  float64
		near string
	}{{0, 1, "1"}, {33, 2, "2"}, {50, 2.5, "2"}, {67, 3, "3"}, {83.5, 3.5, "3"}, {90, 3 + 23.0/33, "4"}, {100, 4, "4"}} {
		if got := Position(m, c.avg); math.Abs(got-c.pos) > 1e-9 {
			t.Errorf("Position(%v) = %v, want %v", c.avg, got, c.pos)
		}
		if l, ok := Nearest(m, c.avg); !ok || l.Value != c.near {
			t.Errorf("Nearest(%v) = %q, want %q", c.avg, l.Value, c.near)
		}
	}
	// Status: halves down, and "Ikke relevant" is never the nearest.
	for avg, want := range map[float64]string{75: "delvis", 76: "ja", 25: "nei", 0: "nei"} {
		if l, _ := Nearest(st, avg); l.Value != want {
			t.Errorf("status Nearest(%v) = %q, want %q", avg, l.Value, want)
		}
	}
	custom := Scale{Name: "x", Kind: KindChoice, Levels: []Level{{Value: "1", Score: 0}, {Value: "3", Score: 100}}}
	if custom.Levelled() {
		t.Error("values 1, 3 are not levels 1…N")
	}
}
