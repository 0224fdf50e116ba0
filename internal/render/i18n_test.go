package render

import "testing"

// TestSingularGoesWithItsPlural: a ".one" form is used only from the
// language that gives the plural, so an English singular never stands in
// a Norwegian sentence.
func TestSingularGoesWithItsPlural(t *testing.T) {
	s := &Strings{fallback: "nb", byLang: map[string]map[string]string{
		"en": {"q": "{0} questions", "q.one": "1 question", "only.en": "x", "only.en.one": "one x"},
		"nb": {"q": "{0} spørsmål", "side": "{0} sider", "side.one": "1 side"},
		"nn": {"side": "{0} sider"},
	}}
	for _, c := range []struct{ lang, key, want string }{
		{"en", "q", "q.one"},
		{"nb", "q", "q"},       // nb gives q and has no singular
		{"nn", "q", "q"},       // nn falls back to nb's q: no singular either
		{"nn", "side", "side"}, // nn's own side, without a singular
		{"nb", "side", "side.one"},
		{"nb", "only.en", "only.en.one"}, // the plural itself comes from English
	} {
		if got := s.Singular(c.lang, c.key); got != c.want {
			t.Errorf("Singular(%s, %s) = %s, want %s", c.lang, c.key, got, c.want)
		}
	}
	nb := s.All("nb")
	if _, ok := nb["q.one"]; ok {
		t.Errorf("the bokmål bundle has English q.one: %v", nb)
	}
	if nb["only.en.one"] != "one x" || nb["side.one"] != "1 side" {
		t.Errorf("bokmål bundle: %v", nb)
	}
	if _, ok := s.All("nn")["side.one"]; ok {
		t.Error("the nynorsk bundle has bokmål's side.one beside its own side")
	}
}
