package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	varde "github.com/varde-portal/varde"
)

// upstream is a pack repository made from the bundled portal's content,
// as KS would publish it, committed and tagged in a throwaway repository.
type upstream struct {
	t   *testing.T
	dir string
}

func (u *upstream) git(args ...string) {
	u.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = u.dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=KS", "GIT_AUTHOR_EMAIL=ks@example.org", "GIT_COMMITTER_NAME=KS", "GIT_COMMITTER_EMAIL=ks@example.org")
	if out, err := cmd.CombinedOutput(); err != nil {
		u.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func (u *upstream) write(name, text string) {
	u.t.Helper()
	p := filepath.Join(u.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		u.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		u.t.Fatal(err)
	}
}

func (u *upstream) read(name string) string {
	u.t.Helper()
	b, err := os.ReadFile(filepath.Join(u.dir, filepath.FromSlash(name)))
	if err != nil {
		u.t.Fatal(err)
	}
	return string(b)
}

func (u *upstream) release(tag string) {
	u.git("add", "-A")
	u.git("commit", "-q", "-m", "release "+tag)
	u.git("tag", tag)
}

func newUpstream(t *testing.T) *upstream {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	u := &upstream{t: t, dir: filepath.Join(t.TempDir(), "ks-pakken")}
	src, err := varde.ExampleContent()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(u.dir, "content"), src); err != nil {
		t.Fatal(err)
	}
	u.git("init", "-q", "-b", "main")
	u.write("pack.toml", "title = \"KS-pakken\"\nvarde = \"0.1\"\n")
	// The national avvik guide uses the municipality's values and marks
	// where local procedure goes.
	avvik := u.read("content/veiledere/avvikshandtering.md")
	avvik = strings.Replace(avvik, "\n## ", "\nI {{kommune}} melder du avvik til {{personvernombud.epost}}.\n\n<!-- lokalt -->\n\n## ", 1)
	u.write("content/veiledere/avvikshandtering.md", avvik)
	u.release("2026.1")
	return u
}

func runVarde(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return out.String(), errb.String(), code
}

func TestMunicipalitySiteOnPack(t *testing.T) {
	up := newUpstream(t)
	site := filepath.Join(t.TempDir(), "nordfjella")
	out, errs, code := runVarde(t, "init", site, "--pack", up.dir, "--git=false")
	if code != 0 {
		t.Fatalf("init --pack: %d\n%s%s", code, out, errs)
	}
	cfgPath := filepath.Join(site, "config.toml")
	cfg, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(cfg), `ref = "2026.1"`) {
		t.Fatalf("init did not pin the newest tag:\n%s", cfg)
	}
	if _, err := os.Stat(filepath.Join(site, "content")); err == nil {
		t.Error("init --pack copied content into the site")
	}
	text := strings.Replace(string(cfg), "# kommune = \"Nordfjella kommune\"", "kommune = \"Nordfjella kommune\"", 1)
	text = strings.Replace(text, "# [values.personvernombud]", "[values.personvernombud]", 1)
	text = strings.Replace(text, "# epost = ", "epost = ", 1)
	text += "\n[search]\nenabled = false\n"
	if err := os.WriteFile(cfgPath, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}

	// The municipality overrides the DPIA guide and adds its own procedure
	// to the avvik guide.
	out, errs, code = runVarde(t, "pack", "override", "content/veiledere/dpia.md", "-s", site)
	if code != 0 {
		t.Fatalf("pack override: %d\n%s%s", code, out, errs)
	}
	dpia := filepath.Join(site, "content", "veiledere", "dpia.md")
	b, err := os.ReadFile(dpia)
	if err != nil || !strings.Contains(string(b), "pack_base: \"nasjonal@2026.1:") {
		t.Fatalf("override has no pack_base: %v\n%.300s", err, b)
	}
	if err := os.WriteFile(dpia, append(b, []byte("\n## Slik gjør vi DPIA i Nordfjella\n\nVi bruker malen fra personvernombudet.\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	lokalt := filepath.Join(site, "lokalt", "veiledere", "avvikshandtering.md")
	if err := os.MkdirAll(filepath.Dir(lokalt), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(lokalt, []byte("## Slik gjør vi det hos oss\n\nRing servicetorget på 12 34 56 78.\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	build := func() string {
		t.Helper()
		out, errs, code := runVarde(t, "build", "-s", site, "--quiet")
		if code != 0 {
			t.Fatalf("build: %d\n%s%s", code, out, errs)
		}
		if strings.Contains(errs, ": error:") {
			t.Fatalf("build reported errors:\n%s", errs)
		}
		return errs
	}
	page := func(p string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(site, "public", filepath.FromSlash(p), "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	build()
	avvik := page("veiledere/avvikshandtering")
	for _, want := range []string{"I Nordfjella kommune melder du avvik til", "Slik gjør vi det hos oss", "Ring servicetorget", "Basert på KS-pakken 2026.1, tilpasset Nordfjella kommune"} {
		if !strings.Contains(avvik, want) {
			t.Errorf("avvik page lacks %q", want)
		}
	}
	if !strings.Contains(page("veiledere/dpia"), "Slik gjør vi DPIA i Nordfjella") {
		t.Error("the override does not win")
	}
	if !strings.Contains(page("veiledere/logging"), "Fra KS-pakken 2026.1") {
		t.Error("a pack page does not name the pack")
	}

	// Upstream: the national DPIA guide and the logging guide change.
	up.write("content/veiledere/dpia.md", strings.Replace(up.read("content/veiledere/dpia.md"), "## Hva sier regelverket", "## Hva sier regelverket\n\nNytt nasjonalt avsnitt om forhåndsdrøfting med Datatilsynet.", 1))
	up.write("content/veiledere/logging.md", up.read("content/veiledere/logging.md")+"\nNy nasjonal tekst om logging.\n")
	up.write("content/veiledere/ny-veileder.md", "---\ntitle: Ny veileder\ndescription: En ny nasjonal veileder.\n---\n\nHelt ny.\n")
	up.release("2026.2")

	out, errs, code = runVarde(t, "pack", "status", "-s", site)
	if code != 0 {
		t.Fatalf("pack status: %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{
		"pinned to 2026.1; newest is 2026.2: 1 page added, 0 removed, 2 changed",
		"added    content/veiledere/ny-veileder.md",
		"changed  content/veiledere/logging.md",
		"content/veiledere/dpia.md: STALE",
		"{+Nytt nasjonalt avsnitt om forhåndsdrøfting med Datatilsynet.+}",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("status lacks %q:\n%s", want, out)
		}
	}

	out, errs, code = runVarde(t, "pack", "update", "-s", site)
	if code != 0 {
		t.Fatalf("pack update: %d\n%s%s", code, out, errs)
	}
	cfg, _ = os.ReadFile(cfgPath)
	if !strings.Contains(string(cfg), `ref = "2026.2"`) || strings.Contains(string(cfg), `ref = "2026.1"`) {
		t.Fatalf("update did not move the pin:\n%s", cfg)
	}
	if strings.Replace(string(cfg), `ref = "2026.2"`, `ref = "2026.1"`, 1) != text {
		t.Error("update changed more of config.toml than the ref line")
	}
	if !strings.Contains(out, "pin moved from 2026.1 to 2026.2") || !strings.Contains(out, "content/veiledere/dpia.md: STALE") {
		t.Errorf("update report:\n%s", out)
	}
	if b2, _ := os.ReadFile(dpia); !bytes.Contains(b2, []byte("Slik gjør vi DPIA i Nordfjella")) {
		t.Error("update changed the site's own page")
	}

	// The site builds on the new pin, offline from the cache.
	if err := os.RemoveAll(up.dir); err != nil {
		t.Fatal(err)
	}
	build()
	if !strings.Contains(page("veiledere/logging"), "Ny nasjonal tekst om logging") {
		t.Error("the build does not use the new pin")
	}
	if !strings.Contains(page("veiledere/ny-veileder"), "Helt ny") {
		t.Error("the page added upstream is missing")
	}
	if strings.Contains(page("veiledere/dpia"), "forhåndsdrøfting med Datatilsynet") || !strings.Contains(page("veiledere/dpia"), "Slik gjør vi DPIA i Nordfjella") {
		t.Error("the override no longer wins after the update")
	}

	// After reading the change the editor records that the override
	// follows 2026.2: the page is no longer stale.
	if out, errs, code = runVarde(t, "pack", "override", "--rebase", "content/veiledere/dpia.md", "-s", site); code != 0 {
		t.Fatalf("override --rebase: %d\n%s%s", code, out, errs)
	}
	out, _, _ = runVarde(t, "pack", "status", "--offline", "-s", site)
	if !strings.Contains(out, "content/veiledere/dpia.md: up to date") {
		t.Errorf("after --rebase:\n%s", out)
	}

	// An unknown ref is an error at its line, and nothing is built.
	cfg, _ = os.ReadFile(cfgPath)
	if err := os.WriteFile(cfgPath, bytes.Replace(cfg, []byte(`ref = "2026.2"`), []byte(`ref = "2099.1"`), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errs, code = runVarde(t, "build", "-s", site, "--quiet")
	if code == 0 || !strings.Contains(errs, `error: pack "nasjonal"`) || !strings.Contains(errs, `cannot fetch the repository`) {
		t.Errorf("unknown ref with the upstream gone: exit %d\n%s", code, errs)
	}
}

// A folder pack: override keeps the national text in the site and says so,
// and status shows the word diff once the pack's page changes.
func TestPackFolderOverrideKeepsBase(t *testing.T) {
	parent := t.TempDir()
	site, felles := filepath.Join(parent, "site"), filepath.Join(parent, "felles")
	for name, text := range map[string]string{
		filepath.Join(site, "config.toml"):                        "title = \"Test\"\n[[packs]]\nname = \"felles\"\npath = \"../felles\"\n",
		filepath.Join(site, "content", "_index.md"):               "---\ntitle: Hjem\n---\n",
		filepath.Join(felles, "content", "veiledere", "avvik.md"): "---\ntitle: Avvik\n---\n\nMeld avvik innen tre dager.\n",
	} {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, errs, code := runVarde(t, "pack", "override", "content/veiledere/avvik.md", "-s", site)
	if code != 0 || !strings.Contains(out, "The national text is kept in pakkegrunnlag/felles/") {
		t.Fatalf("pack override: %d\n%s%s", code, out, errs)
	}
	kept, _ := filepath.Glob(filepath.Join(site, "pakkegrunnlag", "felles", "*"))
	if len(kept) != 1 {
		t.Fatalf("kept texts: %v", kept)
	}
	if err := os.WriteFile(filepath.Join(felles, "content", "veiledere", "avvik.md"), []byte("---\ntitle: Avvik\n---\n\nMeld avvik innen 72 timer.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code = runVarde(t, "pack", "status", "-s", site)
	if code != 0 || !strings.Contains(out, "STALE") || !strings.Contains(out, "Meld avvik innen [-tre dager-]{+72 timer+}.") {
		t.Errorf("pack status: %d\n%s%s", code, out, errs)
	}
}

// TestInitPackRefMustExist: init --pack wrote a config.toml that no build
// could use, and exited 0: with --ref naming no tag, branch or commit, and
// on a repository without commits (varde init --example x; varde init y
// --pack x, before the first commit the docs' step 1 asks for), where it
// pinned the branch "main" that does not exist yet. Both are refused, and
// nothing is written.
func TestInitPackRefMustExist(t *testing.T) {
	up := newUpstream(t)
	site := filepath.Join(t.TempDir(), "a")
	_, errs, code := runVarde(t, "init", site, "--pack", up.dir, "--ref", "2099.9", "--git=false")
	if code == 0 || !strings.Contains(errs, `has no tag, branch or commit "2099.9"`) || !strings.Contains(errs, "2026.1") {
		t.Errorf("--ref 2099.9: exit %d, %s", code, errs)
	}
	if _, err := os.Stat(site); err == nil {
		t.Error("the refused init left the site folder behind (a second try found it \"not empty\")")
	}

	empty := &upstream{t: t, dir: filepath.Join(t.TempDir(), "tom")}
	empty.write("content/_index.md", "---\ntitle: Tom\n---\n")
	empty.git("init", "-q", "-b", "main")
	site = filepath.Join(t.TempDir(), "b")
	_, errs, code = runVarde(t, "init", site, "--pack", empty.dir, "--git=false")
	if code == 0 || !strings.Contains(errs, "has no commits yet") {
		t.Errorf("no commits: exit %d, %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(site, "config.toml")); err == nil {
		t.Error("config.toml was written")
	}
}
