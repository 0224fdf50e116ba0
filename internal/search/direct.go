package search

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"sort"
	"sync"

	index "github.com/blevesearch/bleve_index_api"
)

// Direct scoring (issue 15): a clause's query (clauseQuery, score.go) is
// evaluated here on bleve's postings instead of through bleve's searchers.
// bleve's searchers merge their children document by document: each
// posting of each of the ten term queries of a query word becomes a
// DocumentMatch from a pool, is compared by its byte id with every other
// child's current match, and is summed by a scorer object, which made
// about four fifths of an uncached /api/search. Here each term's postings
// are read once, in document order, straight into flat per-document sums,
// one set of sums per level of the query tree, and a level's sums are
// folded into its parent's with the coordination factor when all its
// children are read.
//
// The scores are bleve's, computed the same way: the same term weights
// (idf, boost and the query norm of the clause's whole tree), the same
// children order (bleve sorts a disjunction of at most ten children and a
// conjunction by their posting counts) and so the same sums in the same
// order; TestDirectScoresEqualBleve compares both on every query of the
// relevance sets. Direct scoring needs bleve's internal ids to be document
// numbers (8 bytes, big-endian, as scorch writes them); with any other
// index, or the n-gram variant, the searchers are used.

// heapTakeover is bleve's searcher.DisjunctionHeapTakeover: a disjunction
// of more children uses a heap and leaves them in their order.
const heapTakeover = 10

// qnode is a node of a clause's query tree as bleve builds its searchers:
// a term query on one field (a leaf), a disjunction or a conjunction.
type qnode struct {
	conj  bool
	kids  []*qnode
	post  *postings // leaf: the term's postings in the field, nil for none
	count uint64    // leaf: postings; else the sum of the children's, as bleve's Count
	idf   float64   // leaf
	boost float64   // leaf
}

func (n *qnode) leaf() bool { return n.kids == nil }

// weight is bleve's Weight: (boost·idf)² of a leaf, the children's sum
// otherwise, in the children's order.
func (n *qnode) weight() float64 {
	if n.leaf() {
		w := n.boost * n.idf
		return w * w
	}
	var sum float64
	for _, k := range n.kids {
		sum += k.weight()
	}
	return sum
}

// order sorts the children as bleve's searchers do: by count, stably (for
// the small lists it sorts, Go's sort.Sort is an insertion sort), except
// a disjunction of more than heapTakeover children.
func (n *qnode) order() {
	if n.leaf() {
		return
	}
	n.count = 0
	for _, k := range n.kids {
		k.order()
		n.count += k.count
	}
	if n.conj || len(n.kids) <= heapTakeover {
		sort.SliceStable(n.kids, func(i, j int) bool { return n.kids[i].count < n.kids[j].count })
	}
}

// sums are per-document sums of one level of a query tree: the sum of its
// children's scores and how many matched, and a bit per document that has
// any, so that a level is read back in document order without sorting.
type sums struct {
	sum  []float64
	n    []uint16
	bits []uint64
}

func newSums(docs int) *sums {
	return &sums{sum: make([]float64, docs), n: make([]uint16, docs), bits: make([]uint64, (docs+63)/64)}
}

func (s *sums) add(d uint32, v float64) {
	if s.n[d] == 0 {
		s.bits[d/64] |= 1 << (d % 64)
	}
	s.sum[d] += v
	s.n[d]++
}

// scratch is the memory of one direct search: sums for each level of the
// tree (levels[0] for the clause's children), reused through a pool.
type scratch struct {
	levels []*sums
	docs   int
}

func (sc *scratch) level(i int) *sums {
	for len(sc.levels) <= i {
		sc.levels = append(sc.levels, newSums(sc.docs))
	}
	return sc.levels[i]
}

// directScorer holds what direct scoring needs of a language's index.
type directScorer struct {
	byDoc []int32 // bleve's document number → page number, -1 for none
	pool  sync.Pool
	mu    sync.Mutex
	cache map[postingsKey]*postings // decoded postings, at most maxBytes
	bytes int64
	// maxBytes bounds the cache: postingsCacheBytes (tests set less).
	maxBytes int64

	// packed: the index holds the analysed fields as one (fields.go), and
	// norms holds each page's length norm of each field (by page number),
	// spill the terms that some page keeps in the separate fields.
	packed bool
	norms  [][nStatFields]float64
	spill  map[string]bool
}

