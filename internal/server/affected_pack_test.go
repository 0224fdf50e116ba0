package server

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/varde-portal/varde/internal/build"
	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/output"
)

func TestContentFile(t *testing.T) {
	cfg := &config.Config{Packs: []config.Pack{{Name: "felles", Path: "../felles/"}, {Name: "abs", Path: "/srv/ks"}, {Name: "ks", Git: "https://x", Ref: "1"}}}
	for p, want := range map[string]string{
		"content/a/b.md":                   "content/a/b.md",
		"lokalt/veiledere/avvik.md":        "content/veiledere/avvik.md",
		"../felles/content/veiledere/x.md": "content/veiledere/x.md",
		"/srv/ks/content/x.nn.md":          "content/x.nn.md",
		"../felles/pack.toml":              "",
		"../felles/layouts/x.html":         "",
		"../andre/content/x.md":            "", // a pack config.toml does not name
		"lokalt/bilde.png":                 "",
		"layouts/content/x.md":             "",
	} {
		got, ok := contentFile(cfg, p)
		if got != want || ok != (want != "") {
			t.Errorf("contentFile(%s) = %q, %v; want %q", p, got, ok, want)
		}
	}
	for paths, full := range map[string]bool{
		"content/a.md":                       false,
		"lokalt/a.md":                        false,
		"../felles/content/a.md":             false,
		"../felles/content/a.md,config.toml": true,
		"../felles/pack.toml":                true,
		"layouts/content/a.md":               true,
		"data/x/content/a.md":                true,
		"lokalt/a.png":                       true,
	} {
		if got := (Change{Paths: strings.Split(paths, ",")}).ConfigOrTheme(); got != full {
			t.Errorf("ConfigOrTheme(%s) = %v, want %v", paths, got, full)
		}
	}
}

// An edit of a folder pack's page or of a local addition renders only the
// pages it reaches, like an edit of the site's own page, and the pages
// served are then those of a clean build, byte for byte.
func TestPackEditRendersAffectedPages(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "site")
	felles := filepath.Join(parent, "felles")
	writeFiles(t, dir, packSiteFiles)
	writeFiles(t, felles, packFiles)
	writeFiles(t, felles, map[string]string{
		"content/veiledere/_index.md": "---\ntitle: Veiledere\n---\nAlle veiledere.\n",
		"content/veiledere/dpia.md":   "---\ntitle: DPIA\n---\nNasjonal DPIA.\n",
		"content/tema/_index.md":      "---\ntitle: Tema\n---\nTema.\n",
		"content/tema/skole.md":       "---\ntitle: Skole\n---\nSkole.\n",
		"content/tema/helse.md":       "---\ntitle: Helse\n---\nHelse.\n",
	})
	s, addr := start(t, dir)
	total := len(s.Current().Site.Pages)

	same := func(what string) {
		t.Helper()
		l, err := build.Load(context.Background(), build.Options{Source: dir, Dev: true, Minify: boolPtr(false)})
		if err != nil {
			t.Fatal(err)
		}
		clean := output.NewMemory()
		build.Render(l, clean)
		s.mu.RLock()
		served := s.files
		s.mu.RUnlock()
		n := 0
		for _, name := range clean.Names() {
			if !strings.HasSuffix(name, ".html") {
				continue
			}
			want, _ := clean.Get(name)
			got, ok := served.Get(name)
			if !ok || !bytes.Equal(got, want) {
				t.Errorf("%s: %s differs from a clean build's", what, name)
			}
			n++
		}
		if n < total/2 {
			t.Errorf("%s: compared only %d pages", what, n)
		}
	}

	writeFile(t, filepath.Join(felles, "content/veiledere/dpia.md"), "---\ntitle: DPIA\n---\nOppdatert nasjonal DPIA.\n")
	info := waitFor(t, s, addr+"/veiledere/dpia/", "Oppdatert nasjonal DPIA")
	if !info.OK || info.Pages >= total {
		t.Errorf("pack page edit rendered %d of %d pages", info.Pages, total)
	}
	same("after a pack page edit")

	writeFile(t, filepath.Join(dir, "lokalt/veiledere/avvik.md"), "## Slik gjør vi det hos oss\n\nRing servicetorget.\n")
	waitFor(t, s, addr+"/veiledere/avvik/", "Ring servicetorget")
	writeFile(t, filepath.Join(dir, "lokalt/veiledere/avvik.md"), "## Slik gjør vi det hos oss\n\nSend e-post.\n")
	info = waitFor(t, s, addr+"/veiledere/avvik/", "Send e-post")
	if !info.OK || info.Pages >= total {
		t.Errorf("local addition edit rendered %d of %d pages", info.Pages, total)
	}
	same("after a local addition edit")
}
