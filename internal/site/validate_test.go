package site

import (
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	cfg := twoLangs + "[sections.normer]\ntype = \"norm\"\n[sections.kurs]\ntype = \"course\"\n"
	files := map[string]string{
		"content/_index.md":        "---\ntitle: Hjem\n---\n",
		"content/veiledere/a.md":   "---\ntitle: A\naliases: [/gammel/a/, /veiledere/b]\n---\n",
		"content/veiledere/b.md":   "---\ntitle: B\naliases: [../gammel/a]\n---\n",
		"content/normer/n.nn.md":   "---\ntitle: Skjerm\n---\n",
		"content/kurs/tomt.md":     "---\ntitle: Tomt kurs\n---\nBare tekst.\n",
		"content/kurs/med-quiz.md": "---\ntitle: Kurs\n---\n```quiz\n? Spørsmål\n- [x] Ja\n- [ ] Nei\n```\n",
	}
	s, ds := build(t, cfg, files)
	got := messages(append(ds, s.Validate()...))
	for _, want := range []string{
		"content/veiledere/a.md:3: error: alias /veiledere/b/ is the address of another page (content/veiledere/b.md)",
		"content/veiledere/b.md:3: error: alias /gammel/a/ is also an alias of content/veiledere/a.md",
		`content/normer/n.nn.md:1: error: a norm needs a statement: the norm in the first person, e.g. statement: "Eg låser skjermen når eg går frå"`,
		"content/kurs/tomt.md:1: warning: a course without a quiz can never be passed",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	if strings.Contains(got, "med-quiz") {
		t.Errorf("the course with a quiz was reported:\n%s", got)
	}
}

func TestAliasPath(t *testing.T) {
	for _, c := range []struct{ page, alias, want string }{
		{"/veiledere/dpia/", "/gammel/dpia", "/gammel/dpia/"},
		{"/veiledere/dpia/", "gammel-dpia", "/veiledere/gammel-dpia/"},
		{"/nn/veiledere/dpia/", "../dpia-gammal/", "/nn/dpia-gammal/"},
		{"/veiledere/dpia/", "/gammel/dpia.html", "/gammel/dpia.html"},
		{"/om/", "../../../x", "/x/"},
		{"/om/", "/", "/"},
	} {
		if got := aliasPath(c.page, c.alias); got != c.want {
			t.Errorf("aliasPath(%q, %q) = %q, want %q", c.page, c.alias, got, c.want)
		}
	}
}

// TestValidateFollowOns: one root cause, one message. A course whose quiz
// has an error is not also "without a quiz"; a description or statement
// written but empty is reported at its own line.
func TestValidateFollowOns(t *testing.T) {
	cfg := twoLangs + "[sections.kurs]\ntype = \"course\"\n[sections.veiledere]\ntype = \"onepager\"\n[sections.normer]\ntype = \"norm\"\n"
	s, ds := build(t, cfg, map[string]string{
		"content/_index.md":         "---\ntitle: Hjem\n---\n",
		"content/kurs/feil.md":      "---\ntitle: Kurs\n---\n```quiz\n? Spørsmål\n- [ ] Ja\n- [ ] Nei\n```\n",
		"content/veiledere/tom.md":  "---\ntitle: Tom\ntype: onepager\n\ndescription: \"\"\n---\n",
		"content/normer/skjerm.md":  "---\ntitle: Skjerm\nstatement:\n---\n",
		"content/veiledere/uten.md": "---\ntitle: Uten\n---\n",
	})
	got := messages(append(ds, s.Validate()...))
	for _, want := range []string{
		"content/kurs/feil.md:5: error: question 1 has no correct option",
		"content/veiledere/tom.md:5: error: a one-pager needs a description",
		"content/normer/skjerm.md:3: error: a norm needs a statement",
		"content/veiledere/uten.md:1: error: a one-pager needs a description",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	if strings.Contains(got, "a course without a quiz") {
		t.Errorf("follow-on message for the broken quiz:\n%s", got)
	}
}

// TestAudienceWarnings: an audience that is neither one docs/format.md lists
// nor one with a page of its own is warned about, with did-you-mean; an
// audience the site describes is fine.
func TestAudienceWarnings(t *testing.T) {
	s, ds := build(t, twoLangs, map[string]string{
		"content/_index.md":                     "---\ntitle: Hjem\n---\n",
		"content/malgruppe/politiker/_index.md": "---\ntitle: Politikere\n---\n",
		"content/om/a.md":                       "---\ntitle: A\naudience: [ansatte, leder, politiker]\n---\n",
		"content/om/b.md":                       "---\ntitle: B\n\naudience: [IT, Innbygger]\n---\n",
	})
	got := messages(append(ds, s.Validate()...))
	for _, want := range []string{
		`content/om/a.md:3: warning: audience "ansatte" is not one of the site's audiences (ansatt, it, kommunedirektor, leder, personvernombud, politiker): did you mean "ansatt"? use one of them, or describe the new audience in content/malgruppe/ansatte/_index.md`,
		`content/om/b.md:4: warning: audience "Innbygger" is not one of the site's audiences`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	if n := strings.Count(got, "not one of the site's audiences"); n != 2 {
		t.Errorf("%d audience warnings, want 2:\n%s", n, got)
	}
}

// TestBaseURLWarning: without an address the absolute links cannot be
// made; that is said once, naming what it breaks.
func TestBaseURLWarning(t *testing.T) {
	s, ds := build(t, "title = \"K\"\n", map[string]string{"content/_index.md": "---\ntitle: Hjem\n---\n"})
	got := messages(append(ds, s.Validate()...))
	want := "config.toml: warning: config.toml has no baseURL: the sitemap, robots.txt, canonical links and feeds get relative addresses"
	if !strings.Contains(got, want) || !strings.Contains(got, "SCORM") || strings.Count(got, "baseURL") != 2 {
		t.Errorf("got\n%s\nwant %q once", got, want)
	}
	s, ds = build(t, "title = \"K\"\n\nbaseURL = \"/portal/\"\n", map[string]string{"content/_index.md": "---\ntitle: Hjem\n---\n"})
	if got := messages(append(ds, s.Validate()...)); !strings.Contains(got, `config.toml:3: warning: baseURL "/portal/" is a path, not the portal's address`) {
		t.Errorf("path baseURL:\n%s", got)
	}
	s, ds = build(t, twoLangs, map[string]string{"content/_index.md": "---\ntitle: Hjem\n---\n"})
	if got := messages(append(ds, s.Validate()...)); strings.Contains(got, "baseURL") {
		t.Errorf("warned with a baseURL:\n%s", got)
	}
}