// pack sets the scorer up for the packed layout with the field table t.
func (ds *directScorer) pack(t *fieldTable) {
	ds.packed = true
	ds.norms = make([][nStatFields]float64, len(t.Lens))
	for num, l := range t.Lens {
		for f, n := range l {
			if n > 0 {
				ds.norms[num][f] = fieldNorm(int(n))
			}
		}
	}
	ds.spill = make(map[string]bool, len(t.Spill))
	for _, term := range t.Spill {
		ds.spill[term] = true
	}
}

// newDirectScorer maps bleve's internal ids to page numbers by document
// number, or returns nil when the ids are not document numbers.
func newDirectScorer(num map[string]int32) *directScorer {
	var maxDoc uint64
	for iid := range num {
		if len(iid) != 8 {
			return nil
		}
		maxDoc = max(maxDoc, binary.BigEndian.Uint64([]byte(iid)))
	}
	if maxDoc > 1<<28 {
		return nil
	}
	ds := &directScorer{byDoc: make([]int32, maxDoc+1), cache: map[postingsKey]*postings{}, maxBytes: postingsCacheBytes}
	for i := range ds.byDoc {
		ds.byDoc[i] = -1
	}
	for iid, n := range num {
		ds.byDoc[binary.BigEndian.Uint64([]byte(iid))] = n
	}
	docs := len(ds.byDoc)
	ds.pool.New = func() any { return &scratch{docs: docs} }
	return ds
}

// tree makes the query tree of a clause: clauseQuery's shape, with each
// term query's postings.
func (li *langIndex) tree(ctx context.Context, r index.IndexReader, c clause, docTotal uint64) (*qnode, error) {
	root := &qnode{}
	// A field the dictionary says holds no page with the term gets no
	// postings, only its place in the tree (it counts in its disjunction's
	// coordination and weight as bleve's empty term searcher does): most
	// terms are in few of the ten fields, and reading postings looks the
	// term up in the field's dictionary.
	leaf := func(parent *qnode, p *postings, boost float64) {
		n := &qnode{boost: boost}
		if p != nil {
			n.post, n.count = p, p.count
		}
		n.idf = 1.0 + math.Log(float64(docTotal)/float64(n.count+1.0))
		parent.kids = append(parent.kids, n)
	}
	// termNode is termClause: the term in the five fields and in the five
	// parts fields.
	termNode := func(parent *qnode, t string, boost float64) error {
		df, inVocab := li.fieldDF(t)
		var want [nStatFields]bool
		for f := range want {
			want[f] = !inVocab || df[f] > 0
		}
		ps, err := li.direct.termPostings(ctx, r, t, &want, docTotal)
		if err != nil {
			return err
		}
		w := &qnode{kids: make([]*qnode, 0, 2)}
		parent.kids = append(parent.kids, w)
		fields, parts := &qnode{kids: make([]*qnode, 0, nFields)}, &qnode{kids: make([]*qnode, 0, nFields)}
		w.kids = append(w.kids, fields, parts)
		for f := range fieldNames {
			leaf(fields, ps[f], boost*fieldBoost[f])
		}
		for f := range partsFieldNames {
			leaf(parts, ps[nFields+f], boost*boostParts*fieldBoost[f])
		}
		return nil
	}
	for _, a := range c.alts {
		parent := root
		if len(a.terms) > 1 {
			parent = &qnode{conj: true}
			root.kids = append(root.kids, parent)
		}
		for _, t := range a.terms {
			if err := termNode(parent, t, a.boost); err != nil {
				return nil, fmt.Errorf("search %s: %w", li.lang, err)
			}
		}
	}
	if len(root.kids) == 1 {
		// clauseQuery makes no disjunction of one alternative.
		only := root.kids[0]
		root.kids = nil
		root = only
	}
	root.order()
	return root, nil
}

// fieldDF returns the dictionary's count of pages holding t per field
// (the parts fields last), and false for a term it does not hold.
func (li *langIndex) fieldDF(t string) ([nStatFields]int32, bool) {
	i, ok := li.voc.lookup(t)
	if !ok {
		return [nStatFields]int32{}, false
	}
	return li.voc.DF[i], true
}

