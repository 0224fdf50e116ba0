package search

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"math"
	"os"
	"slices"
	"sort"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/vellum"
	zap "github.com/blevesearch/zapx/v16"
	"github.com/golang/snappy"
)

// A cold build writes each language's bleve segment itself, in zap's file
// format (version 16, the one bleve's scorch index reads by default),
// straight from the corpus statistics: they hold every term of the packed
// field, sorted, with its postings in page order and each page's counts
// per field, which is what a zap dictionary and its postings lists are.
//
// Through zap's own encoder (writeSegment and the merge, bleve_segments.go)
// the same entries cost about 5 CPU-s on 10,000 pages: each page became a
// bleve document whose terms were a map of fresh term frequencies; zap
// looked every one up in a map twice, kept a bitmap and a frequency record
// for it, and re-sorted and re-encoded the lot, once a segment of 500
// pages and again in the merge. Here each term's postings are encoded once,
// in order, into one segment a language, written to the file as they go.
//
// The file is what zap's merge writes from the same pages: the stored
// fields, then for each field (in zap's order: _id, then by name) its
// postings lists and its dictionary (a vellum FST from term to postings
// offset), the fields section that points at them, and zap's footer. A
// term of one page, counted once with a length norm of 1, is "1-hit"
// encoded in the dictionary alone, as zap's merge does. bleve_zap_test.go
// opens the segment with zap and compares every field, term, posting,
// frequency, norm and stored value with the segment zap makes of the same
// pages.
//
// Only the packed layout with nothing spilled is written this way; the
// reference layout, the n-gram variant and a language with spilled terms
// go through zap's encoder (writeZap reports false).

// zapChunkMode is zap's DefaultChunkMode, which its encoder and merge use.
const zapChunkMode = 1026

// zapSectionSynonym is zap's SectionSynonymIndex: a field's entry of the
// fields section names the inverted index section and the synonym section,
// which has no data here.
const zapSectionSynonym = 2

// zapFile writes a zap file, counting its bytes and their CRC-32 (zap's
// CountHashWriter, which needs a writer it cannot keep the count of here).
type zapFile struct {
	w   *bufio.Writer
	n   int
	crc uint32
	err error
	buf [binary.MaxVarintLen64]byte
}

func (z *zapFile) Write(b []byte) (int, error) {
	if z.err != nil {
		return 0, z.err
	}
	m, err := z.w.Write(b)
	z.crc = crc32.Update(z.crc, crc32.IEEETable, b[:m])
	z.n += m
	z.err = err
	return m, err
}

func (z *zapFile) uvarint(v uint64) {
	n := binary.PutUvarint(z.buf[:], v)
	z.Write(z.buf[:n])
}

func (z *zapFile) be64(v uint64) {
	binary.BigEndian.PutUint64(z.buf[:8], v)
	z.Write(z.buf[:8])
}

func (z *zapFile) be32(v uint32) {
	binary.BigEndian.PutUint32(z.buf[:4], v)
	z.Write(z.buf[:4])
}

func (z *zapFile) be16(v uint16) {
	binary.BigEndian.PutUint16(z.buf[:2], v)
	z.Write(z.buf[:2])
}

// errNotHere stops writeZap when the language is not one it writes: a
// term of a page does not pack, or the pages' fields are not the ones
// zapFields expects (zap's encoder then makes the segment).
var errNotHere = fmt.Errorf("not a segment writeZap writes")

// writeZap writes the language's pages as one zap segment at path. false
// with no error: the layout is not one it writes (see above), and nothing
// is left at path.
func (lc *langCorpus) writeZap(path string, co compoundOptions) (bool, error) {
	if !co.packed() || len(lc.docs) == 0 || len(lc.docs) > math.MaxInt32 {
		return false, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return false, err
	}
	z := &zapFile{w: bufio.NewWriterSize(f, 1<<16)}
	err = lc.encodeZap(z, co)
	if err == nil {
		err = z.w.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		if err == errNotHere {
			return false, nil
		}
		return false, err
	}
	return true, nil
}

// zapFields returns the names of the fields the language's segment has, in
// zap's order (_id first, then by name), as zap would collect them from
// the documents preMapping makes.
func (lc *langCorpus) zapFields() []string {
	names := []string{"s_body", "s_desc", termsField, "type", "url"}
	var audience, updated bool
	for _, dt := range lc.docs {
		audience = audience || len(dt.doc.Audience) > 0
		updated = updated || !dt.doc.Updated.IsZero()
	}
	if audience {
		names = append(names, "audience")
	}
	if updated {
		names = append(names, "updated")
	}
	sort.Strings(names)
	return append([]string{"_id"}, names...)
}

