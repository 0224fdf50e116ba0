package reference

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEmbeddedDataLoads(t *testing.T) {
	if _, err := data(); err != nil {
		t.Fatalf("embedded reference data does not load: %v", err)
	}
	if got := NSMVersion(); got != "2.1" {
		t.Errorf("NSMVersion() = %q, want 2.1", got)
	}
}

// TestBadDataIsRejected feeds the loader broken files from testdata/bad and
// checks that each is refused with an error naming the problem, never a
// panic, so a bad edit of data/*.toml fails the tests instead of shipping.
func TestBadDataIsRejected(t *testing.T) {
	cases := []struct{ file, want string }{
		{"nsm-category-order.toml", "categories must be numbered 1, 2, 3"},
		{"nsm-principle-gap.toml", "principles must be numbered in order"},
		{"nsm-measure-range.toml", "within 1–2"},
		{"nsm-unknown-key.toml", `unknown key "colour"`},
		{"nsm-empty-title.toml", "category 1 has no bokmål title"},
		{"nsm-syntax.toml", "line 1"},
		{"legal-duplicate-alias.toml", `name "AL" is also a name of a`},
		{"legal-section-order.toml", `section "12" is out of order`},
		{"legal-section-form.toml", `section "12a" is not in canonical form`},
		{"legal-article-range.toml", `article "11" is outside 1–10`},
		{"legal-unit.toml", `unit must be "art" or "§"`},
	}
	for _, c := range cases {
		src, err := os.ReadFile(filepath.Join("testdata", "bad", c.file))
		if err != nil {
			t.Fatal(err)
		}
		d := &db{}
		if strings.HasPrefix(c.file, "nsm-") {
			err = d.parseNSM(src)
		} else {
			err = d.parseLegal(src)
		}
		if err == nil {
			t.Errorf("%s: accepted, want error containing %q", c.file, c.want)
		} else if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q does not contain %q", c.file, err, c.want)
		}
	}
}
