package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/varde-portal/varde/internal/testsite"
)

const linkSecret = "SECRET-FROM-OUTSIDE-THE-SITE"

// outsideFile is a file beside the site, standing in for /etc/passwd.
func outsideFile(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	testsite.Write(t, dir, map[string]string{"passwd": "---\ntitle: Hemmelig\n---\n" + linkSecret + "\n"})
	return filepath.Join(dir, "passwd")
}

func linkTo(t *testing.T, target, name string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, name); err != nil {
		t.Fatal(err)
	}
}

// Every command that reads a site refuses a link out of it, naming it.
func TestCommandsRefuseLinksOutOfTheSite(t *testing.T) {
	passwd := outsideFile(t)
	site := newSite(t, nil)
	linkTo(t, passwd, filepath.Join(site, "content", "veiledere", "passwd.md"))
	linkTo(t, "/proc/self/environ", filepath.Join(site, "static", "environ.txt"))
	want := []string{
		"content/veiledere/passwd.md: error: symbolic link to a file outside the site (" + passwd + "); Varde does not follow links out of the site: copy the file into the site instead",
		"static/environ.txt: error: symbolic link to a file outside the site (/proc/self/environ)",
	}
	dest := filepath.Join(t.TempDir(), "public")
	for _, args := range [][]string{
		{"build", "--quiet", "-s", site, "-d", dest},
		{"check", "-s", site},
		{"search", "-s", site, "hemmelig"},
	} {
		code, out, errs := runCLI(args...)
		if code != exitContent {
			t.Errorf("varde %s: exit %d, want %d\n%s", args[0], code, exitContent, errs)
		}
		for _, w := range want {
			if !strings.Contains(errs+out, w) {
				t.Errorf("varde %s does not say\n  %s\ngot:\n%s%s", args[0], w, out, errs)
			}
		}
		if strings.Contains(out+errs, linkSecret) {
			t.Errorf("varde %s printed the file outside the site", args[0])
		}
	}
	if _, err := os.Stat(dest); !os.IsNotExist(err) {
		t.Errorf("the failed build wrote %s", dest)
	}
}

func TestEditionSnapshotRefusesLinksOutOfTheSite(t *testing.T) {
	passwd := outsideFile(t)
	site := newSite(t, nil)
	linkTo(t, passwd, filepath.Join(site, "content", "veiledere", "passwd.md"))
	before, _ := os.ReadFile(filepath.Join(site, "config.toml"))
	code, _, errs := runCLI("edition", "snapshot", "2024", "-s", site)
	if code != exitContent || !strings.Contains(errs, "content/veiledere/passwd.md: error: symbolic link to a file outside the site (") {
		t.Errorf("exit %d: %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(site, "editions")); !os.IsNotExist(err) {
		t.Errorf("a refused snapshot left editions/ behind")
	}
	if after, _ := os.ReadFile(filepath.Join(site, "config.toml")); string(after) != string(before) {
		t.Errorf("a refused snapshot changed config.toml")
	}
}

func TestNewRefusesLinksOutOfTheSite(t *testing.T) {
	passwd := outsideFile(t)
	site := newSite(t, nil)
	linkTo(t, passwd, filepath.Join(site, "archetypes", "page.md"))
	code, _, errs := runCLI("new", "page", "om/x.md", "-s", site)
	if code != exitContent || !strings.Contains(errs, "archetypes/page.md: symbolic link to a file outside the site (") {
		t.Errorf("an archetype linked out of the site: exit %d: %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(site, "content", "om", "x.md")); !os.IsNotExist(err) {
		t.Error("the page was written from a file outside the site")
	}

	// A content folder that is a link out of the site is not written into.
	other := newSite(t, nil)
	outDir := t.TempDir()
	if err := os.RemoveAll(filepath.Join(other, "content")); err != nil {
		t.Fatal(err)
	}
	linkTo(t, outDir, filepath.Join(other, "content"))
	code, _, errs = runCLI("new", "page", "om/y.md", "-s", other)
	if code != exitContent || !strings.Contains(errs, "content: symbolic link to a folder outside the site (") {
		t.Errorf("content/ linked out of the site: exit %d: %s", code, errs)
	}
	if entries, _ := os.ReadDir(outDir); len(entries) != 0 {
		t.Errorf("varde new wrote outside the site: %v", entries)
	}
}
