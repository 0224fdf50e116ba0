package search

import (
	"math/rand/v2"
	"reflect"
	"sort"
	"strings"
	"testing"
)

func stems(lang, text string, query bool) []string {
	var out []string
	for _, t := range analyzerFor(lang).analyze(text, query) {
		out = append(out, t.Stem)
	}
	return out
}

func TestAnalyze(t *testing.T) {
	for _, tc := range []struct {
		lang, text string
		query      bool
		want       string
	}{
		// Inflection: the forms of one word meet in one stem.
		{"nb", "personopplysningene personopplysningen personopplysninger personopplysning", false, "personopplysning personopplysning personopplysning personopplysning"},
		{"nb", "sikkerhet sikkerheten sikkerhetene", false, "sikker sikker sikker"},
		{"nb", "kommunedirektøren kommunedirektører", false, "kommunedirektør kommunedirektør"},
		{"nb", "vurdere vurderer vurderte vurdert", false, "vurder vurder vurder vurder"},
		// Nynorsk endings.
		{"nn", "personopplysningane personopplysningar personopplysninga", false, "personopplysning personopplysning personopplysning"},
		{"nn", "vurderinga vurderingane vurderingar", false, "vurdering vurdering vurdering"},
		{"nn", "kommunane kommunar verksemda verksemdene", false, "kommun kommun verksemd verksemd"},
		{"nn", "sikkerheit sikkerheita sikkerheiter sikkerheitene", false, "sikker sikker sikker sikker"},
		{"nn", "behandlar behandla behandlast", false, "behandl behandl behandl"},
		// Case and accents; æ ø å stay.
		{"nb", "CAFÉ Naïve Smörgås ÆØÅ", false, "caf naiv smørgås æøå"},
		{"en", "Café Smørrebrød", false, "cafe smorrebrod"},
		// Stop words go; only stop words leave nothing.
		{"nb", "og i på det som er", false, ""},
		{"nn", "eg ikkje kva korleis", false, ""},
		{"en", "the and of don't", false, ""},
		// Hyphens: parts and the joined word when indexing, the joined word in a query.
		{"nb", "e-post IT-sikkerhet", false, "post epost it sikker itsikker"},
		{"nb", "e-post IT-sikkerhet", true, "epost itsikker"},
		// Apostrophes, digits, punctuation.
		{"nb", "NAV's rutiner, versjon 2.3.1 og 1,5", false, "nav rutin versjon 2.3.1 1,5"},
		{"en", "officer's passwords", false, "offic password"},
		{"nb", "\"*:~^+-()<script>alert(1)</script>", false, "script alert script"},
		// Single letters and very long strings are left out.
		{"nb", "a b c " + strings.Repeat("x", 60), false, ""},
		// Decomposed å is composed first.
		{"nb", "a\u030arsrapport", false, "årsrapport"},
	} {
		got := strings.Join(stems(tc.lang, tc.text, tc.query), " ")
		if got != tc.want {
			t.Errorf("%s analyze(%q, query=%v) = %q, want %q", tc.lang, tc.text, tc.query, got, tc.want)
		}
	}
}

func TestTokenizeOffsets(t *testing.T) {
	text := "«Hei», sa hun – e-post og IT-sikkerhet!"
	var got []string
	for _, w := range tokenize(text) {
		got = append(got, text[w.start:w.end])
	}
	want := []string{"Hei", "sa", "hun", "e", "post", "og", "IT", "sikkerhet"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tokenize = %q, want %q", got, want)
	}
	ws := tokenize(text)
	if ws[3].group != ws[4].group || ws[6].group != ws[7].group || ws[4].group == ws[5].group {
		t.Errorf("hyphen groups wrong: %+v", ws)
	}
}

