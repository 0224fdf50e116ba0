package main

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/varde-portal/varde/internal/testsite"

	"github.com/varde-portal/varde/internal/search"
)

// searchSite is a small site in bokmål and nynorsk whose text holds markup
// and a terminal escape, so that the output of varde search can be checked
// for both.
var searchSite = map[string]string{
	"config.toml": "title = \"Søketest\"\nbaseURL = \"https://sok.example.no/\"\n" +
		"[languages.nb]\nname = \"Bokmål\"\n[languages.nn]\nname = \"Nynorsk\"\n" +
		"[sections.veiledere]\ntype = \"onepager\"\n[sections.norm]\ntype = \"norm\"\n",
	"content/_index.md":           "---\ntitle: Hjem\n---\nVelkommen.\n",
	"content/_index.nn.md":        "---\ntitle: Heim\n---\nVelkomen.\n",
	"content/veiledere/_index.md": "---\ntitle: Veiledere\n---\nAlle veilederne.\n",
	"content/veiledere/personvernombud.md": "---\ntitle: Personvernombudet\ndescription: Alle kommuner må ha et personvernombud.\n" +
		"audience: [leder, personvernombud]\n---\n## Oppgaver\n\nPersonvernombudet gir råd og kontrollerer at kommunen følger personvernregelverket.\n",
	"content/veiledere/personvernombud.nn.md": "---\ntitle: Personvernombodet\ndescription: Alle kommunar må ha eit personvernombod.\n" +
		"audience: [leder, personvernombud]\n---\nPersonvernombodet gjev råd og kontrollerer at kommunen følgjer regelverket.\n",
	"content/veiledere/skript.md": "---\ntitle: \"Skript & <b>fet</b> tekst\"\ndescription: Om skript i nettlesaren.\naudience: [it]\n---\n" +
		"Et angrep kan se slik ut: `<script>alert(1)</script>` eller `<img src=x onerror=alert(2)>`, og terminalen kan få \x1b[31mrød\x1b[0m tekst.\n",
	"content/norm/_index.md":     "---\ntitle: Normen\n---\nVaner.\n",
	"content/norm/passord.md":    "---\ntitle: Sterke passord\nstatement: Jeg bruker sterke passord.\ndescription: Lag lange passordfraser.\naudience: [ansatt]\n---\nBruk et eget passord for hver tjeneste.\n",
	"content/norm/passord.nn.md": "---\ntitle: Sterke passord\nstatement: Jeg bruker sterke passord.\ndescription: Lag lange passordfrasar.\naudience: [ansatt]\n---\nBruk eit eige passord for kvar teneste.\n",
}

// newSearchSite writes searchSite to a temp folder; its index (.varde/)
// stays there.
func newSearchSite(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	testsite.Write(t, dir, searchSite)
	return dir
}

// searchJSON runs varde search --json and decodes its output.
func searchJSON(t *testing.T, args ...string) search.Results {
	t.Helper()
	code, out, errs := runCLI(append([]string{"search", "--json"}, args...)...)
	if code != exitOK {
		t.Fatalf("varde search --json %q: exit %d\n%s", args, code, errs)
	}
	var res search.Results
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("varde search --json %q: %v\n%s", args, err, out)
	}
	return res
}

func TestSearchCLI(t *testing.T) {
	site := newSearchSite(t)
	// The first search finds no index and builds one.
	code, out, errs := runCLI("search", "-s", site, "personvernombudet")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, "Building the search index") {
		t.Errorf("no word on stderr about building the index: %q", errs)
	}
	lines := strings.Split(out, "\n")
	if len(lines) < 3 || !strings.Contains(lines[0], "1. Personvernombudet [onepager, nb]") ||
		!strings.Contains(lines[1], "/veiledere/personvernombud/") || !strings.Contains(lines[2], "«personvernombud»") {
		t.Errorf("output:\n%s", out)
	}
	if !strings.Contains(out, "result(s) in") {
		t.Errorf("no count line:\n%s", out)
	}
	// The second uses the index the first built.
	if _, _, errs := runCLI("search", "-s", site, "passord"); errs != "" {
		t.Errorf("second search: stderr %q", errs)
	}

	for _, tc := range []struct {
		name  string
		args  []string
		first string // expected first hit, as lang:id
		all   func(search.Hit) bool
	}{
		{"nynorsk", []string{"--lang", "nn", "personvernombodet"}, "nn:veiledere/personvernombud", func(h search.Hit) bool { return h.Lang == "nn" }},
		{"type", []string{"--type", "norm", "passord"}, "nb:norm/passord", func(h search.Hit) bool { return h.Type == "norm" }},
		{"audience", []string{"--audience", "leder", "kommunen"}, "", func(h search.Hit) bool { return strings.Contains(h.URL, "personvernombud") }},
		{"limit", []string{"--limit", "1", "passord"}, "", nil},
		{"flags after the query", []string{"passord", "--lang", "nb"}, "nb:norm/passord", func(h search.Hit) bool { return h.Lang == "nb" }},
	} {
		res := searchJSON(t, append([]string{"-s", site}, tc.args...)...)
		if len(res.Hits) == 0 {
			t.Errorf("%s: no hits", tc.name)
			continue
		}
		if tc.first != "" && res.Hits[0].Lang+":"+res.Hits[0].ID != tc.first {
			t.Errorf("%s: first hit %s:%s, want %s", tc.name, res.Hits[0].Lang, res.Hits[0].ID, tc.first)
		}
		for _, h := range res.Hits {
			if tc.all != nil && !tc.all(h) {
				t.Errorf("%s: hit %+v does not match the filter", tc.name, h)
			}
		}
		if tc.name == "limit" && len(res.Hits) != 1 {
			t.Errorf("--limit 1 gave %d hits", len(res.Hits))
		}
	}
}

