package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/varde-portal/varde/internal/corpus"
	"github.com/varde-portal/varde/internal/output"
	"github.com/varde-portal/varde/internal/testsite"
)

// entries lists a folder's names.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

// Issue 15: `varde build -d .` inside a site, and -d SITE or
// -d SITE/content from its parent, deleted the site with its .git and
// exited 0.
func TestBuildRefusesTheSiteAsOutput(t *testing.T) {
	site := testsite.Copy(t, "../../internal/build/testdata/basic")
	testsite.Write(t, site, map[string]string{".git/HEAD": "ref: refs/heads/main\n"})
	before := strings.Join(entries(t, site), " ")
	check := func(args ...string) {
		t.Helper()
		code, out, errs := runCLI(append([]string{"build"}, args...)...)
		if code != exitUsage || !strings.Contains(errs, "refusing to write the site into") || !strings.Contains(errs, "Choose another output folder with -d") {
			t.Errorf("varde build %s: exit %d, want %d with a refusal:\n%s%s", strings.Join(args, " "), code, exitUsage, out, errs)
		}
		if got := strings.Join(entries(t, site), " "); got != before {
			t.Errorf("varde build %s changed the site: %s", strings.Join(args, " "), got)
		}
	}
	check("-s", site, "-d", ".")
	check("-s", site, "-d", "..")
	check("-s", site, "-d", "content")
	check("-s", site, "-d", site)
	check("-s", site, "-d", filepath.Join(site, ".git"))
	t.Chdir(site)
	check("-d", ".")
	check("-d", "..")
	t.Chdir(filepath.Dir(site))
	check("-s", "site", "-d", filepath.Join("..", "site"))
	check("-s", "site", "-d", filepath.Join(site, "content"))
	if b, _ := os.ReadFile(filepath.Join(site, ".git", "HEAD")); len(b) == 0 {
		t.Error(".git lost")
	}
}

// Issue 16: varde build -s SITE writes SITE/public (a relative -d is in
// the site folder, as Hugo's publishDir) and the summary says where.
func TestBuildOutputIsInTheSite(t *testing.T) {
	site := testsite.Copy(t, "../../internal/build/testdata/basic")
	elsewhere := t.TempDir()
	t.Chdir(elsewhere)
	code, out, errs := runCLI("build", "-s", site)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	public := filepath.Join(site, "public")
	if !strings.Contains(out, "Output: "+public+"\n") {
		t.Errorf("summary does not name %s:\n%s", public, out)
	}
	if _, err := os.Stat(filepath.Join(public, "index.html")); err != nil {
		t.Error(err)
	}
	if got := entries(t, elsewhere); len(got) != 0 {
		t.Errorf("written to the working directory: %v", got)
	}
	// A folder of the user's own is refused, and named with its files.
	own := filepath.Join(site, "mitt")
	testsite.Write(t, own, map[string]string{"notat.txt": "mitt"})
	code, _, errs = runCLI("build", "-s", site, "-d", "mitt")
	if code != exitUsage || !strings.Contains(errs, "notat.txt") || !strings.Contains(errs, output.Marker) {
		t.Errorf("own folder: exit %d: %s", code, errs)
	}
}

// TestHelperVarde is not a test: the tests below run the test binary as
// `varde` in a process of its own, to kill it.
func TestHelperVarde(t *testing.T) {
	args := os.Getenv("VARDE_HELPER_ARGS")
	if args == "" {
		t.Skip("helper process")
	}
	os.Exit(run(strings.Split(args, "\x1f"), os.Stdout, os.Stderr))
}

// startVarde runs varde with args in another process.
func startVarde(t *testing.T, stderr *bytes.Buffer, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperVarde$")
	cmd.Env = append(os.Environ(), "VARDE_HELPER_ARGS="+strings.Join(args, "\x1f"))
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	return cmd
}

