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
