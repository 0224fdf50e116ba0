package edition

import (
	"strings"

	"github.com/varde-portal/varde/internal/site"
)

// builtFolders are the folders a build writes at the top of every site,
// besides pages: the theme's CSS and scripts (internal/render) and the
// search index for the browser (internal/build/search.go).
var builtFolders = []string{"css", "js", "search"}

// Occupant names what already answers under /name/ in the current site,
// where an edition called name would be published, or returns "" when the
// address is free. It is asked before a snapshot is made: a name such as
// "veiledere" (a section), "nn" (a language) or "sok" (the search page)
// was accepted, and from then on the site no longer built. The build
// reports the same clash for an edition written into config.toml by hand.
func Occupant(name string, s *site.Site) string {
	if _, ok := s.Config.Languages[name]; ok {
		return "the language " + name + " (its pages are published under /" + name + "/)"
	}
	for _, f := range builtFolders {
		if f == name {
			return "the folder /" + name + "/ that every build writes"
		}
	}
	dir := "/" + name + "/"
	for _, p := range s.Pages {
		if strings.HasPrefix(p.Path, dir) {
			return p.Describe()
		}
		for _, a := range p.Aliases {
			if strings.HasPrefix(a, dir) {
				return "the alias " + a + " of " + p.Describe()
			}
		}
	}
	for _, r := range s.Resources {
		if strings.HasPrefix("/"+r.Rel, dir) {
			return r.File
		}
	}
	return ""
}
