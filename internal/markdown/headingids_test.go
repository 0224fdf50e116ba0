package markdown

import (
	"strings"
	"testing"
)

// TestHeadingIDsGivenTwiceOrEmpty: a heading id given twice, or given
// after a generated one, and an empty {#} are errors at the heading's
// line (FuzzConvert found them passing, with two equal ids or id="").
func TestHeadingIDsGivenTwiceOrEmpty(t *testing.T) {
	r := New(Options{Lang: "nb"}).Convert([]byte("## Mål {#mal}\n\nTekst.\n\n## Mål igjen {#mal}\n\n## {#}\n\n## Egen\n\n## Annen {#egen}\n\n## Fri {#fri}\n"), Doc{File: "content/a.md", LineOffset: 3})
	var got []string
	for _, d := range r.Diags {
		got = append(got, d.String())
	}
	want := []string{
		"content/a.md:8: error: heading id #mal is already used by the heading on line 4, so links to it would all lead there: give this heading another {#id}",
		"content/a.md:10: error: the heading's id is empty ({#}): write a name after #, e.g. {#del}, or remove {#}",
		"content/a.md:14: error: heading id #egen is already used by the heading on line 12, so links to it would all lead there: give this heading another {#id}",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
