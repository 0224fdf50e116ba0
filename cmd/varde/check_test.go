package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/varde-portal/varde/internal/testsite"
)

// The testdata sites and golden reports of `varde check` live with the
// check package (internal/check/testdata); these tests hold the CLI to the
// same text, and check its summary, JSON and exit codes.
var checkTestdata = filepath.Join("..", "..", "internal", "check", "testdata")

// golden reads a report of internal/check's golden tests and counts its
// errors and warnings.
func golden(t *testing.T, name string) (report string, errs, warns int) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(checkTestdata, name+".golden"))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.SplitAfter(string(b), "\n") {
		switch {
		case strings.Contains(l, ": error: "):
			errs++
		case strings.Contains(l, ": warning: "):
			warns++
		}
	}
	return string(b), errs, warns
}

func TestCheckText(t *testing.T) {
	tests := []struct {
		site string
		code int
	}{
		{"mistakes", exitContent}, // errors: the merge must stop
		{"warnings", exitOK},      // warnings only: the merge may go on
	}
	for _, tt := range tests {
		t.Run(tt.site, func(t *testing.T) {
			report, errs, warns := golden(t, tt.site)
			if errs == 0 && warns == 0 {
				t.Fatalf("%s.golden reports nothing", tt.site)
			}
			code, out, stderr := runCLI("check", "-s", filepath.Join(checkTestdata, tt.site))
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tt.code, stderr)
			}
			want := report + fmt.Sprintf("%d error(s), %d warning(s).\n", errs, warns)
			if out != want {
				t.Errorf("output differs from %s.golden\n--- got\n%s--- want\n%s", tt.site, out, want)
			}
		})
	}
}

func TestCheckJSON(t *testing.T) {
	for _, site := range []string{"mistakes", "warnings"} {
		t.Run(site, func(t *testing.T) {
			report, errs, warns := golden(t, site)
			code, out, _ := runCLI("check", "--format", "json", "-s", filepath.Join(checkTestdata, site))
			if want := map[bool]int{true: exitContent, false: exitOK}[errs > 0]; code != want {
				t.Errorf("exit %d, want %d", code, want)
			}
			var got struct {
				Errors   *int `json:"errors"`
				Warnings *int `json:"warnings"`
				Items    []struct {
					File     string `json:"file"`
					Line     int    `json:"line"`
					Col      int    `json:"col"`
					Severity string `json:"severity"`
					Message  string `json:"message"`
				} `json:"diagnostics"`
			}
			dec := json.NewDecoder(strings.NewReader(out))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&got); err != nil {
				t.Fatalf("not the JSON report: %v\n%s", err, out)
			}
			if dec.More() {
				t.Errorf("text after the JSON report:\n%s", out)
			}
			if got.Errors == nil || got.Warnings == nil || *got.Errors != errs || *got.Warnings != warns {
				t.Errorf("counts %v/%v, want %d errors and %d warnings", got.Errors, got.Warnings, errs, warns)
			}
			// Each item, written as text, is the golden line in the same order.
			var lines []string
			for _, it := range got.Items {
				loc := it.File
				if it.Line > 0 {
					loc += fmt.Sprintf(":%d", it.Line)
					if it.Col > 0 {
						loc += fmt.Sprintf(":%d", it.Col)
					}
				}
				lines = append(lines, fmt.Sprintf("%s: %s: %s\n", loc, it.Severity, it.Message))
			}
			if strings.Join(lines, "") != report {
				t.Errorf("JSON items differ from %s.golden\n--- got\n%s--- want\n%s", site, strings.Join(lines, ""), report)
			}
		})
	}
}

func TestCheckCleanSite(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"config.toml":       "title = \"T\"\nbaseURL = \"https://t.example.no/\"\n[languages.nb]\nname = \"Bokmål\"\n",
		"content/_index.md": "---\ntitle: Hjem\ndescription: Forsiden.\n---\nVelkommen.\n",
	}
	testsite.Write(t, dir, files)
	if code, out, _ := runCLI("check", "-s", dir); code != exitOK || out != "No problems found.\n" {
		t.Errorf("text: exit %d, output %q", code, out)
	}
	code, out, _ := runCLI("check", "-s", dir, "--format", "json")
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil || code != exitOK {
		t.Fatalf("json: exit %d, %v: %s", code, err, out)
	}
	// An empty list, not null, so that CI scripts can iterate without a guard.
	if items, ok := got["diagnostics"].([]any); !ok || len(items) != 0 || got["errors"] != 0.0 || got["warnings"] != 0.0 {
		t.Errorf("json for a clean site: %s", out)
	}
}

// TestCheckFindsWhatBuildRejects: a mistake that stops the build is an
// error in varde check too, with the same message.
func TestCheckFindsWhatBuildRejects(t *testing.T) {
	for name, tc := range map[string]struct{ file, want string }{
		"unknown layout":   {"---\ntitle: B\nlayout: plakat\n---\n", `content/b.md:3: error: layout "plakat"`},
		"alias of a page":  {"---\ntitle: B\naliases: [/a/]\n---\n", "content/b.md:3: error: alias /a/ is the address of another page (content/a.md)"},
		"same alias twice": {"---\ntitle: B\naliases: [/gammel/]\n---\n", "error: alias /gammel/ is also an alias of"},
		"link to a draft":  {"---\ntitle: B\n---\n[utkast](utkast.md)\n", `content/b.md:4: error: link to "utkast.md": content/utkast.md is a draft`},
	} {
		t.Run(name, func(t *testing.T) {
			dir := testsite.New(t, map[string]string{
				"config.toml":       "title = \"Test\"\n",
				"content/_index.md": "---\ntitle: Hjem\n---\n",
				"content/a.md":      "---\ntitle: A\naliases: [/gammel/]\n---\n",
				"content/b.md":      tc.file,
				"content/utkast.md": "---\ntitle: Utkast\ndraft: true\n---\n",
			})
			for _, cmd := range []string{"check", "build"} {
				args := []string{cmd, "-s", dir}
				if cmd == "build" {
					args = append(args, "-d", filepath.Join(t.TempDir(), "public"))
				}
				code, out, stderr := runCLI(args...)
				if code != exitContent || !strings.Contains(out+stderr, tc.want) {
					t.Errorf("varde %s: exit %d, want %d with %q:\n%s%s", cmd, code, exitContent, tc.want, out, stderr)
				}
			}
		})
	}
}

func TestCheckMissingFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "finnes-ikke")
	code, out, errs := runCLI("check", "-s", dir)
	if code != exitUsage || out != "" || !strings.Contains(errs, "the site folder "+dir+" does not exist") {
		t.Errorf("missing folder: exit %d, output %q, stderr %q", code, out, errs)
	}
}

func TestCheckUsage(t *testing.T) {
	site := filepath.Join(checkTestdata, "warnings")
	tests := []struct {
		args []string
		want string // in stderr
	}{
		{[]string{"--format", "xml"}, `--format must be text or json, not "xml"`},
		{[]string{"--format"}, "flag needs an argument"},
		{[]string{"--nope"}, "flag provided but not defined: -nope"},
		{[]string{"content/"}, `unexpected argument "content/"`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, stderr := runCLI(append([]string{"check", "-s", site}, tt.args...)...)
			if code != exitUsage || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d (want %d), stderr %q, want it to contain %q", code, exitUsage, stderr, tt.want)
			}
			if out != "" {
				t.Errorf("a usage error printed a report: %q", out)
			}
		})
	}
}
