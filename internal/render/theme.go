// Package render turns the site graph into output files: it finds layouts
// in the theme (the site's own layouts/ and assets/ override the theme's
// file by file), executes Go html/template layouts, bundles and fingerprints
// CSS and JS, minifies, and writes sitemap, feeds, robots.txt and redirects.
package render

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/varde-portal/varde/themes"
)

// Theme is a stack of file systems searched in order: the site's own
// folders first, then the theme in the site's themes/, then the bundled one.
type Theme struct {
	Name   string
	layers []layer
}

type layer struct {
	name string // for messages: "site", "themes/default", "bundled default theme"
	fsys fs.FS
}

// LoadTheme builds the lookup stack for a site.
func LoadTheme(site fs.FS, name string) (*Theme, error) {
	t := &Theme{Name: name, layers: []layer{{"site", site}}}
	found := false
	if sub, err := fs.Sub(site, path.Join("themes", name)); err == nil {
		if _, err := fs.Stat(sub, "layouts"); err == nil {
			t.layers = append(t.layers, layer{"themes/" + name, sub})
			found = true
		}
	}
	if sub, err := fs.Sub(themes.FS, name); err == nil {
		if _, err := fs.Stat(sub, "layouts"); err == nil {
			t.layers = append(t.layers, layer{"bundled " + name + " theme", sub})
			found = true
		}
	}
	if !found {
		return nil, fmt.Errorf("theme %q not found: no themes/%s/layouts folder in the site and no bundled theme of that name", name, name)
	}
	return t, nil
}

// filePath names the file name of the layer called layer as it lies in
// the site's folder, for a message; a bundled theme's file is named with
// its theme.
func (t *Theme) filePath(layer, name string) string {
	switch {
	case layer == "site" || layer == "":
		return name
	case strings.HasPrefix(layer, "themes/"):
		return layer + "/" + name
	}
	return name + " (" + layer + ")"
}

// ReadFile returns the first layer's copy of a file, and which layer it is.
func (t *Theme) ReadFile(name string) ([]byte, string, error) {
	for _, l := range t.layers {
		b, err := fs.ReadFile(l.fsys, name)
		if err == nil {
			return b, l.name, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, l.name, err
		}
	}
	return nil, "", fs.ErrNotExist
}

// Exists reports whether any layer has the file.
func (t *Theme) Exists(name string) bool {
	for _, l := range t.layers {
		if _, err := fs.Stat(l.fsys, name); err == nil {
			return true
		}
	}
	return false
}

// Files lists the files below dir across all layers, the first layer's copy
// winning, as paths relative to dir, sorted.
func (t *Theme) Files(dir string) []string {
	seen := map[string]bool{}
	for _, l := range t.layers {
		_ = fs.WalkDir(l.fsys, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				// The site is read through sitefs, which lists a link
				// inside the site as what it leads to and leaves out one
				// that leaves it; a file system that lists links as
				// links has not checked where they go, so none is
				// published (a static/ link to /etc/passwd was).
				return nil
			}
			if strings.HasPrefix(d.Name(), ".") {
				return nil
			}
			seen[strings.TrimPrefix(p, dir+"/")] = true
			return nil
		})
	}
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// SiteFS is the site's own file system (the first layer).
func (t *Theme) SiteFS() fs.FS { return t.layers[0].fsys }
