package config

import (
	"fmt"
	"strings"
	"testing"
)

// TestMarkupLimits: [markup] maxPageSize takes bytes or a size with a unit,
// maxNesting a number of levels; both default to generous values, and a
// bad value is an error at its line naming the setting.
func TestMarkupLimits(t *testing.T) {
	c, ds := Parse([]byte("title = \"x\"\n"))
	if len(ds) != 0 || c.Markup.MaxPageSize.Bytes != 5<<20 || c.Markup.MaxNesting != 100 {
		t.Fatalf("defaults: %v %+v", ds, c.Markup)
	}
	if d := Default(); d.Markup.MaxPageSize.Bytes != 5<<20 || d.Markup.MaxNesting != 100 {
		t.Errorf("Default(): %+v", d.Markup)
	}
	for src, want := range map[string]int{
		`maxPageSize = "8MB"`:    8 << 20,
		`maxPageSize = "800 kb"`: 800 << 10,
		`maxPageSize = "1.5MiB"`: 3 << 19,
		`maxPageSize = 100000`:   100000,
		`maxPageSize = "4096"`:   4096,
	} {
		c, ds := Parse([]byte("[markup]\n" + src + "\nmaxNesting = 20\n"))
		if len(ds) != 0 || c.Markup.MaxPageSize.Bytes != want || c.Markup.MaxNesting != 20 {
			t.Errorf("%s: %v, %d bytes, nesting %d", src, ds, c.Markup.MaxPageSize.Bytes, c.Markup.MaxNesting)
		}
	}
	for src, want := range map[string]string{
		"maxPageSize = \"lots\"": `config.toml:3: error: markup.maxPageSize: "lots" is not a size`,
		"maxPageSize = \"5 TB\"": `config.toml:3: error: markup.maxPageSize: "5 TB" is not a size`,
		"maxPageSize = 0":        "config.toml:3: error: markup.maxPageSize: must be from 1 byte",
		"maxPageSize = \"9GB\"":  "config.toml:3: error: markup.maxPageSize: must be from 1 byte to 2GB",
		"maxPageSize = true":     "config.toml:3: error: markup.maxPageSize: give a size",
		"maxNesting = -1":        "config.toml:3: error: markup.maxNesting: -1 must be a number of levels",
	} {
		_, ds := Parse([]byte("title = \"x\"\n[markup]\n" + src + "\n"))
		if len(ds) != 1 || !strings.HasPrefix(ds[0].String(), want) {
			t.Errorf("%s: %v, want %s…", src, ds, want)
		}
	}
}

// TestSearchMaxPageText: [search] maxPageText defaults to 1 MB, takes a
// size, and a bad one is reported at its key.
func TestSearchMaxPageText(t *testing.T) {
	for _, tc := range []struct {
		toml string
		want int
		bad  bool
	}{
		{"", DefaultMaxPageText, false},
		{"[search]\nmaxPageText = \"200KB\"\n", 200 << 10, false},
		{"[search]\nmaxPageText = 5000\n", 5000, false},
		{"[search]\nmaxPageText = \"mye\"\n", DefaultMaxPageText, true},
	} {
		c, ds := Parse([]byte("title = \"T\"\n" + tc.toml))
		if c.Search.MaxPageText.Bytes != tc.want {
			t.Errorf("%q: %d, want %d", tc.toml, c.Search.MaxPageText.Bytes, tc.want)
		}
		if bad := strings.Contains(fmt.Sprint(ds), "search.maxPageText"); bad != tc.bad {
			t.Errorf("%q: diagnostics %v", tc.toml, ds)
		}
	}
}
