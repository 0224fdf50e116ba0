package search

import (
	"container/heap"
	"context"
	"fmt"
	"sync"

	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// A query is answered by walking bleve's searcher ourselves instead of
// through bleve's collector. The collector sorts by _id (an external id
// looked up for every match), counts facets from doc values (a lookup per
// field per match) and needs one more search per filter so that each facet
// can ignore its own filter. Here every match is read once: its score from
// the searcher, its page number from a map, its type and audience from the
// page table that the build wrote beside the index (<lang>.docs); the
// filters, both facets and the top hits come out of that one pass. The
// scores are bleve's own, so results are exactly the collector's. On
// 10,000 pages this takes p95 latency from about 10 ms to the figure in
// docs/performance.md.

// docTable is what a search needs to know of each page without reading
// bleve's stored fields: <lang>.docs, written by BuildIndex. Pages are
// numbered in id order, as in the static index.
type docTable struct {
	IDs       []string  `json:"ids"`
	URLs      []string  `json:"urls"`
	Titles    []string  `json:"titles"`
	Types     []string  `json:"types"`     // the type names, sorted
	Type      []int32   `json:"type"`      // per page: index in Types, -1 for none
	Audiences []string  `json:"audiences"` // the audience names, sorted
	Aud       [][]int32 `json:"aud"`       // per page: indexes in Audiences
	Prior     []float64 `json:"prior"`     // per page: Document.Prior, 1 for a content page
}

// facetNames returns the corpus's types and audiences, sorted, and the
// index of each name in its list: both indexes number facets alike.
func (lc *langCorpus) facetNames() (types, audiences []string, typeIdx, audIdx map[string]int) {
	typeIdx, audIdx = map[string]int{}, map[string]int{}
	for _, dt := range lc.docs {
		if dt.doc.Type != "" {
			typeIdx[dt.doc.Type] = 0
		}
		for _, a := range dt.doc.Audience {
			audIdx[a] = 0
		}
	}
	types, audiences = sortedKeys(typeIdx), sortedKeys(audIdx)
	for i, s := range types {
		typeIdx[s] = i
	}
	for i, s := range audiences {
		audIdx[s] = i
	}
	return types, audiences, typeIdx, audIdx
}

func (lc *langCorpus) docTable() *docTable {
	t := &docTable{IDs: []string{}, URLs: []string{}, Titles: []string{}, Type: []int32{}, Aud: [][]int32{}, Prior: []float64{}}
	var typeIdx, audIdx map[string]int
	t.Types, t.Audiences, typeIdx, audIdx = lc.facetNames()
	for _, dt := range lc.docs {
		d := dt.doc
		t.IDs = append(t.IDs, d.ID)
		t.URLs = append(t.URLs, d.URL)
		t.Titles = append(t.Titles, plainText(d.Title))
		ty := int32(-1)
		if d.Type != "" {
			ty = int32(typeIdx[d.Type])
		}
		t.Type = append(t.Type, ty)
		as := []int32{}
		seen := map[int]bool{}
		for _, a := range d.Audience {
			if !seen[audIdx[a]] {
				seen[audIdx[a]] = true
				as = append(as, int32(audIdx[a]))
			}
		}
		t.Aud = append(t.Aud, as)
		t.Prior = append(t.Prior, d.prior())
	}
	return t
}

func (t *docTable) valid() bool {
	n := len(t.IDs)
	if len(t.URLs) != n || len(t.Titles) != n || len(t.Type) != n || len(t.Aud) != n || len(t.Prior) != n {
		return false
	}
	for i := 0; i < n; i++ {
		if !(t.Prior[i] > 0 && t.Prior[i] <= 1) {
			return false
		}
		if t.Type[i] < -1 || int(t.Type[i]) >= len(t.Types) {
			return false
		}
		for _, a := range t.Aud[i] {
			if a < 0 || int(a) >= len(t.Audiences) {
				return false
			}
		}
	}
	return true
}

// internalNumbers maps bleve's internal id of each page to its number.
func internalNumbers(r index.IndexReader, ids []string) (map[string]int32, error) {
	m := make(map[string]int32, len(ids))
	for i, id := range ids {
		iid, err := r.InternalID(id)
		if err != nil {
			return nil, err
		}
		if iid == nil {
			return nil, fmt.Errorf("page %q is missing from the index", id)
		}
		m[string(iid)] = int32(i)
	}
	return m, nil
}

// noFilter is a filter value that lets every page through; a filter for a
// type or audience the language does not have is noMatch.
const (
	noFilter = -1
	noMatch  = -2
)

// filterIndex returns the filter value for name among names.
func filterIndex(names []string, name string) int32 {
	if name == "" {
		return noFilter
	}
	for i, n := range names {
		if n == name {
			return int32(i)
		}
	}
	return noMatch
}

// collected is one pass over the matches of a query.
type collected struct {
	total    int
	typeN    []int // per type: matches that pass the audience filter
	audN     []int // per audience: matches that pass the type filter
	top      hitHeap
	capacity int
}

// fullTier is the tier of a page that matches at least minMatch of the
// query's clauses; a page matching fewer has the number it matches.
const fullTier = 1 << 8

// collect runs each clause of a query as its own bleve search and merges
// them by page: a page's score is the sum of its clauses' scores (each
// without its query norm, clauseNorm) times the share of clauses it
// matches, as bleve's disjunction would score it; the count of clauses
// it matches is its tier. Pages matching at least minMatch clauses are
// the results; when fewer than graceMin of them pass the filters, every
// page that matches a clause is, the full matches first and then by how
// many clauses they match (graceful ranking, score.go). One pass then
// gives the total, both facets (each under the other filter, see Facets)
// and the best limit hits.
func (li *langIndex) collect(ctx context.Context, r index.IndexReader, clauses []clause, typ, aud int32, limit int) (*collected, error) {
	t := li.docs
	sc := getCollectScratch(len(t.IDs))
	defer sc.release()
	score, count := sc.score, sc.count
	var touched []int32
	var err error
	if li.direct != nil && !li.viaSearchers {
		touched, err = li.scoreDirect(ctx, r, clauses, score, count, sc.touched)
	} else {
		touched, err = li.scoreSearchers(ctx, r, clauses, score, count, sc.touched)
	}
	sc.touched = touched
	if err != nil {
		return nil, err
	}
	nc := len(clauses)
	need := minMatch(nc)
	passes := func(num int32) (typeOK, audOK bool) {
		ty, as := t.Type[num], t.Aud[num]
		typeOK = typ == noFilter || ty == typ
		audOK = aud == noFilter
		for _, a := range as {
			audOK = audOK || a == aud
		}
		return typeOK, audOK
	}
	full := 0
	for _, num := range touched {
		score[num] *= float64(count[num]) / float64(nc)
		// The page's prior last, as search.js applies it.
		score[num] *= t.Prior[num]
		if int(count[num]) >= need {
			if typeOK, audOK := passes(num); typeOK && audOK {
				full++
			}
		}
	}
	floor := need
	if full < graceMin {
		floor = 1
	}
	c := &collected{typeN: make([]int, len(t.Types)), audN: make([]int, len(t.Audiences)), capacity: limit}
	for _, num := range touched {
		if int(count[num]) < floor {
			continue
		}
		typeOK, audOK := passes(num)
		ty, as := t.Type[num], t.Aud[num]
		if audOK && ty >= 0 {
			c.typeN[ty]++
		}
		if typeOK {
			for _, a := range as {
				c.audN[a]++
			}
		}
		if typeOK && audOK {
			c.total++
			tier := int(count[num])
			if tier >= need {
				tier = fullTier
			}
			c.offer(scored{score[num], num, tier})
		}
	}
	return c, nil
}

// collectScratch holds the per-page arrays of one search for the next:
// allocating them anew (a float64 and a byte a page, and the list of pages
// matched growing by appends) was over a third of what an uncached search
// allocated, and under load the allocation rate is what sets how often the
// collector runs and so the tail of the latency (issue 15).
type collectScratch struct {
	score   []float64
	count   []uint8
	touched []int32 // the pages whose score and count are not zero
}

var collectScratchPool sync.Pool

func getCollectScratch(n int) *collectScratch {
	sc, _ := collectScratchPool.Get().(*collectScratch)
	if sc == nil {
		sc = &collectScratch{}
	}
	if len(sc.score) < n {
		sc.score, sc.count = make([]float64, n), make([]uint8, n)
	}
	return sc
}

// release zeroes what the search set and returns the arrays to the pool.
func (sc *collectScratch) release() {
	for _, num := range sc.touched {
		sc.score[num], sc.count[num] = 0, 0
	}
	sc.touched = sc.touched[:0]
	collectScratchPool.Put(sc)
}

// scoreSearchers is scoreDirect through bleve's searchers: for an index
// whose ids are not document numbers, the n-gram variant, and as the
// reference that direct scoring is tested against.
func (li *langIndex) scoreSearchers(ctx context.Context, r index.IndexReader, clauses []clause, score []float64, count []uint8, touched []int32) ([]int32, error) {
	for _, cl := range clauses {
		s, err := li.clauseQuery(cl).Searcher(ctx, r, li.bi.Mapping(), bsearch.SearcherOptions{})
		if err != nil {
			return touched, fmt.Errorf("search %s: %w", li.lang, err)
		}
		norm := li.clauseNorm(cl)
		sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(s.DocumentMatchPoolSize()+1, 0), IndexReader: r}
		for k := 0; ; k++ {
			if k%1024 == 0 {
				if err := ctx.Err(); err != nil {
					s.Close()
					return touched, err
				}
			}
			dm, err := s.Next(sctx)
			if err != nil {
				s.Close()
				return touched, fmt.Errorf("search %s: %w", li.lang, err)
			}
			if dm == nil {
				break
			}
			num, ok := li.num[string(dm.IndexInternalID)]
			sc := dm.Score
			sctx.DocumentMatchPool.Put(dm)
			if !ok {
				continue
			}
			if count[num] == 0 {
				touched = append(touched, num)
			}
			count[num]++
			score[num] += sc / norm
		}
		s.Close()
	}
	return touched, nil
}

