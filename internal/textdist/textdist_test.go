package textdist

import "testing"

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"tittel", "title", 2}, {"descripton", "description", 1}, {"årshjul", "arshjul", 1}, {"abc", "", 3},
		{"pol", "pal", 1}, {"opplæringslova", "opplaringslova", 1}, {"25-1", "25-3", 1}, {"kitten", "sitting", 3}} {
		if got := Distance(c.a, c.b); got != c.d {
			t.Errorf("Distance(%q,%q) = %d, want %d", c.a, c.b, got, c.d)
		}
	}
}

func TestClosest(t *testing.T) {
	fields := []string{"title", "description", "topics", "type"}
	if got := Closest("descripton", fields, 2); got != "description" {
		t.Errorf("got %q", got)
	}
	if got := Closest("weight", fields, 2); got != "" {
		t.Errorf("got %q", got)
	}
	if got := Closest("title", fields, 2); got != "" {
		t.Errorf("exact match should give no suggestion, got %q", got)
	}
}
