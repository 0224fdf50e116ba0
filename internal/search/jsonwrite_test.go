package search

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestTablesJSONAsMarshal: the bleve index's tables are written as the
// very bytes json.Marshal gives for them, with strings, numbers and maps
// of every kind the tables hold.
func TestTablesJSONAsMarshal(t *testing.T) {
	defer func(b int) { packBits = b }(packBits)
	packBits = 6 // so that the field table has spilled terms
	docs := append(loadCorpus(t), synthCorpus(t, 200)...)
	odd := Document{ID: "odd<&>\"\\\u2028\x01", Lang: "nb", URL: "/odd/?a=1&b=<2>", Title: "Tittel \u2029 med \t tab og \xff ugyldig", Type: "t<y>pe", Audience: []string{"a&b", "\x7f"}, Body: "ord og flere ord", Prior: 1e-7}
	tiny := Document{ID: "tiny", Lang: "nb", URL: "/tiny/", Title: "liten", Body: "ord", Prior: 0.999999999}
	docs = append(docs, odd, tiny)
	c, err := Analyze(docs)
	if err != nil {
		t.Fatal(err)
	}
	prints := c.docPrints(compoundOptions{})
	same := func(what string, v any, a jsonAppender) {
		t.Helper()
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		got, err := a.appendJSON(nil)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if !bytes.Equal(got, want) {
			i := 0
			for i < len(got) && i < len(want) && got[i] == want[i] {
				i++
			}
			t.Errorf("%s: differs from json.Marshal at byte %d: %q against %q", what, i, got[max(0, i-20):min(len(got), i+40)], want[max(0, i-20):min(len(want), i+40)])
		}
	}
	spilled := 0
	for i, lc := range c.langs {
		v, err := lc.queryVocab()
		if err != nil {
			t.Fatal(err)
		}
		same(lc.lang+".vocab", v, v)
		ft := lc.fieldTable()
		spilled += len(ft.Spill)
		same(lc.lang+".fields", ft, ft)
		dt := lc.docTable()
		same(lc.lang+".docs", dt, dt)
		pt := lc.printTable(prints[i])
		same(lc.lang+".prints", pt, &pt)
	}
	if spilled == 0 {
		t.Error("no field table has spilled terms")
	}
	// Every ASCII byte, invalid UTF-8, the separators json escapes, nil
	// and empty lists and maps.
	var all strings.Builder
	for b := 0; b < 0x80; b++ {
		all.WriteByte(byte(b))
	}
	v := &vocab{N: 3, Terms: []string{all.String(), "\xc3", "a\u2028b\u2029c", "æøå 😀", ""}, DF: [][nStatFields]int32{{1, 2}}, CDF: []int32{}, Pieces: map[string][]string{"b": nil, "a": {"x<", "y"}, "\xff": {}}, Thes: thesTable{"k": {{"a"}, nil, {}}, "j": nil}}
	same("vocab of odd strings", v, v)
	same("empty vocab", &vocab{}, &vocab{})
	same("empty field table", &fieldTable{}, &fieldTable{})
	same("empty page table", &docTable{}, &docTable{})
	for _, f := range []float64{0, 1, 0.5, -2, 1e-6, 9.99e-7, 1e20, 1e21, 123456789.125, 1.0 / 3} {
		dt := &docTable{Prior: []float64{f}}
		same("prior", dt, dt)
	}
}
