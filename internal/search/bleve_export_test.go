package search

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// Helpers for bleve_update_test.go, an external test (it loads the bundled
// portal through internal/build).

// RelevanceQueries returns the language and query of each case of a
// relevance file.
func RelevanceQueries(t testing.TB, path string) [][2]string {
	var out [][2]string
	for _, rc := range loadRelevanceFile(t, path) {
		out = append(out, [2]string{rc.lang, rc.query})
	}
	return out
}

// SetSegmentDocs sets how many pages a segment of a cold build holds, until
// the test ends.
func SetSegmentDocs(t testing.TB, n int) {
	old := segmentDocs
	segmentDocs = n
	t.Cleanup(func() { segmentDocs = old })
}

// IndexUpdates returns how many in-place updates the current generation of
// the index in dir has had since its full build.
func IndexUpdates(t testing.TB, dir string) int {
	t.Helper()
	gen := CurrentGeneration(t, dir)
	var meta indexMeta
	if err := readJSON(filepath.Join(gen, "meta.json"), &meta); err != nil {
		t.Fatal(err)
	}
	return meta.Updates
}

// CurrentGeneration returns the folder of the current generation in dir.
func CurrentGeneration(t testing.TB, dir string) string {
	t.Helper()
	cur, err := os.ReadFile(filepath.Join(dir, currentFile))
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, strings.TrimSpace(string(cur)))
}

// BuildIndexReference writes the corpus's index as Varde did before the
// parallel build: every language through bleve's offline builder, the
// analyzed fields as ten bleve text fields (not packed, fields.go) with an
// analyzer that returns their tokens. It is the reference the parallel build is compared with.
func (c *Corpus) BuildIndexReference(dir string) error {
	tmp, err := os.MkdirTemp(dir, "building-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	co := compoundOptions{separate: true} // the analysed fields apart, as bleve's own text fields
	for _, lc := range c.langs {
		stems := make([][]byte, len(lc.lex.stems))
		for i, st := range lc.lex.stems {
			stems[i] = []byte(st)
		}
		b, err := bleve.NewBuilder(filepath.Join(tmp, lc.lang+".bleve"), tokenMapping{indexMapping(), stems}, map[string]interface{}{"buildPathPrefix": tmp})
		if err != nil {
			return err
		}
		for _, dt := range lc.docs {
			if err := b.Index(dt.doc.ID, lc.bleveDoc(dt, co)); err != nil {
				b.Close()
				return fmt.Errorf("page %q: %w", dt.doc.ID, err)
			}
		}
		if err := b.Close(); err != nil {
			return err
		}
	}
	if err := c.writeTables(tmp, c.docPrints(co), co); err != nil {
		return err
	}
	var langs []string
	for _, lc := range c.langs {
		langs = append(langs, lc.lang)
	}
	return commitGeneration(dir, tmp, indexMeta{Version: indexVersion, Langs: langs, Separate: true, Fingerprint: c.fingerprint(co), Base: c.baseFingerprint(co)})
}

// tokenMapping is the mapping of the reference build.
type tokenMapping struct {
	*mapping.IndexMappingImpl
	stems [][]byte
}

func (m tokenMapping) MapDocument(doc *document.Document, data interface{}) error {
	bd := data.(*bleveDoc)
	if err := m.IndexMappingImpl.MapDocument(doc, bd.plain); err != nil {
		return err
	}
	for _, f := range bd.fields {
		doc.AddField(document.NewTextFieldCustom(f.name, nil, nil, index.IndexField, tokens{f.terms, m.stems}))
	}
	return nil
}

// tokens is an analyzer that returns the tokens of terms analyzed already.
type tokens struct {
	terms []uint32
	stems [][]byte
}

func (t tokens) Analyze([]byte) analysis.TokenStream {
	ts := make(analysis.TokenStream, len(t.terms))
	for i, s := range t.terms {
		ts[i] = &analysis.Token{Term: t.stems[s], Position: i + 1, Type: analysis.AlphaNumeric}
	}
	return ts
}