// scoreDirect adds each clause's scores to score (without the clause's
// query norm, as collect wants them) and counts the clauses each page
// matches; touched gets each page the first time it matches.
func (li *langIndex) scoreDirect(ctx context.Context, r index.IndexReader, clauses []clause, score []float64, count []uint8, touched []int32) ([]int32, error) {
	ds := li.direct
	sc := ds.pool.Get().(*scratch)
	defer ds.pool.Put(sc)
	docTotal, err := r.DocCount()
	if err != nil {
		return touched, fmt.Errorf("search %s: %w", li.lang, err)
	}
	for _, cl := range clauses {
		if err := ctx.Err(); err != nil {
			return touched, err
		}
		root, err := li.tree(ctx, r, cl, docTotal)
		if err != nil {
			return touched, err
		}
		qnorm := 1.0 / math.Sqrt(root.weight())
		norm := li.clauseNorm(cl)
		top := sc.level(0)
		evalNode(sc, root, 0, qnorm, top)
		// top's sums, each the clause's score of a page, in page order.
		for w, word := range top.bits {
			if word == 0 {
				continue
			}
			top.bits[w] = 0
			for word != 0 {
				d := w*64 + bits.TrailingZeros64(word)
				word &= word - 1
				sum := top.sum[d]
				top.sum[d], top.n[d] = 0, 0
				num := ds.byDoc[d]
				if num < 0 {
					continue
				}
				if count[num] == 0 {
					touched = append(touched, num)
				}
				count[num]++
				score[num] += sum / norm
			}
		}
	}
	return touched, nil
}

// evalNode adds the score of n for each document it matches to into, at
// depth depth of the tree.
func evalNode(sc *scratch, n *qnode, depth int, qnorm float64, into *sums) {
	if n.leaf() {
		p := n.post
		if p == nil {
			return // no page holds the term in this field
		}
		// bleve's TermQueryScorer: √tf·norm·idf (p.base) times the query
		// weight boost·idf·queryNorm.
		qw := n.boost * n.idf * qnorm
		if qw == 1.0 {
			for i, d := range p.docs {
				into.add(d, p.base[i])
			}
			return
		}
		for i, d := range p.docs {
			into.add(d, p.base[i]*qw)
		}
		return
	}
	mine := sc.level(depth + 1)
	for _, k := range n.kids {
		evalNode(sc, k, depth+1, qnorm, mine)
	}
	// Fold this level's sums into the parent's, in document order: a
	// conjunction's for the documents all children matched, a
	// disjunction's times its coordination factor.
	total := len(n.kids)
	for w, word := range mine.bits {
		if word == 0 {
			continue
		}
		mine.bits[w] = 0
		for word != 0 {
			d := uint32(w*64 + bits.TrailingZeros64(word))
			word &= word - 1
			sum, matched := mine.sum[d], int(mine.n[d])
			mine.sum[d], mine.n[d] = 0, 0
			switch {
			case !n.conj:
				into.add(d, sum*(float64(matched)/float64(total)))
			case matched == total:
				into.add(d, sum)
			}
		}
	}
}

// postings are a term's postings in one field, as direct scoring reads
// them: document numbers in order and each one's √tf·norm·idf, the part
// of bleve's term score that does not depend on the query.
type postings struct {
	docs  []uint32
	base  []float64
	count uint64 // bleve's count of the term's postings
}

func (p *postings) size() int64 { return int64(len(p.docs))*12 + 96 }

// postingsKey names a term in a field: f counts the text fields, then the
// parts fields.
type postingsKey struct {
	f    int
	term string
}

// postingsCacheBytes bounds the decoded postings kept for one language:
// the words of typical queries recur across different queries, and a
// term's postings decoded once are a loop over two arrays afterwards.
const postingsCacheBytes = 16 << 20