// storedValue is one stored value of a page's field.
type storedValue struct {
	typ   byte
	value []byte
	pos   []uint64
}

func (lc *langCorpus) encodeZap(z *zapFile, co compoundOptions) error {
	names := lc.zapFields()
	fieldID := make(map[string]int, len(names))
	for i, n := range names {
		fieldID[n] = i
	}
	numDocs := uint64(len(lc.docs))

	// Stored fields, a page after the other: a header of uvarints (the
	// id's length, then field, type, offset, length and array positions of
	// each value, by field), the id, and the values' bytes snappy-encoded;
	// then the offset of each page's.
	im := indexMapping()
	offsets := make([]uint64, numDocs)
	values := make([][]storedValue, len(names))
	seen := make([]bool, len(names))
	var meta, data, compressed []byte
	for num, dt := range lc.docs {
		doc := document.NewDocument(dt.doc.ID)
		if err := im.MapDocument(doc, lc.plainFields(dt, co)); err != nil {
			return fmt.Errorf("page %q: %w", dt.doc.ID, err)
		}
		for i := range values {
			values[i] = values[i][:0]
		}
		for _, fl := range doc.Fields {
			id, ok := fieldID[fl.Name()]
			if !ok {
				return errNotHere
			}
			seen[id] = true
			if fl.Options().IsStored() {
				values[id] = append(values[id], storedValue{fl.EncodedFieldType(), fl.Value(), fl.ArrayPositions()})
			}
		}
		id := []byte(dt.doc.ID)
		meta = binary.AppendUvarint(meta[:0], uint64(len(id)))
		data = data[:0]
		for fid := 1; fid < len(names); fid++ {
			for _, v := range values[fid] {
				meta = binary.AppendUvarint(meta, uint64(fid))
				meta = binary.AppendUvarint(meta, uint64(v.typ))
				meta = binary.AppendUvarint(meta, uint64(len(data)))
				meta = binary.AppendUvarint(meta, uint64(len(v.value)))
				meta = binary.AppendUvarint(meta, uint64(len(v.pos)))
				for _, p := range v.pos {
					meta = binary.AppendUvarint(meta, p)
				}
				data = append(data, v.value...)
			}
		}
		compressed = snappy.Encode(compressed[:cap(compressed)], data)
		offsets[num] = uint64(z.n)
		z.uvarint(uint64(len(meta)))
		z.uvarint(uint64(len(id) + len(compressed)))
		z.Write(meta)
		z.Write(id)
		z.Write(compressed)
	}
	seen[0], seen[fieldID[termsField]] = true, true // _id and terms: below
	if slices.Contains(seen, false) {
		return errNotHere
	}
	storedIndex := uint64(z.n)
	for _, off := range offsets {
		z.be64(off)
	}

	// Each field's postings and dictionary.
	st := lc.stats()
	if st.n != len(lc.docs) {
		return fmt.Errorf("statistics of %d pages for %d", st.n, len(lc.docs))
	}
	ids := make([]uint32, numDocs)
	for i := range ids {
		ids[i] = uint32(i)
	}
	slices.SortStableFunc(ids, func(a, b uint32) int {
		x, y := lc.docs[a].doc.ID, lc.docs[b].doc.ID
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	})
	fieldAddr := make([]uint64, len(names))
	var vbuf vellumBuf
	pw := &postingsWriter{z: z, numDocs: numDocs, bm: roaring.New()}
	for fid, name := range names {
		b, err := vellum.New(&vbuf, nil)
		if err != nil {
			return err
		}
		switch name {
		case "_id":
			for k, num := range ids {
				if k > 0 && lc.docs[num].doc.ID == lc.docs[ids[k-1]].doc.ID {
					return fmt.Errorf("two pages with the id %q", lc.docs[num].doc.ID)
				}
				if err := b.Insert([]byte(lc.docs[num].doc.ID), zap.FSTValEncode1Hit(uint64(num), 1)); err != nil {
					return err
				}
			}
		case termsField:
			for _, ts := range st.terms {
				off, err := pw.term(ts.postings)
				if err != nil {
					return err
				}
				if err := b.Insert([]byte(ts.term), off); err != nil {
					return err
				}
			}
		}
		if err := b.Close(); err != nil {
			return err
		}
		dictAt := uint64(z.n)
		z.uvarint(uint64(len(vbuf.b)))
		z.Write(vbuf.b)
		vbuf.b = vbuf.b[:0]
		fieldAddr[fid] = uint64(z.n)
		z.uvarint(math.MaxUint64) // no doc values
		z.uvarint(math.MaxUint64)
		z.uvarint(dictAt)
	}

	// The fields section, its index and zap's footer.
	fieldAt := make([]uint64, len(names))
	for fid, name := range names {
		fieldAt[fid] = uint64(z.n)
		z.uvarint(uint64(len(name)))
		z.Write([]byte(name))
		z.uvarint(2)
		z.be16(zap.SectionInvertedTextIndex)
		z.be64(fieldAddr[fid])
		z.be16(zapSectionSynonym)
		z.be64(0)
	}
	sections := uint64(z.n)
	z.uvarint(uint64(len(names)))
	for _, at := range fieldAt {
		z.be64(at)
	}
	z.be64(numDocs)
	z.be64(storedIndex)
	z.be64(sections) // fields index: the sections index in this version
	z.be64(sections)
	z.be64(0) // doc values: none
	z.be32(zapChunkMode)
	z.be32(zap.Version)
	z.be32(z.crc)
	return z.err
}

