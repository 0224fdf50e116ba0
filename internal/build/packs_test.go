package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/testsite"
)

// packFiles is a small national pack: two guides (one marking the place
// for a local addition and using site values), a course the site leaves
// out, a layout partial and a pack.toml.
var packFiles = map[string]string{
	"pack.toml":                   "title = \"KS-pakken\"\nversion = \"2026.2\"\nvarde = \"0.1\"\n",
	"content/_index.md":           "---\ntitle: Nasjonal forside\n---\n\nSe [avvik](veiledere/avvik.md).\n",
	"content/veiledere/_index.md": "---\ntitle: Veiledere\n---\n",
	"content/veiledere/avvik.md":  "---\ntitle: Melde avvik i {{kommune}}\nowner: KS\n---\n\nMeld avvik til {{personvernombud.epost}}.\n\n<!-- lokalt -->\n\n## Nasjonalt til slutt\n\nTekst.\n",
	"content/veiledere/dpia.md":   "---\ntitle: DPIA\n---\n\nNasjonal DPIA-tekst. Ukjent verdi: {{ukjent}}. Kode: `{{kommune}}`.\n",
	"content/kurs/grunnkurs.md":   "---\ntitle: Grunnkurs\n---\n\nKurs.\n",
}

func newPackSite(t *testing.T, siteFiles map[string]string) (site, pack string) {
	t.Helper()
	root := t.TempDir()
	pack = filepath.Join(root, "ks")
	site = filepath.Join(root, "site")
	testsite.Write(t, pack, packFiles)
	testsite.Write(t, site, siteFiles)
	return site, pack
}

const packConfig = `title = "Nordfjella"
[search]
enabled = false
[[packs]]
name = "ks"
path = "../ks"
exclude = ["kurs"]
[values]
kommune = "Nordfjella <kommune>"
[values.personvernombud]
epost = "pvo@nordfjella.no"
`

func buildPackSite(t *testing.T, site string) (*Result, string, error) {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	minify := false
	res, err := Build(context.Background(), Options{Source: site, Dest: dest, IndexDir: t.TempDir(), Minify: &minify, NoHistory: true})
	return res, dest, err
}

func diagText(ds []diag.Diagnostic) string {
	var all []string
	for _, d := range ds {
		all = append(all, d.String())
	}
	return strings.Join(all, "\n")
}

func TestPackFolder(t *testing.T) {
	site, _ := newPackSite(t, map[string]string{
		"config.toml":               packConfig,
		"content/veiledere/dpia.md": "---\ntitle: DPIA hos oss\n---\n\nVår egen DPIA-tekst.\n",
		"content/om.md":             "---\ntitle: Om portalen\n---\n\nLokal side. Se [DPIA](veiledere/dpia.md).\n",
		"lokalt/veiledere/avvik.md": "## Slik gjør vi det hos oss\n\nRing [servicetorget](/om/).\n",
	})
	res, dest, err := buildPackSite(t, site)
	if err != nil {
		t.Fatalf("%v\n%s", err, diagText(res.Diags))
	}
	avvik := readPage(t, dest, "/veiledere/avvik/")
	for _, want := range []string{
		"Melde avvik i Nordfjella &lt;kommune&gt;", // title with the value, escaped
		"pvo@nordfjella.no",
		"Slik gjør vi det hos oss",
		"Basert på KS-pakken 2026.2, tilpasset Nordfjella &lt;kommune&gt;",
	} {
		if !strings.Contains(avvik, want) {
			t.Errorf("avvik page lacks %q", want)
		}
	}
	if strings.Contains(avvik, "<kommune>") {
		t.Error("a value went into the page unescaped")
	}
	// The local addition stands where the pack marks it, before the
	// national text that follows the mark.
	if i, j := strings.Index(avvik, "Slik gjør vi det hos oss"), strings.Index(avvik, "Nasjonalt til slutt"); i < 0 || j < 0 || i > j {
		t.Errorf("local addition at %d, national heading after the mark at %d", i, j)
	}
	dpia := readPage(t, dest, "/veiledere/dpia/")
	if !strings.Contains(dpia, "Vår egen DPIA-tekst") || strings.Contains(dpia, "Nasjonal DPIA-tekst") {
		t.Error("the site's own dpia.md does not win over the pack's")
	}
	if !strings.Contains(dpia, "Basert på KS-pakken 2026.2, tilpasset") {
		t.Error("an override does not say what it is based on")
	}
	if _, err := os.Stat(filepath.Join(dest, "kurs")); err == nil {
		t.Error("the excluded course was built")
	}
	om := readPage(t, dest, "/om/")
	if strings.Contains(om, "pack-source") {
		t.Error("the site's own page claims to come from the pack")
	}
	home := readPage(t, dest, "/")
	if !strings.Contains(home, "Fra KS-pakken 2026.2") {
		t.Error("the pack's home page does not name the pack")
	}
}

