package pack

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/testsite"
)

const folderPage = "---\ntitle: Avvik\n---\n\nMeld avvik til personvernombudet innen tre dager.\n"

// folderPackSite writes a site on a folder pack beside it (../felles), with
// no git anywhere, and returns the site's folder, the pack's and the config.
func folderPackSite(t *testing.T) (site, felles string, cfg *config.Config) {
	t.Helper()
	parent := t.TempDir()
	site, felles = filepath.Join(parent, "site"), filepath.Join(parent, "felles")
	conf := "title = \"Test\"\n[[packs]]\nname = \"felles\"\npath = \"../felles\"\n"
	testsite.Write(t, site, map[string]string{"config.toml": conf, "content/_index.md": "---\ntitle: Hjem\n---\n"})
	testsite.Write(t, felles, map[string]string{"content/veiledere/avvik.md": folderPage})
	cfg, ds := config.Parse([]byte(conf))
	if cfg == nil || len(ds) > 0 {
		t.Fatal(ds)
	}
	return site, felles, cfg
}

func folderStatusText(t *testing.T, site string, cfg *config.Config) (*Report, string) {
	t.Helper()
	r, err := Status(context.Background(), cfg.Packs[0], StatusOptions{Site: site})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	r.Print(&b)
	return r, b.String()
}

// An override of a folder pack's page keeps the national text it is based
// on in the site (pakkegrunnlag/, to be committed with the page), so that
// status can show what changed upstream with a word diff; without that
// text it says so plainly instead of showing nothing.
func TestFolderPackStatusDiff(t *testing.T) {
	site, felles, cfg := folderPackSite(t)
	ctx := context.Background()
	name, base, err := MakeOverride(ctx, site, cfg, "veiledere/avvik.md", false)
	if err != nil {
		t.Fatal(err)
	}
	if name != "content/veiledere/avvik.md" || base.Ref != "folder" || base.Blob != BlobID([]byte(folderPage)) {
		t.Fatalf("override %s, base %+v", name, base)
	}
	kept := filepath.Join(site, filepath.FromSlash(BaseFile("felles", base.Blob)))
	if b, err := os.ReadFile(kept); err != nil || string(b) != folderPage {
		t.Fatalf("the national text is not kept in %s: %q, %v", kept, b, err)
	}
	if r, out := folderStatusText(t, site, cfg); len(r.Overrides) != 1 || r.Overrides[0].Stale() || !strings.Contains(out, "up to date") {
		t.Errorf("before any upstream change:\n%s", out)
	}

	// Upstream changes the page: stale, with the diff from the kept text.
	changed := strings.Replace(folderPage, "innen tre dager", "straks, og senest innen 72 timer", 1)
	testsite.Write(t, felles, map[string]string{"content/veiledere/avvik.md": changed})
	r, out := folderStatusText(t, site, cfg)
	if len(r.Overrides) != 1 || !r.Overrides[0].Stale() || r.Overrides[0].BaseMissing || len(r.Overrides[0].Diff) == 0 {
		t.Fatalf("report %+v\n%s", r.Overrides, out)
	}
	for _, want := range []string{"content/veiledere/avvik.md: STALE", "in the pack's folder it is changed now", "[-innen tre dager-]{+straks, og senest innen 72 timer+}"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}

	// Without the kept text (a clone where pakkegrunnlag/ was never
	// committed), and no git history in the pack's folder: said plainly.
	if err := os.RemoveAll(filepath.Join(site, BaseDir)); err != nil {
		t.Fatal(err)
	}
	r, out = folderStatusText(t, site, cfg)
	if !r.Overrides[0].BaseMissing || len(r.Overrides[0].Diff) > 0 {
		t.Errorf("report %+v", r.Overrides)
	}
	for _, want := range []string{"no diff: the text the override was based on is not kept (no pakkegrunnlag/felles/" + base.Blob + " in the site", "compare content/veiledere/avvik.md with ../felles/content/veiledere/avvik.md by hand"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}

	// A rebase keeps the new national text and drops the old one, which
	// no page records any more.
	testsite.Write(t, site, map[string]string{BaseFile("felles", base.Blob): folderPage})
	_, nb, err := MakeOverride(ctx, site, cfg, "content/veiledere/avvik.md", true)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(BaseFile("felles", nb.Blob)))); err != nil || string(b) != changed {
		t.Errorf("the new base is not kept: %q, %v", b, err)
	}
	if _, err := os.Stat(kept); !os.IsNotExist(err) {
		t.Errorf("the old base is still kept: %v", err)
	}
	if r, out := folderStatusText(t, site, cfg); r.Overrides[0].Stale() {
		t.Errorf("after the rebase:\n%s", out)
	}
}

// A rebase keeps an old base that another page still records.
func TestFolderPackRebaseKeepsSharedBase(t *testing.T) {
	site, felles, cfg := folderPackSite(t)
	testsite.Write(t, felles, map[string]string{"content/veiledere/kopi.md": folderPage})
	ctx := context.Background()
	for _, p := range []string{"veiledere/avvik.md", "veiledere/kopi.md"} {
		if _, _, err := MakeOverride(ctx, site, cfg, p, false); err != nil {
			t.Fatal(err)
		}
	}
	old := filepath.Join(site, filepath.FromSlash(BaseFile("felles", BlobID([]byte(folderPage)))))
	testsite.Write(t, felles, map[string]string{"content/veiledere/avvik.md": "---\ntitle: Avvik\n---\n\nNy tekst.\n"})
	if _, _, err := MakeOverride(ctx, site, cfg, "veiledere/avvik.md", true); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(old); err != nil {
		t.Errorf("the base kopi.md still records was removed: %v", err)
	}
}

// An override made before Varde kept base texts: when the pack's folder is
// a git working copy that has the old text in its history, the diff comes
// from there (a blob name is the same in every repository).
func TestFolderPackStatusFromPackHistory(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	site, felles, cfg := folderPackSite(t)
	gitIn := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = felles
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1", "GIT_CEILING_DIRECTORIES="+filepath.Dir(felles),
			"GIT_AUTHOR_NAME=KS", "GIT_AUTHOR_EMAIL=ks@example.org", "GIT_COMMITTER_NAME=KS", "GIT_COMMITTER_EMAIL=ks@example.org")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	gitIn("init", "-q", "-b", "main")
	gitIn("add", "-A")
	gitIn("commit", "-q", "-m", "første")
	if _, _, err := MakeOverride(context.Background(), site, cfg, "veiledere/avvik.md", false); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(site, BaseDir)); err != nil {
		t.Fatal(err)
	}
	testsite.Write(t, felles, map[string]string{"content/veiledere/avvik.md": strings.Replace(folderPage, "tre", "fem", 1)})
	r, out := folderStatusText(t, site, cfg)
	if r.Overrides[0].BaseMissing || !strings.Contains(out, "[-tre-]{+fem+}") {
		t.Errorf("no diff from the pack's history:\n%s", out)
	}
}
