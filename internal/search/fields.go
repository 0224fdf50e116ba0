package search

import (
	"fmt"
	"math/bits"
	"path/filepath"

	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
)

// The bleve index holds a page's ten analysed fields (the five text fields
// and their five parts fields) as ONE field, termsField: one entry per page
// and distinct term, whose frequency is the term's counts in the ten fields
// packed into one integer (packTF). Bleve's cost of a cold build is per
// page, field and distinct term (a dictionary lookup, a bitmap insert, a
// frequency record), and most terms of a page's title, headings and parts
// are in its body too, so the one field has about a fifth fewer entries
// than the ten had, and one dictionary instead of ten to build and merge.
//
// Scores stay bleve's tf-idf per field, exactly as before: direct scoring
// (direct.go) unpacks a term's postings into one list per field, counts
// each field's postings for its idf as bleve did, and takes each field's
// length norm from <lang>.fields (fieldTable), which the build writes
// beside the index: bleve keeps one length per page and field, and the one
// field's would say nothing. bleve's own searchers cannot score this
// layout; the reference layout (compoundOptions.separate, ten fields as
// before) is kept for the tests that compare direct scoring with them.
//
// A page whose counts of a term do not fit in packBits bits (a count of
// 65,535 or more, or very large counts in many fields) "spills": that term
// of that page goes into the separate fields of the reference layout with
// its plain counts, and the term is listed in the field table so that a
// query reads those fields too. No real page does; the tests force it.

// termsField is the one analysed field of the packed layout.
const termsField = "terms"

// packOrder is the order in which packTF writes the fields, the ones most
// pages hold a term in first: a term in the body alone packs into a byte.
var packOrder = [nStatFields]int{
	fBody, nFields + fBody, fHeadings, fTitle, fDescription,
	nFields + fHeadings, nFields + fTitle, nFields + fDescription, fTopics, nFields + fTopics,
}

// packBits bounds a packed vector: zap shifts the frequency left by one
// bit for its "has locations" flag. Tests lower it to make pages spill.
var packBits = 63

// spillCount is the count at which a term spills whatever its packing:
// the corpus statistics cap counts there (stats.go), so the field table,
// made from them, knows every spill.
const spillCount = 0xffff

// packTF packs a term's counts per field, LSB first in packOrder: a 0 bit
// for a field without the term, else a 1 bit and the count in Elias gamma
// code (n zero bits, a one, the n bits below the count's top bit). The
// most common vector, once in the body, packs to 3 and is written as 1,
// which zap stores in the dictionary itself for a term of one page.
// false: the vector spills (see above).
func packTF(tf *[nStatFields]uint32) (uint64, bool) {
	var v uint64
	pos := 0
	for _, f := range packOrder {
		x := tf[f]
		if x == 0 {
			pos++
			continue
		}
		if x >= spillCount {
			return 0, false
		}
		n := bits.Len32(x) - 1
		if pos+2*n+2 > packBits {
			return 0, false
		}
		v |= 1 << pos
		pos += 1 + n
		v |= 1 << pos
		pos++
		v |= uint64(x&(1<<n-1)) << pos
		pos += n
	}
	if v == 3 {
		v = 1
	}
	return v, true
}

// unpackTF is packTF's inverse; false for a value packTF does not make.
func unpackTF(v uint64, tf *[nStatFields]uint32) bool {
	*tf = [nStatFields]uint32{}
	v, ok := packedStart(v)
	if !ok {
		return false
	}
	for _, f := range packOrder {
		if v == 0 {
			return true
		}
		var x uint32
		if x, v, ok = nextPacked(v); !ok {
			return false
		}
		tf[f] = x
	}
	return v == 0
}

// packedStart undoes the one rewrite packTF makes (3 is written as 1);
// false for a value packTF does not make.
func packedStart(v uint64) (uint64, bool) {
	switch v {
	case 0, 3:
		return 0, false
	case 1:
		return 3, true
	}
	return v, true
}

// nextPacked reads the count of the next field in packOrder from the
// packed vector v (0 for a field without the term) and returns it with
// the rest of v; false for bits packTF does not write. unpackTF and the
// query side's split share it.
func nextPacked(v uint64) (tf uint32, rest uint64, ok bool) {
	present := v & 1
	v >>= 1
	if present == 0 {
		return 0, v, true
	}
	n := bits.TrailingZeros64(v)
	if n >= 32 {
		return 0, 0, false
	}
	v >>= n + 1
	return 1<<n | uint32(v&(1<<n-1)), v >> n, true
}

// fieldTable is <lang>.fields: each page's length of each of the ten
// fields, by page number as in the page table, and the terms that spill.
type fieldTable struct {
	Lens  [][nStatFields]int32 `json:"lens"`
	Spill []string             `json:"spill,omitempty"`
}

