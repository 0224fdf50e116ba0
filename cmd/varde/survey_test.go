package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// surveyCLISite is a site with a checklist and a survey of it, k = 3.
func surveyCLISite(t *testing.T) string {
	return newSite(t, map[string]string{
		"config.toml":                   newSiteConfig + "\n[[surveys]]\nname = \"region\"\ntitle = \"Regionen\"\nchecklist = \"sjekk\"\ndir = \"svar\"\nk = 3\n",
		"content/verktoykasse/sjekk.md": "---\ntitle: Sjekk\nid: sjekk\ndescription: Sjekkliste.\nscale: maturity\n---\n## Styring {#styring}\n\n- [ ] Har dere mål? {#mal}\n- [ ] Har dere kopier? {#kopi}\n",
		"svar/.keep":                    "",
	})
}

// checklistVersion reads the version the build gives the checklist's share
// box, as the browser would.
func checklistVersion(t *testing.T, site string) string {
	dest := filepath.Join(t.TempDir(), "public")
	if code, _, errs := runCLI("build", "--quiet", "--minify", "false", "-s", site, "-d", dest); code != exitOK {
		t.Fatalf("build: exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(filepath.Join(dest, "verktoykasse", "sjekk", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`class="sv-share"[^>]*data-version="([0-9a-f]+)"`).FindSubmatch(b)
	if m == nil {
		t.Fatal("the checklist page has no share box")
	}
	return string(m[1])
}

func TestSurveyCheckAndStrictBuild(t *testing.T) {
	site := surveyCLISite(t)
	v := checklistVersion(t, site)
	file := func(org, role, answers string) string {
		return `{"format": "varde-survey", "version": 1, "checklist": "sjekk", "checklistVersion": "` + v + `",
"org": "` + org + `", "orgnr": "", "role": "` + role + `",
"answers": {` + answers + `}}`
	}
	inbox := t.TempDir()
	for name, data := range map[string]string{
		"a.json":     file("A", "it", `"mal": "3"`),
		"b.json":     file("B", "it", `"mal": "2", "kopi": "4"`),
		"c.json":     file("C", "it", `"mal": "1"`),
		"dup.json":   file("a", "it", `"mal": "4"`),
		"scale.json": file("D", "it", `"mal": "ja"`),
		"role.json":  file("E", "leder", `"mal": "2"`),
		"notes.txt":  "not a share file, and not read",
	} {
		if err := os.WriteFile(filepath.Join(inbox, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errs := runCLI("survey", "check", "-s", site, inbox)
	if code != exitContent {
		t.Errorf("exit %d, want %d", code, exitContent)
	}
	for _, want := range []string{
		`dup.json:2: error: org: duplicate: organisation "a" with the role "it" is also in`,
		`scale.json:3: error: answers.mal: "ja" is not a value of the question's scale "maturity"`,
		`role.json:2: error: role: "leder" is not a role`,
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if !strings.Contains(out, "6 share file(s)") || !strings.Contains(out, "3 counted, 3 not counted") {
		t.Errorf("stdout: %q", out)
	}

	// The same files in the survey's folder: the build warns and counts
	// the good ones; --strict stops it.
	for _, n := range []string{"a.json", "b.json", "c.json", "scale.json"} {
		b, _ := os.ReadFile(filepath.Join(inbox, n))
		os.WriteFile(filepath.Join(site, "svar", n), b, 0o644)
	}
	dest := filepath.Join(t.TempDir(), "public")
	code, _, errs = runCLI("build", "--quiet", "-s", site, "-d", dest)
	if code != exitOK || !strings.Contains(errs, "svar/scale.json:3: warning: answers.mal") {
		t.Errorf("build: exit %d: %s", code, errs)
	}
	code, _, errs = runCLI("build", "--quiet", "--strict", "-s", site, "-d", dest)
	if code != exitContent || !strings.Contains(errs, "svar/scale.json:3: error: answers.mal") {
		t.Errorf("strict build: exit %d: %s", code, errs)
	}
	if code, _, _ := runCLI("survey", "check", "-s", site, filepath.Join(site, "svar")); code != exitContent {
		t.Errorf("survey check of the survey's own folder: exit %d", code)
	}
	os.Remove(filepath.Join(site, "svar", "scale.json"))
	if code, out, errs := runCLI("survey", "check", "-s", site, filepath.Join(site, "svar")); code != exitOK || !strings.Contains(out, "3 counted, 0 not counted") {
		t.Errorf("good files: exit %d: %s %s", code, out, errs)
	}
	if code, _, errs := runCLI("survey", "list", "-s", site, inbox); code != exitUsage || !strings.Contains(errs, "subcommand is check") {
		t.Errorf("unknown subcommand: exit %d: %s", code, errs)
	}
}
