package reference

import "testing"

func TestParseLegalValid(t *testing.T) {
	cases := []struct{ in, want, slug string }{
		// the forms content uses
		{"GDPR art. 30", "GDPR art. 30", "gdpr-art-30"},
		{"personopplysningsloven § 10", "personopplysningsloven § 10", "personopplysningsloven-10"},
		{"forvaltningsloven § 13", "forvaltningsloven § 13", "forvaltningsloven-13"},
		{"sikkerhetsloven § 4-3", "sikkerhetsloven § 4-3", "sikkerhetsloven-4-3"},
		{"arkivlova § 5", "arkivlova § 5", "arkivlova-5"},
		{"offentleglova § 13", "offentleglova § 13", "offentleglova-13"},
		{"helseregisterloven § 17", "helseregisterloven § 17", "helseregisterloven-17"},
		{"pasientjournalloven § 22", "pasientjournalloven § 22", "pasientjournalloven-22"},
		{"kommuneloven § 25-1", "kommuneloven § 25-1", "kommuneloven-25-1"},
		// article spellings and GDPR aliases
		{"GDPR artikkel 30", "GDPR art. 30", "gdpr-art-30"},
		{"GDPR art 30", "GDPR art. 30", "gdpr-art-30"},
		{"GDPR art.30", "GDPR art. 30", "gdpr-art-30"},
		{"gdpr Article 5", "GDPR art. 5", "gdpr-art-5"},
		{"personvernforordningen art. 30", "GDPR art. 30", "gdpr-art-30"},
		{"Personvernforordninga artikkel 35", "GDPR art. 35", "gdpr-art-35"},
		{"GDPR art. 99", "GDPR art. 99", "gdpr-art-99"},
		{"GDPR art. 42", "GDPR art. 42", "gdpr-art-42"}, // exists, though untitled here
		{"GDPR 30", "GDPR art. 30", "gdpr-art-30"},
		// law aliases and section spellings
		{"pol. § 10", "personopplysningsloven § 10", "personopplysningsloven-10"},
		{"pol § 12a", "personopplysningsloven § 12 a", "personopplysningsloven-12-a"},
		{"Personopplysningsloven  §12 a", "personopplysningsloven § 12 a", "personopplysningsloven-12-a"},
		{"personopplysningslova § 1", "personopplysningsloven § 1", "personopplysningsloven-1"},
		{"fvl. § 13a", "forvaltningsloven § 13 a", "forvaltningsloven-13-a"},
		{"forvaltningsloven § 13 b.", "forvaltningsloven § 13 b", "forvaltningsloven-13-b"},
		{"sikkerhetsloven § 5 - 3", "sikkerhetsloven § 5-3", "sikkerhetsloven-5-3"},
		{"sikkerhetsloven § 5–4", "sikkerhetsloven § 5-4", "sikkerhetsloven-5-4"},
		{"arkivloven § 8", "arkivlova § 8", "arkivlova-8"},
		{"offentlighetsloven § 3", "offentleglova § 3", "offentleglova-3"},
		{"kommunelova § 25-2", "kommuneloven § 25-2", "kommuneloven-25-2"},
		// whole laws
		{"GDPR", "GDPR", "gdpr"},
		{"opplæringslova", "opplæringslova", "opplaeringslova"},
		{"Opplæringsloven", "opplæringslova", "opplaeringslova"},
		{"lov om nasjonal sikkerhet", "sikkerhetsloven", "sikkerhetsloven"},
	}
	for _, c := range cases {
		ref, err := ParseLegal(c.in)
		if err != nil {
			t.Errorf("ParseLegal(%q): unexpected error %v", c.in, err)
			continue
		}
		if got := ref.String(); got != c.want {
			t.Errorf("ParseLegal(%q).String() = %q, want %q", c.in, got, c.want)
		}
		if got := ref.Slug(); got != c.slug {
			t.Errorf("ParseLegal(%q).Slug() = %q, want %q", c.in, got, c.slug)
		}
		again, err := ParseLegal(ref.String())
		if err != nil || again != ref {
			t.Errorf("canonical form %q of %q does not parse back to itself: %+v, %v", ref.String(), c.in, again, err)
		}
	}
}

