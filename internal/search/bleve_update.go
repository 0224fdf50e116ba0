package search

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"math/bits"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	index "github.com/blevesearch/bleve_index_api"
)

// Updating the index in place. When one page of 10,000 changes, building
// the whole bleve index again costs seconds; updating it costs a few
// milliseconds a page. The new generation starts as a copy of the current
// one: scorch's segment files never change once written, so they are hard
// links, and only root.bolt (which an update rewrites) and index_meta.json
// are copied. bleve then opens the copy, deletes the pages that are gone,
// replaces those that changed and adds the new ones, and the generation is
// committed like a full build's: readers of the old generation go on
// reading it. The page tables and dictionaries (<lang>.docs, .vocab) are
// written anew from the corpus, as a full build writes them.
//
// Which pages changed is known from <lang>.prints, a fingerprint of what
// each page puts into bleve: its stored and keyword fields and the terms of
// its analyzed fields, parts of compounds included (those depend on the
// other pages' words, so a page can change without being edited).
//
// Anything unexpected (no current generation, another version, program,
// option or synonym file, a missing or damaged file, an error from bleve)
// makes the caller build the index from scratch, as do changes to more
// than maxUpdateShare of a language's pages, where a fresh index costs
// little more, and maxUpdates updates in a row, so that the small segments
// and deleted pages of updates do not pile up.
const (
	maxUpdateShare = 0.2
	maxUpdates     = 20
)

// printTable is <lang>.prints: each page's fingerprint, by id.
type printTable struct {
	IDs    []string `json:"ids"`
	Prints []string `json:"prints"`
}

func (lc *langCorpus) printTable(prints []string) printTable {
	t := printTable{IDs: make([]string, len(lc.docs)), Prints: prints}
	for i, dt := range lc.docs {
		t.IDs[i] = dt.doc.ID
	}
	return t
}

// docPrints returns the fingerprint of every page's bleve entry, by
// language and page number.
func (c *Corpus) docPrints(co compoundOptions) [][]string {
	out := make([][]string, len(c.langs))
	stemHashes := make([][]uint64, len(c.langs))
	for i, lc := range c.langs {
		out[i] = make([]string, len(lc.docs))
		stemHashes[i] = make([]uint64, len(lc.lex.stems))
		for s, st := range lc.lex.stems {
			h := fnv.New64a()
			io.WriteString(h, st)
			stemHashes[i][s] = h.Sum64()
		}
	}
	type job struct{ lang, from, to int }
	var jobs []job
	for i, lc := range c.langs {
		for from := 0; from < len(lc.docs); from += 500 {
			jobs = append(jobs, job{i, from, min(from+500, len(lc.docs))})
		}
	}
	parallel(len(jobs), func(k int) {
		j := jobs[k]
		lc := c.langs[j.lang]
		var buf []byte
		for n := j.from; n < j.to; n++ {
			buf = lc.appendPageEntry(buf[:0], lc.docs[n], co, stemHashes[j.lang])
			sum := sha256.Sum256(buf)
			out[j.lang][n] = hex.EncodeToString(sum[:16])
		}
	})
	return out
}

// appendEntry appends an encoding of everything bd puts into bleve (the
// reference that appendPageEntry, which docPrints uses, is tested
// against), key being the page's analysis key (analysisKey). The key
// stands for the page's indexed texts: its snippet sources (s_desc,
// s_body) are cut from them, and the terms of its text fields (and the
// n-gram variant's grams, made from those terms) are what this program's
// analysis makes of them, whichever build analyzed them, as the index's
// base fingerprint holds the program. Hashing the key instead of the
// texts and every term of them made docPrints several times cheaper
// (docs/performance.md, "Session 19: one-page rebuild"). The rest is
// encoded as it is: the other plain fields, and each compound parts
// field's length and two 64-bit hashes of its terms in order, made from
// each term's hash (stemHash): a page's compound parts depend on the
// other pages' words too.
func appendEntry(buf []byte, bd *bleveDoc, key docKey, stemHash []uint64) []byte {
	plain := map[string]interface{}{}
	for k, v := range bd.plain {
		if k != "s_desc" && k != "s_body" && k != gramsField {
			plain[k] = v
		}
	}
	buf = appendPlain(buf, plain)
	buf = appendKey(buf, key)
	for _, f := range bd.fields {
		if f.stat >= nFields {
			buf = appendTerms(buf, f.name, f.terms, nil, stemHash)
		}
	}
	return buf
}

