package pack

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/varde-portal/varde/internal/config"
)

func TestExpandValues(t *testing.T) {
	values := map[string]string{"kommune": "Nordfjella <b>kommune</b>", "pvo.epost": "pvo@x.no"}
	body := "Hei {{kommune}} og {{ pvo.epost }}.\n\nKode: `{{kommune}}` blir stående.\n\n```\n{{kommune}}\n```\n\nMangler: {{ukjent}}. Ikke et navn: {{a b}}.\n"
	out, unset := ExpandValues([]byte(body), values)
	got := string(out)
	for _, want := range []string{
		`Hei Nordfjella \<b\>kommune\<\/b\> og pvo\@x\.no.`,
		"Kode: `{{kommune}}` blir stående.",
		"```\n{{kommune}}\n```",
		"Mangler: {{ukjent}}.",
		"{{a b}}",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in\n%s", want, got)
		}
	}
	if len(unset) != 1 || unset[0].Name != "ukjent" || unset[0].Line != 9 {
		t.Errorf("unset = %+v", unset)
	}
	title, u := ExpandPlain("Avvik i {{kommune}} ({{nei}})", values)
	if title != "Avvik i Nordfjella <b>kommune</b> ({{nei}})" || len(u) != 1 || u[0].Name != "nei" || u[0].Empty {
		t.Errorf("ExpandPlain = %q, %v", title, u)
	}
}

// An empty value (or one of only spaces) goes in as nothing, and is named
// like an unset one, so the editor learns that a sentence lacks its detail.
func TestExpandEmptyValues(t *testing.T) {
	values := map[string]string{"kommune": "", "kanal": "  ", "pvo": "Kari"}
	out, unset := ExpandValues([]byte("Første linje.\nAvvik i {{kommune}} meldes i {{ kanal }} til {{pvo}}.\n"), values)
	if got := string(out); got != "Første linje.\nAvvik i  meldes i    til Kari.\n" {
		t.Errorf("ExpandValues = %q", got)
	}
	want := []Unset{{Line: 2, Name: "kommune", Empty: true}, {Line: 2, Name: "kanal", Empty: true}}
	if len(unset) != len(want) || unset[0] != want[0] || unset[1] != want[1] {
		t.Errorf("unset = %+v, want %+v", unset, want)
	}
	title, u := ExpandPlain("Avvik i {{kommune}}", values)
	if title != "Avvik i " || len(u) != 1 || u[0] != (Unset{Name: "kommune", Empty: true}) {
		t.Errorf("ExpandPlain = %q, %+v", title, u)
	}
}

func TestSplice(t *testing.T) {
	body := "Innledning.\n\n<!-- lokalt -->\n\n## Nasjonalt\n\nTekst.\n"
	out, at, n, marked := Splice([]byte(body), []byte("## Hos oss\n\nLokal.\n\n"))
	if !marked {
		t.Fatal("mark not found")
	}
	lines := strings.Split(string(out), "\n")
	if lines[at-1] != "## Hos oss" {
		t.Errorf("addition starts at line %d = %q\n%s", at, lines[at-1], out)
	}
	// The national heading moved down by exactly n lines.
	if lines[4+n] != "## Nasjonalt" {
		t.Errorf("n = %d, line %d = %q\n%s", n, 5+n, lines[4+n], out)
	}
	out, _, _, marked = Splice([]byte("Uten merke."), []byte("Lokal."))
	if marked || !strings.HasSuffix(strings.TrimSpace(string(out)), "Lokal.") {
		t.Errorf("unmarked: %q", out)
	}
}

func TestExcluded(t *testing.T) {
	pats := []string{"kurs", "veiledere/dpia", "maler/*.md"}
	for rel, want := range map[string]bool{
		"kurs/grunnkurs.md":    true,
		"veiledere/dpia.md":    true,
		"veiledere/dpia.nn.md": true,
		"veiledere/dpia-ny.md": false,
		"maler/a.md":           true,
		"maler/under/a.md":     false,
		"kursing/x.md":         false,
		"veiledere/logging.md": false,
	} {
		if _, got := excluded(pats, rel); got != want {
			t.Errorf("excluded(%q) = %v", rel, got)
		}
	}
}

