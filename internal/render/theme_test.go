package render

import (
	"io/fs"
	"slices"
	"testing"
	"testing/fstest"
)

// A file system that lists links as links (os.DirFS, not sitefs) has not
// checked where they lead: the theme lists none of them, so none is
// published, wherever it points.
func TestThemeFilesLeaveOutUncheckedLinks(t *testing.T) {
	siteFS := fstest.MapFS{
		"static/ok.txt":     {Data: []byte("ok")},
		"static/passwd.txt": {Data: []byte("/etc/passwd"), Mode: fs.ModeSymlink},
		"static/environ":    {Data: []byte("/proc/self/environ"), Mode: fs.ModeSymlink},
	}
	th, err := LoadTheme(siteFS, "default")
	if err != nil {
		t.Fatal(err)
	}
	files := th.Files("static")
	if !slices.Contains(files, "ok.txt") {
		t.Errorf("static files %v lack ok.txt", files)
	}
	for _, f := range files {
		if f == "passwd.txt" || f == "environ" {
			t.Errorf("static files list the link %s", f)
		}
	}
}
