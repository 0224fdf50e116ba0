package e2e

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/varde-portal/varde/internal/browsertest"
)

// built is the bundled site as TestMain built it. A failed build is kept
// as err, so that every test that needs the site fails with the build's
// own messages while the tests of the checks themselves still run.
var built struct {
	root   string // the repository
	bin    string // the varde binary
	public string // the built site
	site   *site  // public, scanned
	err    error
}

func TestMain(m *testing.M) {
	tmp, err := os.MkdirTemp("", "varde-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	built.err = buildSite(tmp)
	code := m.Run()
	browsertest.Shutdown()
	os.RemoveAll(tmp)
	os.Exit(code)
}

// buildSite builds cmd/varde into tmp and runs `varde build` on the
// repository into tmp/public, as an editor would from a clean clone. The
// environment variable VARDE_E2E_SOURCE names another site to build instead,
// and VARDE_E2E_BINARY a varde binary to use instead of compiling one.
func buildSite(tmp string) error {
	root, err := repoRoot()
	if err != nil {
		return err
	}
	built.root = root
	source := root
	if s := os.Getenv("VARDE_E2E_SOURCE"); s != "" {
		source = s // gate another site with this repository's varde
	}
	bin := filepath.Join(tmp, "varde")
	start := time.Now()
	if b := os.Getenv("VARDE_E2E_BINARY"); b != "" {
		bin = b // a varde built already, by CI or by hand
	} else if out, err := run(root, "go", "build", "-o", bin, "./cmd/varde"); err != nil {
		return fmt.Errorf("go build ./cmd/varde: %v\n%s", err, out)
	}
	compiled := time.Since(start)
	built.bin = bin
	public := filepath.Join(tmp, "public")
	start = time.Now()
	out, err := run(root, bin, "build", "-s", source, "-d", public)
	if err != nil {
		return fmt.Errorf("varde build -s %s: %v\n%s", source, err, out)
	}
	built.public = public
	if built.site, err = scanSite(public); err != nil {
		return fmt.Errorf("read %s: %w", public, err)
	}
	fmt.Printf("e2e: built cmd/varde in %s and the bundled site in %s: %d HTML pages, %d files\n",
		compiled.Round(time.Millisecond), time.Since(start).Round(time.Millisecond), len(built.site.Docs), len(built.site.Files))
	return nil
}

// repoRoot finds the module root: `go env GOMOD`, else the nearest folder
// above this one that holds go.mod.
func repoRoot() (string, error) {
	if out, err := exec.Command("go", "env", "GOMOD").Output(); err == nil {
		if mod := strings.TrimSpace(string(out)); mod != "" && mod != os.DevNull {
			return filepath.Dir(mod), nil
		}
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above " + dir)
		}
		dir = parent
	}
}

func run(dir, name string, args ...string) ([]byte, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.Bytes(), err
}

// bundled returns the built bundled site, failing the test when the build
// failed.
func bundled(t *testing.T) *site {
	t.Helper()
	trackInputs.Do(func() {
		for _, dir := range []string{built.root, os.Getenv("VARDE_E2E_SOURCE")} {
			if dir != "" {
				statTree(dir)
			}
		}
	})
	if built.err != nil {
		t.Fatalf("the bundled site did not build:\n%v", built.err)
	}
	return built.site
}

// bundledContentOnly skips a test that relies on the bundled pages (a query
// that must find a given page, the example edition) when the gates run on
// another site (VARDE_E2E_SOURCE); every other test holds for any site.
func bundledContentOnly(t *testing.T, what string) {
	t.Helper()
	if os.Getenv("VARDE_E2E_SOURCE") != "" {
		t.Skipf("relies on the bundled content (%s); VARDE_E2E_SOURCE names another site", what)
	}
}

var trackInputs sync.Once

// statTree stats every file of the repository (or site) the build read.
// go test caches a package's result until the files its tests opened or
// stat'ed change; the build runs in a child process, which go test does
// not watch, so without this a change to content/, themes/ or the Go code
// of varde would leave a stale "ok (cached)" for this package. It must
// run inside m.Run, where go test records file access.
func statTree(root string) {
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // a file that vanished mid-walk is not an input
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "node_modules", "public":
				if p != root {
					return filepath.SkipDir
				}
			}
			return nil
		}
		_, _ = os.Stat(p)
		return nil
	})
}

func writeFile(path, content string) error {
	return os.WriteFile(path, []byte(content), 0o644)
}
