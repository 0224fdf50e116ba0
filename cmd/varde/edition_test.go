package main

import (
	"os"
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