// appendKey appends a page's analysis key, named so that no plain field
// encodes alike.
func appendKey(buf []byte, key docKey) []byte {
	buf = append(buf, 0, 't', 'e', 'x', 't', 's')
	return append(buf, key[:]...)
}

// appendPageEntry is appendEntry(buf, lc.bleveDoc(dt, co), key, stemHash)
// without making the bleveDoc or its map of plain fields: the fields in
// the order appendPlain sorts them (audience, type, updated, url). The
// key is the page's analysis key, made here when the analysis kept none
// (no cache file).
func (lc *langCorpus) appendPageEntry(buf []byte, dt *docTerms, co compoundOptions, stemHash []uint64) []byte {
	d := dt.doc
	str := func(s string) {
		buf = binary.AppendUvarint(buf, uint64(len(s)))
		buf = append(buf, s...)
	}
	if len(d.Audience) > 0 {
		str("audience")
		buf = binary.AppendUvarint(buf, uint64(len(d.Audience)))
		for _, a := range d.Audience {
			str(a)
		}
	}
	str("type")
	str(d.Type)
	if !d.Updated.IsZero() {
		str("updated")
		str(d.Updated.UTC().Format(time.RFC3339Nano))
	}
	str("url")
	str(d.URL)
	key := dt.key
	if key == (docKey{}) {
		key = analysisKey(lc.lang, d)
	}
	buf = appendKey(buf, key)
	for f, ids := range dt.parts {
		buf = appendTerms(buf, partsFieldNames[f], ids, nil, stemHash)
	}
	return buf
}

// appendTerms appends a field's name, length and two hashes of its terms
// in order (ids, through stemOf when it is not nil).
func appendTerms(buf []byte, name string, ids []uint32, stemOf []uint32, stemHash []uint64) []byte {
	buf = binary.AppendUvarint(buf, uint64(len(name)))
	buf = append(buf, name...)
	buf = binary.AppendUvarint(buf, uint64(len(ids)))
	a, b := uint64(0xcbf29ce484222325), uint64(len(ids))
	for _, s := range ids {
		if stemOf != nil {
			s = stemOf[s]
		}
		x := stemHash[s]
		a = (a ^ x) * 0x100000001b3
		b = bits.RotateLeft64(b, 27)*0x9e3779b97f4a7c15 + x
	}
	buf = binary.LittleEndian.AppendUint64(buf, a)
	return binary.LittleEndian.AppendUint64(buf, b)
}

// appendPlain appends the plain fields of a page, by name.
func appendPlain(buf []byte, plain map[string]interface{}) []byte {
	str := func(s string) {
		buf = binary.AppendUvarint(buf, uint64(len(s)))
		buf = append(buf, s...)
	}
	keys := make([]string, 0, len(plain))
	for k := range plain {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		str(k)
		switch v := plain[k].(type) {
		case string:
			str(v)
		case []string:
			buf = binary.AppendUvarint(buf, uint64(len(v)))
			for _, s := range v {
				str(s)
			}
		case time.Time:
			str(v.UTC().Format(time.RFC3339Nano))
		default:
			str(fmt.Sprintf("%T %v", v, v))
		}
	}
	return buf
}

// indexChange is what an update does to one language's index.
type indexChange struct {
	was    int      // pages in the index before
	put    []int    // page numbers to add or replace
	remove []string // ids of pages that are gone
}

