package build

import (
	"fmt"
	"io/fs"

	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/sitefs"
)

// siteParts are the files and folders of a site that a build reads
// (besides the theme, checked once config.toml names it). Every link in
// them is checked before anything is read, so that a link out of the site
// fails the build with an error naming it instead of publishing the file
// it points to. The build goes on reading (sitefs leaves refused links out
// of every listing, as if they were not there), so that one run names
// every refused link, the theme's and the editions' included.
var siteParts = []string{config.File, "content", "layouts", "assets", "static", "i18n", "archetypes", "data"}

// openSite opens the site folder through sitefs, which never follows a
// link out of it.
func openSite(source string) (fs.FS, error) {
	sfs, err := sitefs.Open(source)
	if err != nil {
		return nil, fmt.Errorf("site folder %q: %v", source, err)
	}
	return sfs, nil
}

// checkLinks reports every link under names that fsys refuses to follow,
// as errors naming the link. A file system that is not a site on disk or
// in git (tests' in-memory sites, an edition's overlay, whose parts are
// checked on their own) has nothing to report.
func checkLinks(fsys fs.FS, names ...string) []diag.Diagnostic {
	sfs, ok := fsys.(*sitefs.FS)
	if !ok {
		return nil
	}
	return sitefs.Diagnostics(sfs.Check(names...))
}

// refusedConfig reports whether config.toml itself is a refused link:
// without it there is no site to go on with.
func refusedConfig(links []diag.Diagnostic) bool {
	for _, d := range links {
		if d.File == config.File {
			return true
		}
	}
	return false
}
