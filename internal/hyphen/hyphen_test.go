package hyphen

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// show writes soft hyphens as "-" so that expectations can be read.
func show(s string) string { return strings.ReplaceAll(s, SoftHyphen, "-") }

func mustFor(t *testing.T, lang string) *Hyphenator {
	t.Helper()
	h, err := For(lang)
	if err != nil {
		t.Fatalf("For(%q): %v", lang, err)
	}
	if h == nil {
		t.Fatalf("For(%q): no patterns", lang)
	}
	return h
}

// The embedded files parse, and hold what their headers say: hyph-no.tex
// states 27448 patterns and 108 exceptions.
func TestPatternsLoad(t *testing.T) {
	for _, lang := range []string{"nb", "nn", "no", "nb-NO"} {
		h := mustFor(t, lang)
		if n := len(h.patterns); n != 27448 {
			t.Errorf("%s: %d patterns, want 27448 as hyph-no.tex says", lang, n)
		}
		// 108 from hyph-no.tex; nb's at-ten-de/be-tre and nn's
		// att-en-de/bet-re replace entries of that list.
		if n := len(h.exceptions); n != 108 {
			t.Errorf("%s: %d exceptions, want 108", lang, n)
		}
	}
	nb, nn := mustFor(t, "nb"), mustFor(t, "nn")
	// Both include hyph-no.tex: its 27,000 patterns are held once.
	if reflect.ValueOf(nb.patterns).UnsafePointer() != reflect.ValueOf(nn.patterns).UnsafePointer() {
		t.Error("nb and nn hold separate copies of hyph-no.tex's patterns")
	}
	for _, lang := range []string{"en", "de", "", "sv"} {
		if h, err := For(lang); h != nil || err != nil {
			t.Errorf("For(%q) = %v, %v; want nil, nil", lang, h, err)
		}
	}
}

// Known words, checked against Norwegian hyphenation (Språkrådet's rules:
// between the parts of a compound, and before a single consonant).
func TestKnownWords(t *testing.T) {
	nb := mustFor(t, "nb")
	nn := mustFor(t, "nn")
	for _, c := range []struct {
		h          *Hyphenator
		word, want string
	}{
		{nb, "personvernkonsekvensvurdering", "per-son-vern-kon-se-kvens-vur-de-ring"},
		{nb, "Personvernkonsekvensvurdering", "Per-son-vern-kon-se-kvens-vur-de-ring"},
		{nb, "informasjonssikkerhet", "in-for-ma-sjons-sik-ker-het"},
		{nb, "databehandleravtale", "data-be-hand-ler-av-tale"},
		{nb, "personopplysningsloven", "per-son-opp-lys-nings-lo-ven"},
		{nb, "behandlingsprotokoll", "be-hand-lings-pro-to-koll"},
		{nb, "sikkerhetskopiering", "sik-ker-hets-ko-pie-ring"},
		{nb, "kommunedirektøren", "kom-mune-di-rek-tø-ren"},
		{nb, "risikovurdering", "ri-siko-vur-de-ring"},
		{nn, "informasjonssikkerheitsarbeid", "in-for-ma-sjons-sik-ker-heits-ar-beid"},
		{nn, "databehandlaravtale", "data-be-hand-lar-av-tale"},
		// Exceptions: the language files override hyph-no.tex's list, and
		// RightMin 3 drops the break before the last two letters.
		{nb, "attende", "at-tende"},
		{nn, "attende", "att-ende"},
		{nb, "betre", "be-tre"},
		{nn, "betre", "betre"}, // bet-re, but "re" is under RightMin
	} {
		if got := show(c.h.Hyphenate(c.word)); got != c.want {
			t.Errorf("Hyphenate(%q) = %q, want %q", c.word, got, c.want)
		}
	}
}

// No break leaves fewer than LeftMin letters before it or RightMin after.
func TestMinimums(t *testing.T) {
	nb := mustFor(t, "nb")
	for _, w := range []string{"personvernkonsekvensvurdering", "organisasjonen", "avtalene", "opplæring", "uavhengighet", "ekstrem", "øyeblikkelig"} {
		n := utf8.RuneCountInString(w)
		for _, b := range nb.Breaks(w) {
			if b < LeftMin || n-b < RightMin {
				t.Errorf("%q: break at %d of %d letters", w, b, n)
			}
		}
	}
	if br := nb.Breaks("ab"); br != nil {
		t.Errorf("Breaks(ab) = %v", br)
	}
}

