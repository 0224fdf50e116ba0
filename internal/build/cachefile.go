package build

import (
	"os"
	"path/filepath"
)

// replaceFile writes one of the build's cache files in .varde/: write
// fills a temporary file in the same folder, which is renamed over file
// only when every step succeeded, so the next build reads the old file or
// the whole new one, never half of one. pattern names the temporary file
// (os.CreateTemp). A failure only costs the next build the reuse.
func replaceFile(file, pattern string, write func(*os.File) error) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), pattern)
	if err != nil {
		return err
	}
	err = write(tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), file)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
	}
	return err
}
