package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/varde-portal/varde/internal/testsite"
)

func TestIndexedText(t *testing.T) {
	for _, tc := range []struct {
		text string
		max  int
		want string
	}{
		{"kort tekst", 100, "kort tekst"},
		{"kort tekst", 0, "kort tekst"},                      // no limit
		{"personvern og sikkerhet", 15, "personvern og"},     // at a space, the word kept whole
		{"personvern og sikkerhet", 13, "personvern og"},     // exactly at the space
		{"æøå æøå æøå", 9, "æøå"},                            // never inside a letter
		{"ettveldiglangtord og mer", 10, "ettveldigl"},       // one word over half the limit: cut in it
		{"ab\ncd ef", 4, "ab"},                               // a line break is a space
		{strings.Repeat("å", 10), 5, strings.Repeat("å", 2)}, // rune-safe inside a word
	} {
		got := indexedText(tc.text, tc.max)
		if got != tc.want {
			t.Errorf("indexedText(%q, %d) = %q, want %q", tc.text, tc.max, got, tc.want)
		}
		if !utf8.ValidString(got) || tc.max > 0 && len(got) > tc.max {
			t.Errorf("indexedText(%q, %d) = %q: invalid or too long", tc.text, tc.max, got)
		}
	}
}

// TestSearchTextLimit: a page whose text passes [search] maxPageText is
// published whole, indexed up to the limit, and the build warns naming the
// file and the setting; a bad value is an error at its key.
func TestSearchTextLimit(t *testing.T) {
	body := strings.Repeat("Kommunen skal ha oversikt over behandlingene. ", 60) + "Sluttordet bortgjemt."
	dir := t.TempDir()
	testsite.Write(t, dir, map[string]string{
		"config.toml":       "title = \"Grenser\"\n[search]\nmaxPageText = \"1KB\"\n",
		"content/_index.md": "---\ntitle: Hjem\n---\nVelkommen.\n",
		"content/lang.md":   "---\ntitle: Lang\n---\n\n" + body + "\n",
		"content/kort.md":   "---\ntitle: Kort\n---\n\nKort side.\n",
	})
	dest := filepath.Join(dir, "public")
	res, err := Build(context.Background(), Options{Source: dir, Dest: dest})
	if err != nil {
		t.Fatalf("build: %v %v", err, res.Diags)
	}
	var warned []string
	for _, d := range res.Diags {
		if strings.Contains(d.String(), "maxPageText") {
			warned = append(warned, d.String())
		}
	}
	if len(warned) != 1 || !strings.HasPrefix(warned[0], "content/lang.md:1: warning: search indexes the first 1 KB of this page's 2.7 KB of text") {
		t.Errorf("warnings: %q", warned)
	}
	html, err := os.ReadFile(filepath.Join(dest, "lang", "index.html"))
	if err != nil || !strings.Contains(string(html), "Sluttordet bortgjemt") {
		t.Errorf("the page is not published whole (%v)", err)
	}
	l, err := Load(context.Background(), Options{Source: dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range SearchDocs(l.Site) {
		switch d.ID {
		case "lang":
			if len(d.Body) > 1024 || strings.Contains(d.Body, "Sluttordet") || !strings.HasPrefix(d.Body, "Kommunen skal") {
				t.Errorf("indexed text of the long page: %d bytes, %q…", len(d.Body), d.Body[:40])
			}
		case "kort":
			if d.Body != "Kort side." {
				t.Errorf("indexed text of the short page: %q", d.Body)
			}
		}
	}

	testsite.Write(t, dir, map[string]string{"config.toml": "title = \"Grenser\"\n[search]\nmaxPageText = \"mye\"\n"})
	res, err = Build(context.Background(), Options{Source: dir, Dest: dest})
	if err == nil || !strings.Contains(diagText(res.Diags), "search.maxPageText") {
		t.Errorf("a bad maxPageText: %v %v", err, res.Diags)
	}
}
