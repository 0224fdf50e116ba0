package search

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// TestZapSegmentMatchesEncoder: the segment writeZap writes of each
// language holds what zap's encoder makes of the same pages (one segment
// of them all, and segments of 37 merged as the build did): the same
// fields, terms, postings with their frequencies and norms, document ids
// and stored values, and a CRC that covers the file.
func TestZapSegmentMatchesEncoder(t *testing.T) {
	docs := append(loadCorpus(t), synthCorpus(t, 300)...)
	c, err := Analyze(docs)
	if err != nil {
		t.Fatal(err)
	}
	co := compoundOptions{}
	for _, lc := range c.langs {
		dir := t.TempDir()
		direct := filepath.Join(dir, "direct.zap")
		ok, err := lc.writeZap(direct, co)
		if err != nil || !ok {
			t.Fatalf("%s: writeZap: %v, %v", lc.lang, ok, err)
		}
		checkZapCRC(t, direct)
		one := filepath.Join(dir, "one.zap")
		if err := lc.writeSegment(one, lc.docs, co); err != nil {
			t.Fatal(err)
		}
		compareSegments(t, lc.lang+" one segment", direct, one)
		var parts []segment.Segment
		for from := 0; from < len(lc.docs); from += 37 {
			p := filepath.Join(dir, fmt.Sprintf("part-%d.zap", from))
			if err := lc.writeSegment(p, lc.docs[from:min(from+37, len(lc.docs))], co); err != nil {
				t.Fatal(err)
			}
			s, err := zapPlugin.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			parts = append(parts, s)
		}
		merged := filepath.Join(dir, "merged.zap")
		if _, _, err := zapPlugin.Merge(parts, make([]*roaring.Bitmap, len(parts)), merged, nil, nil); err != nil {
			t.Fatal(err)
		}
		compareSegments(t, lc.lang+" merged", direct, merged)
	}
}

// TestZapSegmentSpills: a language with a term that spills is left to
// zap's encoder, and nothing is left behind.
func TestZapSegmentSpills(t *testing.T) {
	defer func(b int) { packBits = b }(packBits)
	packBits = 6
	c, err := Analyze(loadCorpus(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, lc := range c.langs {
		path := filepath.Join(t.TempDir(), "x.zap")
		ok, err := lc.writeZap(path, compoundOptions{})
		if err != nil {
			t.Fatal(err)
		}
		_, statErr := os.Stat(path)
		if ok == os.IsNotExist(statErr) {
			t.Errorf("%s: written %v, file there: %v", lc.lang, ok, statErr)
		}
		if len(lc.fieldTable().Spill) > 0 && ok {
			t.Errorf("%s: a language with spilled terms written", lc.lang)
		}
	}
}

func checkZapCRC(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	n := len(data)
	if got, want := binary.BigEndian.Uint32(data[n-4:]), crc32.ChecksumIEEE(data[:n-4]); got != want {
		t.Errorf("%s: CRC %08x, the bytes' %08x", path, got, want)
	}
}

// compareSegments compares what two zap segments hold, as bleve reads it.
func compareSegments(t *testing.T, what, pathA, pathB string) {
	t.Helper()
	a, err := zapPlugin.Open(pathA)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := zapPlugin.Open(pathB)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if a.Count() != b.Count() {
		t.Fatalf("%s: %d pages, zap's %d", what, a.Count(), b.Count())
	}
	if !reflect.DeepEqual(a.Fields(), b.Fields()) {
		t.Fatalf("%s: fields %v, zap's %v", what, a.Fields(), b.Fields())
	}
	for _, field := range a.Fields() {
		ta, tb := segTerms(t, a, field), segTerms(t, b, field)
		if !reflect.DeepEqual(ta, tb) {
			t.Fatalf("%s: field %s: %d terms, zap's %d", what, field, len(ta), len(tb))
		}
		da, _ := a.Dictionary(field)
		db, _ := b.Dictionary(field)
		for _, term := range ta {
			pa, pb := segPostings(t, da, term), segPostings(t, db, term)
			if !reflect.DeepEqual(pa, pb) {
				t.Fatalf("%s: %s:%s: postings %v, zap's %v", what, field, term, pa, pb)
			}
		}
	}
	for num := uint64(0); num < a.Count(); num++ {
		ia, _ := a.DocID(num)
		ib, _ := b.DocID(num)
		if !bytes.Equal(ia, ib) {
			t.Fatalf("%s: page %d is %q, zap's %q", what, num, ia, ib)
		}
		sa, sb := segStored(t, a, num), segStored(t, b, num)
		if !reflect.DeepEqual(sa, sb) {
			t.Fatalf("%s: page %d stores %q, zap's %q", what, num, sa, sb)
		}
	}
}

func segTerms(t *testing.T, s segment.Segment, field string) []string {
	d, err := s.Dictionary(field)
	if err != nil {
		t.Fatal(err)
	}
	var terms []string
	it := d.AutomatonIterator(nil, nil, nil)
	for {
		e, err := it.Next()
		if err != nil {
			t.Fatal(err)
		}
		if e == nil {
			return terms
		}
		terms = append(terms, e.Term)
	}
}

type segPosting struct {
	num, freq uint64
	norm      float64
}

func segPostings(t *testing.T, d segment.TermDictionary, term string) []segPosting {
	pl, err := d.PostingsList([]byte(term), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var ps []segPosting
	it := pl.Iterator(true, true, false, nil)
	for {
		p, err := it.Next()
		if err != nil {
			t.Fatal(err)
		}
		if p == nil {
			return ps
		}
		ps = append(ps, segPosting{p.Number(), p.Frequency(), p.Norm()})
	}
}

func segStored(t *testing.T, s segment.Segment, num uint64) []string {
	var out []string
	err := s.VisitStoredFields(num, func(field string, typ byte, value []byte, pos []uint64) bool {
		out = append(out, fmt.Sprintf("%s %c %q %v", field, typ, value, pos))
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestPageEntryAsBleveDoc: the page fingerprints hash what appendEntry
// encodes of a page's bleveDoc, without making it.
func TestPageEntryAsBleveDoc(t *testing.T) {
	c, err := Analyze(append(loadCorpus(t), synthCorpus(t, 100)...))
	if err != nil {
		t.Fatal(err)
	}
	for _, co := range []compoundOptions{{}, {separate: true}} {
		for _, lc := range c.langs {
			hashes := make([]uint64, len(lc.lex.stems))
			for i := range hashes {
				hashes[i] = uint64(i)*0x9e3779b97f4a7c15 + 1
			}
			for _, dt := range lc.docs {
				got := lc.appendPageEntry(nil, dt, co, hashes)
				want := appendEntry(nil, lc.bleveDoc(dt, co), hashes)
				if !bytes.Equal(got, want) {
					t.Fatalf("%s %s: entries differ", lc.lang, dt.doc.ID)
				}
			}
		}
	}
}
