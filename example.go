// Package varde holds what the varde command needs from the repository's
// root besides the theme (package themes): the bundled portal's content,
// which `varde init --example` copies into a new site as a starting point.
//
// The content is embedded so that a binary installed with `go install`,
// far from any checkout, can still do it. The embedding file has to be
// here: go:embed reaches only files at or below the folder of the Go file,
// and a Go file inside content/ would itself be published as a resource of
// the site. The root package is otherwise empty, so importing it costs the
// binary the content's size (some 600 kB) and nothing else.
package varde

import (
	"embed"
	"io/fs"
)

// content is the repository's content/ folder. "all:" keeps the files
// starting with "_" (every _index.md), which go:embed leaves out otherwise.
//
//go:embed all:content
var content embed.FS

// ExampleContent returns the bundled portal's content, rooted at the
// content folder: _index.md, veiledere/…
func ExampleContent() (fs.FS, error) {
	return fs.Sub(content, "content")
}