func TestText(t *testing.T) {
	for _, c := range []struct{ lang, in, want string }{
		// Long words in a heading get soft hyphens; short ones do not.
		{"nb", "Veileder for personvernkonsekvensvurdering (DPIA)", "Veileder for per-son-vern-kon-se-kvens-vur-de-ring (DPIA)"},
		{"nn", "Rettleiar for informasjonssikkerheit", "Rettleiar for in-for-ma-sjons-sik-ker-heit"},
		// Words split by a hyphen are each a word.
		{"nb", "GDPR-personvernkonsekvensvurdering", "GDPR-per-son-vern-kon-se-kvens-vur-de-ring"},
		{"nb", "Risikovurdering", "Ri-siko-vur-de-ring"},
		// An editor's own soft hyphens are kept as they are.
		{"nb", "Personvern\u00ADkonsekvensvurdering", "Personvern-konsekvensvurdering"},
		// Acronyms and product names (two capitals or more) are left
		// alone; one capital anywhere is a Norwegian word's.
		{"nb", "SharePointOnlineadministrasjon", "SharePointOnlineadministrasjon"},
		{"nb", "INFORMASJONSSIKKERHET", "INFORMASJONSSIKKERHET"},
		{"nb", "eForvaltningsforskriften § 15", "eFor-valt-nings-for-skrif-ten § 15"},
		{"nn", "eForvaltningsforskrifta", "eFor-valt-nings-for-skrifta"}, // "ta" is under RightMin
		// An entity name after & is not touched.
		{"nb", "&CounterClockwiseContourIntegral; og &thereforeeeeee;", "&CounterClockwiseContourIntegral; og &thereforeeeeee;"},
		// English and other languages without patterns: unchanged.
		{"en", "Data protection impact assessments", "Data protection impact assessments"},
		{"de", "Datenschutzfolgenabschätzung", "Datenschutzfolgenabschätzung"},
		{"nb", "", ""},
	} {
		if got := show(Text(c.lang, c.in)); got != c.want {
			t.Errorf("Text(%q, %q) = %q, want %q", c.lang, c.in, got, c.want)
		}
	}
	// Words of 11 letters are left whole, 12 are hyphenated.
	if got := Text("nb", "opplæringen"); got != "opplæringen" {
		t.Errorf("11 letters: %q", show(got))
	}
	if got := Text("nb", "avtaleverket"); !strings.Contains(got, SoftHyphen) {
		t.Errorf("12 letters: %q has no soft hyphen", got)
	}
}

// Removing the soft hyphens gives back the input: nothing else changes.
func TestTextOnlyAddsSoftHyphens(t *testing.T) {
	in := "Kapittel 3: Hvordan gjennomføre en personvernkonsekvensvurdering – steg for steg, 1–10 (§ 35)!"
	got := Text("nb", in)
	if strings.ReplaceAll(got, SoftHyphen, "") != in {
		t.Fatalf("Text changed more than soft hyphens: %q", got)
	}
	if !strings.Contains(got, SoftHyphen) {
		t.Fatalf("no soft hyphen in %q", got)
	}
	// Running it again changes nothing.
	if again := Text("nb", got); again != got {
		t.Errorf("not idempotent: %q", show(again))
	}
}

func FuzzText(f *testing.F) {
	f.Add("nb", "Personvernkonsekvensvurdering")
	f.Add("nn", "informasjonssikkerheit og ÅÆØ")
	f.Fuzz(func(t *testing.T, lang, s string) {
		got := Text(lang, s)
		if strings.Contains(s, SoftHyphen) || !utf8.ValidString(s) {
			return
		}
		if strings.ReplaceAll(got, SoftHyphen, "") != s {
			t.Fatalf("Text(%q, %q) = %q: more than soft hyphens changed", lang, s, got)
		}
	})
}

func BenchmarkText(b *testing.B) {
	if _, err := For("nb"); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		Text("nb", "Veileder for personvernkonsekvensvurdering i kommunen")
	}
}

// TestMemo holds the remembered answers to what the algorithm gives: the
// first and every later call for a word, for both languages, and the same
// Hyphenator for every call of For with one language.
func TestMemo(t *testing.T) {
	for _, lang := range []string{"nb", "nn"} {
		h, err := For(lang)
		if err != nil {
			t.Fatal(err)
		}
		if h2, _ := For(lang); h2 != h {
			t.Errorf("For(%q) returned a new Hyphenator", lang)
		}
		for _, w := range []string{"Personvernkonsekvensvurdering", "informasjonssikkerheit", "kommune", "Databehandleravtale", "ÅÆØåæøsikkerhetsbrudd"} {
			want := h.hyphenate(w)
			for i := 0; i < 3; i++ {
				if got := h.Hyphenate(w); got != want {
					t.Errorf("%s: Hyphenate(%q) call %d = %q, want %q", lang, w, i, show(got), show(want))
				}
			}
		}
	}
}
