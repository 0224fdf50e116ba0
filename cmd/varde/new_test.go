package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/varde-portal/varde/internal/testsite"

	"github.com/varde-portal/varde/internal/config"
)

// newSiteConfig has a section of each page type, as the bundled site does.
const newSiteConfig = `title = "Testportal"
baseURL = "https://test.example.no/"
[languages.nb]
name = "Bokmål"
[sections.veiledere]
type = "onepager"
[sections.verktoykasse]
type = "checklist"
[sections.adferdsnorm]
type = "norm"
[sections.kurs]
type = "course"
[sections.om]
type = "page"
`

// sectionOf is the section of newSiteConfig whose default type is t.
var sectionOf = map[string]string{
	"onepager": "veiledere", "checklist": "verktoykasse", "norm": "adferdsnorm", "course": "kurs", "page": "om",
}

// newSite writes a small site for `varde new` to add to and returns its folder.
func newSite(t *testing.T, extra map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"config.toml":       newSiteConfig,
		"content/_index.md": "---\ntitle: Hjem\ndescription: Forsiden.\n---\nVelkommen.\n",
		// A page for the editions' tests to find in the snapshot.
		"content/veiledere/risikovurdering.md": "---\ntitle: Risikovurdering\ndescription: Slik vurderer dere risiko.\n---\nTekst.\n",
	}
	for k, v := range extra {
		files[k] = v
	}
	testsite.Write(t, dir, files)
	return dir
}

// reportFor returns the lines of a `varde check` report about one file.
func reportFor(out, file string) []string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, file+":") {
			lines = append(lines, l)
		}
	}
	return lines
}

// fill does what an editor does with a scaffolded page: replaces every
// placeholder with real text.
var placeholder = regexp.MustCompile(`FYLL UT:? ?`)

// TestNewEachTypeUntilFilled scaffolds a page of each type and checks the
// promise of the archetypes: `varde check` stops the page, for its
// placeholders only, until every one is filled in; then it passes clean.
func TestNewEachTypeUntilFilled(t *testing.T) {
	for _, typ := range config.PageTypes {
		t.Run(typ, func(t *testing.T) {
			dir := newSite(t, nil)
			rel := sectionOf[typ] + "/ny-side.md"
			file := "content/" + rel
			code, out, stderr := runCLI("new", typ, rel, "-s", dir)
			if code != exitOK || !strings.Contains(out, "Created") {
				t.Fatalf("varde new %s %s: exit %d\n%s%s", typ, rel, code, out, stderr)
			}
			src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(file)))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(src), `title: "Ny side"`) {
				t.Errorf("the title is not made from the file name:\n%s", src)
			}
			if strings.Contains(string(src), "{{") {
				t.Errorf("template actions left in the page:\n%s", src)
			}
			if strings.Contains(string(src), "review:") {
				if want := "review: " + time.Now().AddDate(1, 0, 0).Format("2006-01-02"); !strings.Contains(string(src), want) {
					t.Errorf("review date is not a year from today (%s):\n%s", want, src)
				}
			}

			code, out, _ = runCLI("check", "-s", dir)
			got := reportFor(out, file)
			if code != exitContent || len(got) == 0 {
				t.Fatalf("check passed a page full of placeholders: exit %d\n%s", code, out)
			}
			for _, l := range got {
				if !strings.Contains(l, `"FYLL UT" is still here`) {
					t.Errorf("a fresh page should only be flagged for its placeholders, got: %s", l)
				}
			}

			filled := placeholder.ReplaceAllString(string(src), "")
			if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(file)), []byte(filled), 0o644); err != nil {
				t.Fatal(err)
			}
			code, out, _ = runCLI("check", "-s", dir)
			if code != exitOK || len(reportFor(out, file)) > 0 {
				t.Errorf("the filled-in page still fails the check: exit %d\n%s\n--- page\n%s", code, out, filled)
			}
		})
	}
}