// waitForStaging waits until a build has made its staging folder in dir.
func waitForStaging(t *testing.T, dir string, cmd *exec.Cmd) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		for _, n := range entries(t, dir) {
			if strings.HasPrefix(n, ".public.staging-") {
				return
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatal("the build made no staging folder")
}

// leftovers are the staging folders, old sites and locks beside public/.
func leftovers(t *testing.T, dir string) []string {
	var out []string
	for _, n := range entries(t, dir) {
		if strings.HasPrefix(n, ".public.") {
			out = append(out, n)
		}
	}
	return out
}

// bigSite writes a site big enough that a build takes a moment, and
// builds it once.
func bigSite(t *testing.T) string {
	t.Helper()
	site := filepath.Join(t.TempDir(), "site")
	if err := corpus.Generate(site, corpus.Options{Pages: 300, Seed: 3, Search: true}); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCLI("build", "--quiet", "-s", site); code != exitOK {
		t.Fatalf("first build: exit %d: %s", code, errs)
	}
	return site
}

func setHome(t *testing.T, site, title string) {
	testsite.Write(t, site, map[string]string{"content/_index.md": "---\ntitle: " + title + "\ndescription: Forside.\n---\nForside.\n"})
}

// Issue 15: a build killed with -9 left its staging folder (and during the
// swap an .old folder) for good. Killed at any moment, the output is the
// old site or the new one, and the next build leaves nothing behind.
func TestKilledBuildLeavesNothingBehind(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("kill -9 is Unix")
	}
	site := bigSite(t)
	public := filepath.Join(site, "public")
	for i, extra := range []time.Duration{0, 30 * time.Millisecond, 150 * time.Millisecond, 400 * time.Millisecond} {
		old, _ := os.ReadFile(filepath.Join(public, "index.html"))
		title := fmt.Sprintf("Forside %d", i)
		setHome(t, site, title)
		var stderr bytes.Buffer
		cmd := startVarde(t, &stderr, "build", "--quiet", "-s", site)
		waitForStaging(t, site, cmd)
		time.Sleep(extra)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		now, err := os.ReadFile(filepath.Join(public, "index.html"))
		if err != nil || !(bytes.Equal(now, old) || bytes.Contains(now, []byte(title))) {
			t.Fatalf("kill after %v: the output is neither the old site nor the new one (%v)", extra, err)
		}
		code, _, errs := runCLI("build", "--quiet", "-s", site)
		if code != exitOK {
			t.Fatalf("build after kill: exit %d: %s", code, errs)
		}
		if l := leftovers(t, site); len(l) > 0 {
			t.Errorf("after a kill %v into the build, the next build left %v", extra, l)
		}
		if now, _ := os.ReadFile(filepath.Join(public, "index.html")); !bytes.Contains(now, []byte(title)) {
			t.Errorf("the build after the kill did not publish the new site")
		}
	}
}

// SIGINT (Ctrl-C) and SIGTERM during a build: the staging folder is
// removed, the output is untouched and the exit code says which signal.
func TestInterruptedBuildCleansUp(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("signals are Unix")
	}
	site := bigSite(t)
	public := filepath.Join(site, "public")
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		old, _ := os.ReadFile(filepath.Join(public, "index.html"))
		setHome(t, site, "Ny forside "+sig.String())
		var stderr bytes.Buffer
		cmd := startVarde(t, &stderr, "build", "--quiet", "-s", site)
		waitForStaging(t, site, cmd)
		_ = cmd.Process.Signal(sig)
		err := cmd.Wait()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 128+int(sig) {
			t.Errorf("%v: %v, want exit %d", sig, err, 128+int(sig))
		}
		if !strings.Contains(stderr.String(), "stopped by") || !strings.Contains(stderr.String(), public+" was not changed") {
			t.Errorf("%v: stderr %q", sig, stderr.String())
		}
		if l := leftovers(t, site); len(l) > 0 {
			t.Errorf("%v: left %v", sig, l)
		}
		if now, _ := os.ReadFile(filepath.Join(public, "index.html")); !bytes.Equal(now, old) {
			t.Errorf("%v: the output changed", sig)
		}
	}
}

// A second build of the same site waits for the first, saying which
// process it waits for, and both succeed.
func TestConcurrentBuildWaitsAndNamesTheHolder(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("uses a second process")
	}
	site := bigSite(t)
	setHome(t, site, "Samtidig")
	var stderr bytes.Buffer
	first := startVarde(t, &stderr, "build", "--quiet", "-s", site)
	waitForStaging(t, site, first)
	code, _, errs := runCLI("build", "--quiet", "-s", site)
	if code != exitOK {
		t.Errorf("second build: exit %d: %s", code, errs)
	}
	want := fmt.Sprintf("Waiting for process %d (", first.Process.Pid)
	if sc := bufio.NewScanner(strings.NewReader(errs)); !sc.Scan() || !strings.HasPrefix(sc.Text(), want) {
		t.Errorf("second build said %q, want %q…", errs, want)
	}
	if err := first.Wait(); err != nil {
		t.Errorf("first build: %v: %s", err, stderr.String())
	}
	if l := leftovers(t, site); len(l) > 0 {
		t.Errorf("left %v", l)
	}
}
