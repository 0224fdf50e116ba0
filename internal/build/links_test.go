package build

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/output"
	"github.com/varde-portal/varde/internal/testsite"
)

// secretText stands in for /etc/passwd: no byte of it may be published.
const secretText = "root:x:0:0:SECRET-FROM-OUTSIDE-THE-SITE"

// symlink makes a link at name (slash-separated, below dir) to target.
func symlink(t *testing.T, dir, name, target string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, p); err != nil {
		t.Fatal(err)
	}
}

// leakySite is a site with links out of it in every place a build reads:
// content/, static/, the theme's folder and its static/, layouts/, and an
// edition's snapshot folder; a temp file stands in for /etc/passwd, and
// /proc/self/environ (which holds CI tokens) is linked for real.
func leakySite(t *testing.T) (site, outside string) {
	t.Helper()
	top := t.TempDir()
	site, outside = filepath.Join(top, "site"), filepath.Join(top, "outside")
	testsite.Write(t, outside, map[string]string{
		"passwd":         secretText,
		"dir/leak.md":    "---\ntitle: Leak\n---\n" + secretText,
		"dir/leak.txt":   secretText,
		"theme/leak.css": secretText,
	})
	testsite.Write(t, site, map[string]string{
		"config.toml":                     "title = \"Testportal\"\n[[editions]]\nname = \"2024\"\ndir = \"editions/2024\"\n",
		"content/_index.md":               "---\ntitle: Testportal\n---\nVelkommen.\n",
		"themes/default/layouts/.keep":    "",
		"editions/2024/content/_index.md": "---\ntitle: Gammel\n---\nTekst.\n",
	})
	passwd := filepath.Join(outside, "passwd")
	symlink(t, site, "content/passwd.md", passwd)
	symlink(t, site, "content/environ.txt", "/proc/self/environ")
	symlink(t, site, "content/utenfor", filepath.Join(outside, "dir"))
	symlink(t, site, "static/passwd.txt", "../../outside/passwd")
	symlink(t, site, "static/utenfor", filepath.Join(outside, "dir"))
	symlink(t, site, "layouts/partials/leak.html", passwd)
	symlink(t, site, "themes/default/static/environ.txt", "/proc/self/environ")
	symlink(t, site, "themes/default/assets", filepath.Join(outside, "theme"))
	symlink(t, site, "editions/2024/content/passwd.md", passwd)
	// Inside the site, yet outside the edition's own folder.
	symlink(t, site, "editions/2024/content/current.md", "../../../content/_index.md")
	return site, outside
}

// refusedLinks are the errors leakySite must give, one per link, each
// naming the link (not the theme, nor a file below a folder link).
func refusedLinks(outside string) []string {
	passwd := filepath.Join(outside, "passwd")
	file := func(name, target string) string {
		return name + ": error: symbolic link to a file outside the site (" + target + "); Varde does not follow links out of the site: copy the file into the site instead"
	}
	folder := func(name, target string) string {
		return name + ": error: symbolic link to a folder outside the site (" + target + "); Varde does not follow links out of the site: copy the folder into the site instead"
	}
	return []string{
		file("content/passwd.md", passwd),
		file("content/environ.txt", "/proc/self/environ"),
		folder("content/utenfor", filepath.Join(outside, "dir")),
		file("static/passwd.txt", passwd),
		folder("static/utenfor", filepath.Join(outside, "dir")),
		file("layouts/partials/leak.html", passwd),
		file("themes/default/static/environ.txt", "/proc/self/environ"),
		folder("themes/default/assets", filepath.Join(outside, "theme")),
		"editions/2024/content/passwd.md: error: symbolic link to a file outside the edition's folder editions/2024 (" + passwd + ")",
		"editions/2024/content/current.md: error: symbolic link to a file outside the edition's folder editions/2024 (",
	}
}