// termPostings returns the postings of term t in each field f for which
// want[f] (nil for the others), decoded from r or from the cache. In the
// packed layout one read of the term gives every field's.
func (ds *directScorer) termPostings(ctx context.Context, r index.IndexReader, t string, want *[nStatFields]bool, docTotal uint64) ([nStatFields]*postings, error) {
	var out [nStatFields]*postings
	if ds.packed {
		all := true
		ds.mu.Lock()
		for f, w := range want {
			if w {
				out[f] = ds.cache[postingsKey{f, t}]
				all = all && out[f] != nil
			}
		}
		ds.mu.Unlock()
		if all {
			return out, nil
		}
		return ds.packedPostings(ctx, r, t, want, docTotal)
	}
	for f, w := range want {
		if w {
			p, err := ds.postings(ctx, r, f, t, docTotal)
			if err != nil {
				return out, err
			}
			out[f] = p
		}
	}
	return out, nil
}

// postings returns the postings of term t in field f (see postingsKey),
// decoded from r or from the cache.
func (ds *directScorer) postings(ctx context.Context, r index.IndexReader, f int, t string, docTotal uint64) (*postings, error) {
	key := postingsKey{f, t}
	ds.mu.Lock()
	p := ds.cache[key]
	ds.mu.Unlock()
	if p != nil {
		return p, nil
	}
	if ds.packed {
		var want [nStatFields]bool
		want[f] = true
		ps, err := ds.packedPostings(ctx, r, t, &want, docTotal)
		return ps[f], err
	}
	tfr, err := r.TermFieldReader(ctx, []byte(t), statFieldName(f), true, true, false)
	if err != nil {
		return nil, err
	}
	defer tfr.Close()
	p = &postings{count: tfr.Count()}
	idf := 1.0 + math.Log(float64(docTotal)/float64(p.count+1.0))
	p.docs = make([]uint32, 0, p.count)
	p.base = make([]float64, 0, p.count)
	var tfd index.TermFieldDoc
	for k := 0; ; k++ {
		if k&1023 == 1023 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		m, err := tfr.Next(&tfd)
		if err != nil {
			return nil, err
		}
		if m == nil {
			break
		}
		d := binary.BigEndian.Uint64(m.ID)
		if d >= uint64(len(ds.byDoc)) {
			continue // not a page of the table (cannot happen in an index BuildIndex wrote)
		}
		p.docs = append(p.docs, uint32(d))
		// The order of bleve's product: √tf·norm, then ·idf.
		p.base = append(p.base, math.Sqrt(float64(m.Freq))*m.Norm*idf)
	}
	return ds.keep(key, p), nil
}

// keep puts p in the cache under key, unless another search did so
// meanwhile, and returns what the cache holds.
func (ds *directScorer) keep(key postingsKey, p *postings) *postings {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	if old := ds.cache[key]; old != nil {
		return old // another search read it meanwhile
	}
	size := p.size() + int64(len(key.term))
	if size > ds.maxBytes/8 {
		return p // too large to keep
	}
	for k, old := range ds.cache { // random eviction: map order is random
		if ds.bytes+size <= ds.maxBytes {
			break
		}
		delete(ds.cache, k)
		ds.bytes -= old.size() + int64(len(k.term))
	}
	ds.cache[key] = p
	ds.bytes += size
	return p
}

