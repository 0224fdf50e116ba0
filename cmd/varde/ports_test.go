package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestOtherSystemsCompile compiles, for the systems editors use besides
// Linux (macOS, Windows), every library package of the module that has
// files built only on some systems. Such a file is never compiled by the
// tests on the Linux CI, so a Linux-only call in it (syscall.Openat once
// was) broke `go run ./cmd/varde` on a Mac without any test noticing.
// Finding the packages through `go list` keeps a new platform file covered
// without a list to remember. This package itself is left out: compiling
// it compiles every dependency (bleve, goldmark, chroma) for each system,
// minutes with an empty build cache; the internal packages need only the
// standard library, about half a minute each, which -short leaves out.
func TestOtherSystemsCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles the standard library for other systems")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	for _, target := range []struct{ goos, goarch string }{{"darwin", "arm64"}, {"windows", "amd64"}} {
		t.Run(target.goos, func(t *testing.T) {
			env := append(os.Environ(), "GOOS="+target.goos, "GOARCH="+target.goarch, "CGO_ENABLED=0")
			// Packages with files left out on this system or on the
			// target: both sets are platform-specific code.
			list := exec.Command("go", "list", "-e", "-f", "{{.ImportPath}}{{range .IgnoredGoFiles}} {{.}}{{end}}", "./internal/...")
			list.Dir, list.Env = root, env
			out, err := list.CombinedOutput()
			if err != nil {
				t.Fatalf("go list: %v\n%s", err, out)
			}
			var pkgs []string
			for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
				f := strings.Fields(line)
				for _, name := range f[1:] {
					if !strings.HasSuffix(name, "_test.go") {
						pkgs = append(pkgs, f[0])
						break
					}
				}
			}
			if len(pkgs) == 0 {
				t.Fatal("go list found no package with platform-specific files; the test has lost its subject")
			}
			build := exec.Command("go", append([]string{"build", "-o", os.DevNull}, pkgs...)...)
			build.Dir, build.Env = root, env
			if out, err := build.CombinedOutput(); err != nil {
				t.Errorf("GOOS=%s GOARCH=%s go build %s: %v\n%s", target.goos, target.goarch, strings.Join(pkgs, " "), err, out)
			}
		})
	}
}