func TestLinksOutOfTheSiteFailTheBuild(t *testing.T) {
	site, outside := leakySite(t)
	environ, _ := os.ReadFile("/proc/self/environ")
	dest := filepath.Join(t.TempDir(), "public")
	res, err := Build(context.Background(), Options{Source: site, Dest: dest, IndexDir: t.TempDir(), NoHistory: true})
	var fail *diag.Failure
	if !errors.As(err, &fail) {
		t.Fatalf("err = %v, want the build to fail", err)
	}
	var all []string
	for _, d := range res.Diags {
		all = append(all, d.String())
	}
	text := strings.Join(all, "\n")
	for _, want := range refusedLinks(outside) {
		if !strings.Contains(text, want) {
			t.Errorf("diagnostics lack\n  %s\ngot:\n%s", want, text)
		}
	}
	if strings.Contains(text, "themes/default:") {
		t.Errorf("an error blames the theme instead of the link:\n%s", text)
	}
	if _, err := os.Stat(dest); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed build wrote %s", dest)
	}

	// Even rendered regardless of the errors, as nothing does, no file
	// holds anything from outside: the links are not there to read. (The
	// theme's assets/ link goes first: reading through it is an error
	// that stops the rendering of the theme's assets, and so of all.)
	if err := os.Remove(filepath.Join(site, "themes", "default", "assets")); err != nil {
		t.Fatal(err)
	}
	l, err := Load(context.Background(), Options{Source: site, IndexDir: t.TempDir(), NoHistory: true})
	if l == nil || l.Renderer == nil {
		t.Fatalf("load: %v", err)
	}
	mem := output.NewMemory()
	ds := Render(l, mem)
	if _, ok := mem.Get("index.html"); !ok {
		t.Fatalf("the home page was not rendered: %v", ds)
	}
	for _, name := range mem.Names() {
		b, _ := mem.Get(name)
		if strings.Contains(string(b), "SECRET-FROM-OUTSIDE") || (len(environ) > 20 && strings.Contains(string(b), string(environ[:20]))) {
			t.Errorf("%s holds a file from outside the site", name)
		}
		for _, leak := range []string{"passwd", "environ", "utenfor", "leak"} {
			if strings.Contains(name, leak) {
				t.Errorf("%s is published", name)
			}
		}
	}
}

// A link from the site's config.toml out of the site stops the build at
// once, naming config.toml.
func TestConfigLinkOutOfTheSite(t *testing.T) {
	top := t.TempDir()
	site := filepath.Join(top, "site")
	testsite.Write(t, top, map[string]string{"other.toml": "title = \"x\"\n", "site/content/_index.md": "---\ntitle: X\n---\n"})
	symlink(t, site, "config.toml", "../other.toml")
	_, err := Load(context.Background(), Options{Source: site, NoHistory: true})
	if err == nil || !strings.Contains(err.Error(), "config.toml: error: symbolic link to a file outside the site (") {
		t.Errorf("err = %v", err)
	}
}

// Links that stay inside the site are followed once: a file link is
// published as the file at the link's place, a folder link is walked like
// a folder, and a link back into a folder that holds it is an error
// rather than a walk without end.
func TestLinksInsideTheSite(t *testing.T) {
	site := testsite.New(t, map[string]string{
		"content/_index.md":         "---\ntitle: Testportal\n---\nSe [delt](delt/felles.md) og [kopi](kopi.md).\n",
		"shared/felles.md":          "---\ntitle: Felles\n---\nFELLES-TEKST\n",
		"shared/notat.md":           "---\ntitle: Notat\n---\nNOTAT-TEKST\n",
		"shared/logo.svg":           "<svg>LOGO</svg>",
		"themes/default/layouts/.k": "",
	})
	symlink(t, site, "content/delt", "../shared")
	symlink(t, site, "content/kopi.md", "../shared/notat.md")
	symlink(t, site, "static/logo.svg", filepath.Join(site, "shared", "logo.svg")) // absolute, yet inside
	symlink(t, site, "themes/default/static/tema.svg", "../../../shared/logo.svg")
	mem := renderMemory(t, Options{Source: site, NoHistory: true, IndexDir: t.TempDir()})
	expectFiles(t, mem, map[string][]string{
		"delt/felles/index.html": {"FELLES-TEKST"},
		"kopi/index.html":        {"NOTAT-TEKST"},
		"logo.svg":               {"LOGO"},
		"tema.svg":               {"LOGO"},
	})
	n := 0
	for _, name := range mem.Names() {
		b, _ := mem.Get(name)
		if m := titleRe.FindStringSubmatch(string(b)); m != nil && strings.HasPrefix(m[1], "Felles") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the linked page is published %d times, want once", n)
	}

	symlink(t, site, "content/delt/igjen", "..")
	_, err := Load(context.Background(), Options{Source: site, NoHistory: true, IndexDir: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "content/delt/igjen: error: symbolic link to a folder that contains it (") {
		t.Errorf("err = %v, want the loop named", err)
	}
}

// An edition's snapshot folder that is itself a link out of the site is
// refused by its own name.
func TestEditionFolderLinkOutOfTheSite(t *testing.T) {
	top := t.TempDir()
	site := filepath.Join(top, "site")
	testsite.Write(t, top, map[string]string{
		"site/config.toml":        "title = \"Testportal\"\n[[editions]]\nname = \"2024\"\ndir = \"editions/2024\"\n",
		"site/content/_index.md":  "---\ntitle: Testportal\n---\nVelkommen.\n",
		"annet/content/_index.md": "---\ntitle: Annet\n---\n" + secretText + "\n",
	})
	symlink(t, site, "editions/2024", filepath.Join(top, "annet"))
	_, err := Load(context.Background(), Options{Source: site, NoHistory: true, IndexDir: t.TempDir()})
	want := "editions/2024: error: symbolic link to a folder outside the site (" + filepath.Join(top, "annet") + ")"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("err = %v, want %q", err, want)
	}
}

