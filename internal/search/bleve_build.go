package search

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/whitespace"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
)

// The on-disk layout of an index directory: CURRENT names the generation
// to open; each build writes a new generation next to it and then swaps
// CURRENT atomically (write and rename), so a reader opens either the old
// index or the new one, never a half-written one.
//
//	dir/CURRENT          "g<nanoseconds>"
//	dir/g…/meta.json     {"version":3,"langs":["en","nb","nn"],"fingerprint":"…"}
//	dir/g…/<lang>.bleve  the bleve index of one language
//	dir/g…/<lang>.vocab  its dictionary, compound pieces and compiled
//	                     thesaurus (vocab, JSON)
//	dir/g…/<lang>.docs   its pages' ids, URLs, titles, types and audiences
//	                     (docTable, JSON), for results and facets
//	dir/g…/<lang>.prints a fingerprint of each page's bleve entry (JSON),
//	                     to update the index page by page
//	dir/g…/<lang>.fields each page's length of each analysed field and the
//	                     terms that spill (fieldTable, JSON; fields.go)
const (
	currentFile = "CURRENT"
	// 3: pieces and thesaurus in the vocab; 4: stored body text capped
	// (snippetSource); 5: the ten analysed fields packed into one
	// (fields.go), keywords and the date stored, not indexed.
	indexVersion = 5
	// preAnalyzed is the bleve analyzer for fields that hold terms already
	// analyzed by this package, joined by spaces: bleve only splits them.
	preAnalyzed = "varde_terms"
)

type indexMeta struct {
	Version int      `json:"version"`
	Langs   []string `json:"langs"`
	Grams   bool     `json:"grams,omitempty"` // n-gram variant (measurement only)
	// Separate: the analysed fields are ten bleve fields, not packed into
	// one (fields.go); the tests' reference, and the n-gram variant.
	Separate bool `json:"separate,omitempty"`
	// Fingerprint of the documents and the program the index was built
	// from (fingerprint.go): a build with the same one keeps the index.
	Fingerprint string `json:"fingerprint,omitempty"`
	// Base fingerprints what every page's entry depends on besides the
	// page (the program, the options, the site's synonyms): an index of
	// the same base can be updated page by page (bleve_update.go).
	Base string `json:"base,omitempty"`
	// Updates counts the in-place updates since the last full build.
	Updates int `json:"updates,omitempty"`
}

// BuildIndex analyzes docs and writes their bleve index to dir (the
// configured search index directory, e.g. .varde/search.bleve), replacing
// any index there atomically.
func BuildIndex(dir string, docs []Document) error {
	c, err := Analyze(docs)
	if err != nil {
		return err
	}
	return c.BuildIndex(dir)
}

// BuildIndex writes the corpus's bleve index to dir; see the package
// function BuildIndex. When the index there was built from the same
// documents by the same program, it is kept as it is.
func (c *Corpus) BuildIndex(dir string) error {
	return c.buildIndex(dir, compoundOptions{})
}

