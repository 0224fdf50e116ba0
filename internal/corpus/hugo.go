package corpus

import (
	"bytes"
	"embed"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/varde-portal/varde/themes"
)

// The Hugo sites of the comparison, each reading the corpus's content/:
//
//   - hugo/ makes the same pages as Varde's default theme does for this
//     corpus: the same head (description, canonical, language alternates,
//     feed, a minified and fingerprinted stylesheet and script, built from
//     the default theme's own CSS and JS), header, language switcher, menu
//     marking the current section, breadcrumbs, the page's audiences and
//     topics linked to their pages, four related pages by topic with their
//     descriptions, footer, UI strings from i18n, a feed of the home page
//     and a 404 page. Where Varde renders a part once and reuses it
//     (View.Cached), this site uses Hugo's partialCached with the same
//     keys. This is the like-with-like comparison. hugo/norelated.toml,
//     added with --config hugo.toml,norelated.toml, leaves out the related
//     pages, which are most of Hugo's time on a large site.
//   - hugo-minimal/ is a much lighter page (no related pages, no term
//     links, no assets, no strings), the reference of the first
//     benchmarks, kept to show how much of a build is the theme's.
//
//go:embed all:hugo all:hugo-minimal
var hugoFiles embed.FS

// writeHugo writes the Hugo sites into dir/hugo and dir/hugo-minimal.
func writeHugo(dir string) error {
	err := fs.WalkDir(hugoFiles, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := hugoFiles.ReadFile(name)
		if err != nil {
			return err
		}
		return writeFile(filepath.Join(dir, filepath.FromSlash(name)), b)
	})
	if err != nil {
		return err
	}
	// The assets of Varde's default theme: its stylesheets as one file and
	// the script every page loads, which Hugo minifies and fingerprints as
	// Varde does.
	for _, a := range []struct{ from, ext, to string }{
		{"default/assets/css", ".css", "hugo/assets/css/main.css"},
		{"default/assets/js", ".js", "hugo/assets/js/varde.js"},
	} {
		b, err := concat(a.from, a.ext)
		if err != nil {
			return err
		}
		if err := writeFile(filepath.Join(dir, filepath.FromSlash(a.to)), b); err != nil {
			return err
		}
	}
	icon, err := fs.ReadFile(themes.FS, "default/static/favicon.svg")
	if err != nil {
		return err
	}
	return writeFile(filepath.Join(dir, "hugo", "static", "favicon.svg"), icon)
}

// concat joins the files of one folder of the embedded default theme (not
// its subfolders) with the given extension, in name order.
func concat(folder, ext string) ([]byte, error) {
	entries, err := fs.ReadDir(themes.FS, folder)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ext) {
			continue
		}
		data, err := fs.ReadFile(themes.FS, path.Join(folder, e.Name()))
		if err != nil {
			return nil, err
		}
		b.Write(data)
		b.WriteString("\n")
	}
	return b.Bytes(), nil
}

// writeFile writes a file, making its folder first.
func writeFile(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	return os.WriteFile(name, data, 0o644)
}
