package config

import (
	"fmt"
	"path"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"
)

// packSeeds are [[packs]] and [values] as docs/format.md shows them, and
// the mistakes an editor makes with them.
var packSeeds = []string{
	"[[packs]]\nname = \"ks\"\ngit = \"https://git.example.no/ks/pakke.git\"\nref = \"2026.1\"\nexclude = [\"kurs/*\", \"veiledere/dpia.md\"]\n\n[[packs]]\nname = \"region\"\npath = \"../region-felles\"\n",
	"[values]\nkommune = \"Nordfjella kommune\"\navvikskanal = \"Avvik meldes i Compilo\"\n[values.personvernombud]\nnavn = \"Kari Nordmann\"\nepost = \"personvernombud@nordfjella.kommune.no\"\n",
	"[values]\ninnbyggere = 4200\nandel = 0.5\nja = true\ntom = \"\"\n[values.a.b]\nc = \"d\"\n",
	"[values]\nliste = [1, 2]\n\"min kommune\" = \"x\"\n\"a.b\" = \"c\"\n\"\" = \"x\"\n",
	"values = \"x\"\n", "[[values]]\n", "values = {kommune = \"x\", pvo = {navn = \"y\"}}\n",
	"[values]\nk = 2026-01-01\n", "[values]\nk = [\"a\"]\n[values.t]\nu = [{v = 1}]\n",
	"[[packs]]\nname = \"ks\"\ngit = \"https://x/y.git\"\n",
	"[[packs]]\nname = \"ks\"\n",
	"[[packs]]\nname = \"ks\"\npath = \"a\"\ngit = \"b\"\nref = \"1\"\n",
	"[[packs]]\nname = \"k s\"\npath = \"a\"\n",
	"[[packs]]\nname = \"a\"\npath = \"a\"\n[[packs]]\nname = \"a\"\npath = \"b\"\n",
	"[[packs]]\nname = \"ks\"\ngit = \"b\"\nref = \"v1 v2\"\n",
	"[[packs]]\nname = \"ks\"\ngit = \"--upload-pack=x\"\nref = \"-x\"\n",
	"[[packs]]\nname = \"ks\"\ngit = \"b\"\nref = \"   \"\n",
	"[[packs]]\nname = \"ks\"\npath = \"a\"\nexclude = [\"[\", \"\", \"content/kurs\"]\n",
	"[[packs]]\npath = \"a\"\n", "[[packs]]\n", "packs = [{name = \"ks\", path = \"a\"}, {}]\n",
	"[packs]\nname = \"ks\"\n", "packs = \"ks\"\n", "[[packs]]\nname = 1\npath = [\"a\"]\nexclude = \"kurs\"\n",
	"[[packs]]\nname = \"ks\"\npath = \"a\"\nfolder = \"b\"\n",
	"[[packs]]\nname = \"../ks\"\npath = \"a\"\n",
	"[[packs]]\nname = \".varde\"\npath = \"/abs/pakke\"\n",
}

// FuzzPacks reads config.toml texts about packs and values: every
// diagnostic names config.toml and a line of it, on one line of UTF-8
// text; a config without errors has packs the build can open (a name fit
// for a folder, used once; a path, or a git URL with a ref that is no
// option and no ref expression; exclude patterns path.Match accepts) and
// values under names a page can use, each at a line (where the empty-value
// warning points). The seed corpus is in testdata/fuzz/FuzzPacks.
func FuzzPacks(f *testing.F) {
	for _, s := range packSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 16<<10 {
			return
		}
		cfg, ds := Load(fstest.MapFS{File: {Data: []byte(text)}})
		lines := strings.Count(text, "\n") + 1
		failed := false
		for _, d := range ds {
			s := d.String()
			if d.File != File || d.Line < 1 || d.Line > lines {
				t.Fatalf("diagnostic not at a line of the %d-line config.toml: %s\n%q", lines, s, text)
			}
			if d.Msg == "" || !utf8.ValidString(s) || strings.ContainsAny(s, "\n\r") {
				t.Fatalf("diagnostic not one line of text: %q", s)
			}
			failed = failed || d.Severity == 0
		}
		if cfg == nil || failed {
			return
		}
		seen := map[string]bool{}
		for i, p := range cfg.Packs {
			if !packName.MatchString(p.Name) || seen[p.Name] {
				t.Fatalf("packs[%d]: name %q unusable as a folder (or used twice)", i, p.Name)
			}
			seen[p.Name] = true
			if (p.Path == "") == (p.Git == "") {
				t.Fatalf("packs[%d]: path %q, git %q: not exactly one", i, p.Path, p.Git)
			}
			if p.Git != "" && (strings.TrimSpace(p.Ref) == "" || strings.HasPrefix(p.Ref, "-") || strings.HasPrefix(p.Git, "-") || strings.ContainsAny(p.Ref, " \t\n\x00~^:?*[\\")) {
				t.Fatalf("packs[%d]: git %q at ref %q would reach git as given", i, p.Git, p.Ref)
			}
			for _, x := range p.Exclude {
				if _, err := path.Match(x, ""); err != nil || x == "" {
					t.Fatalf("packs[%d]: exclude %q", i, x)
				}
			}
			if cfg.Line(fmt.Sprintf("packs[%d]", i)) < 1 {
				t.Fatalf("packs[%d] has no line for messages about it", i)
			}
		}
		for name := range cfg.Values {
			if !ValidValueName(name) {
				t.Fatalf("value %q cannot stand in {{}}", name)
			}
			if l := cfg.Line("values." + name); l < 1 || l > lines {
				t.Fatalf("value %q at line %d of %d", name, l, lines)
			}
		}
	})
}

// A TOML error that quotes a line break from the text is one line
// (FuzzPacks: "not a binary number: '0b" and "'" came on two lines; a
// table name with a carriage return split the message too).
func TestTOMLMessageOneLine(t *testing.T) {
	for src, want := range map[string]string{
		"0=[0b\n": `config.toml:1: error: not valid TOML: not a binary number: '0b\n'`,
		"[!\r0":   `config.toml:1: error: the table name [!\r0 is not closed: end it with ] on the same line`,
	} {
		_, ds := Parse([]byte(src))
		if len(ds) != 1 || ds[0].String() != want {
			t.Errorf("%q: got %q, want %s", src, ds, want)
		}
	}
}

// A backslash at the end of the text is reported at its line (FuzzPacks:
// the decoder gives no line for it, only an offset).
func TestTOMLBackslashAtEndLine(t *testing.T) {
	for src, want := range map[string]int{"\"\\": 1, "title = \"x\"\n\nkommune = \"Os\\": 3} {
		_, ds := Parse([]byte(src))
		if len(ds) != 1 || ds[0].Line != want || !strings.Contains(ds[0].Msg, "invalid escape") {
			t.Errorf("%q: got %v, want an invalid escape at line %d", src, ds, want)
		}
	}
}