func TestDecompound(t *testing.T) {
	docs := []Document{{ID: "a", Lang: "nb", Body: "informasjon sikkerhet person vern ombud personvern barn hage arbeid kopi " +
		"informasjonssikkerheten personvernombudet barnehagen sikkerhetsarbeidet sikkerhetskopi kontroll"}}
	c, err := Analyze(docs)
	if err != nil {
		t.Fatal(err)
	}
	lc := c.langs[0]
	dc := newDecompounder(lc.an, lc.lex, compoundOptions{})
	for _, tc := range []struct{ word, want string }{
		{"informasjonssikkerheten", "informasjon sikker"},
		{"personvernombudet", "personvern ombud person vern"},
		{"barnehagen", "barn hag"},
		{"sikkerhetsarbeidet", "sikker arbeid"},
		{"sikkerhetskopi", "sikker kopi"},
		{"kontroll", ""}, // no known pieces
		{"personvern", "person vern"},
		{"sikkerhet", ""}, // "sikker" + "het": "het" is too short to be a piece
	} {
		id, ok := lc.lex.surfIDs[tc.word]
		if !ok {
			t.Fatalf("%q not in the corpus", tc.word)
		}
		var got []string
		for _, p := range dc.parts(tc.word, lc.lex.stemOf[id]) {
			got = append(got, lc.lex.stems[p])
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("parts(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
}

func TestWithinOneEdit(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"sikker", "sikker", true}, {"sikker", "sikkr", true}, {"sikker", "sikkker", true}, {"sikker", "sikket", true},
		{"sikker", "sikk", false}, {"æøå", "æøa", true}, {"", "a", true},
		// Two neighbouring letters swapped count as one edit; two swaps, or
		// letters swapped across a third, do not.
		{"sikker", "iskker", true}, {"ab", "ba", true}, {"personvern", "persnovern", true}, {"sikker", "sikkre", true},
		{"sikker", "iskkre", false}, {"sikker", "kiskser", false}, {"abc", "cba", false},
	} {
		if got := withinOneEdit([]rune(tc.a), []rune(tc.b)); got != tc.want {
			t.Errorf("withinOneEdit(%q, %q) = %v", tc.a, tc.b, got)
		}
	}
}

// TestFuzzyFindsAll checks the two range scans of vocab.fuzzy against a
// scan of the whole dictionary.
func TestFuzzyFindsAll(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	letters := []rune("aeiklnorstæøå")
	word := func(n int) string {
		w := make([]rune, n)
		for i := range w {
			w[i] = letters[r.IntN(len(letters))]
		}
		return string(w)
	}
	set := map[string]bool{}
	for len(set) < 3000 {
		set[word(3+r.IntN(5))] = true
	}
	v := &vocab{}
	for w := range set {
		v.Terms = append(v.Terms, w)
	}
	sort.Strings(v.Terms)
	v.CDF = make([]int32, len(v.Terms)) // all equal: top orders by term
	v.index()
	for i := 0; i < 300; i++ {
		q := word(4 + r.IntN(4))
		var want []string
		for _, t := range v.Terms {
			if t != q && withinOneEdit([]rune(q), []rune(t)) {
				want = append(want, t)
			}
		}
		if len(want) > maxFuzzy {
			want = want[:maxFuzzy]
		}
		var got []string
		for _, i := range v.fuzzy(q) {
			got = append(got, v.Terms[i])
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("fuzzy(%q) = %v, want %v", q, got, want)
		}
	}
}

func TestQuantize(t *testing.T) {
	for _, w := range []float64{1, 0.5, 0.01, 1e-4, 3.3} {
		got := dequantize(quantize(w, 3.3), 3.3)
		if w >= 3.3*1e-4 && relDiff(got, w) > 0.023 {
			t.Errorf("dequantize(quantize(%g)) = %g", w, got)
		}
		if q := quantize(w, 3.3); q < 1 {
			t.Errorf("quantize(%g) = 0, which means no posting", w)
		}
	}
}

// TestDecompoundLongWord splits words longer than splitStack letters,
// whose positions do not fit split's arrays on the stack, and words of
// exactly that length and one letter more or less: the pieces are the
// dictionary's, in order, and make up the word with their linking letters.
func TestDecompoundLongWord(t *testing.T) {
	docs := []Document{{ID: "a", Lang: "nb", Body: "informasjon sikkerhet person vern ombud barn hage arbeid kopi rutine møte"}}
	c, err := Analyze(docs)
	if err != nil {
		t.Fatal(err)
	}
	lc := c.langs[0]
	dc := newDecompounder(lc.an, lc.lex, compoundOptions{})
	for _, tc := range []struct{ word, want string }{
		// 58 letters.
		{"personvernombudsinformasjonssikkerhetsarbeidsbarnehagekopi", "person vern ombud informasjon sikkerhet arbeid barn hage kopi"},
		// 48, 49 and 47 letters, with two-byte letters.
		{"møterutinemøterutinemøterutinemøterutinemøtebarn", "møte rutine møte rutine møte rutine møte rutine møte barn"},
		{"møterutinemøterutinemøterutinemøterutinemøtebarns", "møte rutine møte rutine møte rutine møte rutine møte barns"},
		{"møterutinemøterutinemøterutinemøterutinemøtebar", ""}, // "bar" is no word here
		{"barnehagebarnehagebarnehagebarnehagebarnehagebarnehagekopi", "barn hage barn hage barn hage barn hage barn hage barn hage kopi"},
	} {
		var got []string
		for _, p := range dc.split(tc.word) {
			got = append(got, p.text)
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("split(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
}
