package config

import (
	"strings"
	"testing"
)

func TestSurveys(t *testing.T) {
	c, ds := Parse([]byte(`title = "x"
[[surveys]]
name = "region-2025"
title = "Modenhet i regionen 2025"
checklist = "sjekklister/egenvurdering"
dir = "modenhet/region-2025/"
`))
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	s := c.Surveys[0]
	if s.K != DefaultSurveyK || s.Dir != "modenhet/region-2025" || s.Title != "Modenhet i regionen 2025" {
		t.Errorf("survey = %+v", s)
	}
}

func TestSurveyErrorsNameFieldAndLine(t *testing.T) {
	cases := []struct{ toml, want string }{
		{"[[surveys]]\nname = \"Region 1\"\nchecklist = \"c\"\ndir = \"m\"", `config.toml:2: error: surveys[0].name: "Region 1" must be lower-case`},
		{"[[surveys]]\nname = \"a\"\ndir = \"m\"", `config.toml:1: error: surveys[0]: survey "a": give checklist`},
		// It passed, and the build failed making the folder /modenhet/aaa…/.
		{"[[surveys]]\nname = \"" + strings.Repeat("a", 101) + "\"\nchecklist = \"c\"\ndir = \"m\"", `config.toml:2: error: surveys[0].name: the name is 101 characters long; use a short one such as region-2025 (at most 100)`},
		{"[[surveys]]\nname = \"a\"\nchecklist = \"c\"\ndir = \"content/svar\"", `config.toml:4: error: surveys[0].dir: "content/svar" is inside content/`},
		{"[[surveys]]\nname = \"a\"\nchecklist = \"c\"\ndir = \"../svar\"", `config.toml:4: error: surveys[0].dir: "../svar" must be a folder inside the site`},
		{"[[surveys]]\nname = \"a\"\nchecklist = \"c\"\ndir = \"/tmp/svar\"", `surveys[0].dir: "/tmp/svar" must be a folder inside the site`},
		{"[[surveys]]\nname = \"a\"\nchecklist = \"c\"", `surveys[0].dir: survey "a": give dir`},
		{"[[surveys]]\nname = \"a\"\nchecklist = \"c\"\ndir = \"m\"\nk = 2", `config.toml:5: error: surveys[0].k: 2 is too small`},
		{"[[surveys]]\nname = \"a\"\nchecklist = \"c\"\ndir = \"m\"\nk = 0", `surveys[0].k: 0 is too small`},
		{"[[surveys]]\nname = \"a\"\nchecklist = \"c\"\ndir = \"m\"\n[[surveys]]\nname = \"a\"\nchecklist = \"c\"\ndir = \"n\"", `config.toml:6: error: surveys[1].name: "a" is used by two surveys`},
		{"[[surveys]]\nname = \"a\"\nchecklist = \"c\"\ndir = \"m\"\nterskel = 3", `unknown setting "surveys.terskel"`},
	}
	for _, c := range cases {
		_, ds := Parse([]byte(c.toml))
		var got []string
		for _, d := range ds {
			got = append(got, d.String())
		}
		if !strings.Contains(strings.Join(got, "\n"), c.want) {
			t.Errorf("%q:\n got %q\nwant %q", c.toml, got, c.want)
		}
	}
}
