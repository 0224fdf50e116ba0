package reference

import "testing"

func TestParseNSMValid(t *testing.T) {
	cases := []struct {
		in, want, slug string
		level          NSMLevel
	}{
		{"1", "1", "1", NSMCategory},
		{"4", "4", "4", NSMCategory},
		{"2.3", "2.3", "2-3", NSMPrinciple},
		{"2.10", "2.10", "2-10", NSMPrinciple},
		{" 3.4 ", "3.4", "3-4", NSMPrinciple},
		{"2.3.1", "2.3.1", "2-3-1", NSMMeasure},
		{"2.3.10", "2.3.10", "2-3-10", NSMMeasure},
		{"1.1.6", "1.1.6", "1-1-6", NSMMeasure},
		{"2.7.4", "2.7.4", "2-7-4", NSMMeasure}, // highest verified measure of an incomplete principle
		{"02.3", "2.3", "2-3", NSMPrinciple},
	}
	for _, c := range cases {
		ref, err := ParseNSM(c.in)
		if err != nil {
			t.Errorf("ParseNSM(%q): unexpected error %v", c.in, err)
			continue
		}
		if got := ref.String(); got != c.want {
			t.Errorf("ParseNSM(%q).String() = %q, want %q", c.in, got, c.want)
		}
		if got := ref.Slug(); got != c.slug {
			t.Errorf("ParseNSM(%q).Slug() = %q, want %q", c.in, got, c.slug)
		}
		if got := ref.Level(); got != c.level {
			t.Errorf("ParseNSM(%q).Level() = %d, want %d", c.in, got, c.level)
		}
	}
}

func TestParseNSMErrors(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", `empty NSM reference: write a category ("2"), a principle ("2.3") or a measure ("2.3.1")`},
		{"x", `invalid NSM reference "x": write a category ("2"), a principle ("2.3") or a measure ("2.3.1")`},
		{"2.", `invalid NSM reference "2.": write a category ("2"), a principle ("2.3") or a measure ("2.3.1")`},
		{"2.3.1.4", `invalid NSM reference "2.3.1.4": write a category ("2"), a principle ("2.3") or a measure ("2.3.1")`},
		{"-2", `invalid NSM reference "-2": write a category ("2"), a principle ("2.3") or a measure ("2.3.1")`},
		{"+2", `invalid NSM reference "+2": write a category ("2"), a principle ("2.3") or a measure ("2.3.1")`},
		{"5", `unknown NSM category "5": the categories are 1–4`},
		{"0.1", `unknown NSM category "0.1": the categories are 1–4`},
		{"2.11", `unknown NSM principle "2.11": category 2 has principles 2.1–2.10`},
		{"1.0", `unknown NSM principle "1.0": category 1 has principles 1.1–1.3`},
		{"2.3.11", `unknown NSM measure "2.3.11": principle 2.3 has measures 2.3.1–2.3.10`},
		{"2.3.0", `unknown NSM measure "2.3.0": principle 2.3 has measures 2.3.1–2.3.10`},
		{"2.7.5", `NSM measure "2.7.5" is not in Varde's reference data: only 2.7.1–2.7.4 of principle 2.7 are verified; cite the principle "2.7" instead`},
		{"2.4.1", `NSM measure "2.4.1" is not in Varde's reference data: the measures of principle 2.4 are not verified yet; cite the principle "2.4" instead`},
		{"4.4.0", `unknown NSM measure "4.4.0": measures are numbered from 1; cite the principle "4.4" instead`},
	}
	for _, c := range cases {
		_, err := ParseNSM(c.in)
		if err == nil {
			t.Errorf("ParseNSM(%q): want error %q, got none", c.in, c.want)
			continue
		}
		if err.Error() != c.want {
			t.Errorf("ParseNSM(%q) error:\n got %s\nwant %s", c.in, err, c.want)
		}
	}
}

func TestNSMTitles(t *testing.T) {
	cases := []struct {
		ref, lang, want string
		ok              bool
	}{
		{"1", "nb", "Identifisere og kartlegge", true},
		{"4", "nn", "Handtere og rette opp att", true},
		{"3", "en", "Detect", true},
		{"1.1", "nb", "Kartlegg styringsstrukturer, leveranser og understøttende systemer", true},
		{"2.6", "nn", "Ha kontroll på identitetar og tilgangar", true},
		{"2.6.7", "en", "Use multi-factor authentication", true},
		{"2.6.7", "nn", "Bruk flerfaktorautentisering", true}, // no nynorsk measure title: falls back to bokmål
		{"2.1.5", "nb", "", false},                            // valid measure without a title of its own
	}
	for _, c := range cases {
		ref, err := ParseNSM(c.ref)
		if err != nil {
			t.Fatalf("ParseNSM(%q): %v", c.ref, err)
		}
		got, ok := NSMTitle(ref, c.lang)
		if got != c.want || ok != c.ok {
			t.Errorf("NSMTitle(%s, %s) = %q, %v; want %q, %v", c.ref, c.lang, got, ok, c.want, c.ok)
		}
	}
	if got, ok := LookupNSM(NSMRef{Category: 2, Principle: 3}); !ok || got != "Ivareta en sikker konfigurasjon" {
		t.Errorf("LookupNSM(2.3) = %q, %v", got, ok)
	}
	for _, bad := range []NSMRef{{}, {Category: 9}, {Category: 2, Principle: 11}, {Category: 2, Measure: 1}} {
		if got, ok := LookupNSM(bad); ok || got != "" {
			t.Errorf("LookupNSM(%+v) = %q, %v; want no title", bad, got, ok)
		}
	}
}

func TestNSMRefPrincipleRef(t *testing.T) {
	ref, err := ParseNSM("2.3.1")
	if err != nil {
		t.Fatal(err)
	}
	if got := ref.PrincipleRef().String(); got != "2.3" {
		t.Errorf("PrincipleRef() = %q, want 2.3", got)
	}
}

func TestNSMCategoriesIsACopy(t *testing.T) {
	a := NSMCategories()
	a[0].Title.NB = "changed"
	a[0].Principles[0].Titled[0].Title.NB = "changed"
	b := NSMCategories()
	if b[0].Title.NB == "changed" || b[0].Principles[0].Titled[0].Title.NB == "changed" {
		t.Error("NSMCategories returned shared data; callers could corrupt the reference data")
	}
}
