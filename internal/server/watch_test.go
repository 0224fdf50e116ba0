package server

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// packSiteFiles is a site built on a folder pack beside it (../felles),
// with a local addition in lokalt/ and a survey's folder of share files.
var packSiteFiles = map[string]string{
	"config.toml":       "title = \"Test\"\n\n[[packs]]\nname = \"felles\"\npath = \"../felles\"\n\n[values]\nkommune = \"Nordfjella kommune\"\n",
	"content/_index.md": "---\ntitle: Hjem\n---\nVelkommen.\n",
}

var packFiles = map[string]string{
	"content/veiledere/avvik.md": "---\ntitle: Avvik\n---\nNasjonal tekst for {{kommune}}.\n\n<!-- lokalt -->\n\nSlutt.\n",
}

// The dev server rebuilds when a folder pack's page, a local addition
// (lokalt/) or a pack's pack.toml changes, and follows config.toml when it
// starts or stops naming a folder pack.
func TestWatchPacksAndLocal(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "site")
	felles := filepath.Join(parent, "felles")
	writeFiles(t, dir, packSiteFiles)
	writeFiles(t, felles, packFiles)
	s, addr := start(t, dir)
	if _, _, body := get(t, addr+"/veiledere/avvik/"); !strings.Contains(body, "Nasjonal tekst for Nordfjella kommune") {
		t.Fatalf("pack page not built: %s", body)
	}

	// A [values] change in config.toml: no restart needed.
	writeFile(t, filepath.Join(dir, "config.toml"), strings.Replace(packSiteFiles["config.toml"], "Nordfjella", "Sørfjella", 1))
	waitFor(t, s, addr+"/veiledere/avvik/", "Nasjonal tekst for Sørfjella kommune")

	// An edit of the pack's page, outside the site folder.
	writeFile(t, filepath.Join(felles, "content/veiledere/avvik.md"), "---\ntitle: Avvik\n---\nOppdatert nasjonal tekst.\n\n<!-- lokalt -->\n\nSlutt.\n")
	info := waitRebuild(t, s)
	if !info.OK || !slices.Contains(info.Paths, "../felles/content/veiledere/avvik.md") {
		t.Errorf("pack edit: %+v", info)
	}
	if _, _, body := get(t, addr+"/veiledere/avvik/"); !strings.Contains(body, "Oppdatert nasjonal tekst") {
		t.Errorf("pack edit not served")
	}

	// A local addition written after the server started (lokalt/ did not
	// exist then), then edited.
	writeFile(t, filepath.Join(dir, "lokalt/veiledere/avvik.md"), "## Slik gjør vi det hos oss\n\nRing servicetorget.\n")
	waitFor(t, s, addr+"/veiledere/avvik/", "Ring servicetorget")
	writeFile(t, filepath.Join(dir, "lokalt/veiledere/avvik.md"), "## Slik gjør vi det hos oss\n\nSend e-post til personvernombudet.\n")
	info = waitFor(t, s, addr+"/veiledere/avvik/", "Send e-post til personvernombudet")
	if !slices.Contains(info.Paths, "lokalt/veiledere/avvik.md") {
		t.Errorf("local edit reported as %v", info.Paths)
	}

	// A new page in a new folder of the pack.
	writeFile(t, filepath.Join(felles, "content/ny/side.md"), "---\ntitle: Ny\n---\nNy nasjonal side.\n")
	waitFor(t, s, addr+"/ny/side/", "Ny nasjonal side")

	// pack.toml: the pack's title shows in the footer.
	writeFile(t, filepath.Join(felles, "pack.toml"), "title = \"Fellespakken\"\nversion = \"2\"\n")
	waitFor(t, s, addr+"/ny/side/", "Fellespakken 2")

	// config.toml stops naming the pack: its folder is no longer watched.
	// (Waiting for the rebuild of each file: on a loaded machine one edit
	// can come as two events and two rebuilds, and a late one must not be
	// taken for the next edit's.)
	writeFile(t, filepath.Join(dir, "content/ny/side.md"), "---\ntitle: Ny\n---\nSidens egen.\n")
	waitRebuildOf(t, s, "content/ny/side.md")
	writeFile(t, filepath.Join(dir, "config.toml"), "title = \"Test\"\n")
	info = waitRebuildOf(t, s, "config.toml")
	if !info.OK {
		t.Fatalf("site without the pack: %+v %v", info, s.Current())
	}
	if code, _, _ := get(t, addr+"/veiledere/avvik/"); code != 404 {
		t.Errorf("pack page served after the pack was removed: %d", code)
	}
	writeFile(t, filepath.Join(felles, "content/veiledere/avvik.md"), "---\ntitle: Avvik\n---\nIgjen.\n")
	for quiet := time.After(300 * time.Millisecond); ; {
		select {
		case info := <-s.Rebuilt:
			if slices.ContainsFunc(info.Paths, func(p string) bool { return strings.Contains(p, "felles") }) {
				t.Errorf("a rebuild after an edit of a pack the site no longer has: %+v", info)
			}
			continue // a late rebuild of the edits before
		case <-quiet:
		}
		break
	}

	// And names it again: watched again.
	writeFile(t, filepath.Join(dir, "config.toml"), packSiteFiles["config.toml"])
	waitFor(t, s, addr+"/veiledere/avvik/", "Igjen.")
	writeFile(t, filepath.Join(felles, "content/veiledere/avvik.md"), "---\ntitle: Avvik\n---\nTredje gang.\n")
	waitFor(t, s, addr+"/veiledere/avvik/", "Tredje gang")
}

