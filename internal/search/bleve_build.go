package search

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/whitespace"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
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
const (
	currentFile  = "CURRENT"
	indexVersion = 4 // 3: pieces and thesaurus in the vocab; 4: stored body text capped (snippetSource)
	// preAnalyzed is the bleve analyzer for fields that hold terms already
	// analyzed by this package, joined by spaces: bleve only splits them.
	preAnalyzed = "varde_terms"
)

type indexMeta struct {
	Version int      `json:"version"`
	Langs   []string `json:"langs"`
	Grams   bool     `json:"grams,omitempty"` // n-gram variant (measurement only)
	// Fingerprint of the documents and the program the index was built
	// from (fingerprint.go): a build with the same one keeps the index.
	Fingerprint string `json:"fingerprint,omitempty"`
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
	gen := "g" + strconv.FormatInt(time.Now().UnixNano(), 10)
	tmp, err := os.MkdirTemp(dir, "building-")
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	defer os.RemoveAll(tmp) // gone after the rename below; cleans up a failed build
	meta := indexMeta{Version: indexVersion, Grams: co.ngrams, Fingerprint: fp}
	errs := make([]error, len(c.langs))
	parallel(len(c.langs), func(i int) {
		errs[i] = c.langs[i].writeBleve(tmp, co)
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	meta.Langs = langs
	if err := writeJSON(filepath.Join(tmp, "meta.json"), meta); err != nil {
		return err
	}
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

// writeBleve writes the bleve index and the dictionary of one language.
func (lc *langCorpus) writeBleve(dir string, co compoundOptions) error {
	path := filepath.Join(dir, lc.lang+".bleve")
	// bleve's builder analyzes 1,000 pages into a segment at a time and
	// merges the segments at the end. One batch of all pages would save the
	// merge (a tenth of the time) but hold every page's postings at once:
	// 1.5 GB peak instead of 0.55 GB for varde build on 10,000 pages.
	stems := make([][]byte, len(lc.lex.stems))
	for i, st := range lc.lex.stems {
		stems[i] = []byte(st)
	}
	im := preMapping{indexMapping(), stems}
	b, err := bleve.NewBuilder(path, im, map[string]interface{}{
		"buildPathPrefix": dir,
	})
	if err != nil {
		return fmt.Errorf("search index %s: %w", lc.lang, err)
	}
	for _, dt := range lc.docs {
		if err := b.Index(dt.doc.ID, lc.bleveDoc(dt, co)); err != nil {
			b.Close()
			return fmt.Errorf("search index %s: page %q: %w", lc.lang, dt.doc.ID, err)
		}
	}
	if err := b.Close(); err != nil {
		return fmt.Errorf("search index %s: %w", lc.lang, err)
	}
	if err := writeJSON(filepath.Join(dir, lc.lang+".docs"), lc.docTable()); err != nil {
		return err
	}
	v, err := lc.queryVocab()
	if err != nil {
		return err
	}
	return writeJSON(filepath.Join(dir, lc.lang+".vocab"), v)
}

// bleveDoc is one page for bleve: its stored and keyword fields, mapped
// by indexMapping, and its analyzed fields as tokens (see preMapping).
type bleveDoc struct {
	plain  map[string]interface{}
	fields []preField
}

type preField struct {
	name  string
	terms []uint32 // stem ids
}

func (lc *langCorpus) bleveDoc(dt *docTerms, co compoundOptions) *bleveDoc {
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
	bd := &bleveDoc{plain: m}
	for f, ids := range dt.fields {
		stems := make([]uint32, len(ids))
		for i, id := range ids {
			stems[i] = lc.lex.stemOf[id]
		}
		bd.fields = append(bd.fields, preField{fieldNames[f], stems})
	}
	for f, ids := range dt.parts {
		bd.fields = append(bd.fields, preField{partsFieldNames[f], ids})
	}
	return bd
}

// preMapping is the mapping the bleve builder works with: indexMapping for
// everything bleve stores and validates, and a MapDocument that hands the
// analyzed fields over as tokens. Through the plain mapping they would be
// joined with spaces only for bleve to split them again, a fifth of the
// time of building the index.
type preMapping struct {
	*mapping.IndexMappingImpl
	stems [][]byte // stem id → term
}

func (m preMapping) MapDocument(doc *document.Document, data interface{}) error {
	bd, ok := data.(*bleveDoc)
	if !ok {
		return m.IndexMappingImpl.MapDocument(doc, data)
	}
	if err := m.IndexMappingImpl.MapDocument(doc, bd.plain); err != nil {
		return err
	}
	for _, f := range bd.fields {
		doc.AddField(document.NewTextFieldCustom(f.name, nil, nil, index.IndexField, tokens{f.terms, m.stems}))
	}
	return nil
}

// tokens is an analyzer that returns the tokens of terms analyzed already.
// It makes them only when bleve asks, so that a batch holds the small
// term lists of its pages until then, not their tokens.
type tokens struct {
	terms []uint32
	stems [][]byte
}

func (t tokens) Analyze([]byte) analysis.TokenStream {
	toks := make([]analysis.Token, len(t.terms))
	ts := make(analysis.TokenStream, len(t.terms))
	for i, s := range t.terms {
		toks[i] = analysis.Token{Term: t.stems[s], Position: i + 1, Type: analysis.AlphaNumeric}
		ts[i] = &toks[i]
	}
	return ts
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
	// Keywords are stored for tools that read the index; filters and facets
	// come from the page table (collect.go), so they need no doc values.
	kw := func() *mapping.FieldMapping {
		fm := bleve.NewKeywordFieldMapping()
		fm.Analyzer = keyword.Name
		fm.Store, fm.IncludeTermVectors, fm.IncludeInAll, fm.DocValues = true, false, false, false
		return fm
	}
	for _, f := range fieldNames {
		dm.AddFieldMappingsAt(f, terms())
	}
	for _, f := range partsFieldNames {
		dm.AddFieldMappingsAt(f, terms())
	}
	dm.AddFieldMappingsAt(gramsField, terms())
	dm.AddFieldMappingsAt("s_desc", stored())
	dm.AddFieldMappingsAt("s_body", stored())
	dm.AddFieldMappingsAt("url", kw())
	dm.AddFieldMappingsAt("type", kw())
	dm.AddFieldMappingsAt("audience", kw())
	upd := bleve.NewDateTimeFieldMapping()
	upd.IncludeInAll = false
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
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path)+"-")
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	_, err = f.Write(data)
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
