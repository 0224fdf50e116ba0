package main

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const scormSite = "../../internal/scorm/testdata/site"

func TestExportExitCodes(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "kurs.zip")
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stderr string // must appear in stderr
	}{
		{"help", []string{"export", "--help"}, exitOK, "Usage: varde export scorm COURSE-ID -o FILE.zip"},
		{"no arguments", []string{"export"}, exitUsage, "missing argument"},
		{"no course id", []string{"export", "scorm", "-o", out}, exitUsage, "missing argument"},
		{"unknown format", []string{"export", "pdf", "kurs/phishing", "-o", out}, exitUsage, `unknown format "pdf"`},
		{"no -o", []string{"export", "scorm", "kurs/phishing", "-s", scormSite}, exitUsage, "-o FILE.zip is required"},
		{"bad flag", []string{"export", "scorm", "kurs/phishing", "-o", out, "--nope"}, exitUsage, "-nope"},
		{"unknown language", []string{"export", "scorm", "kurs/phishing", "-o", out, "-s", scormSite, "--lang", "se"}, exitUsage, `no language "se"`},
		{"unknown course", []string{"export", "scorm", "kurs/borte", "-o", out, "-s", scormSite}, exitContent, "the courses are:\n  kurs/phishing"},
		{"not a course", []string{"export", "scorm", "veiledere/phishing", "-o", out, "-s", scormSite}, exitContent, "is a onepager page, not a course"},
		{"image from another site", []string{"export", "scorm", "kurs/bilde", "-o", out, "-s", "../../internal/scorm/testdata/external"}, exitContent, "content/kurs/bilde.md:6: error:"},
		{"no site", []string{"export", "scorm", "kurs/phishing", "-o", out, "-s", filepath.Join(dir, "borte")}, exitUsage, "does not exist"},
		{"no config.toml", []string{"export", "scorm", "kurs/phishing", "-o", out, "-s", dir}, exitUsage, "no config.toml in " + dir},
		// The folder of -o is looked at first, before any work: it used to
		// fail after the export, naming a temporary file.
		{"no folder for -o", []string{"export", "scorm", "kurs/phishing", "-o", filepath.Join(dir, "mangler", "x.zip"), "-s", scormSite}, exitUsage, "the folder " + filepath.Join(dir, "mangler") + " does not exist"},
		{"-o is a folder", []string{"export", "scorm", "kurs/phishing", "-o", dir, "-s", scormSite}, exitUsage, "is a folder; give the package a file name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := runCLI(tc.args...)
			if code != tc.code || !strings.Contains(errs, tc.stderr) {
				t.Errorf("exit %d, want %d; stderr lacks %q:\n%s", code, tc.code, tc.stderr, errs)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%s was written by a failed export", out)
			}
		})
	}
}

func TestExportWritesPackage(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "phishing.zip")
	// Flags before, between and after the arguments.
	code, stdout, errs := runCLI("export", "-o", out, "scorm", "--lang", "nn", "kurs/phishing", "-s", scormSite)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(stdout, "SCORM 1.2 package of \"Phishing og passord\" (kurs/phishing, nn)") || !strings.Contains(stdout, "see docs/scorm.md, \"Laste opp i Moodle og KS Læring\"") {
		t.Errorf("stdout: %s", stdout)
	}
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	if len(names) == 0 || names[0] != "imsmanifest.xml" || !strings.Contains(strings.Join(names, " "), "js/varde.nn.") {
		t.Errorf("zip holds %v: want imsmanifest.xml first and the nynorsk bundle", names)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

// TestExportRefusesToReplaceOtherFiles: "varde export scorm kurs/x -o
// config.toml" replaced the site's config.toml with the zip package (and
// -o content/kurs/x.md a page). -o may replace an earlier package (a zip
// file), nothing else.
func TestExportRefusesToReplaceOtherFiles(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"config.toml", "grunnkurs.md", "kurs.zip.txt"} {
		p := filepath.Join(dir, name)
		const mine = "title = \"Min portal\"\n"
		if err := os.WriteFile(p, []byte(mine), 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, errs := runCLI("export", "scorm", "kurs/phishing", "-o", p, "-s", scormSite)
		if code != exitUsage || !strings.Contains(errs, "is not a zip package") {
			t.Errorf("-o %s: exit %d, stderr %q", name, code, errs)
		}
		if b, _ := os.ReadFile(p); string(b) != mine {
			t.Errorf("-o %s: the file was replaced", name)
		}
	}
	out := filepath.Join(dir, "kurs.zip")
	for i := range 2 { // a second export replaces the first package
		if code, _, errs := runCLI("export", "scorm", "kurs/phishing", "-o", out, "-s", scormSite); code != exitOK {
			t.Fatalf("export %d: exit %d: %s", i+1, code, errs)
		}
	}
}
