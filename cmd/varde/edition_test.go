package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/varde-portal/varde/internal/config"
)

func TestEditionSnapshot(t *testing.T) {
	site := newSite(t, map[string]string{"content/veiledere/bilde.svg": "<svg/>"})
	code, out, errs := runCLI("edition", "snapshot", "2024", "-s", site)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "/2024/") {
		t.Errorf("output does not say where the edition is published: %q", out)
	}
	for _, f := range []string{"_index.md", "veiledere/risikovurdering.md", "veiledere/bilde.svg"} {
		want, _ := os.ReadFile(filepath.Join(site, "content", filepath.FromSlash(f)))
		got, err := os.ReadFile(filepath.Join(site, "editions", "2024", "content", filepath.FromSlash(f)))
		if err != nil || string(got) != string(want) {
			t.Errorf("editions/2024/content/%s = %q, %v; want a copy of content/%s", f, got, err, f)
		}
	}
	data, err := os.ReadFile(filepath.Join(site, "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, ds := config.Parse(data)
	if cfg == nil || len(ds) > 0 {
		t.Fatalf("config.toml after the snapshot: %v", ds)
	}
	if len(cfg.Editions) != 1 || cfg.Editions[0] != (config.Edition{Name: "2024", Dir: "editions/2024"}) {
		t.Errorf("editions = %+v", cfg.Editions)
	}
	if !strings.HasPrefix(string(data), newSiteConfig) {
		t.Error("the snapshot rewrote config.toml instead of appending to it")
	}

	// The edition then builds, under /2024/.
	dest := filepath.Join(t.TempDir(), "public")
	if code, _, errs := runCLI("build", "--quiet", "-s", site, "-d", dest); code != exitOK {
		t.Fatalf("build after the snapshot: exit %d: %s", code, errs)
	}
	if b, err := os.ReadFile(filepath.Join(dest, "2024", "veiledere", "risikovurdering", "index.html")); err != nil || !strings.Contains(string(b), "Du leser utgaven 2024.") {
		t.Errorf("the edition's page: %v", err)
	}
}

func TestEditionSnapshotErrors(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		setup func(site string)
		code  int
		want  string
	}{
		{"no subcommand", []string{"edition"}, nil, exitUsage, "missing argument"},
		{"unknown subcommand", []string{"edition", "frys", "2024"}, nil, exitUsage, `unknown subcommand "frys"`},
		{"bad name", []string{"edition", "snapshot", "../2024"}, nil, exitUsage, `"../2024" cannot name an edition`},
		{"name with a space", []string{"edition", "snapshot", "utgave 2024"}, nil, exitUsage, "cannot name an edition"},
		// It failed with "lstat editions/aaa…/content: file name too long".
		{"long name", []string{"edition", "snapshot", strings.Repeat("a", 300)}, nil, exitUsage, "the name is 300 characters long"},
		{"language code", []string{"edition", "snapshot", "nb"}, nil, exitContent, "is a language code"},
		{"folder exists", []string{"edition", "snapshot", "2024"}, func(site string) {
			_ = os.MkdirAll(filepath.Join(site, "editions", "2024"), 0o755)
		}, exitContent, "already exists"},
		{"name taken", []string{"edition", "snapshot", "2024"}, func(site string) {
			f, _ := os.OpenFile(filepath.Join(site, "config.toml"), os.O_APPEND|os.O_WRONLY, 0)
			_, _ = f.WriteString("[[editions]]\nname = \"2024\"\nref = \"utgave-2024\"\n")
			_ = f.Close()
		}, exitContent, "already configured"},
		{"no content", []string{"edition", "snapshot", "2024"}, func(site string) {
			_ = os.RemoveAll(filepath.Join(site, "content"))
		}, exitContent, "is not a folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := newSite(t, nil)
			if tt.setup != nil {
				tt.setup(site)
			}
			before, _ := os.ReadFile(filepath.Join(site, "config.toml"))
			code, _, errs := runCLI(append(tt.args, "-s", site)...)
			if code != tt.code || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d saying %q", code, errs, tt.code, tt.want)
			}
			if after, _ := os.ReadFile(filepath.Join(site, "config.toml")); string(after) != string(before) {
				t.Error("config.toml changed although the snapshot failed")
			}
			if tt.name != "folder exists" {
				if _, err := os.Stat(filepath.Join(site, "editions")); err == nil {
					t.Error("a failed snapshot left editions/ behind")
				}
			}
		})
	}
}

