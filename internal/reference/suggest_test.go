package reference

import "testing"

func TestClosest(t *testing.T) {
	cases := []struct {
		s          string
		candidates []string
		max        int
		unique     bool
		want       string
		ok         bool
	}{
		{"personopplysningslaven", []string{"gdpr", "personopplysningsloven"}, 4, false, "personopplysningsloven", true},
		{"foo", []string{"fvl", "pol"}, 4, false, "fvl", false},       // two edits in three letters is a guess
		{"25-3", []string{"25-1", "25-2"}, 2, true, "", false},        // tie: no honest suggestion
		{"25-3", []string{"25-1", "25-2"}, 2, false, "25-1", true},    // tie allowed: first wins
		{"12 b", []string{"12", "12 a", "13"}, 2, true, "12 a", true}, // unique nearest
		{"x", nil, 2, false, "", false},
	}
	for _, c := range cases {
		got, ok := closest(c.s, c.candidates, c.max, c.unique)
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("closest(%q, %v, %d, %v) = %q, %v; want %q, %v", c.s, c.candidates, c.max, c.unique, got, ok, c.want, c.ok)
		}
	}
}
