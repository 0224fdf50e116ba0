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
	tfr   index.TermFieldReader // leaf: the term's postings in the field
	count uint64                // leaf: postings; else the sum of the children's, as bleve's Count
	idf   float64               // leaf
	boost float64               // leaf
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

func (n *qnode) close() {
	if n.tfr != nil {
		_ = n.tfr.Close()
		n.tfr = nil
	}
	for _, k := range n.kids {
		k.close()
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

func (s *sums) add(d uint64, v float64) {
	if s.n[d] == 0 {
		s.bits[d/64] |= 1 << (d % 64)
	}
	s.sum[d] += v
	s.n[d]++
}

// drain calls f for each document with a sum, in document order, and
// clears the sums for their next use.
func (s *sums) drain(f func(d uint64, sum float64, n int)) {
	for w, word := range s.bits {
		if word == 0 {
			continue
		}
		s.bits[w] = 0
		for word != 0 {
			d := uint64(w)*64 + uint64(bits.TrailingZeros64(word))
			word &= word - 1
			f(d, s.sum[d], int(s.n[d]))
			s.sum[d], s.n[d] = 0, 0
		}
	}
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
	ds := &directScorer{byDoc: make([]int32, maxDoc+1)}
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

// tree opens the query tree of a clause: clauseQuery's shape, with each
// term query's postings reader.
func (li *langIndex) tree(ctx context.Context, r index.IndexReader, c clause, docTotal uint64) (*qnode, error) {
	root := &qnode{}
	fail := func(err error) (*qnode, error) {
		root.close()
		return nil, fmt.Errorf("search %s: %w", li.lang, err)
	}
	// A field the dictionary says holds no page with the term gets no
	// postings reader, only its place in the tree (it counts in its
	// disjunction's coordination and weight as bleve's empty term searcher
	// does): most terms are in few of the ten fields, and opening a reader
	// looks the term up in the field's dictionary.
	var term []byte
	leaf := func(parent *qnode, field string, known bool, boost float64) error {
		n := &qnode{boost: boost}
		if known {
			tfr, err := r.TermFieldReader(ctx, term, field, true, true, false)
			if err != nil {
				return err
			}
			n.tfr, n.count = tfr, tfr.Count()
		}
		n.idf = 1.0 + math.Log(float64(docTotal)/float64(n.count+1.0))
		parent.kids = append(parent.kids, n)
		return nil
	}
	// termNode is termClause: the term in the five fields and in the five
	// parts fields.
	termNode := func(parent *qnode, t string, boost float64) error {
		term = []byte(t)
		df, inVocab := li.fieldDF(t)
		w := &qnode{kids: make([]*qnode, 0, 2)}
		parent.kids = append(parent.kids, w)
		fields, parts := &qnode{kids: make([]*qnode, 0, nFields)}, &qnode{kids: make([]*qnode, 0, nFields)}
		w.kids = append(w.kids, fields, parts)
		for f, name := range fieldNames {
			if err := leaf(fields, name, !inVocab || df[f] > 0, boost*fieldBoost[f]); err != nil {
				return err
			}
		}
		for f, name := range partsFieldNames {
			if err := leaf(parts, name, !inVocab || df[nFields+f] > 0, boost*boostParts*fieldBoost[f]); err != nil {
				return err
			}
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
				return fail(err)
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
	var tfd index.TermFieldDoc
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
		err = evalNode(ctx, sc, root, 0, qnorm, &tfd, top)
		root.close()
		if err != nil {
			return touched, fmt.Errorf("search %s: %w", li.lang, err)
		}
		top.drain(func(d uint64, sum float64, _ int) {
			num := ds.byDoc[d]
			if num < 0 {
				return
			}
			if count[num] == 0 {
				touched = append(touched, num)
			}
			count[num]++
			score[num] += sum / norm
		})
	}
	return touched, nil
}

// evalNode adds the score of n for each document it matches to into, at
// depth depth of the tree.
func evalNode(ctx context.Context, sc *scratch, n *qnode, depth int, qnorm float64, tfd *index.TermFieldDoc, into *sums) error {
	if n.leaf() {
		if n.tfr == nil {
			return nil // no page holds the term in this field
		}
		// bleve's TermQueryScorer: √tf·norm·idf times the query weight
		// boost·idf·queryNorm.
		qw := n.boost * n.idf * qnorm
		for k := 0; ; k++ {
			if k&1023 == 1023 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			p, err := n.tfr.Next(tfd)
			if err != nil {
				return err
			}
			if p == nil {
				return nil
			}
			s := math.Sqrt(float64(p.Freq)) * p.Norm * n.idf
			if qw != 1.0 {
				s = s * qw
			}
			if d := binary.BigEndian.Uint64(p.ID); d < uint64(len(into.n)) {
				into.add(d, s)
			}
		}
	}
	mine := sc.level(depth + 1)
	for _, k := range n.kids {
		if err := evalNode(ctx, sc, k, depth+1, qnorm, tfd, mine); err != nil {
			mine.drain(func(uint64, float64, int) {})
			return err
		}
	}
	total := len(n.kids)
	if n.conj {
		mine.drain(func(d uint64, sum float64, matched int) {
			if matched == total {
				into.add(d, sum)
			}
		})
		return nil
	}
	mine.drain(func(d uint64, sum float64, matched int) {
		into.add(d, sum*(float64(matched)/float64(total)))
	})
	return nil
}