func TestPackWarnings(t *testing.T) {
	site, _ := newPackSite(t, map[string]string{
		"config.toml":               strings.Replace(packConfig, "[values]\n", "[values]\n", 1),
		"content/veiledere/dpia.md": "---\ntitle: DPIA\n---\n\nOverstyrt. {{ukjent.verdi}}\n",
		"content/gammel.md":         "---\ntitle: Gammel\npack_base: \"ks@2026.1:0123456789abcdef0123456789abcdef01234567\"\n---\n\nTekst.\n",
		"lokalt/veiledere/borte.md": "Ingen side å legge dette i.\n",
		"lokalt/veiledere/dpia.md":  "Til en side siten eier selv.\n",
	})
	res, _, err := buildPackSite(t, site)
	if err != nil {
		t.Fatalf("%v\n%s", err, diagText(res.Diags))
	}
	all := diagText(res.Diags)
	for _, want := range []string{
		"content/veiledere/dpia.md:5: warning: {{ukjent.verdi}}: config.toml sets no value",
		"content/gammel.md:3: warning: overrides the page content/gammel.md of the pack \"ks\"",
		"lokalt/veiledere/borte.md: warning: a local addition with no pack page",
		"lokalt/veiledere/dpia.md: warning: content/veiledere/dpia.md is the site's own page",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in\n%s", want, all)
		}
	}
	if strings.Contains(all, "pack_base") && strings.Contains(all, "unknown field") {
		t.Errorf("pack_base is reported as unknown:\n%s", all)
	}
}

// A value set to nothing (kommune = "") is a warning at each place a page
// uses it, like an unset one, and names config.toml's line.
func TestPackEmptyValue(t *testing.T) {
	cfg := strings.Replace(packConfig, `kommune = "Nordfjella <kommune>"`, `kommune = ""`, 1)
	site, _ := newPackSite(t, map[string]string{
		"config.toml":   cfg,
		"content/om.md": "---\ntitle: Om {{kommune}}\n---\n\nTekst.\n\nPortalen til {{ kommune }}.\n",
	})
	res, dest, err := buildPackSite(t, site)
	if err != nil {
		t.Fatalf("%v\n%s", err, diagText(res.Diags))
	}
	all := diagText(res.Diags)
	for _, want := range []string{
		"content/om.md:7: warning: {{kommune}}: config.toml sets kommune to an empty value (config.toml:9), so the page shows nothing there",
		"content/om.md:2: warning: {{kommune}}: config.toml sets kommune to an empty value (config.toml:9), so the title shows nothing there",
		// The pack's page, named as the pack's file, in its title.
		"../ks/content/veiledere/avvik.md:2: warning: {{kommune}}: config.toml sets kommune to an empty value",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in\n%s", want, all)
		}
	}
	if page := readPage(t, dest, "/om/"); !strings.Contains(page, "Portalen til .") {
		t.Errorf("the empty value is not empty on the page")
	}
}

func TestPackMessagesNameThePackFile(t *testing.T) {
	site, pack := newPackSite(t, map[string]string{
		"config.toml":               packConfig,
		"lokalt/veiledere/avvik.md": "Se [en side som ikke finnes](finnes-ikke.md).\n",
	})
	testsite.Write(t, pack, map[string]string{"content/veiledere/dpia.md": "---\ntitle: DPIA\n---\n\nSe [borte](borte.md).\n"})
	res, _, err := buildPackSite(t, site)
	if err == nil {
		t.Fatal("dead links built")
	}
	all := diagText(res.Diags)
	// The pack's page is named as the pack's file; the local addition's
	// link at its own file and line.
	for _, want := range []string{"../ks/content/veiledere/dpia.md:5:", "lokalt/veiledere/avvik.md:1:"} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in\n%s", want, all)
		}
	}
}

func TestPackBadInput(t *testing.T) {
	for _, tc := range []struct {
		name   string
		config string
		pack   map[string]string
		want   string
	}{
		{"missing folder", strings.Replace(packConfig, `path = "../ks"`, `path = "../finnes-ikke"`, 1), nil, `config.toml:6: error: pack "ks" (../finnes-ikke): the folder`},
		{"newer varde", packConfig, map[string]string{"pack.toml": "title = \"KS\"\nvarde = \"9.0\"\n"}, `../ks/pack.toml:2: error: pack "ks" needs Varde 9.0 or newer`},
		{"no content", strings.Replace(packConfig, `path = "../ks"`, `path = "../ks/content/kurs"`, 1), nil, "no content/ folder"},
		{"two packs", packConfig + "[[packs]]\nname = \"ks2\"\npath = \"../ks\"\n", nil, `../ks/content/_index.md: error: packs "ks" and "ks2" both provide 4 files (content/_index.md, content/veiledere/_index.md, content/veiledere/avvik.md and 1 more)`},
		{"unused exclude", strings.Replace(packConfig, `exclude = ["kurs"]`, `exclude = ["kurs", "finnes/ikke.md"]`, 1), nil, `exclude "finnes/ikke.md" leaves out no page`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site, pack := newPackSite(t, map[string]string{"config.toml": tc.config})
			testsite.Write(t, pack, tc.pack)
			dest := filepath.Join(t.TempDir(), "public")
			if err := os.MkdirAll(dest, 0o755); err != nil {
				t.Fatal(err)
			}
			minify := false
			res, err := Build(context.Background(), Options{Source: site, Dest: dest, IndexDir: t.TempDir(), Minify: &minify, NoHistory: true})
			all := diagText(res.Diags)
			if !strings.Contains(all, tc.want) {
				t.Errorf("err %v; no %q in\n%s", err, tc.want, all)
			}
			if strings.Contains(tc.want, "error") && err == nil {
				t.Error("built anyway")
			}
			if err != nil {
				if entries, _ := os.ReadDir(dest); len(entries) > 0 {
					t.Errorf("a failed build wrote %d files", len(entries))
				}
			}
		})
	}
}