func TestBase(t *testing.T) {
	b, ok := ParseBase("ks@2026.1:3b18e512dba79e4c8300dd08aeb37f8e728b8dad")
	if !ok || b.Pack != "ks" || b.Ref != "2026.1" || !strings.HasPrefix(b.Blob, "3b18e5") {
		t.Fatalf("ParseBase = %+v, %v", b, ok)
	}
	for _, bad := range []string{"ks", "ks@2026.1", "@x:abcdef01", "ks@1:xyz"} {
		if _, ok := ParseBase(bad); ok {
			t.Errorf("ParseBase(%q) accepted", bad)
		}
	}
	page := "---\ntitle: DPIA\n---\n\nTekst.\n"
	once := withBase([]byte(page), b)
	if got, ok := readBase(once); !ok || got != b {
		t.Fatalf("readBase after withBase = %+v %v\n%s", got, ok, once)
	}
	b2 := Base{Pack: "ks", Ref: "2026.2", Blob: "0123456789abcdef0123456789abcdef01234567"}
	twice := string(withBase(once, b2))
	if strings.Count(twice, "pack_base") != 1 || !strings.Contains(twice, "2026.2") || !strings.HasSuffix(twice, "---\n\nTekst.\n") {
		t.Errorf("rebased:\n%s", twice)
	}
	toml := string(withBase([]byte("+++\ntitle = \"x\"\n+++\nTekst.\n"), b))
	if !strings.Contains(toml, "pack_base = \"ks@2026.1:") {
		t.Errorf("TOML front matter:\n%s", toml)
	}
	// A byte-order mark and CRLF line ends (Windows editors): one front
	// matter, the mark still first, the text after it untouched.
	for _, c := range []struct{ page, want string }{
		{"\ufeff---\ntitle: DPIA\n---\n\nTekst.\n", "\ufeff---\ntitle: DPIA\npack_base: \"" + b.String() + "\"\n---\n\nTekst.\n"},
		{"---\r\ntitle: DPIA\r\n---\r\n\r\nTekst.\r\n", "---\r\ntitle: DPIA\r\npack_base: \"" + b.String() + "\"\r\n---\r\n\r\nTekst.\r\n"},
		{"\ufeffTekst.\n", "\ufeff---\npack_base: \"" + b.String() + "\"\n---\n\nTekst.\n"},
	} {
		got := withBase([]byte(c.page), b)
		if string(got) != c.want {
			t.Errorf("withBase(%q) =\n%q, want\n%q", c.page, got, c.want)
		}
		if rb, ok := readBase(got); !ok || rb != b {
			t.Errorf("readBase(%q) = %+v %v", got, rb, ok)
		}
	}
	bare := string(withBase([]byte("Tekst.\n"), b))
	if !strings.HasPrefix(bare, "---\npack_base: ") {
		t.Errorf("no front matter:\n%s", bare)
	}
	if BlobID([]byte("hello\n")) != "ce013625030ba8dba906f756967f9e9ca394464a" {
		t.Error("BlobID is not git's blob name")
	}
}

func TestLayeredFS(t *testing.T) {
	site := fstest.MapFS{
		"config.toml":       {Data: []byte("x")},
		"content/eget.md":   {Data: []byte("site")},
		"content/felles.md": {Data: []byte("site wins")},
	}
	a := &Pack{Spec: config.Pack{Name: "a", Path: "a", Exclude: []string{"kurs"}}, fsys: fstest.MapFS{
		"content/felles.md":       {Data: []byte("pack a")},
		"content/bare-a.md":       {Data: []byte("a")},
		"content/ny/side.md":      {Data: []byte("a")},
		"content/kurs/k.md":       {Data: []byte("excluded")},
		"layouts/partials/x.html": {Data: []byte("a")},
	}}
	b := &Pack{Spec: config.Pack{Name: "b", Path: "b"}, fsys: fstest.MapFS{
		"content/felles.md": {Data: []byte("pack b")}, // the site's own wins, so no clash
		"content/bare-a.md": {Data: []byte("clash")},
	}}
	l, ds := newFS(site, []*Pack{a, b})
	if len(ds) != 1 || !strings.Contains(ds[0].String(), `b/content/bare-a.md: error: packs "a" and "b" both provide content/bare-a.md`) {
		t.Errorf("diagnostics: %v", ds)
	}
	read := func(name string) string {
		data, err := fs.ReadFile(l, name)
		if err != nil {
			return "ERR " + err.Error()
		}
		return string(data)
	}
	if read("content/felles.md") != "site wins" || read("content/bare-a.md") != "a" || read("content/ny/side.md") != "a" || read("layouts/partials/x.html") != "a" {
		t.Error("layers read wrong")
	}
	if _, err := fs.Stat(l, "content/kurs/k.md"); err == nil {
		t.Error("excluded file visible")
	}
	var names []string
	if err := fs.WalkDir(l, "content", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(names, ","); got != "content/bare-a.md,content/eget.md,content/felles.md,content/ny/side.md" {
		t.Errorf("walk = %s", got)
	}
	if l.Origin("content/felles.md") != nil || l.Origin("content/bare-a.md") != a || l.Provider("content/felles.md") != a {
		t.Error("Origin/Provider")
	}
	if ov := l.Overrides(); len(ov) != 1 || ov["content/felles.md"] != a {
		t.Errorf("Overrides = %v", ov)
	}
	if sub, err := fs.Sub(l, "layouts"); err != nil {
		t.Fatal(err)
	} else if data, err := fs.ReadFile(sub, "partials/x.html"); err != nil || string(data) != "a" {
		t.Errorf("fs.Sub: %q %v", data, err)
	}
}

func TestNewer(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{{"0.2", "0.1.0", true}, {"0.1", "0.1.0", false}, {">= 1.0", "0.9.9", true}, {"v0.1.1", "0.1.0", true}, {"0.0.9", "0.1.0", false}} {
		if got := newer(c.a, c.b); got != c.want {
			t.Errorf("newer(%q, %q) = %v", c.a, c.b, got)
		}
	}
}