// fieldTable makes the language's field table from its statistics.
func (lc *langCorpus) fieldTable() *fieldTable {
	st := lc.stats()
	t := &fieldTable{Lens: make([][nStatFields]int32, len(st.length))}
	for d, l := range st.length {
		for f, n := range l {
			t.Lens[d][f] = int32(n)
		}
	}
	// Whether a posting packs depends on its count vector alone, and the
	// postings share a few thousand vectors (posting.vec): each is packed
	// once here rather than once a posting (2.3 million at 10,000 pages,
	// most of this function's time on every rebuild).
	spills := make([]bool, len(st.vecs))
	some := false
	var tf [nStatFields]uint32
	for v := range st.vecs {
		for f, c := range st.vecs[v] {
			tf[f] = uint32(c)
		}
		if _, ok := packTF(&tf); !ok {
			spills[v], some = true, true
		}
	}
	if !some {
		return t
	}
	for _, ts := range st.terms { // sorted by term
		for _, p := range ts.postings {
			if spills[p.vec] {
				t.Spill = append(t.Spill, ts.term)
				break
			}
		}
	}
	return t
}

// readFieldTable reads the field table of lang in gen, for pages pages.
func readFieldTable(gen, lang string, pages int) (*fieldTable, error) {
	t := &fieldTable{}
	if err := readJSON(filepath.Join(gen, lang+".fields"), t); err != nil {
		return nil, err
	}
	if len(t.Lens) != pages {
		return nil, fmt.Errorf("search index %s: %s.fields has %d pages, the page table %d", gen, lang, len(t.Lens), pages)
	}
	for _, l := range t.Lens {
		for _, n := range l {
			if n < 0 {
				return nil, fmt.Errorf("search index %s: %s.fields is inconsistent", gen, lang)
			}
		}
	}
	return t, nil
}

// packedTerms adds a page's analysed fields to doc as termsField, and the
// terms that spill as the separate fields; sc counts them (nil: a map).
func (m preMapping) packedTerms(doc *document.Document, bd *bleveDoc, sc *freqScratch) {
	var list []packEntry
	var at map[uint32]int32
	if sc == nil || len(sc.at) < len(m.stems) {
		at = map[uint32]int32{}
	} else {
		list = sc.list[:0]
		defer func() { sc.list = list[:0] }()
	}
	slot := func(s uint32) *packEntry {
		var k int32
		if at != nil {
			k = at[s]
		} else {
			k = sc.at[s]
		}
		if k == 0 {
			list = append(list, packEntry{stem: s})
			k = int32(len(list))
			if at != nil {
				at[s] = k
			} else {
				sc.at[s] = k
			}
		}
		return &list[k-1]
	}
	for _, f := range bd.fields {
		for _, s := range f.terms {
			slot(s).tf[f.stat]++
		}
	}
	packed := &fixedField{name: termsField, freqs: make(index.TokenFrequencies, len(list))}
	var spill [nStatFields]*fixedField
	backing := make([]index.TokenFreq, len(list))
	for i := range list {
		e := &list[i]
		if at == nil {
			sc.at[e.stem] = 0
		}
		tf := &backing[i]
		tf.Term = m.stems[e.stem]
		if v, ok := packTF(&e.tf); ok {
			tf.SetFrequency(int(v))
			packed.freqs[m.keys[e.stem]] = tf
			continue
		}
		for f, c := range e.tf {
			if c == 0 {
				continue
			}
			if spill[f] == nil {
				spill[f] = &fixedField{name: statFieldName(f), freqs: index.TokenFrequencies{}}
			}
			t := &index.TokenFreq{Term: m.stems[e.stem]}
			t.SetFrequency(int(c))
			spill[f].freqs[m.keys[e.stem]] = t
		}
	}
	doc.AddField(packed)
	for _, f := range spill {
		if f != nil {
			doc.AddField(f)
		}
	}
}

// packEntry is a term of a page and its count in each field.
type packEntry struct {
	stem uint32
	tf   [nStatFields]uint32
}

// statFieldName is the bleve field of statistics field f: a text field,
// or the parts of one.
func statFieldName(f int) string {
	if f < nFields {
		return fieldNames[f]
	}
	return partsFieldNames[f-nFields]
}

// fixedField is an analysed field whose frequencies are given. Its length
// is 1: scoring takes the fields' lengths from the field table, and zap
// keeps a length of 0 apart from its one-page encoding.
type fixedField struct {
	name  string
	freqs index.TokenFrequencies
}

func (f *fixedField) Name() string                                     { return f.name }
func (f *fixedField) ArrayPositions() []uint64                         { return nil }
func (f *fixedField) Options() index.FieldIndexingOptions              { return index.IndexField }
func (f *fixedField) Analyze()                                         {}
func (f *fixedField) Value() []byte                                    { return nil }
func (f *fixedField) NumPlainTextBytes() uint64                        { return 0 }
func (f *fixedField) Size() int                                        { return 64 + 48*len(f.freqs) }
func (f *fixedField) EncodedFieldType() byte                           { return 't' }
func (f *fixedField) AnalyzedLength() int                              { return 1 }
func (f *fixedField) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.freqs }