// vellumBuf is where vellum writes a dictionary before it goes into the file
// after its postings.
type vellumBuf struct{ b []byte }

func (v *vellumBuf) Write(p []byte) (int, error) {
	v.b = append(v.b, p...)
	return len(p), nil
}

// postingsWriter writes postings lists as zap's encoder does: the packed
// frequencies and norms in chunks of pages, then the list's header (where
// the chunks are, no locations) and its pages as a roaring bitmap.
type postingsWriter struct {
	z       *zapFile
	numDocs uint64
	bm      *roaring.Bitmap
	docs    []uint32
	chunk   []byte
	ends    []uint64
	tf      [nStatFields]uint32
}

// term writes one term's postings and returns the dictionary's value for it.
func (pw *postingsWriter) term(ps []posting) (uint64, error) {
	if len(ps) == 0 {
		return 0, fmt.Errorf("a term without pages")
	}
	card := uint64(len(ps))
	chunkSize := pw.numDocs / (card/1024 + 1)
	if chunkSize == 0 {
		return 0, fmt.Errorf("chunk size 0")
	}
	nChunks := (pw.numDocs-1)/chunkSize + 1
	pw.ends = slices.Grow(pw.ends[:0], int(nChunks))[:nChunks]
	clear(pw.ends)
	pw.chunk = pw.chunk[:0]
	pw.docs = pw.docs[:0]
	var freq uint64
	for _, p := range ps {
		for f, c := range p.tf {
			pw.tf[f] = uint32(c)
		}
		v, ok := packTF(&pw.tf)
		if !ok {
			return 0, errNotHere
		}
		freq = v
		// freq<<1: zap's flag for locations, none; then the norm's bits,
		// the field's length, 1 (fixedField).
		pw.chunk = binary.AppendUvarint(pw.chunk, v<<1)
		pw.chunk = append(pw.chunk, 1)
		pw.ends[uint64(p.doc)/chunkSize] = uint64(len(pw.chunk))
		pw.docs = append(pw.docs, p.doc)
	}
	if card == 1 && freq == 1 && uint64(ps[0].doc) <= 0x7fffffff {
		return zap.FSTValEncode1Hit(uint64(ps[0].doc), 1), nil
	}
	// A chunk's end is the end of the last chunk before it that has pages.
	var end uint64
	for i, e := range pw.ends {
		end = max(end, e)
		pw.ends[i] = end
	}
	z := pw.z
	tfAt := uint64(z.n)
	z.uvarint(nChunks)
	for _, e := range pw.ends {
		z.uvarint(e)
	}
	z.Write(pw.chunk)
	at := uint64(z.n)
	z.uvarint(tfAt)
	z.uvarint(0) // no locations
	pw.bm.Clear()
	pw.bm.AddMany(pw.docs)
	z.uvarint(pw.bm.GetSerializedSizeInBytes())
	if _, err := pw.bm.WriteTo(z); err != nil {
		return 0, err
	}
	return at, z.err
}