// An edition from a git ref is read from git's objects: a link committed
// in git (mode 120000) holds its target's path as text, and is resolved
// inside the commit's tree, never on the disk, where that path would
// lead to a real file outside the site.
func TestEditionFromGitDoesNotFollowLinksToTheDisk(t *testing.T) {
	s := newGitSite(t)
	outside := filepath.Join(filepath.Dir(s.dir), "outside")
	testsite.Write(t, outside, map[string]string{"passwd": secretText})
	s.write(map[string]string{
		"config.toml":       "title = \"Testportal\"\n[[editions]]\nname = \"2024\"\nref = \"utgave-2024\"\n",
		"content/_index.md": "---\ntitle: Testportal\n---\nSe [felles](felles.md).\n",
		"shared/felles.md":  "---\ntitle: Felles\n---\nFELLES-TEKST\n",
	})
	symlink(t, s.dir, "content/felles.md", "../shared/felles.md")
	symlink(t, s.dir, "content/passwd.md", filepath.Join(outside, "passwd"))
	symlink(t, s.dir, "content/relativ.md", "../../outside/passwd")
	s.commit("utgave")
	s.git("tag", "utgave-2024")
	// The current site has no such links: only the edition's are wrong.
	for _, name := range []string{"passwd.md", "relativ.md"} {
		if err := os.Remove(filepath.Join(s.dir, "content", name)); err != nil {
			t.Fatal(err)
		}
	}
	s.commit("uten lenker")
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(s.dir))

	res, err := Build(context.Background(), Options{Source: s.dir, Dest: filepath.Join(t.TempDir(), "public"), IndexDir: t.TempDir()})
	if !errors.As(err, new(*diag.Failure)) {
		t.Fatalf("err = %v, want the build to fail", err)
	}
	var all []string
	for _, d := range res.Diags {
		if d.Severity == diag.Error {
			all = append(all, d.String())
		}
	}
	want := []string{
		"utgave-2024:content/passwd.md: error: symbolic link to a path outside the site (" + filepath.Join(outside, "passwd") + "); Varde does not follow links out of the site: copy what it points to into the site instead",
		"utgave-2024:content/relativ.md: error: symbolic link to a path outside the site (../../outside/passwd); Varde does not follow links out of the site: copy what it points to into the site instead",
	}
	if strings.Join(all, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(all, "\n"), strings.Join(want, "\n"))
	}

	// With the links gone from the ref, the edition is published, its
	// link inside the tree followed, read from git.
	s.git("tag", "-f", "utgave-2024")
	mem := renderMemory(t, Options{Source: s.dir, IndexDir: t.TempDir()})
	expectFiles(t, mem, map[string][]string{"2024/felles/index.html": {"FELLES-TEKST"}})
	for _, name := range mem.Names() {
		if b, _ := mem.Get(name); strings.Contains(string(b), "SECRET-FROM-OUTSIDE") {
			t.Errorf("%s holds the file outside the site", name)
		}
	}
}
