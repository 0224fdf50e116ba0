package search

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zap "github.com/blevesearch/zapx/v16"
)

// A cold build makes each language's bleve index itself rather than through
// bleve's offline builder, which analyzes and encodes one batch after the
// other on one goroutine and then merges the batches on the same one: on
// 10,000 pages that was the longest stage of `varde build`. Here
//
//   - the pages of every language are cut into chunks of segmentDocs, and
//     the chunks are encoded as zap segments (the format bleve's scorch
//     index reads) in parallel, all languages at once;
//   - a page's fields come as term frequencies counted from the corpus's
//     stem ids (preField.Analyze), not as tokens for bleve to count again;
//   - each language's segments are merged into one with zap's own merge,
//     and the index around it (index_meta.json, the mapping, root.bolt) is
//     written by bleve's builder from a one-page placeholder whose segment
//     the merged one then replaces. root.bolt names the segment file and
//     holds the mapping; it says nothing of what is in the segment.
//
// The segments are the ones bleve's builder makes from the same documents
// (bleve_segments_test.go compares search results and scores).

// segmentDocs is how many pages go into one segment before the merge.
// Bigger segments cost a little less to encode and merge (each repeats the
// dictionary of the words its pages share) but hold more postings in
// memory while they are built, one per core: on 10,000 pages, segments of
// 2,500 took the peak memory of the build from 0.64 GB to 1.0 GB for a few
// per cent of CPU, segments of 1,000 to 0.75-0.85 GB. With the packed
// field (fields.go, session 16), BenchmarkBleveCold's peak was 0.58-0.64 GB
// with segments of 500 against 0.69-0.77 GB with 1,000, and CPU within
// the noise (4.9-6.3 s against 4.9-5.8 s); the whole cold build's peak
// about 50 MB less.
var segmentDocs = 500

// zapPlugin is the segment format bleve's scorch index writes by default.
var zapPlugin = &zap.ZapPlugin{}

// placeholderID is the id of the one page of the index bleve's builder
// writes around the merged segment.
const placeholderID = "\x00varde-placeholder"

