package reference

import "testing"

func TestParseSectionNumber(t *testing.T) {
	cases := []struct {
		in, want string
		ok       bool
	}{
		{"12", "12", true},
		{"12 a", "12 a", true},
		{"12a", "12 a", true},
		{"4-3", "4-3", true},
		{"4 - 3", "4-3", true},
		{"4–3", "4-3", true},
		{"25-1 b", "25-1 b", true},
		{"0", "", false},
		{"4-0", "", false},
		{"4-", "", false},
		{"12 ab", "", false},
		{"a", "", false},
		{"99999999999999999999", "", false},
	}
	for _, c := range cases {
		key, ok := parseSectionNumber(c.in)
		if ok != c.ok || (ok && key.String() != c.want) {
			t.Errorf("parseSectionNumber(%q) = %q, %v; want %q, %v", c.in, key.String(), ok, c.want, c.ok)
		}
	}
}