func (c *Corpus) buildIndex(dir string, co compoundOptions) error {
	defer c.segmentsWritten() // whatever way it ends
	var langs []string
	for _, lc := range c.langs {
		langs = append(langs, lc.lang)
	}
	fp := c.fingerprint(co)
	if upToDate(dir, fp, langs) {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	prints := c.docPrints(co)
	// A few pages changed: the current generation, updated in place
	// (bleve_update.go). Whatever stands in the way of that is no error:
	// the full build below makes the index from scratch.
	if c.updateIndex(dir, fp, co, prints) {
		return nil
	}
	tmp, err := os.MkdirTemp(dir, "building-")
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	defer os.RemoveAll(tmp) // gone after the rename below; cleans up a failed build
	if err := c.writeBleveIndexes(tmp, co); err != nil {
		return err
	}
	if err := c.writeTables(tmp, prints, co); err != nil {
		return err
	}
	meta := indexMeta{Version: indexVersion, Langs: langs, Grams: co.ngrams, Separate: !co.packed(), Fingerprint: fp, Base: c.baseFingerprint(co)}
	return commitGeneration(dir, tmp, meta)
}

// writeTables writes each language's page table, dictionary and page
// fingerprints beside its bleve index in dir.
func (c *Corpus) writeTables(dir string, prints [][]string, co compoundOptions) error {
	errs := make([]error, len(c.langs))
	parallel(len(c.langs), func(i int) {
		lc := c.langs[i]
		// The page table and fingerprints first: they need no statistics,
		// which the static export may still be computing.
		if err := writeTableJSON(filepath.Join(dir, lc.lang+".docs"), lc.docTable()); err != nil {
			errs[i] = err
			return
		}
		pt := lc.printTable(prints[i])
		if err := writeTableJSON(filepath.Join(dir, lc.lang+".prints"), &pt); err != nil {
			errs[i] = err
			return
		}
		if co.packed() {
			if err := writeTableJSON(filepath.Join(dir, lc.lang+".fields"), lc.fieldTable()); err != nil {
				errs[i] = err
				return
			}
		}
		v, err := lc.queryVocab()
		if err == nil {
			err = writeTableJSON(filepath.Join(dir, lc.lang+".vocab"), v)
		}
		errs[i] = err
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// commitGeneration writes meta.json into the finished generation tmp,
// renames it to a new generation of dir, points CURRENT at it and removes
// the older ones.
func commitGeneration(dir, tmp string, meta indexMeta) error {
	if err := writeJSON(filepath.Join(tmp, "meta.json"), meta); err != nil {
		return err
	}
	gen := "g" + strconv.FormatInt(time.Now().UnixNano(), 10)
	if err := os.Rename(tmp, filepath.Join(dir, gen)); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	if err := writeFileAtomic(filepath.Join(dir, currentFile), []byte(gen+"\n")); err != nil {
		return err
	}
	// Remove older generations. An index another process still has open
	// keeps working on Unix; where removal fails, the next build retries.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		n := e.Name()
		if n != gen && (strings.HasPrefix(n, "g") || strings.HasPrefix(n, "building-")) && e.IsDir() {
			os.RemoveAll(filepath.Join(dir, n))
		}
	}
	return nil
}

// bleveDoc is one page for bleve: its stored and keyword fields, mapped
// by indexMapping, and its analyzed fields as tokens (see preMapping).
type bleveDoc struct {
	plain  map[string]interface{}
	fields []fieldTerms
}

// fieldTerms is one analyzed field of a page.
type fieldTerms struct {
	name  string
	stat  int      // its place in the statistics: a text field, or nFields+f for its parts
	terms []uint32 // stem ids
}

// packed reports whether the index packs the analysed fields into one
// (fields.go); the n-gram variant keeps them apart.
func (co compoundOptions) packed() bool { return !co.separate && !co.ngrams }

func (lc *langCorpus) bleveDoc(dt *docTerms, co compoundOptions) *bleveDoc {
	bd := &bleveDoc{plain: lc.plainFields(dt, co)}
	for f, ids := range dt.fields {
		stems := make([]uint32, len(ids))
		for i, id := range ids {
			stems[i] = lc.lex.stemOf[id]
		}
		bd.fields = append(bd.fields, fieldTerms{fieldNames[f], f, stems})
	}
	for f, ids := range dt.parts {
		bd.fields = append(bd.fields, fieldTerms{partsFieldNames[f], nFields + f, ids})
	}
	return bd
}

// plainFields is what bleve stores of a page (and, in the n-gram variant,
// its grams), for indexMapping.
func (lc *langCorpus) plainFields(dt *docTerms, co compoundOptions) map[string]interface{} {
	d := dt.doc
	// The title is indexed as analyzed terms (fields) and kept as text in
	// the page table (<lang>.docs), and each language has an index of its
	// own, so neither is stored here.
	m := map[string]interface{}{
		"s_desc": snippetSource(d.Description),
		"s_body": snippetSource(d.Body),
		"url":    d.URL,
		"type":   d.Type,
	}
	if len(d.Audience) > 0 {
		m["audience"] = d.Audience
	}
	if !d.Updated.IsZero() {
		m["updated"] = d.Updated
	}
	if co.ngrams {
		m[gramsField] = lc.grams(dt)
	}
	return m
}

// preMapping is the mapping a bleveDoc goes through: indexMapping for
// everything bleve stores and validates, and a MapDocument that hands the
// analyzed fields over as term frequencies (preField). Through the plain
// mapping they would be joined with spaces only for bleve to split and
// count them again.
type preMapping struct {
	*mapping.IndexMappingImpl
	stems  [][]byte // stem id → term
	keys   []string // the same as strings
	packed bool     // the analysed fields go into termsField (fields.go)
}

func (m preMapping) MapDocument(doc *document.Document, data interface{}) error {
	bd, ok := data.(*bleveDoc)
	if !ok {
		return m.IndexMappingImpl.MapDocument(doc, data)
	}
	if err := m.IndexMappingImpl.MapDocument(doc, bd.plain); err != nil {
		return err
	}
	if m.packed {
		m.packedTerms(doc, bd, nil)
		return nil
	}
	for _, f := range bd.fields {
		doc.AddField(&preField{name: f.name, terms: f.terms, stems: m.stems, keys: m.keys})
	}
	return nil
}

// indexMapping maps the documents bleveDoc makes. Nothing is dynamic and
// nothing goes into the composite _all field.
func indexMapping() *mapping.IndexMappingImpl {
	im := bleve.NewIndexMapping()
	_ = im.AddCustomAnalyzer(preAnalyzed, map[string]interface{}{
		"type":          custom.Name,
		"tokenizer":     whitespace.Name,
		"token_filters": []string{},
	})
	im.DefaultAnalyzer = preAnalyzed
	im.IndexDynamic, im.StoreDynamic, im.DocValuesDynamic = false, false, false
	dm := bleve.NewDocumentStaticMapping()
	terms := func() *mapping.FieldMapping {
		fm := bleve.NewTextFieldMapping()
		fm.Analyzer = preAnalyzed
		fm.Store, fm.IncludeTermVectors, fm.IncludeInAll, fm.DocValues = false, false, false, false
		return fm
	}
	stored := func() *mapping.FieldMapping {
		fm := bleve.NewTextFieldMapping()
		fm.Index, fm.Store, fm.IncludeTermVectors, fm.IncludeInAll, fm.DocValues = false, true, false, false, false
		return fm
	}
	// Keywords and the date are stored for tools that read the index, not
	// indexed: filters and facets come from the page table (collect.go), and
	// no query asks for them (the date alone was 16 entries a page).
	kw := func() *mapping.FieldMapping {
		fm := bleve.NewKeywordFieldMapping()
		fm.Analyzer = keyword.Name
		fm.Index, fm.Store, fm.IncludeTermVectors, fm.IncludeInAll, fm.DocValues = false, true, false, false, false
		return fm
	}
	for _, f := range fieldNames {
		dm.AddFieldMappingsAt(f, terms())
	}
	for _, f := range partsFieldNames {
		dm.AddFieldMappingsAt(f, terms())
	}
	dm.AddFieldMappingsAt(termsField, terms())
	dm.AddFieldMappingsAt(gramsField, terms())
	dm.AddFieldMappingsAt("s_desc", stored())
	dm.AddFieldMappingsAt("s_body", stored())
	dm.AddFieldMappingsAt("url", kw())
	dm.AddFieldMappingsAt("type", kw())
	dm.AddFieldMappingsAt("audience", kw())
	upd := bleve.NewDateTimeFieldMapping()
	upd.Index, upd.Store, upd.IncludeTermVectors, upd.IncludeInAll, upd.DocValues = false, true, false, false, false
	dm.AddFieldMappingsAt("updated", upd)
	// No composite _all field: every field is searched by name, and bleve
	// would otherwise visit every token again to compose it.
	dm.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	im.DefaultMapping = dm
	return im
}

func writeJSON(path string, v interface{}) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	return writeFileAtomic(path, data)
}

// writeFileAtomic writes a file under a temporary name and renames it into
// place.
func writeFileAtomic(path string, data []byte) error {
	return writeFileAtomicWith(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// writeFileAtomicWith is writeFileAtomic of what write writes, for a file
// written as it is encoded rather than held whole in memory first.
func writeFileAtomicWith(path string, write func(w io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path)+"-")
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("search index: %w", err)
	}
	return nil
}
