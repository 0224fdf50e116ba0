package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/varde-portal/varde/internal/testsite"
)

func runCLI(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsageAndHelp(t *testing.T) {
	if code, _, _ := runCLI(); code != exitUsage {
		t.Errorf("no args: exit %d", code)
	}
	if code, _, errs := runCLI("bygg"); code != exitUsage || !strings.Contains(errs, `unknown command "bygg"`) {
		t.Errorf("unknown command: %d %s", code, errs)
	}
	for _, c := range commands() {
		if code, _, errs := runCLI(c.name, "--help"); code != exitOK || !strings.Contains(errs, "Usage: varde "+c.name) {
			t.Errorf("%s --help: exit %d, %q", c.name, code, errs)
		}
	}
	if code, _, _ := runCLI("build", "--nope"); code != exitUsage {
		t.Errorf("bad flag: exit %d", code)
	}
	if code, _, _ := runCLI("build", "extra"); code != exitUsage {
		t.Errorf("extra arg: exit %d", code)
	}
}

func TestBuildFlagsAnyOrder(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "out")
	site := testsite.Copy(t, "../../internal/build/testdata/basic")
	code, out, errs := runCLI("build", "-d", dest, "--minify=false", "-s", site)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"Pages", "Sections", "Output files", "Built in"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if _, err := os.Stat(filepath.Join(dest, "veiledere", "risikovurdering", "index.html")); err != nil {
		t.Error(err)
	}
	code, out, _ = runCLI("build", "--quiet", "-s", site, "-d", dest)
	if code != exitOK || out != "" {
		t.Errorf("quiet: exit %d, out %q", code, out)
	}
	// -q is --quiet, as in most tools, also before the command.
	for _, args := range [][]string{{"build", "-q", "-s", site, "-d", dest}, {"-q", "build", "-s", site, "-d", dest}} {
		if code, out, errs := runCLI(args...); code != exitOK || out != "" {
			t.Errorf("%v: exit %d, out %q, errors %q", args, code, out, errs)
		}
	}
}

func TestBuildContentErrorExit1(t *testing.T) {
	dir := t.TempDir()
	_ = os.MkdirAll(filepath.Join(dir, "content"), 0o755)
	_ = os.WriteFile(filepath.Join(dir, "config.toml"), []byte("title = \"Test\"\n"), 0o644)
	_ = os.WriteFile(filepath.Join(dir, "content", "a.md"), []byte("---\ntitle: A\n---\n[x](borte.md)\n"), 0o644)
	code, _, errs := runCLI("build", "-s", dir, "-d", filepath.Join(dir, "public"))
	if code != exitContent || !strings.Contains(errs, "content/a.md:4: error: link to \"borte.md\"") {
		t.Errorf("exit %d: %s", code, errs)
	}
}