// TestEditionSnapshotRefusesTakenAddress: a name under whose address the
// site already publishes something is refused before anything is copied
// ("snapshot veiledere" succeeded, and then the site no longer built).
func TestEditionSnapshotRefusesTakenAddress(t *testing.T) {
	tests := []struct{ name, want string }{
		{"veiledere", "where the site already has content/veiledere"}, // a section
		{"om-oss", "where the site already has content/om-oss.md"},    // a page
		{"nn", "the language nn"},                                     // a language path
		{"malgruppe", "page /malgruppe/"},                             // a taxonomy's pages
		{"sok", "page /sok/"},                                         // the search page
		{"css", "the folder /css/ that every build writes"},
		{"gammel", "the alias /gammel/side/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := newSite(t, map[string]string{
				// No [languages]: bokmål and nynorsk by default, which the
				// snapshot must know though config.toml does not name them.
				"config.toml":          strings.Replace(newSiteConfig, "[languages.nb]\nname = \"Bokmål\"\n", "", 1),
				"content/om-oss.md":    "---\ntitle: Om oss\ndescription: Hvem vi er.\naudience: [leder]\n---\nTekst.\n",
				"content/om-oss.nn.md": "---\ntitle: Om oss\ndescription: Kven vi er.\n---\nTekst.\n",
				"content/flyttet.md":   "---\ntitle: Flyttet\ndescription: En side med en gammel adresse.\naliases: [/gammel/side/]\n---\nTekst.\n",
				"content/_index.nn.md": "---\ntitle: Heim\ndescription: Framsida.\n---\nVelkomen.\n",
			})
			before, _ := os.ReadFile(filepath.Join(site, "config.toml"))
			code, out, errs := runCLI("edition", "snapshot", tt.name, "-s", site)
			if code != exitContent || out != "" || !strings.Contains(errs, "cannot name an edition: it would be published under /"+tt.name+"/") || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 naming %q", code, out, errs, tt.want)
			}
			if after, _ := os.ReadFile(filepath.Join(site, "config.toml")); string(after) != string(before) {
				t.Error("config.toml changed")
			}
			if _, err := os.Stat(filepath.Join(site, "editions")); err == nil {
				t.Error("editions/ was made")
			}
		})
	}
	// A site with errors is not frozen: every later build would fail on them.
	site := newSite(t, map[string]string{"content/feil.md": "---\ntitle: Feil\n---\n[x](borte.md)\n"})
	if code, _, errs := runCLI("edition", "snapshot", "2030", "-s", site); code != exitContent || !strings.Contains(errs, "content/feil.md:4: error:") || !strings.Contains(errs, "fix them first") {
		t.Errorf("a site with errors: exit %d: %s", code, errs)
	}
}

// TestEditionSnapshotWarnsUncommitted: changes under content/ git has not
// committed are named; a clean tree gives no warning.
func TestEditionSnapshotWarnsUncommitted(t *testing.T) {
	needGit(t)
	site := newSite(t, nil)
	gitIn := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=Test", "-c", "user.email=test@example.no", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = site
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	gitIn("init", "-q")
	gitIn("add", ".")
	gitIn("commit", "-q", "-m", "start")
	code, _, errs := runCLI("edition", "snapshot", "2024", "-s", site)
	if code != exitOK || strings.Contains(errs, "uncommitted") {
		t.Fatalf("a committed site: exit %d: %s", code, errs)
	}
	gitIn("add", ".")
	gitIn("commit", "-q", "-m", "utgave 2024")
	_ = os.WriteFile(filepath.Join(site, "content", "veiledere", "risikovurdering.md"), []byte("---\ntitle: Risikovurdering\ndescription: Endret.\n---\nNy tekst.\n"), 0o644)
	_ = os.WriteFile(filepath.Join(site, "content", "ny.md"), []byte("---\ntitle: Ny\ndescription: Ny side.\n---\nTekst.\n"), 0o644)
	code, _, errs = runCLI("edition", "snapshot", "2025", "-s", site)
	if code != exitOK || !strings.Contains(errs, "warning: content/ has 2 uncommitted change(s) (content/ny.md, content/veiledere/risikovurdering.md)") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
}