func TestNewPaths(t *testing.T) {
	tests := []struct {
		arg, file, title string
	}{
		{"om/personvern.md", "content/om/personvern.md", "Personvern"},
		{"content/om/med-prefiks.md", "content/om/med-prefiks.md", "Med prefiks"}, // as typed from the site root
		{"om/uten-endelse", "content/om/uten-endelse.md", "Uten endelse"},
		{"om/nye/mappe.md", "content/om/nye/mappe.md", "Mappe"}, // folders are made
		{"om/personvern.nn.md", "content/om/personvern.nn.md", "Personvern"},
		{"om/åpenhet.md", "content/om/åpenhet.md", "Åpenhet"}, // the first letter is a rune, not a byte
		{"om/øvelse-på-brann.md", "content/om/øvelse-på-brann.md", "Øvelse på brann"},
		{`om/"sitat".md`, `content/om/"sitat".md`, `\"sitat\"`}, // escaped inside YAML's double quotes
	}
	for _, tt := range tests {
		t.Run(tt.arg, func(t *testing.T) {
			dir := newSite(t, nil)
			if code, _, stderr := runCLI("new", "page", tt.arg, "-s", dir); code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(tt.file)))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(src), `title: "`+tt.title+`"`) {
				t.Errorf("want title %q in\n%s", tt.title, src)
			}
			if code, _, stderr := runCLI("check", "-s", dir); strings.Contains(stderr, "YAML") {
				t.Errorf("check (exit %d) cannot read the new page: %s", code, stderr)
			}
		})
	}
}

func TestNewRefusesToOverwrite(t *testing.T) {
	const mine = "---\ntitle: Min side\ndescription: Skrevet for hånd.\n---\nViktig tekst.\n"
	dir := newSite(t, map[string]string{"content/om/min-side.md": mine})
	code, out, stderr := runCLI("new", "page", "om/min-side.md", "-s", dir)
	if code == exitOK || !strings.Contains(stderr, "already exists") || out != "" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "content", "om", "min-side.md")); string(b) != mine {
		t.Errorf("the page was changed:\n%s", b)
	}
}

func TestNewSiteArchetypeOverridesTheme(t *testing.T) {
	dir := newSite(t, map[string]string{
		"archetypes/page.md": "---\ntitle: \"{{ .Title }}\"\ndescription: \"FYLL UT: kommunens egen mal\"\nowner: Personvernombudet\n---\n",
	})
	if code, _, stderr := runCLI("new", "page", "om/lokal.md", "-s", dir); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "content", "om", "lokal.md")); !strings.Contains(string(b), "kommunens egen mal") || !strings.Contains(string(b), `title: "Lokal"`) {
		t.Errorf("the site's archetypes/page.md was not used:\n%s", b)
	}
	// A type the site does not override still comes from the theme.
	if code, _, stderr := runCLI("new", "norm", "adferdsnorm/skjerm.md", "-s", dir); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "content", "adferdsnorm", "skjerm.md")); !strings.Contains(string(b), "statement:") {
		t.Errorf("the theme's archetypes/norm.md was not used:\n%s", b)
	}
}

func TestNewUsage(t *testing.T) {
	dir := newSite(t, nil)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"veileder", "om/x.md"}, `unknown page type "veileder" (use one of onepager, checklist, norm, course, page)`},
		{[]string{"page"}, "missing argument"},
		{[]string{}, "missing argument"},
		{[]string{"page", "om/x.md", "om/y.md"}, `unexpected argument "om/y.md"`},
		{[]string{"page", "../utenfor.md"}, "must be a path inside content/"},
		{[]string{"page", "content/"}, "must be a path inside content/"},
		// An absolute path once made content/tmp/x.md.
		{[]string{"page", filepath.Join(os.TempDir(), "x.md")}, "must be a path inside content/"},
		{[]string{"page", "/om/x.md"}, "must be a path inside content/"},
		{[]string{"page", "content/../../x.md"}, "must be a path inside content/"},
		{[]string{"page", "om/../../x.md"}, "must be a path inside content/"},
		{[]string{"page", "om/x.md", "--type", "page"}, "flag provided but not defined"},
		// Names Varde ignores: the page was made and never published.
		{[]string{"page", ".md"}, `".md": a name starting with "." is ignored by Varde`},
		{[]string{"page", "om/.skjult.md"}, `".skjult.md": a name starting with "." is ignored by Varde`},
		{[]string{"page", ".utkast/om/x.md"}, `".utkast": a name starting with "." is ignored by Varde`},
		{[]string{"page", "om~/x.md"}, `"om~": a name ending in "~" is ignored by Varde`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, _, stderr := runCLI(append([]string{"new", "-s", dir}, tt.args...)...)
			if code != exitUsage || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d (want %d), stderr %q, want it to contain %q", code, exitUsage, stderr, tt.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "utenfor.md")); err == nil {
		t.Error("a page was written outside content/")
	}
	for _, p := range []string{filepath.Join(dir, "x.md"), filepath.Join(dir, "content", "tmp"), filepath.Join(dir, "content", "om")} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s was made by a refused varde new", p)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "content", "om", "x.md")); err == nil {
		t.Error("a page was written despite a usage error")
	}
}