// scored is a match: its score, page number and tier.
type scored struct {
	score float64
	num   int32
	tier  int
}

// before orders hits: higher tier first, then higher score, then page
// number, which is id order.
func (a scored) before(b scored) bool {
	if a.tier != b.tier {
		return a.tier > b.tier
	}
	return a.score > b.score || a.score == b.score && a.num < b.num
}

// hitHeap keeps the best hits with the worst on top.
type hitHeap []scored

func (h hitHeap) Len() int           { return len(h) }
func (h hitHeap) Less(i, j int) bool { return h[j].before(h[i]) }
func (h hitHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *hitHeap) Push(x any)        { *h = append(*h, x.(scored)) }
func (h *hitHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func (c *collected) offer(s scored) {
	if len(c.top) < c.capacity {
		heap.Push(&c.top, s)
	} else if c.capacity > 0 && s.before(c.top[0]) {
		c.top[0] = s
		heap.Fix(&c.top, 0)
	}
}

// best returns the hits, best first.
func (c *collected) best() []scored {
	out := make([]scored, len(c.top))
	h := append(hitHeap{}, c.top...)
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = heap.Pop(&h).(scored)
	}
	return out
}

// stored reads the stored description and body of a page for its snippet.
func stored(r index.IndexReader, id string) (desc, body string, err error) {
	doc, err := r.Document(id)
	if err != nil || doc == nil {
		return "", "", err
	}
	doc.VisitFields(func(f index.Field) {
		switch f.Name() {
		case "s_desc":
			desc = string(f.Value())
		case "s_body":
			body = string(f.Value())
		}
	})
	return desc, body, nil
}