// Issue 20: a snapshot edition of a site on a pack holds the pack's pages
// as they were (with the site's local additions in place), not only the
// site's own content/, and a later change upstream leaves it as it was.
func TestEditionSnapshotOfPackSite(t *testing.T) {
	parent := t.TempDir()
	site, felles := filepath.Join(parent, "site"), filepath.Join(parent, "felles")
	for name, text := range map[string]string{
		filepath.Join(site, "config.toml"):                        "title = \"Test\"\n[values]\nkommune = \"Nordfjella\"\n[[packs]]\nname = \"felles\"\npath = \"../felles\"\n",
		filepath.Join(site, "content", "_index.md"):               "---\ntitle: Hjem\n---\n",
		filepath.Join(site, "content", "lokalt-om-oss.md"):        "---\ntitle: Om oss\n---\n\nVår egen side.\n",
		filepath.Join(site, "lokalt", "veiledere", "avvik.md"):    "Ring servicetorget i {{kommune}}.\n",
		filepath.Join(felles, "content", "veiledere", "avvik.md"): "---\ntitle: Avvik\n---\n\nMeld avvik innen tre dager.\n\n<!-- lokalt -->\n\nSlutt.\n",
	} {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if code, _, errs := runCLI("edition", "snapshot", "2025", "-s", site); code != exitOK {
		t.Fatalf("snapshot: exit %d: %s", code, errs)
	}
	frozen, err := os.ReadFile(filepath.Join(site, "editions", "2025", "content", "veiledere", "avvik.md"))
	if err != nil {
		t.Fatalf("the pack's page is not in the edition: %v", err)
	}
	if want := "---\ntitle: Avvik\n---\n\nMeld avvik innen tre dager.\n\n<!-- lokalt -->\nRing servicetorget i {{kommune}}.\n\nSlutt.\n"; !strings.Contains(string(frozen), "Ring servicetorget i {{kommune}}.") || !strings.Contains(string(frozen), "tre dager") {
		t.Errorf("frozen pack page:\n%s\nwant the national text with the local addition, like\n%s", frozen, want)
	}
	if _, err := os.Stat(filepath.Join(site, "editions", "2025", "content", "lokalt-om-oss.md")); err != nil {
		t.Errorf("the site's own page is not in the edition: %v", err)
	}
	// Upstream changes; the edition keeps the old text, the site shows the new.
	if err := os.WriteFile(filepath.Join(felles, "content", "veiledere", "avvik.md"), []byte("---\ntitle: Avvik\n---\n\nMeld avvik innen 72 timer.\n\n<!-- lokalt -->\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "public")
	if code, _, errs := runCLI("build", "--quiet", "-s", site, "-d", dest); code != exitOK {
		t.Fatalf("build: exit %d: %s", code, errs)
	}
	old, err := os.ReadFile(filepath.Join(dest, "2025", "veiledere", "avvik", "index.html"))
	if err != nil {
		t.Fatalf("the edition's pack page: %v", err)
	}
	if s := string(old); !strings.Contains(s, "tre dager") || strings.Contains(s, "72 timer") || !strings.Contains(s, "Ring servicetorget i Nordfjella.") {
		t.Errorf("the edition's page does not keep the frozen text with the value filled in")
	}
	cur, _ := os.ReadFile(filepath.Join(dest, "veiledere", "avvik", "index.html"))
	if !strings.Contains(string(cur), "72 timer") {
		t.Error("the current page does not show the pack's new text")
	}
}
