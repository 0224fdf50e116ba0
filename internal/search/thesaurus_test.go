package search

import (
	"strings"
	"testing"
)

// TestShippedThesaurus checks the thesaurus files Varde ships: no
// malformed line, at least 200 groups a language, and every group says
// where it comes from or why it is there.
func TestShippedThesaurus(t *testing.T) {
	for _, lang := range []string{"nb", "nn"} {
		name := "thesaurus/" + lang + ".txt"
		data, err := thesaurusFiles.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		th, ds := ParseThesaurus(name, data)
		for _, d := range ds {
			t.Error(d)
		}
		if th.Groups() < 200 {
			t.Errorf("%s: %d groups, want at least 200", name, th.Groups())
		}
		for _, g := range th.groups {
			if g.reason == "" {
				t.Errorf("%s:%d: a group without a source or reason", name, g.line)
			}
		}
	}
}

// TestParseThesaurusErrors checks that each malformed line is reported at
// its line and left out, and the good lines kept.
func TestParseThesaurusErrors(t *testing.T) {
	src := strings.Join([]string{
		"# comment",
		"ROS = risikovurdering # fine",
		"just words",
		"a = = b",
		"og = i # only stop words",
		"backup",
		"minnepinne = Minnepinne",
		"en to tre fire fem seks sju = x # too long a phrase",
		"",
		"PVO=personvernombud",
	}, "\n")
	th, ds := ParseThesaurus("data/synonymer.txt", []byte(src))
	var got []string
	for _, d := range ds {
		got = append(got, d.String())
	}
	want := []string{
		"data/synonymer.txt:3:",
		"data/synonymer.txt:4:",
		"data/synonymer.txt:5:",
		"data/synonymer.txt:6:",
		"data/synonymer.txt:7:",
		"data/synonymer.txt:8:",
	}
	if len(got) != len(want) {
		t.Fatalf("diagnostics:\n%s\nwant %d, at lines 3-8", strings.Join(got, "\n"), len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(got[i], w) || !strings.Contains(got[i], "error") {
			t.Errorf("diagnostic %d: %q, want an error at %s", i, got[i], w)
		}
	}
	if th.Groups() != 2 {
		t.Errorf("%d groups kept, want 2 (lines 2 and 10)", th.Groups())
	}
}
