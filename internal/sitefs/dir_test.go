package sitefs

import (
	"errors"
	"os"
	"path"
	"strings"
	"testing"
)

// A Folder reads what ReadFile reads, and refuses what it refuses: links
// out of the site (absolute, relative, to /proc), a dangling link; links
// inside the site are followed, in the folder and out of it.
func TestFolderReadsAsReadFile(t *testing.T) {
	site, _ := tree(t)
	f := open(t, site)
	for _, dir := range []string{"content", "shared", "content/shared", "content/outdir", "nowhere"} {
		d := f.OpenFolder(dir)
		names := []string{"a.md", "b.md", "abs.md", "rel.md", "passwd.md", "environ.md", "dangling.md", "missing.md", "deep", "leak.md", "../content/a.md", ""}
		for _, name := range names {
			want, werr := f.ReadFile(path.Join(dir, name))
			got, gerr := d.ReadFile(name)
			if string(got) != string(want) || (werr == nil) != (gerr == nil) {
				t.Errorf("%s/%s: got %q, %v; ReadFile gives %q, %v", dir, name, got, gerr, want, werr)
				continue
			}
			var wl, gl *LinkError
			if errors.As(werr, &wl) != errors.As(gerr, &gl) || (wl != nil && wl.Error() != gl.Error()) {
				t.Errorf("%s/%s: error %v, ReadFile's %v", dir, name, gerr, werr)
			}
			if string(got) == secret {
				t.Errorf("%s/%s: read the secret", dir, name)
			}
		}
		if err := d.Close(); err != nil {
			t.Error(err)
		}
	}
}

// A folder replaced by a link out of the site after it was listed is not
// read through: OpenFolder goes through the root.
func TestFolderSwappedForALink(t *testing.T) {
	site, outside := tree(t)
	f := open(t, site)
	if err := os.Rename(site+"/shared", site+"/shared.old"); err != nil {
		t.Fatal(err)
	}
	link(t, outside+"/dir", site+"/shared")
	d := f.OpenFolder("shared")
	defer d.Close()
	if b, err := d.ReadFile("leak.md"); err == nil || string(b) == secret {
		t.Fatalf("read %q through a link out of the site", b)
	}
}

// Files of any size read whole, an empty one as empty, and a name that is
// a folder is an error as from ReadFile.
func TestFolderSizes(t *testing.T) {
	site := t.TempDir()
	big := strings.Repeat("æøå 0123456789\n", 50000)
	write(t, site+"/content/tom.md", "")
	write(t, site+"/content/stor.md", big)
	write(t, site+"/content/under/x.md", "x")
	f := open(t, site)
	d := f.OpenFolder("content")
	defer d.Close()
	if b, err := d.ReadFile("tom.md"); err != nil || len(b) != 0 {
		t.Errorf("empty: %q, %v", b, err)
	}
	if b, err := d.ReadFile("stor.md"); err != nil || string(b) != big {
		t.Errorf("large: %d bytes, %v", len(b), err)
	}
	if _, err := d.ReadFile("under"); err == nil {
		t.Error("a folder read as a file")
	}
}
