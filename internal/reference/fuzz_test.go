package reference

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// The reference parsers read what editors write in nsm: and legal: front
// matter, so any text reaches them. The seed corpora are in
// testdata/fuzz/FuzzParseNSM and testdata/fuzz/FuzzParseLegal.

// slugForm is what a reference slug may hold: it goes into URLs and ids.
var slugForm = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// FuzzParseNSM: a reference that parses has a canonical form that parses
// back to the same reference, names a known title, and has a URL-safe
// slug; a reference that does not parse gets a readable message.
func FuzzParseNSM(f *testing.F) {
	for _, s := range []string{
		// as the bundled content writes them
		"1", "2.3", "2.3.1", "2.10", "1.1.6", "2.7.4", " 3.4 ", "02.3",
		// mistakes and hostile forms
		"", "x", "2.", ".2", "2..3", "2.3.1.4", "-2", "+2", "2.+3", "5", "0.1", "2.11", "2.3.11",
		"2.3.0", "2.7.5", "2.4.1", "4.4.0", "2.3.-1", "9999999999999999999999.1", "2.0x3",
		"٢.٣", "2\u00a0.3", "2.3\x00", "\xff", "1e2", "0", "00000000000000000001",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ref, err := ParseNSM(s)
		if err != nil {
			checkMessage(t, s, err)
			if ref != (NSMRef{}) {
				t.Fatalf("ParseNSM(%q) failed with a reference %+v", s, ref)
			}
			return
		}
		canon := ref.String()
		if canon != strings.TrimSpace(canon) || canon == "" {
			t.Fatalf("ParseNSM(%q).String() = %q", s, canon)
		}
		again, err := ParseNSM(canon)
		if err != nil || again != ref {
			t.Fatalf("canonical form %q of %q does not parse back: %+v, %v", canon, s, again, err)
		}
		if !slugForm.MatchString(ref.Slug()) {
			t.Fatalf("ParseNSM(%q).Slug() = %q", s, ref.Slug())
		}
		// A category or principle always has a title; a measure may be
		// known by number only (the data has titles for some).
		for _, lang := range []string{"nb", "nn", "en"} {
			title, ok := NSMTitle(ref, lang)
			if ref.Level() != NSMMeasure && (!ok || title == "") {
				t.Fatalf("NSMTitle(%s, %s) = %q, %v", canon, lang, title, ok)
			}
		}
		if p := ref.PrincipleRef(); p.Measure != 0 || p.Category != ref.Category || p.Principle != ref.Principle {
			t.Fatalf("PrincipleRef of %s = %+v", canon, p)
		}
	})
}

// FuzzParseLegal: the same for legal references; the canonical form of a
// reference parses back to itself and every reference has a title.
func FuzzParseLegal(f *testing.F) {
	for _, s := range []string{
		// as the bundled content writes them
		"GDPR art. 30", "GDPR art. 5", "personopplysningsloven § 10", "forvaltningsloven § 13",
		"sikkerhetsloven § 4-3", "arkivlova § 5", "offentleglova § 13", "kommuneloven § 25-1",
		"helseregisterloven § 17", "pasientjournalloven § 22", "opplæringslova",
		"GDPR artikkel 30", "gdpr Article 5", "GDPR art.30", "GDPR 30", "pol § 12a",
		"Personopplysningsloven  §12 a", "fvl. § 13a", "sikkerhetsloven § 5 – 4", "lov om nasjonal sikkerhet",
		// mistakes and hostile forms
		"", "   ", "§", "§ 10", "§§", "GDPR art.", "GDPR art. 100", "GDPR art. 0", "GDPR art. 5 a",
		"GDPR § 30", "personopplysningsloven art. 5", "forvaltningsloven §§ 13 og 13 a",
		"GDPR art. 6(1)(e)", "kommuneloven § tjue", "kommuneloven § 25-", "kommuneloven § -1",
		"kommuneloven § 99999999999999999999", "kommuneloven § 25-99999999999999999999",
		"personopplysningslaven § 10", "foo § 1", "art 5", "artikkel", "GDPR artikkel artikkel 3",
		"GDPR art. 3 art. 4", "pol. § 12 a.", "pol. § 12 ab", "GDPR\u00a0art.\u00a030", "\xff§\xfe",
		"opplæringslova § 15-10", "arkivlova § 11",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ref, err := ParseLegal(s)
		if err != nil {
			checkMessage(t, s, err)
			if ref != (LegalRef{}) {
				t.Fatalf("ParseLegal(%q) failed with a reference %+v", s, ref)
			}
			return
		}
		canon := ref.String()
		if canon == "" || canon != strings.TrimSpace(canon) {
			t.Fatalf("ParseLegal(%q).String() = %q", s, canon)
		}
		again, err := ParseLegal(canon)
		if err != nil || again != ref {
			t.Fatalf("canonical form %q of %q does not parse back: %+v, %v", canon, s, again, err)
		}
		if !slugForm.MatchString(ref.Slug()) {
			t.Fatalf("ParseLegal(%q).Slug() = %q", s, ref.Slug())
		}
		if _, ok := LawByID(ref.Law); !ok {
			t.Fatalf("ParseLegal(%q) names an unknown law %q", s, ref.Law)
		}
		// Articles of the GDPR may be untitled in the data; a section of a
		// Norwegian act is accepted only when the data lists it.
		if title, ok := LegalTitle(ref, "nb"); ref.Section == "" && (!ok || title == "") {
			t.Fatalf("LegalTitle(%s) = %q, %v", canon, title, ok)
		}
	})
}

// checkMessage holds an error for an editor to one line of valid UTF-8
// text: it is printed after file:line: in a terminal.
func checkMessage(t *testing.T, in string, err error) {
	t.Helper()
	msg := err.Error()
	if msg == "" || !utf8.ValidString(msg) || strings.ContainsAny(msg, "\n\r") {
		t.Fatalf("error for %q is not one line of text: %q", in, msg)
	}
}
