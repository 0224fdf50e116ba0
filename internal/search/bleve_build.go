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
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/whitespace"
	"github.com/blevesearch/bleve/v2/mapping"
)

// The on-disk layout of an index directory: CURRENT names the generation
// to open; each build writes a new generation next to it and then swaps
// CURRENT atomically (write and rename), so a reader opens either the old
// index or the new one, never a half-written one.
//
//	dir/CURRENT          "g<nanoseconds>"
//	dir/g…/meta.json     {"version":1,"langs":["en","nb","nn"]}
//	dir/g…/<lang>.bleve  the bleve index of one language
//	dir/g…/<lang>.vocab  its dictionary (vocab, JSON)
const (
	currentFile  = "CURRENT"
	indexVersion = 1
	// preAnalyzed is the bleve analyzer for fields that hold terms already
	// analyzed by this package, joined by spaces: bleve only splits them.
	preAnalyzed = "varde_terms"
)

type indexMeta struct {
	Version int      `json:"version"`
	Langs   []string `json:"langs"`
	Grams   bool     `json:"grams,omitempty"` // n-gram variant (measurement only)
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
// function BuildIndex.
func (c *Corpus) BuildIndex(dir string) error {
	return c.buildIndex(dir, compoundOptions{})
}

func (c *Corpus) buildIndex(dir string, co compoundOptions) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	gen := "g" + strconv.FormatInt(time.Now().UnixNano(), 10)
	tmp, err := os.MkdirTemp(dir, "building-")
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	defer os.RemoveAll(tmp) // gone after the rename below; cleans up a failed build
	meta := indexMeta{Version: indexVersion, Grams: co.ngrams}
	errs := make([]error, len(c.langs))
	parallel(len(c.langs), func(i int) {
		errs[i] = c.langs[i].writeBleve(tmp, co)
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	for _, lc := range c.langs {
		meta.Langs = append(meta.Langs, lc.lang)
	}
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
	b, err := bleve.NewBuilder(path, indexMapping(), map[string]interface{}{
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
	return writeJSON(filepath.Join(dir, lc.lang+".vocab"), lc.stats().vocab())
}

// bleveDoc is the document bleve maps: the analyzed fields as space-joined
// terms, the original text stored for results and snippets, and the facets.
func (lc *langCorpus) bleveDoc(dt *docTerms, co compoundOptions) map[string]interface{} {
	d := dt.doc
	m := map[string]interface{}{
		"s_title": d.Title,
		"s_desc":  d.Description,
		"s_body":  d.Body,
		"url":     d.URL,
		"type":    d.Type,
		"lang":    lc.lang,
	}
	if len(d.Audience) > 0 {
		m["audience"] = d.Audience
	}
	if !d.Updated.IsZero() {
		m["updated"] = d.Updated
	}
	var b strings.Builder
	for f, ids := range dt.fields {
		b.Reset()
		for i, id := range ids {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(lc.lex.stems[lc.lex.stemOf[id]])
		}
		m[fieldNames[f]] = b.String()
	}
	for f, ids := range dt.parts {
		b.Reset()
		for i, s := range ids {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(lc.lex.stems[s])
		}
		m[partsFieldNames[f]] = b.String()
	}
	if co.ngrams {
		m[gramsField] = lc.grams(dt)
	}
	return m
}

// indexMapping maps the documents bleveDoc makes. Nothing is dynamic and
// nothing goes into the composite _all field.
func indexMapping() mapping.IndexMapping {
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
	kw := func(facet bool) *mapping.FieldMapping {
		fm := bleve.NewKeywordFieldMapping()
		fm.Analyzer = keyword.Name
		fm.Store, fm.IncludeTermVectors, fm.IncludeInAll, fm.DocValues = true, false, false, facet
		return fm
	}
	for _, f := range fieldNames {
		dm.AddFieldMappingsAt(f, terms())
	}
	for _, f := range partsFieldNames {
		dm.AddFieldMappingsAt(f, terms())
	}
	dm.AddFieldMappingsAt(gramsField, terms())
	dm.AddFieldMappingsAt("s_title", stored())
	dm.AddFieldMappingsAt("s_desc", stored())
	dm.AddFieldMappingsAt("s_body", stored())
	dm.AddFieldMappingsAt("url", kw(false))
	dm.AddFieldMappingsAt("lang", kw(false))
	dm.AddFieldMappingsAt("type", kw(true))
	dm.AddFieldMappingsAt("audience", kw(true))
	upd := bleve.NewDateTimeFieldMapping()
	upd.IncludeInAll = false
	dm.AddFieldMappingsAt("updated", upd)
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
