package scorm

import (
	"archive/zip"
	"io"
	"time"
)

// WriteZip writes the package as a zip archive, the form learning
// platforms take: the manifest first (some platforms read only the start
// of the archive to recognise a package), then the other files in name
// order, each stamped with modified, so the same course and time give the
// same bytes.
func (p *Package) WriteZip(w io.Writer, modified time.Time) error {
	zw := zip.NewWriter(w)
	names := p.Names()
	order := make([]string, 0, len(names))
	order = append(order, ManifestName)
	for _, n := range names {
		if n != ManifestName {
			order = append(order, n)
		}
	}
	for _, name := range order {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified.UTC()})
		if err != nil {
			return err
		}
		if _, err := f.Write(p.files[name]); err != nil {
			return err
		}
	}
	return zw.Close()
}
