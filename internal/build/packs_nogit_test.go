package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A site on a git pack that is not itself in a git repository: the
// pack's pages have the pack's history, so the build does not say "not a
// git repository" about them; once the site has pages of its own, it
// names those as the ones without history.
func TestPackSiteOutsideGit(t *testing.T) {
	pk := newGitSite(t)
	pk.write(map[string]string{
		"content/_index.md":         page("title: Nasjonal forside\n", "Velkommen.\n"),
		"content/veiledere/dpia.md": page("title: DPIA\n", "Nasjonal DPIA.\n"),
	})
	pk.commit("Første utgave")
	pk.git("tag", "2026.2")

	dir := filepath.Join(t.TempDir(), "kommune")
	cfg := strings.Replace(packHistoryConfig, "PACK", filepath.ToSlash(pk.dir), 1)
	cfg = strings.Replace(cfg, "[languages.nn]\nname = \"Nynorsk\"\n", "", 1)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	load := func() string {
		t.Helper()
		l, err := Load(context.Background(), Options{Source: dir, IndexDir: t.TempDir()})
		if err != nil {
			t.Fatalf("%v\n%s", err, diagText(l.Diags))
		}
		if h := l.Site.ByPath("/veiledere/dpia/"); h == nil || h.Updated.IsZero() {
			t.Errorf("the pack page has no date from the pack's history")
		}
		return diagText(l.Diags)
	}
	if all := load(); strings.Contains(all, "git") || strings.Contains(all, "history") {
		t.Errorf("every page comes from the git pack, yet:\n%s", all)
	}

	if err := os.MkdirAll(filepath.Join(dir, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "content", "om.md"), []byte(page("title: Om oss\n", "Lokal side.\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	all := load()
	if want := "content: warning: the site's own pages (content/om.md) have no page history: the site folder is not a git repository"; !strings.Contains(all, want) {
		t.Errorf("no %q in\n%s", want, all)
	}
	if strings.Contains(all, "warning: not a git repository") {
		t.Errorf("the old warning about every page:\n%s", all)
	}
}
