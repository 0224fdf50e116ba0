package render

import (
	"html/template"
	"strings"
	"testing"
)

// The theme's hyphenate function adds soft hyphens to text shown as a
// heading, and html/template still escapes the text around them.
func TestHyphenateFunc(t *testing.T) {
	tpl := template.Must(template.New("t").Funcs(funcs()).Parse(`<h1>{{ hyphenate .Lang .Title }}</h1>`))
	for _, c := range []struct{ lang, title, want string }{
		{"nb", "Personvernkonsekvensvurdering <i>", "<h1>Per\u00adson\u00advern\u00adkon\u00adse\u00adkvens\u00advur\u00adde\u00adring &lt;i&gt;</h1>"},
		{"nn", "Informasjonssikkerheit", "<h1>In\u00adfor\u00adma\u00adsjons\u00adsik\u00adker\u00adheit</h1>"},
		{"en", "Personvernkonsekvensvurdering", "<h1>Personvernkonsekvensvurdering</h1>"},
	} {
		var b strings.Builder
		if err := tpl.Execute(&b, map[string]string{"Lang": c.lang, "Title": c.title}); err != nil {
			t.Fatal(err)
		}
		if b.String() != c.want {
			t.Errorf("%s %q: got %q, want %q", c.lang, c.title, b.String(), c.want)
		}
	}
}
