package browsertest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

var artifacts struct {
	once sync.Once
	dir  string
	err  error
}

// ArtifactDir is where screenshots of failed tests go: $VARDE_ARTIFACTS
// when set (CI can upload it), else a folder made once per test binary
// under the system's temporary folder. It is not a t.TempDir, because the
// files must outlive the test that failed.
func ArtifactDir() (string, error) {
	if d := os.Getenv(EnvArtifacts); d != "" {
		return d, os.MkdirAll(d, 0o755)
	}
	artifacts.once.Do(func() {
		artifacts.dir, artifacts.err = os.MkdirTemp("", "varde-artifacts-")
	})
	return artifacts.dir, artifacts.err
}

// saveArtifact writes data as name (made safe as a file name) in
// ArtifactDir and returns the path. A name already taken, by a second tab
// of the same test for one, gets a number: name-2.png, name-3.png, ...
func saveArtifact(name string, data []byte) (string, error) {
	dir, err := ArtifactDir()
	if err != nil {
		return "", err
	}
	name = safeName(name)
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	for i := 1; ; i++ {
		p := filepath.Join(dir, name)
		if i > 1 {
			p = filepath.Join(dir, fmt.Sprintf("%s-%d%s", stem, i, ext))
		}
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		_, err = f.Write(data)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return p, err
	}
}

// safeName turns a test name such as "TestJourney/menu_to_page" into a
// file name.
func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			return r
		}
		return '_'
	}, s)
}
