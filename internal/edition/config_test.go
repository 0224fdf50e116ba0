package edition

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyConfig puts testdata/config/<name>.toml into a temporary folder.
func copyConfig(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "config", name+".toml"))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(p, data, 0o640); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAddToConfig(t *testing.T) {
	for _, name := range []string{"commented", "no-final-newline", "crlf", "empty"} {
		t.Run(name, func(t *testing.T) {
			p := copyConfig(t, name)
			before, _ := os.ReadFile(p)
			if err := CheckAdd(p, "2024", filepath.Join("editions", "2024")); err != nil {
				t.Fatalf("CheckAdd: %v", err)
			}
			if after, _ := os.ReadFile(p); string(after) != string(before) {
				t.Fatal("CheckAdd changed the file")
			}
			if err := AddToConfig(p, "2024", filepath.Join("editions", "2024")); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join("testdata", "config", name+".want"))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Errorf("config.toml after AddToConfig:\n%s\nwant:\n%s", got, want)
			}
			if info, err := os.Stat(p); err != nil || info.Mode().Perm() != 0o640 {
				t.Errorf("mode after AddToConfig: %v, %v; want 0640 kept", info.Mode(), err)
			}
			leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(p), ".config.toml.tmp-*"))
			if len(leftovers) > 0 {
				t.Errorf("temporary files left: %q", leftovers)
			}
		})
	}
}

func TestAddToConfigMissingFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "config.toml")
	if err := AddToConfig(p, "v1.0", "editions/v1.0"); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(p)
	if want := "[[editions]]\nname = \"v1.0\"\ndir = \"editions/v1.0\"\n"; string(got) != want {
		t.Errorf("new config.toml = %q, want %q", got, want)
	}
}

func TestAddToConfigErrors(t *testing.T) {
	tests := []struct {
		config, name, dir, want string
	}{
		{"taken", "2024", "editions/2024", "already configured"},
		{"language", "se", "editions/se", "language code"},
		{"language", "nb", "editions/nb", "language code"},
		{"broken", "2024", "editions/2024", "does not parse"},
		{"inline-array", "2024", "editions/2024", "add the edition by hand"},
		{"empty", "", "editions/x", "must be letters"},
		{"empty", "../x", "editions/x", "must be letters"},
		{"empty", "2024 ny", "editions/x", "must be letters"},
		{"empty", "2024", "", "relative to the site root"},
		{"empty", "2024", "/abs/editions", "relative to the site root"},
		{"empty", "2024", "../utenfor", "relative to the site root"},
		{"empty", "2024", "editions/\xff", "relative to the site root"},
	}
	for _, tt := range tests {
		p := copyConfig(t, tt.config)
		before, _ := os.ReadFile(p)
		if err := CheckAdd(p, tt.name, tt.dir); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("CheckAdd(%s, %q, %q) = %v, want an error saying %q", tt.config, tt.name, tt.dir, err, tt.want)
		}
		err := AddToConfig(p, tt.name, tt.dir)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("AddToConfig(%s, %q, %q) = %v, want an error saying %q", tt.config, tt.name, tt.dir, err, tt.want)
		}
		if after, _ := os.ReadFile(p); string(after) != string(before) {
			t.Errorf("AddToConfig(%s, %q, %q) changed the file after failing", tt.config, tt.name, tt.dir)
		}
	}
}

func TestQuote(t *testing.T) {
	for in, want := range map[string]string{
		`editions/2024`:     `"editions/2024"`,
		`utgåver/"gamle"\x`: `"utgåver/\"gamle\"\\x"`,
		"tab\there\x7f":     `"tab\u0009here\u007F"`,
	} {
		if got := quote(in); got != want {
			t.Errorf("quote(%q) = %s, want %s", in, got, want)
		}
	}
}
