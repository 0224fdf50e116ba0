package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/varde-portal/varde/internal/config"
)

// siteFlag registers the site folder flag every command that reads a site
// has: -s, and --source, Hugo's long name for the same flag.
func siteFlag(fs *flag.FlagSet) *string {
	src := fs.String("s", ".", "site `folder` (holds config.toml and content/)")
	fs.StringVar(src, "source", ".", "site `folder`, the same as -s")
	return src
}

// needSite reports whether dir is a site, that is holds a config.toml.
// When it is not, it says so and the command exits with exitUsage. Every
// command that reads a site calls it first: run from the wrong folder
// (content/veiledere, or /tmp) a build used to "pass" on an empty site and
// write public/ and .varde/ there, and a check passed with no word about
// the missing config.toml.
func needSite(cmd, dir string, stderr io.Writer) bool {
	if dir == "" {
		fmt.Fprintf(stderr, "varde %s: -s is empty: pass -s with the site's folder (. for the current one)\n", cmd)
		return false
	}
	if st, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(stderr, "varde %s: the site folder %s does not exist: pass -s with the site's folder, or create a site with varde init\n", cmd, dir)
		return false
	} else if err == nil && !st.IsDir() {
		fmt.Fprintf(stderr, "varde %s: the site folder %s is a file, not a folder: pass -s with the folder that holds %s\n", cmd, dir, config.File)
		return false
	}
	name := filepath.Join(dir, config.File)
	st, err := os.Stat(name)
	switch {
	case err == nil && st.Mode().IsRegular():
		return true
	case err == nil:
		fmt.Fprintf(stderr, "varde %s: %s is not a file\n", cmd, name)
	case errors.Is(err, fs.ErrNotExist):
		fmt.Fprintf(stderr, "varde %s: no %s in %s: run inside the site or pass -s DIR, or create one with varde init\n", cmd, config.File, shownDir(dir))
	default:
		fmt.Fprintf(stderr, "varde %s: %v\n", cmd, err)
	}
	return false
}

// shownDir names a folder for a message: "." says nothing about where the
// command was run, so the working directory is named instead.
func shownDir(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil && (dir == "." || dir == "") {
		return abs
	}
	return dir
}

// checkBaseURL checks a --baseURL flag as config.toml's baseURL is checked
// and puts it in the form the build uses; an empty one (no flag) passes.
// A bad one is a usage error: the build has not started.
func checkBaseURL(cmd string, v *string, stderr io.Writer) bool {
	if *v == "" {
		return true
	}
	base, err := config.CheckBaseURL(*v)
	if err != nil {
		fmt.Fprintf(stderr, "varde %s: --baseURL %v\n", cmd, err)
		return false
	}
	*v = base
	return true
}