// updateIndex writes the new generation by updating the current one, and
// reports whether it did; when it did not, it has left no trace.
func (c *Corpus) updateIndex(dir, fp string, co compoundOptions, prints [][]string) bool {
	base := c.baseFingerprint(co)
	if base == "" || len(c.langs) == 0 {
		return false
	}
	cur, err := os.ReadFile(filepath.Join(dir, currentFile))
	if err != nil {
		return false
	}
	name := strings.TrimSpace(string(cur))
	if !strings.HasPrefix(name, "g") || strings.ContainsAny(name, `/\.`) {
		return false
	}
	old := filepath.Join(dir, name)
	var meta indexMeta
	if readJSON(filepath.Join(old, "meta.json"), &meta) != nil || meta.Version != indexVersion || meta.Base != base ||
		meta.Grams != co.ngrams || meta.Separate != !co.packed() || meta.Updates >= maxUpdates || len(meta.Langs) != len(c.langs) {
		return false
	}
	changes := make([]indexChange, len(c.langs))
	for i, lc := range c.langs {
		if meta.Langs[i] != lc.lang {
			return false
		}
		ch, ok := lc.changes(filepath.Join(old, lc.lang+".prints"), prints[i])
		if !ok {
			return false
		}
		changes[i] = ch
	}
	tmp, err := os.MkdirTemp(dir, "building-")
	if err != nil {
		return false
	}
	defer os.RemoveAll(tmp) // gone after the rename; cleans up a failed update
	errs := make([]error, len(c.langs))
	parallel(len(c.langs), func(i int) {
		lc := c.langs[i]
		path := filepath.Join(tmp, lc.lang+".bleve")
		if errs[i] = cloneBleve(filepath.Join(old, lc.lang+".bleve"), path); errs[i] == nil {
			errs[i] = lc.applyChanges(path, changes[i], co)
		}
		if errs[i] != nil {
			return
		}
	})
	for _, err := range errs {
		if err != nil {
			return false
		}
	}
	if c.writeTables(tmp, prints, co) != nil {
		return false
	}
	meta.Fingerprint = fp
	meta.Updates++
	return commitGeneration(dir, tmp, meta) == nil
}

// changes compares the fingerprints of the pages in the previous
// generation (the file at path) with the current ones; false when the
// file is unusable or too many pages changed.
func (lc *langCorpus) changes(path string, prints []string) (indexChange, bool) {
	var ch indexChange
	var pt printTable
	if readJSON(path, &pt) != nil || len(pt.IDs) != len(pt.Prints) || len(prints) != len(lc.docs) {
		return ch, false
	}
	ch.was = len(pt.IDs)
	was := make(map[string]string, len(pt.IDs))
	for i, id := range pt.IDs {
		was[id] = pt.Prints[i]
	}
	if len(was) != len(pt.IDs) {
		return ch, false
	}
	for n, dt := range lc.docs {
		p, ok := was[dt.doc.ID]
		if !ok || p != prints[n] {
			ch.put = append(ch.put, n)
		}
		delete(was, dt.doc.ID)
	}
	for id := range was {
		ch.remove = append(ch.remove, id)
	}
	sort.Strings(ch.remove)
	if float64(len(ch.put)+len(ch.remove)) > maxUpdateShare*float64(max(len(lc.docs), len(pt.IDs))) {
		return ch, false
	}
	return ch, true
}

// applyChanges updates the bleve index at path. It fails, rather than
// update an index that is not what the fingerprints say, when the index
// does not hold as many pages as they do before or after: bleve opens an
// index whose segment file is missing as an empty one. A damaged segment
// can make bleve panic; that is an error here too.
func (lc *langCorpus) applyChanges(path string, ch indexChange, co compoundOptions) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("bleve: %v", r)
		}
	}()
	bi, err := bleve.OpenUsing(path, nil)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := bi.Close(); err == nil {
			err = cerr
		}
	}()
	count := func(want int) error {
		n, err := bi.DocCount()
		if err == nil && n != uint64(want) {
			err = fmt.Errorf("the index holds %d pages, not %d", n, want)
		}
		return err
	}
	if err := count(ch.was); err != nil || len(ch.put) == 0 && len(ch.remove) == 0 {
		return err
	}
	adv, err := bi.Advanced()
	if err != nil {
		return err
	}
	im := lc.preMapping(co)
	b := index.NewBatch()
	for _, n := range ch.put {
		dt := lc.docs[n]
		doc, err := im.document(lc.bleveDoc(dt, co), dt.doc.ID, nil)
		if err != nil {
			return fmt.Errorf("page %q: %w", dt.doc.ID, err)
		}
		b.Update(doc)
	}
	for _, id := range ch.remove {
		b.Delete(id)
	}
	if err := adv.Batch(b); err != nil {
		return err
	}
	return count(len(lc.docs))
}

// cloneBleve makes dst a copy of the bleve index at src that bleve may
// open for writing without touching src: segment files are hard links
// (copies where links cannot be made), everything else is copied.
func cloneBleve(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s is not a regular file", p)
		}
		if strings.HasSuffix(d.Name(), ".zap") && os.Link(p, to) == nil {
			return nil
		}
		return copyFile(p, to)
	})
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}
