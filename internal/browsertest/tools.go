package browsertest

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Environment variables that locate the tools the gates need.
const (
	EnvChrome    = "VARDE_CHROME"    // path of a Chromium or Chrome binary
	EnvAxe       = "VARDE_AXE"       // path of axe.min.js
	EnvVNU       = "VARDE_VNU"       // path of vnu.jar (used by the e2e package)
	EnvArtifacts = "VARDE_ARTIFACTS" // folder for screenshots of failed tests
)

// chromeNames are tried on PATH, in order, when VARDE_CHROME is not set.
// Debian ships "chromium"; other distributions and Google's package use the
// other names.
var chromeNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// FindChrome returns the path of the browser the tests drive: VARDE_CHROME
// when set (it must exist), else the first of chromium, chromium-browser,
// google-chrome found on PATH.
func FindChrome() (string, error) {
	if p := os.Getenv(EnvChrome); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("%s=%s: %w", EnvChrome, p, err)
		}
		return p, nil
	}
	for _, name := range chromeNames {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("no Chromium found: set %s or put one of %v on PATH (Debian: apt-get install chromium)", EnvChrome, chromeNames)
}

// CacheDir is the folder .ci/run installs the npm tools into
// ($HOME/.cache/varde-ci). It is outside the repository on purpose: the
// tools are not part of the product.
func CacheDir() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, ".cache", "varde-ci")
}

// FindTool returns the path of a tool file: the value of env when set (it
// must exist), else the path under CacheDir made of rel.
func FindTool(env string, rel ...string) (string, error) {
	if p := os.Getenv(env); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("%s=%s: %w", env, p, err)
		}
		return p, nil
	}
	dir := CacheDir()
	if dir == "" {
		return "", fmt.Errorf("%s is not set and there is no home folder to look in", env)
	}
	p := filepath.Join(append([]string{dir}, rel...)...)
	if _, err := os.Stat(p); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("%s not found: set %s or run .ci/run, which installs it", p, env)
		}
		return "", err
	}
	return p, nil
}

// FindAxe returns the path of axe.min.js: VARDE_AXE, else
// $HOME/.cache/varde-ci/node_modules/axe-core/axe.min.js.
func FindAxe() (string, error) {
	return FindTool(EnvAxe, "node_modules", "axe-core", "axe.min.js")
}

// FindVNU returns the path of the Nu Html Checker jar: VARDE_VNU, else
// $HOME/.cache/varde-ci/node_modules/vnu-jar/build/dist/vnu.jar.
func FindVNU() (string, error) {
	return FindTool(EnvVNU, "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
}

// InCI reports whether the tests run in continuous integration (CI is set
// to anything but "" or "false"), where a missing tool fails instead of
// skipping.
func InCI() bool {
	v := os.Getenv("CI")
	return v != "" && v != "false" && v != "0"
}

// Missing ends the test because a tool it needs is absent: a skip on a
// developer's machine, a failure in CI.
func Missing(t testing.TB, err error) {
	t.Helper()
	if InCI() {
		t.Fatalf("required tool missing in CI: %v", err)
	}
	t.Skipf("skipped: %v", err)
}