// packedPostings reads the postings of term t in the packed field (and, for
// a term that spills, in the separate fields), splits them into each
// field's, and caches and returns those of the fields in want. Each
// field's count, idf and √tf·norm·idf are what bleve's postings of the
// field gave in the separate layout: the same pages, counts and length
// norms (fields.go).
func (ds *directScorer) packedPostings(ctx context.Context, r index.IndexReader, t string, want *[nStatFields]bool, docTotal uint64) ([nStatFields]*postings, error) {
	var out [nStatFields]*postings
	// read appends the term's postings in field to rows.
	read := func(field string, rows []row) ([]row, error) {
		tfr, err := r.TermFieldReader(ctx, []byte(t), field, true, false, false)
		if err != nil {
			return rows, err
		}
		defer tfr.Close()
		if n := int(tfr.Count()); cap(rows)-len(rows) < n {
			rows = append(make([]row, 0, len(rows)+n), rows...)
		}
		var tfd index.TermFieldDoc
		for k := 0; ; k++ {
			if k&1023 == 1023 {
				if err := ctx.Err(); err != nil {
					return rows, err
				}
			}
			m, err := tfr.Next(&tfd)
			if err != nil {
				return rows, err
			}
			if m == nil {
				return rows, nil
			}
			d := binary.BigEndian.Uint64(m.ID)
			if d >= uint64(len(ds.byDoc)) {
				continue // not a page of the table (cannot happen in an index BuildIndex wrote)
			}
			rows = append(rows, row{uint32(d), m.Freq})
		}
	}
	sp := splitPool.Get().(*split)
	defer splitPool.Put(sp)
	sp.reset()
	rows, err := read(termsField, sp.rows)
	sp.rows = rows[:0]
	if err != nil {
		return out, err
	}
	// Each field's postings: docs and counts, in page order, split in
	// scratch lists and copied out at their size.
	for _, rw := range rows {
		if !sp.add(rw.doc, rw.v) {
			return out, fmt.Errorf("%q: bad packed frequency %d", t, rw.v)
		}
	}
	if ds.spill[t] {
		// A page's spilled term is in the separate fields only, so each
		// field's postings are the packed ones and the separate field's
		// merged in page order.
		for g := range sp.docs {
			sep, err := read(statFieldName(g), []row{})
			if err != nil {
				return out, err
			}
			var sd, st []uint32
			for _, rw := range sep {
				sd, st = append(sd, rw.doc), append(st, uint32(rw.v))
			}
			sp.docs[g], sp.tfs[g] = mergeByDoc(sp.docs[g], sp.tfs[g], sd, st)
		}
	}
	docs, tfs := &sp.docs, &sp.tfs
	for g := range docs {
		if !want[g] {
			continue
		}
		p := &postings{docs: append([]uint32(nil), docs[g]...), base: make([]float64, len(docs[g])), count: uint64(len(docs[g]))}
		idf := 1.0 + math.Log(float64(docTotal)/float64(p.count+1.0))
		for i, d := range p.docs {
			var norm float64
			if num := ds.byDoc[d]; num >= 0 && int(num) < len(ds.norms) {
				norm = ds.norms[num][g]
			}
			// The order of bleve's product: √tf·norm, then ·idf.
			p.base[i] = math.Sqrt(float64(tfs[g][i])) * norm * idf
		}
		out[g] = ds.keep(postingsKey{g, t}, p)
	}
	return out, nil
}

// split is the scratch space of packedPostings: the term's postings as
// read, and each field's docs and counts.
type split struct {
	rows      []row
	docs, tfs [nStatFields][]uint32
}

// row is a posting as read: a page and its packed counts (a separate
// field's own count).
type row struct {
	doc uint32
	v   uint64
}

var splitPool = sync.Pool{New: func() any { return &split{} }}

func (sp *split) reset() {
	sp.rows = sp.rows[:0]
	for g := range sp.docs {
		sp.docs[g], sp.tfs[g] = sp.docs[g][:0], sp.tfs[g][:0]
	}
}

// add adds a page's packed counts to each field's list: unpackTF, walking
// only the fields the value holds; false for a value packTF does not make.
func (sp *split) add(doc uint32, v uint64) bool {
	v, ok := packedStart(v)
	if !ok {
		return false
	}
	for _, g := range packOrder {
		if v == 0 {
			return true
		}
		var tf uint32
		if tf, v, ok = nextPacked(v); !ok {
			return false
		}
		if tf != 0 {
			sp.docs[g] = append(sp.docs[g], doc)
			sp.tfs[g] = append(sp.tfs[g], tf)
		}
	}
	return v == 0
}

// mergeByDoc merges two postings lists in page order.
func mergeByDoc(ad, at, bd, bt []uint32) ([]uint32, []uint32) {
	if len(bd) == 0 {
		return ad, at
	}
	docs, tfs := make([]uint32, 0, len(ad)+len(bd)), make([]uint32, 0, len(ad)+len(bd))
	i, j := 0, 0
	for i < len(ad) || j < len(bd) {
		if j == len(bd) || i < len(ad) && ad[i] < bd[j] {
			docs, tfs = append(docs, ad[i]), append(tfs, at[i])
			i++
		} else {
			docs, tfs = append(docs, bd[j]), append(tfs, bt[j])
			j++
		}
	}
	return docs, tfs
}
