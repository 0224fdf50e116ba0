package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An edition of a site on a git pack (a tag of the site) shows the pack's
// pages as the site had them then: the pin in config.toml at the tag, the
// local additions at the tag, the values at the tag. The current site
// shows the current pin.
func TestPackEditionReadsThePackAtItsPin(t *testing.T) {
	pk := newGitSite(t)
	pk.write(map[string]string{
		"pack.toml":                   "title = \"KS-pakken\"\n",
		"content/_index.md":           page("title: Nasjonal forside\n", "Velkommen.\n"),
		"content/veiledere/avvik.md":  page("title: Melde avvik\n", "Meld avvik snarest i {{kommune}}.\n\n<!-- lokalt -->\n"),
		"content/veiledere/dpia.md":   page("title: DPIA\n", "Nasjonal DPIA.\n"),
		"content/veiledere/bilde.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
	})
	pk.commit("Første utgave")
	pk.git("tag", "2026.1")
	pk.write(map[string]string{
		"content/veiledere/avvik.md": page("title: Melde avvik\n", "Meld avvik innen 72 timer i {{kommune}}.\n\n<!-- lokalt -->\n"),
		"content/veiledere/ny.md":    page("title: Ny veileder\n", "Kom i 2026.2.\n"),
	})
	pk.commit("2026.2")
	pk.git("tag", "2026.2")

	cfg := func(ref, kommune, editions string) string {
		c := strings.Replace(packHistoryConfig, "PACK", filepath.ToSlash(pk.dir), 1)
		c = strings.Replace(c, "[languages.nn]\nname = \"Nynorsk\"\n", "", 1)
		c = strings.Replace(c, "ref = \"2026.2\"", "ref = \""+ref+"\"", 1)
		c = strings.Replace(c, "Nordfjella kommune", kommune, 1)
		return c + editions
	}
	s := newGitSite(t)
	s.day = 10
	s.write(map[string]string{
		"config.toml":               cfg("2026.1", "Gamle Nordfjella", ""),
		".gitignore":                ".varde/\npublic/\n",
		"content/om.md":             page("title: Om portalen\n", "Lokal side.\n"),
		"lokalt/veiledere/avvik.md": "## Hos oss\n\nRing sentralbordet.\n",
	})
	s.commit("site on 2026.1")
	s.git("tag", "utgave-2025")
	s.write(map[string]string{
		"config.toml":               cfg("2026.2", "Nordfjella kommune", "[[editions]]\nname = \"2025\"\nref = \"utgave-2025\"\n"),
		"lokalt/veiledere/avvik.md": "## Hos oss\n\nSend e-post til avvik@nordfjella.no.\n",
	})
	s.commit("pack 2026.2")

	dest := filepath.Join(t.TempDir(), "public")
	minify := false
	res, err := Build(context.Background(), Options{Source: s.dir, Dest: dest, IndexDir: t.TempDir(), Minify: &minify})
	if err != nil {
		t.Fatalf("%v\n%s", err, diagText(res.Diags))
	}
	for url, want := range map[string][]string{
		"/veiledere/avvik/":      {"Meld avvik innen 72 timer i Nordfjella kommune", "avvik@nordfjella.no", "KS-pakken 2026.2"},
		"/veiledere/ny/":         {"Kom i 2026.2"},
		"/2025/veiledere/avvik/": {"Meld avvik snarest i Gamle Nordfjella", "Ring sentralbordet", "KS-pakken 2026.1"},
		"/2025/veiledere/dpia/":  {"Nasjonal DPIA"},
		"/2025/om/":              {"Lokal side"},
	} {
		html := readPage(t, dest, url)
		for _, w := range want {
			if !strings.Contains(html, w) {
				t.Errorf("%s lacks %q", url, w)
			}
		}
	}
	old := readPage(t, dest, "/2025/veiledere/avvik/")
	for _, not := range []string{"72 timer", "avvik@nordfjella.no", "2026.2"} {
		if strings.Contains(old, not) {
			t.Errorf("the edition's avvik shows %q, from after its tag", not)
		}
	}
	if _, err := os.Stat(filepath.Join(dest, "2025", "veiledere", "ny", "index.html")); err == nil {
		t.Error("the edition has a page the pack added after its pin")
	}
	if _, err := os.Stat(filepath.Join(dest, "2025", "veiledere", "bilde.svg")); err != nil {
		t.Errorf("the pack's file in the edition: %v", err)
	}
}