func TestParseLegalErrors(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", `empty legal reference: write e.g. "GDPR art. 30" or "personopplysningsloven § 10"`},
		{"   ", `empty legal reference: write e.g. "GDPR art. 30" or "personopplysningsloven § 10"`},
		{"§ 10", `legal reference "§ 10" names no law: write e.g. "personopplysningsloven § 10"`},
		{"GDPR art. 33 nr. 1", `legal reference "GDPR art. 33 nr. 1" is more precise than Varde accepts: cite the whole article, as in "GDPR art. 33"`},
		{"GDPR art. 6(1)(e)", `legal reference "GDPR art. 6(1)(e)" is more precise than Varde accepts: cite the whole article, as in "GDPR art. 6"`},
		{"forvaltningsloven § 13 første ledd", `legal reference "forvaltningsloven § 13 første ledd" is more precise than Varde accepts: cite the whole section, as in "forvaltningsloven § 13"`},
		{"forvaltningsloven § 13 annet ledd", `legal reference "forvaltningsloven § 13 annet ledd" is more precise than Varde accepts: cite the whole section, as in "forvaltningsloven § 13"`},
		{"forvaltningsloven §§ 13 og 13 a", `legal reference "forvaltningsloven §§ 13 og 13 a" cites several sections: give each section as its own entry`},
		{"GDPR art.", `legal reference "GDPR art." has no article number`},
		{"kommuneloven §", `legal reference "kommuneloven §" has no section number`},
		{"kommuneloven § tjue", `legal reference "kommuneloven § tjue": "tjue" is not a valid section number`},
		{"GDPR art. 100", `unknown GDPR article "100": the GDPR has articles 1–99`},
		{"GDPR art. 0", `legal reference "GDPR art. 0": "0" is not a valid article number`},
		{"GDPR art. 5 a", `unknown GDPR article "5 a": the GDPR has articles 1–99`},
		{"GDPR § 30", `the GDPR is cited by article, not §: write "GDPR art. 30"`},
		{"personopplysningsloven art. 5", `personopplysningsloven is cited by section (§), not article: write "personopplysningsloven § 5", or "GDPR art. 5" if you mean the GDPR article`},
		{"personopplysningslaven § 10", `unknown law "personopplysningslaven": did you mean "personopplysningsloven"?`},
		{"personvernforordning art. 5", `unknown law "personvernforordning": did you mean "GDPR"?`},
		{"arkivlaven § 5", `unknown law "arkivlaven": did you mean "arkivlova"?`},
		{"foo § 1", `unknown law "foo": the laws Varde knows are GDPR, personopplysningsloven, forvaltningsloven, sikkerhetsloven, arkivlova, offentleglova, helseregisterloven, pasientjournalloven, opplæringslova, kommuneloven, eForvaltningsforskriften, digitalsikkerhetsloven, arbeidsmiljøloven, e-postforskriften`},
		{"kommuneloven § 25-3", `unknown section "kommuneloven § 25-3" (accepted sections of kommuneloven: 25-1, 25-2)`},
		{"personopplysningsloven § 12 b", `unknown section "personopplysningsloven § 12 b": did you mean "personopplysningsloven § 12 a"? (accepted sections of personopplysningsloven: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 12 a, 13, 14, 15)`},
		{"sikkerhetsloven § 5-5", `unknown section "sikkerhetsloven § 5-5" (accepted sections of sikkerhetsloven: 1-1, 4-3, 5-3, 5-4)`},
		{"arkivlova § 11", `unknown section "arkivlova § 11" (accepted sections of arkivlova: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25). This is the 2025 act in force from 1 January 2026 (§ 11 not yet in force); it replaced the 1992 arkivlova, whose numbering no longer applies.`},
		{"opplæringslova § 15-10", `"opplæringslova § 15-10" is not in Varde's reference data: no sections of opplæringslova are listed. The 2023 act (in force from 1 August 2024) replaced the 1998 act, so old numbers such as § 15-10 no longer exist; no section of the new act is in the reference data yet, so cite the law as a whole.`},
	}
	for _, c := range cases {
		_, err := ParseLegal(c.in)
		if err == nil {
			t.Errorf("ParseLegal(%q): want error %q, got none", c.in, c.want)
			continue
		}
		if err.Error() != c.want {
			t.Errorf("ParseLegal(%q) error:\n got %s\nwant %s", c.in, err, c.want)
		}
	}
}

func TestLegalTitles(t *testing.T) {
	cases := []struct {
		ref, lang, want string
		ok              bool
	}{
		{"GDPR art. 30", "nb", "Protokoller over behandlingsaktiviteter", true},
		{"GDPR art. 30", "en", "Records of processing activities", true},
		{"GDPR art. 30", "nn", "Protokoller over behandlingsaktiviteter", true}, // falls back to bokmål
		{"GDPR art. 42", "nb", "", false},
		{"personopplysningsloven § 12", "nb", "Bruk av fødselsnummer og andre entydige identifikasjonsmidler", true},
		{"kommuneloven § 25-1", "en", "Internal control", true},
		{"personopplysningsloven", "nn", "Lov om behandling av personopplysningar (personopplysningslova)", true},
		{"arkivlova § 5", "nb", "Arkivplikta", true},
	}
	for _, c := range cases {
		ref, err := ParseLegal(c.ref)
		if err != nil {
			t.Fatalf("ParseLegal(%q): %v", c.ref, err)
		}
		got, ok := LegalTitle(ref, c.lang)
		if got != c.want || ok != c.ok {
			t.Errorf("LegalTitle(%s, %s) = %q, %v; want %q, %v", c.ref, c.lang, got, ok, c.want, c.ok)
		}
	}
	if got, ok := LookupLegal(LegalRef{Law: "gdpr", Section: "32"}); !ok || got != "Sikkerhet ved behandlingen" {
		t.Errorf("LookupLegal(GDPR art. 32) = %q, %v", got, ok)
	}
	for _, bad := range []LegalRef{{}, {Law: "nope"}, {Law: "kommuneloven", Section: "1-1"}} {
		if got, ok := LookupLegal(bad); ok || got != "" {
			t.Errorf("LookupLegal(%+v) = %q, %v; want no title", bad, got, ok)
		}
		if bad.Law != "kommuneloven" && (bad.String() != "" || bad.Slug() != "") {
			t.Errorf("unknown law %+v: String %q, Slug %q; want empty", bad, bad.String(), bad.Slug())
		}
	}
}

func TestLawsIsACopy(t *testing.T) {
	a := Laws()
	a[0].Sections[0].Title.NB = "changed"
	a[0].Aliases[0] = "changed"
	b := Laws()
	if b[0].Sections[0].Title.NB == "changed" || b[0].Aliases[0] == "changed" {
		t.Error("Laws returned shared data; callers could corrupt the reference data")
	}
	if _, ok := LawByID("personopplysningsloven"); !ok {
		t.Error(`LawByID("personopplysningsloven") not found`)
	}
	if _, ok := LawByID("nope"); ok {
		t.Error(`LawByID("nope") found a law`)
	}
}
