package config

import (
	"strings"
	"testing"
)

func TestPacksAndValues(t *testing.T) {
	c, ds := Parse([]byte(`title = "Nordfjella"
[[packs]]
name = "ks"
git = "https://example.org/ks.git"
ref = "2026.1"
exclude = ["kurs/*", "veiledere/dpia.md"]

[[packs]]
name = "lokal"
path = "../felles"

[values]
kommune = "Nordfjella kommune"
innbyggere = 4200
[values.personvernombud]
navn = "Kari Nordmann"
epost = "kari@nordfjella.kommune.no"
`))
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	if len(c.Packs) != 2 || c.Packs[0].Ref != "2026.1" || len(c.Packs[0].Exclude) != 2 || c.Packs[1].Path != "../felles" {
		t.Errorf("packs = %+v", c.Packs)
	}
	want := map[string]string{"kommune": "Nordfjella kommune", "innbyggere": "4200", "personvernombud.navn": "Kari Nordmann", "personvernombud.epost": "kari@nordfjella.kommune.no"}
	for k, v := range want {
		if c.Values[k] != v {
			t.Errorf("Values[%q] = %q, want %q", k, c.Values[k], v)
		}
	}
	if c.Packs[0].Source() != "https://example.org/ks.git@2026.1" {
		t.Errorf("Source = %q", c.Packs[0].Source())
	}
}

func TestPackErrors(t *testing.T) {
	for _, tc := range []struct{ text, line, want string }{
		{"[[packs]]\nname = \"ks\"\ngit = \"https://x/y.git\"\n", "config.toml:3:", "needs ref"},
		{"[[packs]]\nname = \"ks\"\n", "config.toml:1:", "either path"},
		{"[[packs]]\nname = \"ks\"\npath = \"a\"\ngit = \"b\"\nref = \"1\"\n", "config.toml:1:", "not both"},
		{"[[packs]]\nname = \"k s\"\npath = \"a\"\n", "config.toml:2:", "must be letters"},
		{"[[packs]]\nname = \"a\"\npath = \"a\"\n[[packs]]\nname = \"a\"\npath = \"b\"\n", "config.toml:5:", "used by two packs"},
		{"[[packs]]\nname = \"ks\"\ngit = \"b\"\nref = \"v1 v2\"\n", "config.toml:4:", "not a tag or commit"},
		{"[[packs]]\nname = \"ks\"\npath = \"a\"\nexclude = [\"[\"]\n", "config.toml:4:", "not a content path or glob"},
		{"[values]\n\"min kommune\" = \"x\"\n", "config.toml:2:", "cannot be used in a page"},
		{"[values]\nk = [1, 2]\n", "config.toml:2:", "not a list"},
	} {
		_, ds := Parse([]byte(tc.text))
		var got []string
		for _, d := range ds {
			got = append(got, d.String())
		}
		all := strings.Join(got, "\n")
		if !strings.Contains(all, tc.line) || !strings.Contains(all, tc.want) {
			t.Errorf("%q: got %q, want %s … %s", tc.text, all, tc.line, tc.want)
		}
	}
}
