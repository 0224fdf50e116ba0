package render

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

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

// A broken strings file is named as it lies in the site's folder, at the
// line of the mistake: the site's own, a theme's in themes/, and the
// bundled theme's.
func TestBrokenStringsFileNamed(t *testing.T) {
	broken := &fstest.MapFile{Data: []byte("a = \"x\"\nb = y\n")}
	for _, tc := range []struct {
		fsys fstest.MapFS
		want string
	}{
		{fstest.MapFS{"i18n/nb.toml": broken}, "i18n/nb.toml"},
		{fstest.MapFS{"themes/default/layouts/x.html": {Data: []byte("x")}, "themes/default/i18n/nb/ui.toml": broken}, "themes/default/i18n/nb/ui.toml"},
	} {
		th, err := LoadTheme(tc.fsys, "default")
		if err != nil {
			t.Fatal(err)
		}
		_, err = LoadStrings(th, []string{"nb"}, "nb")
		var fe *FileError
		if !errors.As(err, &fe) || fe.File != tc.want || fe.Line != 2 || !strings.Contains(fe.Error(), tc.want+":2: the text of b must be in quotes") {
			t.Errorf("got %v, want an error at %s:2", err, tc.want)
		}
	}
	if got := (&Theme{}).filePath("bundled default theme", "i18n/nb.toml"); got != "i18n/nb.toml (bundled default theme)" {
		t.Errorf("bundled file named %q", got)
	}
}
