package check

import (
	"io/fs"
	"os"
	"path"
	"regexp"
	"strings"

	"github.com/varde-portal/varde/internal/diag"
)

// cssFolders are the site's folders whose CSS reaches readers: its own
// assets and static files, files under content/, and a theme of its own.
var cssFolders = []string{"assets", "static", "content", "themes"}

// remoteCSS finds an address of another site in a stylesheet: @import
// "https://…", @import url(//…) and url(https://…) (a font, an image).
var remoteCSS = regexp.MustCompile(`(?i)(@import\s+(?:url\(\s*)?["']?|url\(\s*["']?)((?:https?:)?//[^"')\s;]+)`)

// cssComment is a CSS comment, whose addresses load nothing.
var cssComment = regexp.MustCompile(`(?s)/\*.*?\*/`)

// remoteStyles warns about a stylesheet of the site's own that loads a
// font, an image or another stylesheet from another site: the portal
// makes no third-party request (the reader's browser would tell that site
// who reads the portal), and the pages' Content-Security-Policy
// (default-src 'self') blocks it anyway, so it does not work either. The
// files are read inside the site folder only (os.Root), without following
// links, each up to the page size limit.
func remoteStyles(source string) []diag.Diagnostic {
	root, err := os.OpenRoot(source)
	if err != nil {
		return nil
	}
	defer root.Close()
	fsys := root.FS()
	var ds diag.List
	for _, dir := range cssFolders {
		_ = fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !d.Type().IsRegular() || strings.ToLower(path.Ext(p)) != ".css" {
				return nil
			}
			b, ok := readSiteFile(fsys, p)
			if !ok {
				return nil
			}
			// Comments blanked, their line breaks kept, so lines stay true.
			text := cssComment.ReplaceAllStringFunc(string(b), func(c string) string {
				return strings.Repeat("\n", strings.Count(c, "\n"))
			})
			for i, line := range strings.Split(text, "\n") {
				for _, m := range remoteCSS.FindAllStringSubmatch(line, -1) {
					ds.Warnf(p, i+1, "%s loads from another site: the portal makes no requests to other sites (the reader's browser would tell that site who reads the portal), and the pages' Content-Security-Policy blocks it, so it does not work either; save the file in the site (assets/ or static/) and refer to it there", m[2])
				}
			}
			return nil
		})
	}
	return ds.Items()
}