// A folder pack is watched as the build reads it, a root of its own: a
// link in it to a folder outside the pack is not watched, nor is any part
// of the pack's folder a build does not read.
func TestWatchPackStaysInside(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "site")
	felles := filepath.Join(parent, "felles")
	writeFiles(t, dir, packSiteFiles)
	writeFiles(t, felles, packFiles)
	writeFiles(t, felles, map[string]string{"utkast/notat.md": "x\n", "content/delt/.gitkeep": ""})
	outside := outsideFiles(t)
	symlink(t, filepath.Join(outside, "dir"), filepath.Join(felles, "content", "utenfor"))
	w, err := newWatcher(dir, 20*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	defer w.close()
	list := w.fsw.WatchList()
	realFelles, _ := filepath.EvalSymlinks(felles)
	for _, want := range []string{realFelles, filepath.Join(realFelles, "content", "veiledere"), filepath.Join(realFelles, "content", "delt")} {
		if !slices.Contains(list, want) {
			t.Errorf("%s is not watched: %v", want, list)
		}
	}
	for _, p := range list {
		if strings.HasPrefix(p, outside) || strings.Contains(p, "utenfor") || strings.Contains(p, "utkast") {
			t.Errorf("%s is watched", p)
		}
	}
	ps := w.paths(filepath.Join(realFelles, "content", "veiledere", "avvik.md"))
	if !slices.Equal(ps, []string{"../felles/content/veiledere/avvik.md"}) {
		t.Errorf("a pack file is reported as %v", ps)
	}
}

// The folder of a survey's share files is watched: a coordinator drops a
// received file in and the survey page is built again.
func TestWatchSurveyFolder(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"config.toml":           "title = \"Test\"\n\n[[surveys]]\nname = \"region\"\nchecklist = \"sjekklister/x\"\ndir = \"modenhet/region\"\n",
		"content/_index.md":     "---\ntitle: Hjem\n---\n",
		"modenhet/region/.keep": "",
	})
	w, err := newWatcher(dir, 20*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	defer w.close()
	real, _ := filepath.EvalSymlinks(dir)
	if !slices.Contains(w.fsw.WatchList(), filepath.Join(real, "modenhet", "region")) {
		t.Errorf("the survey's folder is not watched: %v", w.fsw.WatchList())
	}
	if ps := w.paths(filepath.Join(real, "modenhet", "region", "a.json")); len(ps) != 1 || !(&root{parts: w.site.parts}).relevant(ps[0]) {
		t.Errorf("a share file is %v, not relevant", ps)
	}
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		writeFile(t, filepath.Join(dir, filepath.FromSlash(name)), body)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
}

// waitFor waits for rebuilds until url serves text (a folder and its file
// may arrive as separate bursts).
func waitFor(t *testing.T, s *Server, url, text string) RebuildInfo {
	t.Helper()
	var info RebuildInfo
	for range 4 {
		info = waitRebuild(t, s)
		if _, _, body := get(t, url); strings.Contains(body, text) {
			return info
		}
	}
	_, _, body := get(t, url)
	t.Fatalf("%s does not show %q after the change: %.300s", url, text, body)
	return info
}
