package content

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/varde-portal/varde/internal/corpus"
)

// sameAsYAML fails unless simpleYAML, where it reads fm, returns what
// yaml.v3 (parseYAML) does.
func sameAsYAML(t *testing.T, fm []byte) bool {
	t.Helper()
	raw, lines, ok := simpleYAML(fm)
	if !ok {
		return false
	}
	wantRaw, wantLines, d := parseYAML(fm)
	if d != nil {
		t.Fatalf("%q: simpleYAML reads it, yaml.v3 says line %d: %s", fm, d.Line, d.Msg)
	}
	if !reflect.DeepEqual(raw, wantRaw) || !reflect.DeepEqual(lines, wantLines) {
		t.Fatalf("%q:\nsimpleYAML %#v %v\nyaml.v3    %#v %v", fm, raw, lines, wantRaw, wantLines)
	}
	return true
}

// yamlSeeds: the front matter of the bundled pages and of a search corpus,
// and shapes at the edge of what simpleYAML reads.
func yamlSeeds(t testing.TB) []string {
	var out []string
	add := func(dir string) {
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if fm, _, ok := bytes.Cut(bytes.TrimPrefix(b, []byte("---\n")), []byte("\n---\n")); ok {
				out = append(out, string(fm)+"\n")
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	add("../../content")
	dir := filepath.Join(t.TempDir(), "site")
	if err := corpus.Generate(dir, corpus.Options{Pages: 200, Seed: 1, Search: true}); err != nil {
		t.Fatal(err)
	}
	add(dir)
	return append(out,
		"", "\n\n", "title: A\n", "title: A", "title: \"A\"\n", "title: \"\"\n", "title: \" a \"\n",
		"title: Yes\n", "title: no\n", "title: NULL\n", "title: Ja\n", "title: A: b\n", "title: a # b\n", "title: a#b\n",
		"title: 'A'\n", "title: \"A\\\"\"\n", "title: A\ntitle: B\n", "Title: A\n", "title:A\n", "title:  A\n", "title: A \n",
		"weight: 8\n", "weight: 08\n", "weight: 0\n", "weight: 123456789\n", "weight: 1234567890\n", "weight: 1.5\n", "weight: -1\n",
		"title: 12\n", "nsm: 2\n", "version: 3\n", "pass: 80\n", "draft: true\n", "draft: false\n", "draft: True\n", "draft: yes\n",
		"topics: []\n", "topics: [a]\n", "topics: [a, b-c, d_e, f2]\n", "topics: [a,b]\n", "topics: [yes, no]\n", "topics: [1, 2]\n",
		"topics: [Æ]\n", "topics: [a, ]\n", "topics: [ a]\n", "topics: [a] x\n", "topics: [[a]]\n",
		"updated: 2024-05-01\n", "params:\n  x: 1\n", " title: A\n", "title: A\n# kommentar\n", "title: A\n\n\nweight: 2\n",
		"title: Ø\n", "title: ~\n", "title: .inf\n", "title: a\tb\n", "title: a\u0085b\n", "title: a\u2028b\n", "title: a\x7fb\n",
		"title: \"a\u00a0b\"\n", "title: \"\ufeff\"\n", "description: Slik gjør du det, og «dette» – også.\n",
	)
}

// TestSimpleYAML: on the bundled pages, a search corpus and edge cases,
// simpleYAML reads what yaml.v3 reads, and reads the common shapes at all.
func TestSimpleYAML(t *testing.T) {
	read := 0
	seeds := yamlSeeds(t)
	for _, fm := range seeds {
		if sameAsYAML(t, []byte(fm)) {
			read++
		}
	}
	for _, fm := range []string{"title: \"For eksempel\"\ndescription: \"Er det?\"\ntopics: [internkontroll, helse]\naudience: [personvernombud]\nweight: 8\n", "title: Korpus\ndescription: Syntetisk innhold for ytelsestester.\n"} {
		if !sameAsYAML(t, []byte(fm)) {
			t.Errorf("simpleYAML does not read %q", fm)
		}
	}
	t.Logf("simpleYAML read %d of %d front matters", read, len(seeds))
}

// FuzzSimpleYAML: wherever simpleYAML reads front matter, yaml.v3 reads
// the same fields, values and lines.
func FuzzSimpleYAML(f *testing.F) {
	for _, s := range yamlSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, fm string) {
		sameAsYAML(t, []byte(fm))
	})
}