// markupOtherThanMark finds any tag in a snippet but <mark> and </mark>.
var markupOtherThanMark = regexp.MustCompile(`<(?:[^/m]|/[^m]|m[^a]|ma[^r]|mar[^k]|mark[^>]|/mark[^>])`)

// TestSearchCLIBadInput: queries that are empty, only stop words, very
// long or full of query syntax and markup all exit 0, and nothing from the
// pages reaches the terminal as markup or escape codes: the JSON output
// carries snippets whose only tags are <mark>, the text output no control
// characters.
func TestSearchCLIBadInput(t *testing.T) {
	site := newSearchSite(t)
	queries := []string{
		"", "   ", "og i på det som er", strings.Repeat("personvern ", 1000)[:10000], `"`, `*`, `:`, `~`, `^`,
		`<script>`, `<script>alert(1)</script>`, `<img src=x onerror=alert(1)>`, `"personvern" AND passord~2 title:^3 *`,
		"skript", "alert", "rød", "\x1b[31m", "personvern\x00ombud",
	}
	for _, q := range queries {
		name := q
		if len(name) > 40 {
			name = name[:40] + "…"
		}
		code, out, errs := runCLI("search", "-s", site, "--", q)
		if code != exitOK {
			t.Errorf("%q: exit %d: %s", name, code, errs)
			continue
		}
		for _, r := range out {
			if unicode.IsControl(r) && r != '\n' {
				t.Errorf("%q: text output holds the control character %U:\n%q", name, r, out)
				break
			}
		}
		res := searchJSON(t, "-s", site, "--", q)
		for _, h := range res.Hits {
			if m := markupOtherThanMark.FindString(h.Snippet); m != "" {
				t.Errorf("%q: snippet of %s holds markup %q: %s", name, h.ID, m, h.Snippet)
			}
			if strings.ContainsFunc(h.Snippet, func(r rune) bool { return unicode.IsControl(r) }) {
				t.Errorf("%q: snippet of %s holds a control character: %q", name, h.ID, h.Snippet)
			}
		}
	}
	// The page with markup in its text is found, and its snippet shows the
	// markup as text.
	res := searchJSON(t, "-s", site, "alert")
	if len(res.Hits) == 0 || res.Hits[0].ID != "veiledere/skript" {
		t.Fatalf("alert: %+v", res.Hits)
	}
	if s := res.Hits[0].Snippet; !strings.Contains(s, "&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt;") {
		t.Errorf("snippet does not show the markup as text: %s", s)
	}
	_, out, _ := runCLI("search", "-s", site, "alert")
	if !strings.Contains(out, "<script>«alert»(1)</script>") || !strings.Contains(out, "Skript & <b>fet</b> tekst") {
		t.Errorf("text output should show the page's text as it reads:\n%s", out)
	}
}

func TestSearchCLIUsage(t *testing.T) {
	site := newSearchSite(t)
	for _, args := range [][]string{
		{},
		{"--limit", "0", "x"},
		{"--limit", "101", "x"},
		{"--limit", "mange", "x"},
		{"--lang", "sv", "x"},
		{"--nope", "x"},
	} {
		code, _, errs := runCLI(append([]string{"search", "-s", site}, args...)...)
		if code != exitUsage {
			t.Errorf("varde search %q: exit %d, want %d (%s)", args, code, exitUsage, errs)
		}
	}
	if code, _, errs := runCLI("search", "-s", filepath.Join(site, "finnes-ikke"), "x"); code != exitUsage || !strings.Contains(errs, "does not exist") {
		t.Errorf("missing site: exit %d, want %d: %s", code, exitUsage, errs)
	}
}

// TestSearchFilterValues: a --type or --audience no page can have is a
// usage error naming the valid values read from the site (it gave "No
// results" and exit 0); a page type the site has no page of yet is valid.
func TestSearchFilterValues(t *testing.T) {
	site := newSearchSite(t)
	tests := []struct {
		args []string
		code int
		want string // in stderr
	}{
		{[]string{"--type", "veileder"}, exitUsage, `--type "veileder" is not a page type; use one of onepager, checklist, norm, course, page`},
		{[]string{"--type", "norn"}, exitUsage, `(did you mean "norm"?)`},
		{[]string{"--audience", "ledere"}, exitUsage, `--audience "ledere" is not an audience of this site's pages (did you mean "leder"?); use one of ansatt, it, leder, personvernombud`},
		{[]string{"--audience", "ansatte"}, exitUsage, `(did you mean "ansatt"?)`},
		{[]string{"--type", "course"}, exitOK, ""},
		{[]string{"--audience", "leder", "--type", "onepager"}, exitOK, ""},
	}
	for _, tt := range tests {
		code, out, errs := runCLI(append([]string{"search", "-s", site, "personvernombud"}, tt.args...)...)
		if code != tt.code || !strings.Contains(errs, tt.want) {
			t.Errorf("varde search %q: exit %d, stderr %q; want exit %d and %q", tt.args, code, errs, tt.code, tt.want)
		}
		if code != exitOK && out != "" {
			t.Errorf("varde search %q printed results: %q", tt.args, out)
		}
	}
}

// TestSearchWhenSearchIsOff: on a site with [search] enabled = false,
// varde search answered "No results for …" of a word the home page holds
// (build makes no index there). It says search is off, with exit 2.
func TestSearchWhenSearchIsOff(t *testing.T) {
	site := newSite(t, map[string]string{"config.toml": "title = \"T\"\nbaseURL = \"https://k.no/\"\n[search]\nenabled = false\n"})
	code, out, errs := runCLI("search", "-s", site, "personvern")
	if code != exitUsage || out != "" || !strings.Contains(errs, "search is turned off for this site ([search] enabled = false in config.toml)") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
}
