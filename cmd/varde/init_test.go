package main

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/varde-portal/varde/internal/config"
)

// needGit skips a test that needs git: init makes a repository, and a site
// outside one is warned about by every build.
func needGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
}

// TestInitBuildsAndChecksClean: `varde init x && varde build -s x && varde
// check -s x` gives no error and no warning, with and without --example.
func TestInitBuildsAndChecksClean(t *testing.T) {
	needGit(t)
	for _, example := range []bool{false, true} {
		name := "minimal"
		if example {
			name = "example"
		}
		t.Run(name, func(t *testing.T) {
			site := filepath.Join(t.TempDir(), "min portal")
			args := []string{"init", site}
			if example {
				args = append(args, "--example")
			}
			code, out, errs := runCLI(args...)
			if code != exitOK || errs != "" {
				t.Fatalf("init: exit %d: %s%s", code, out, errs)
			}
			// The next three commands, the first into the new folder.
			for _, want := range []string{"\n  cd '" + site + "'\n", "\n  varde new onepager ", "\n  varde serve "} {
				if !strings.Contains(out, want) {
					t.Errorf("init's output lacks %q:\n%s", want, out)
				}
			}
			code, out, errs = runCLI("build", "-s", site, "--quiet")
			if code != exitOK || out != "" || errs != "" {
				t.Errorf("build: exit %d, stdout %q, stderr %q", code, out, errs)
			}
			code, out, errs = runCLI("check", "-s", site)
			if code != exitOK || out != "No problems found.\n" || errs != "" {
				t.Errorf("check: exit %d, stdout %q, stderr %q", code, out, errs)
			}
			if _, err := os.Stat(filepath.Join(site, "public", "index.html")); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestInitFiles(t *testing.T) {
	site := filepath.Join(t.TempDir(), "portal")
	if code, _, errs := runCLI("init", "--git=false", site); code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(site, ".git")); err == nil {
		t.Error("--git=false made a repository")
	}
	data, err := os.ReadFile(filepath.Join(site, "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, ds := config.Parse(data)
	if cfg == nil || len(ds) > 0 {
		t.Fatalf("config.toml: %v", ds)
	}
	if !reflect.DeepEqual(cfg.LanguageOrder, []string{"nb", "nn"}) || cfg.BaseURL != initBaseURL {
		t.Errorf("languages %v, baseURL %q", cfg.LanguageOrder, cfg.BaseURL)
	}
	text := string(data)
	if !strings.Contains(text, "docs/format.md") || strings.Contains(text, "../shared") || !strings.Contains(text, "# Innstillinger for portalen.") {
		t.Errorf("config.toml should point at docs/format.md, in Norwegian:\n%s", text)
	}
	gi, _ := os.ReadFile(filepath.Join(site, ".gitignore"))
	for _, want := range []string{"\npublic/\n", "\n.varde/\n"} {
		if !strings.Contains(string(gi), want) {
			t.Errorf(".gitignore lacks %q:\n%s", want, gi)
		}
	}
	for _, f := range []string{"_index.md", "_index.nn.md"} {
		if b, err := os.ReadFile(filepath.Join(site, "content", f)); err != nil || !strings.Contains(string(b), "title:") {
			t.Errorf("content/%s: %v", f, err)
		}
	}

	// --baseURL is written, and one config.toml would refuse is refused.
	other := filepath.Join(t.TempDir(), "annen")
	if code, _, errs := runCLI("init", "--git=false", "--baseURL", "https://personvern.kommune.no/", other); code != exitOK {
		t.Fatalf("--baseURL: exit %d: %s", code, errs)
	}
	if b, _ := os.ReadFile(filepath.Join(other, "config.toml")); !strings.Contains(string(b), `baseURL = "https://personvern.kommune.no/"`) {
		t.Errorf("--baseURL was not written:\n%s", b)
	}
	bad := filepath.Join(t.TempDir(), "feil")
	if code, _, errs := runCLI("init", "--baseURL", "ftp://x", bad); code != exitUsage || !strings.Contains(errs, "is not an http(s) address") {
		t.Errorf("bad --baseURL: exit %d: %s", code, errs)
	}
	if _, err := os.Stat(bad); err == nil {
		t.Error("a refused init made the folder")
	}
}

// TestInitExampleIsTheBundledPortal: --example copies the repository's
// content/ as it is, and its config declares the bundled portal's sections.
func TestInitExampleIsTheBundledPortal(t *testing.T) {
	site := filepath.Join(t.TempDir(), "eksempel")
	if code, _, errs := runCLI("init", "--git=false", "--example", site); code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	n := 0
	err := filepath.WalkDir("../../content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel("../../content", p)
		want, _ := os.ReadFile(p)
		got, err := os.ReadFile(filepath.Join(site, "content", rel))
		if err != nil || string(got) != string(want) {
			t.Errorf("content/%s is not the bundled file: %v", rel, err)
		}
		n++
		return nil
	})
	if err != nil || n < 50 {
		t.Fatalf("walked %d bundled files: %v", n, err)
	}
	bundled, _ := os.ReadFile("../../config.toml")
	made, _ := os.ReadFile(filepath.Join(site, "config.toml"))
	want, _ := config.Parse(bundled)
	got, _ := config.Parse(made)
	if want == nil || got == nil || !reflect.DeepEqual(got.Sections, want.Sections) || !reflect.DeepEqual(got.Taxonomies, want.Taxonomies) {
		t.Errorf("init's sections/taxonomies differ from the bundled config.toml's")
	}
}

// TestInitRefusesNonEmpty: a folder with files is refused unless --force,
// and --force deletes nothing.
func TestInitRefusesNonEmpty(t *testing.T) {
	site := t.TempDir()
	const notes = "mine notater\n"
	if err := os.WriteFile(filepath.Join(site, "notater.txt"), []byte(notes), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(site, "config.toml"), []byte("title = \"Gammel\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI("init", site)
	if code != exitContent || out != "" || !strings.Contains(errs, "is not empty (it holds config.toml, notater.txt)") || !strings.Contains(errs, "--force") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if got := folderNames(t, site); !reflect.DeepEqual(got, []string{"config.toml", "notater.txt"}) {
		t.Errorf("a refused init wrote %v", got)
	}
	if code, _, errs := runCLI("init", "--force", "--git=false", site); code != exitOK {
		t.Fatalf("--force: exit %d: %s", code, errs)
	}
	if b, _ := os.ReadFile(filepath.Join(site, "notater.txt")); string(b) != notes {
		t.Errorf("--force changed a file of its own: %q", b)
	}
	if b, _ := os.ReadFile(filepath.Join(site, "config.toml")); strings.Contains(string(b), "Gammel") {
		t.Error("--force did not write its config.toml")
	}

	// A folder holding only .git (git init x; varde init x) is empty enough.
	repo := t.TempDir()
	if err := os.Mkdir(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCLI("init", "--git=false", repo); code != exitOK {
		t.Errorf("a folder with only .git: exit %d: %s", code, errs)
	}
	// A file is not a folder.
	file := filepath.Join(t.TempDir(), "fil")
	_ = os.WriteFile(file, nil, 0o644)
	if code, _, errs := runCLI("init", file); code != exitUsage || !strings.Contains(errs, "is a file, not a folder") {
		t.Errorf("init on a file: exit %d: %s", code, errs)
	}
}

// TestInitThenNewEachType: the theme's archetypes build on a site made by
// init, also two pages of the same name in two sections (their question
// ids clashed), and `varde check` lists their placeholders, and nothing
// else, until they are filled in.
func TestInitThenNewEachType(t *testing.T) {
	needGit(t)
	site := filepath.Join(t.TempDir(), "ny")
	if code, _, errs := runCLI("init", site); code != exitOK {
		t.Fatalf("init: exit %d: %s", code, errs)
	}
	var files []string
	for _, typ := range config.PageTypes {
		rel := sectionOf[typ] + "/ny-side.md"
		if code, _, errs := runCLI("new", typ, rel, "-s", site); code != exitOK {
			t.Fatalf("new %s: exit %d: %s", typ, code, errs)
		}
		files = append(files, "content/"+rel)
		b, _ := os.ReadFile(filepath.Join(site, "content", rel))
		if strings.Contains(string(b), "updated:") {
			t.Errorf("%s: varde new wrote updated:, which would freeze the date git gives:\n%s", rel, b)
		}
	}
	if code, out, errs := runCLI("build", "-s", site, "--quiet"); code != exitOK || out+errs != "" {
		t.Fatalf("build of the new pages: exit %d: %s%s", code, out, errs)
	}
	code, out, _ := runCLI("check", "-s", site)
	if code != exitContent {
		t.Fatalf("check passed pages full of placeholders: %s", out)
	}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if !strings.HasSuffix(l, "warning(s).") && !strings.Contains(l, `"FYLL UT" is still here`) {
			t.Errorf("a new page should only be flagged for its placeholders: %s", l)
		}
	}
	for _, f := range files {
		if len(reportFor(out, f)) == 0 {
			t.Errorf("check lists no placeholder in %s", f)
		}
		p := filepath.Join(site, filepath.FromSlash(f))
		b, _ := os.ReadFile(p)
		_ = os.WriteFile(p, []byte(placeholder.ReplaceAllString(string(b), "")), 0o644)
	}
	if code, out, _ := runCLI("check", "-s", site); code != exitOK || out != "No problems found.\n" {
		t.Errorf("the filled-in pages: exit %d\n%s", code, out)
	}
}