// writeBleveIndexes writes the bleve index of every language under dir
// (<lang>.bleve).
func (c *Corpus) writeBleveIndexes(dir string, co compoundOptions) error {
	type chunk struct {
		lc       *langCorpus
		from, to int
		path     string
	}
	var chunks []chunk
	byLang := make([][]string, len(c.langs))
	for li, lc := range c.langs {
		for from := 0; from < len(lc.docs); from += segmentDocs {
			to := min(from+segmentDocs, len(lc.docs))
			p := filepath.Join(dir, fmt.Sprintf("%s-%d.zap", lc.lang, len(byLang[li])))
			chunks = append(chunks, chunk{lc, from, to, p})
			byLang[li] = append(byLang[li], p)
		}
	}
	errs := make([]error, len(chunks))
	c.prepareRelease() // textrelease.go
	parallel(len(chunks), func(i int) {
		ch := chunks[i]
		errs[i] = ch.lc.writeSegment(ch.path, ch.lc.docs[ch.from:ch.to], co)
		if errs[i] == nil {
			c.releaseSegment(ch.lc, ch.from, ch.to) // textrelease.go
		}
	})
	c.segmentsReleased()
	c.segmentsWritten()
	for i, err := range errs {
		if err != nil {
			return fmt.Errorf("search index %s: %w", chunks[i].lc.lang, err)
		}
	}
	errs = make([]error, len(c.langs))
	parallel(len(c.langs), func(i int) {
		lc := c.langs[i]
		if err := finishBleve(filepath.Join(dir, lc.lang+".bleve"), dir, byLang[i]); err != nil {
			errs[i] = fmt.Errorf("search index %s: %w", lc.lang, err)
		}
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// writeSegment encodes the pages docs as one zap segment at path.
func (lc *langCorpus) writeSegment(path string, docs []*docTerms, co compoundOptions) error {
	im := lc.preMapping(co)
	sc := newFreqScratch(len(lc.lex.stems))
	results := make([]index.Document, len(docs))
	for i, dt := range docs {
		doc, err := im.document(lc.bleveDoc(dt, co), dt.doc.ID, sc)
		if err != nil {
			return fmt.Errorf("page %q: %w", dt.doc.ID, err)
		}
		results[i] = doc
	}
	seg, _, err := zapPlugin.New(results)
	if err != nil {
		return err
	}
	defer seg.Close()
	us, ok := seg.(segment.UnpersistedSegment)
	if !ok {
		return fmt.Errorf("zap segment %T cannot be written", seg)
	}
	return us.Persist(path)
}

// document maps one page as bleve's builder would, with its analyzed
// fields' frequencies counted with sc; with sc nil, as a batch of a bleve
// index wants it.
func (m preMapping) document(bd *bleveDoc, id string, sc *freqScratch) (*document.Document, error) {
	doc := document.NewDocument(id)
	if sc == nil {
		// For a bleve batch, which adds _id and analyzes.
		if err := m.MapDocument(doc, bd); err != nil {
			return nil, err
		}
		return doc, nil
	}
	if m.packed {
		if err := m.IndexMappingImpl.MapDocument(doc, bd.plain); err != nil {
			return nil, err
		}
		m.packedTerms(doc, bd, sc)
	} else if err := m.MapDocument(doc, bd); err != nil {
		return nil, err
	}
	// Fields in the order bleve's builder has them: the page's, then _id.
	doc.AddIDField()
	for _, f := range doc.Fields {
		if pf, ok := f.(*preField); ok {
			pf.count(sc)
		} else if f.Options().IsIndexed() {
			f.Analyze()
		}
	}
	return doc, nil
}

// finishBleve merges the segments at parts into one and writes the bleve
// index around it at path; tmp is where bleve's builder may work.
func finishBleve(path, tmp string, parts []string) error {
	merged := filepath.Join(tmp, filepath.Base(path)+".zap")
	switch len(parts) {
	case 0:
		return fmt.Errorf("no pages") // a language is there because a page is
	case 1:
		merged = parts[0]
	default:
		segs := make([]segment.Segment, 0, len(parts))
		defer func() {
			for _, s := range segs {
				s.Close()
			}
		}()
		for _, p := range parts {
			s, err := zapPlugin.Open(p)
			if err != nil {
				return err
			}
			segs = append(segs, s)
		}
		if _, _, err := zapPlugin.Merge(segs, make([]*roaring.Bitmap, len(segs)), merged, nil, nil); err != nil {
			return err
		}
		for _, s := range segs {
			s.Close()
		}
		segs = nil
		for _, p := range parts {
			os.Remove(p)
		}
	}
	b, err := bleve.NewBuilder(path, indexMapping(), map[string]interface{}{"buildPathPrefix": tmp})
	if err != nil {
		return err
	}
	if err := b.Index(placeholderID, map[string]interface{}{}); err != nil {
		b.Close()
		return err
	}
	if err := b.Close(); err != nil {
		return err
	}
	store := filepath.Join(path, "store")
	entries, err := os.ReadDir(store)
	if err != nil {
		return err
	}
	var segFile string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".zap") {
			if segFile != "" {
				return fmt.Errorf("bleve's builder wrote two segments (%s, %s)", segFile, e.Name())
			}
			segFile = e.Name()
		}
	}
	if segFile == "" {
		return fmt.Errorf("bleve's builder wrote no segment")
	}
	return os.Rename(merged, filepath.Join(store, segFile))
}

// preMapping returns the mapping that hands this language's analyzed
// fields to bleve.
func (lc *langCorpus) preMapping(co compoundOptions) preMapping {
	stems := make([][]byte, len(lc.lex.stems))
	for i, st := range lc.lex.stems {
		stems[i] = []byte(st)
	}
	return preMapping{indexMapping(), stems, lc.lex.stems, co.packed()}
}

// preField is an analyzed field of a page as bleve indexes it: its
// length and the frequency of each term, counted from the stem ids the
// corpus holds. Bleve's own text field would make a token of every term
// and count them in a map keyed by new strings.
type preField struct {
	name   string
	terms  []uint32 // stem ids, in order
	stems  [][]byte // stem id → term
	keys   []string // stem id → term, as map keys
	freqs  index.TokenFrequencies
	length int
}

// freqScratch is one goroutine's counting space: for each stem id, its
// place in the field's frequencies plus one.
type freqScratch struct {
	at   []int32
	list []packEntry // a page's terms, for packedTerms
}

func newFreqScratch(nStems int) *freqScratch { return &freqScratch{at: make([]int32, nStems)} }

// count computes the field's frequencies with sc, or with a map when sc
// is nil (bleve's analysis workers call Analyze during an update).
func (f *preField) count(sc *freqScratch) {
	if f.freqs != nil {
		return
	}
	f.length = len(f.terms)
	tf := make([]index.TokenFreq, 0, 16)
	if sc != nil && len(sc.at) >= len(f.stems) {
		for _, s := range f.terms {
			if sc.at[s] == 0 {
				tf = append(tf, index.TokenFreq{Term: f.stems[s]})
				sc.at[s] = int32(len(tf))
			}
			t := &tf[sc.at[s]-1]
			t.SetFrequency(t.Frequency() + 1)
		}
		f.freqs = make(index.TokenFrequencies, len(tf))
		for _, s := range f.terms {
			if at := sc.at[s]; at != 0 {
				f.freqs[f.keys[s]] = &tf[at-1]
				sc.at[s] = 0
			}
		}
		return
	}
	at := map[uint32]int{}
	for _, s := range f.terms {
		i, ok := at[s]
		if !ok {
			tf = append(tf, index.TokenFreq{Term: f.stems[s]})
			i = len(tf) - 1
			at[s] = i
		}
		tf[i].SetFrequency(tf[i].Frequency() + 1)
	}
	f.freqs = make(index.TokenFrequencies, len(tf))
	for s, i := range at {
		f.freqs[f.keys[s]] = &tf[i]
	}
}

func (f *preField) Name() string                                     { return f.name }
func (f *preField) ArrayPositions() []uint64                         { return nil }
func (f *preField) Options() index.FieldIndexingOptions              { return index.IndexField }
func (f *preField) Analyze()                                         { f.count(nil) }
func (f *preField) Value() []byte                                    { return nil }
func (f *preField) NumPlainTextBytes() uint64                        { return 0 }
func (f *preField) Size() int                                        { return 64 + 4*len(f.terms) }
func (f *preField) EncodedFieldType() byte                           { return 't' }
func (f *preField) AnalyzedLength() int                              { return f.length }
func (f *preField) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.freqs }
