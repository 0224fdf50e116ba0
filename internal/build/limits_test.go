package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/varde-portal/varde/internal/testsite"
)

// TestBuildMarkdownLimits: a page past a Markdown limit fails the build
// with file:line: error naming the fix, and nothing is published;
// [markup] maxPageSize and maxNesting reach the converter.
func TestBuildMarkdownLimits(t *testing.T) {
	var deep strings.Builder
	for i := 0; i < 150; i++ {
		deep.WriteString(strings.Repeat("  ", i) + "- punkt\n")
	}
	for _, tc := range []struct {
		name, config, page, want string
	}{
		{"nesting", "", deep.String(), "content/dyp.md:105: error: block quotes and lists are nested 101 levels deep"},
		{"configured nesting", "[markup]\nmaxNesting = 5\n", deep.String(), "content/dyp.md:10: error: block quotes and lists are nested 6 levels deep"},
		{"configured size", "[markup]\nmaxPageSize = \"1KB\"\n", strings.Repeat("Tekst. ", 400), "content/dyp.md:4: error: the page's text is 2.7 KB, more than the 1 KB"},
	} {
		dir := t.TempDir()
		testsite.Write(t, dir, map[string]string{
			"config.toml":       "title = \"Grenser\"\n" + tc.config,
			"content/_index.md": "---\ntitle: Hjem\n---\nVelkommen.\n",
			"content/dyp.md":    "---\ntitle: Dyp\n---\n\n" + tc.page,
		})
		dest := filepath.Join(dir, "public")
		res, err := Build(context.Background(), Options{Source: dir, Dest: dest})
		if err == nil {
			t.Errorf("%s: the build passed", tc.name)
			continue
		}
		found := false
		for _, d := range res.Diags {
			found = found || strings.HasPrefix(d.String(), tc.want)
		}
		if !found {
			t.Errorf("%s: want %s…, got %v", tc.name, tc.want, res.Diags)
		}
		if _, err := os.Stat(filepath.Join(dest, "index.html")); err == nil {
			t.Errorf("%s: the failed build published", tc.name)
		}
	}
}
