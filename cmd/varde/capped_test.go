package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/varde-portal/varde/internal/testsite"
)

// TestCheckCapsRepeatedDiagnostics: one file with many mistakes of one
// kind shows the first 20 of each and one line with the count of the rest,
// in text and in JSON (as "more"); the totals and the exit code count them
// all, and build prints the same capped list.
func TestCheckCapsRepeatedDiagnostics(t *testing.T) {
	var body strings.Builder
	body.WriteString("---\ntitle: Mange\ndescription: Mange feil.\n---\n")
	for range 45 {
		body.WriteString("<div>rå HTML</div>\n\n") // a warning each: left out
	}
	for range 25 {
		body.WriteString("[borte](borte.md)\n\n") // an error each: no such page
	}
	dir := t.TempDir()
	testsite.Write(t, dir, map[string]string{
		"config.toml":       "title = \"T\"\nbaseURL = \"https://t.example.no/\"\n[languages.nb]\nname = \"Bokmål\"\n",
		"content/_index.md": "---\ntitle: Hjem\ndescription: Forsiden.\n---\nVelkommen.\n",
		"content/mange.md":  body.String(),
	})
	code, out, _ := runCLI("check", "-s", dir)
	if code != exitContent {
		t.Errorf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	count := func(s string) int {
		n := 0
		for _, l := range lines {
			if strings.Contains(l, s) {
				n++
			}
		}
		return n
	}
	if count("warning: raw HTML <div> was left out") != 20 || count("error: link to \"borte.md\"") != 20 {
		t.Errorf("not 20 of each:\n%s", out)
	}
	for _, want := range []string{
		"content/mange.md:45: warning: … and 25 more like this (lines 45–93)",
		"content/mange.md:135: error: … and 5 more like this (lines 135–143)",
	} {
		if count(want) != 1 {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	if last := lines[len(lines)-1]; last != "25 error(s), 45 warning(s)." {
		t.Errorf("summary %q: the totals count every diagnostic", last)
	}
	code, out, _ = runCLI("check", "-s", dir, "--format", "json")
	var got struct {
		Errors, Warnings int
		Items            []struct {
			Severity string
			Message  string
			More     int
		} `json:"diagnostics"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || code != exitContent {
		t.Fatalf("exit %d, %v: %s", code, err, out)
	}
	more := map[string]int{}
	for _, it := range got.Items {
		more[it.Severity] += it.More
	}
	if got.Errors != 25 || got.Warnings != 45 || len(got.Items) != 42 || more["warning"] != 25 || more["error"] != 5 {
		t.Errorf("errors %d, warnings %d, %d items, more %v", got.Errors, got.Warnings, len(got.Items), more)
	}
	code, _, stderr := runCLI("build", "-s", dir, "-d", t.TempDir()+"/public")
	if code != exitContent || strings.Count(stderr, "error: link to") != 20 || !strings.Contains(stderr, "… and 5 more like this") {
		t.Errorf("build: exit %d\n%s", code, stderr)
	}
}
