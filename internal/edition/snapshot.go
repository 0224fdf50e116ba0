package edition

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/varde-portal/varde/internal/sitefs"
)

// CopyTree copies every file and folder of src into dstDir, which must not
// exist yet: `varde edition snapshot NAME` freezes content/ this way into
// editions/NAME/content. The copy is made in a temporary folder beside
// dstDir and renamed into place when complete, so a failed or interrupted
// snapshot never leaves a half-filled edition behind.
//
// Executable bits are kept; other permissions are the usual 0644 and 0755.
// src is expected to resolve links itself, as sitefs does (CopyContent):
// a link it lists as a link is an error naming it, never followed, and so
// is anything that is neither file nor folder.
func CopyTree(src fs.FS, dstDir string) (err error) {
	if _, err := os.Lstat(dstDir); err == nil {
		return fmt.Errorf("edition: %s already exists", dstDir)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("edition: %w", err)
	}
	parent := filepath.Dir(dstDir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("edition: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dstDir)+".tmp-")
	if err != nil {
		return fmt.Errorf("edition: %w", err)
	}
	defer func() {
		if err != nil {
			_ = os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil { // MkdirTemp makes it 0700
		return fmt.Errorf("edition: %w", err)
	}
	err = fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == "." {
			return nil
		}
		dst := filepath.Join(tmp, filepath.FromSlash(p))
		switch t := d.Type(); {
		case t.IsDir():
			return os.Mkdir(dst, 0o755)
		case t.IsRegular():
			return copyFile(src, p, dst)
		case t&fs.ModeSymlink != 0:
			// Following it here could copy a file from anywhere on the
			// disk into the site (and publish it with the edition).
			return fmt.Errorf("%s: symbolic link, which is not followed here; snapshot the site with CopyContent, which follows links inside the site", p)
		default:
			return fmt.Errorf("%s: not a file or folder (%v)", p, t)
		}
	})
	if err != nil {
		return fmt.Errorf("edition: copying into %s: %w", dstDir, err)
	}
	if err := os.Rename(tmp, dstDir); err != nil {
		return fmt.Errorf("edition: %w", err)
	}
	return nil
}

// CopyContent freezes the content/ folder of the site at siteDir into
// dstDir with CopyTree, reading it through sitefs: a link inside the site
// is copied as the file or folder it leads to (the snapshot must not
// change when the target does); a link out of the site is an error naming
// it, and then nothing is copied.
func CopyContent(siteDir, dstDir string) error {
	site, err := sitefs.Open(siteDir)
	if err != nil {
		return fmt.Errorf("edition: %w", err)
	}
	defer site.Close()
	if refused := site.Check("content"); len(refused) > 0 {
		var b strings.Builder
		for _, e := range refused {
			fmt.Fprintf(&b, "\n%s", e.Diagnostic())
		}
		return fmt.Errorf("edition: content/ has links Varde does not follow, so nothing was copied:%s", b.String())
	}
	content, err := fs.Sub(site, "content")
	if err != nil {
		return fmt.Errorf("edition: %w", err)
	}
	return CopyTree(content, dstDir)
}

func copyFile(src fs.FS, name, dst string) (err error) {
	in, err := src.Open(name)
	if err != nil {
		return err
	}
	defer in.Close()
	mode := fs.FileMode(0o644)
	if info, err := in.Stat(); err == nil && info.Mode().Perm()&0o111 != 0 {
		mode = 0o755
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := out.Close(); err == nil {
			err = cerr
		}
	}()
	if _, err := io.Copy(out, in); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}
