package search

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// Index is an open search index: one bleve index per language. It is safe
// for concurrent use, Close included: Close waits for the searches under
// way, and a search after Close fails with ErrClosed, so a server can swap
// in a new index and close the old one while queries run.
type Index struct {
	langs  []*langIndex // sorted by language
	mu     sync.RWMutex // held for reading by each search, for writing by Close
	closed bool
}

// ErrClosed is the error of a search on a closed index.
var ErrClosed = errors.New("search index closed")

// ErrOutdated is the error of Open on an index an older Varde wrote; build
// it again.
var ErrOutdated = errors.New("the index was written by another version of varde; rebuild it")

type langIndex struct {
	lang  string
	an    *analyzer
	bi    bleve.Index
	adv   index.Index      // the index under bi, searched without bleve's collector (collect.go)
	voc   *vocab           // the dictionary, for typo, prefix and compound candidates
	docs  *docTable        // ids, URLs, titles, types and audiences by page number
	num   map[string]int32 // bleve's internal id → page number
	grams bool             // built with n-grams instead of parts (measurement only)
	// direct scores queries on bleve's postings (direct.go); nil when
	// bleve's ids are not document numbers. viaSearchers makes a search
	// use bleve's searchers instead (tests compare the two).
	direct       *directScorer
	viaSearchers bool
	texts        *textCache // the snippet text of recently shown pages
}

// Query is a search request. Text is free text: it is analyzed and turned
// into term queries, never parsed as a query language, so no character in
// it has a special meaning. Lang "" searches every language; Type and
// Audience filter when set; Limit defaults to 10 and is at most 100.
type Query struct {
	Text     string
	Lang     string
	Type     string
	Audience string
	Limit    int
}

// Results are the hits of a query, best first.
type Results struct {
	Hits   []Hit   `json:"hits"`
	Facets Facets  `json:"facets"`
	Total  int     `json:"total"`
	TookMs float64 `json:"took_ms"`
}

// Hit is one matching page. Snippet is HTML: text is escaped and the
// matching words are wrapped in <mark>.
type Hit struct {
	ID      string  `json:"id"`
	URL     string  `json:"url"`
	Title   string  `json:"title"`
	Type    string  `json:"type"`
	Lang    string  `json:"lang"`
	Snippet string  `json:"snippet"`
	Score   float64 `json:"score"`
	tier    int     // how many clauses matched, fullTier for (nearly) all (see collect)
}

// Facets count the pages that match the text of a query per type and per
// audience. Each count applies the other filter but not its own, so a
// reader can see what choosing another value would give.
type Facets struct {
	Type     map[string]int `json:"type"`
	Audience map[string]int `json:"audience"`
}

const (
	defaultLimit = 10
	maxLimit     = 100
)

// Open opens the index BuildIndex wrote to dir.
func Open(dir string) (*Index, error) {
	cur, err := os.ReadFile(filepath.Join(dir, currentFile))
	if err != nil {
		return nil, fmt.Errorf("search index %s: %w", dir, err)
	}
	gen := filepath.Join(dir, strings.TrimSpace(string(cur)))
	var meta indexMeta
	if err := readJSON(filepath.Join(gen, "meta.json"), &meta); err != nil {
		return nil, err
	}
	if meta.Version != indexVersion {
		return nil, fmt.Errorf("search index %s: version %d, want %d: %w", dir, meta.Version, indexVersion, ErrOutdated)
	}
	ix := &Index{}
	for _, lang := range meta.Langs {
		li, err := openLang(gen, lang, !meta.Separate && !meta.Grams)
		if err != nil {
			ix.Close()
			return nil, err
		}
		li.grams = meta.Grams
		if li.grams {
			li.direct = nil // direct.go knows the parts fields only
		}
		ix.langs = append(ix.langs, li)
	}
	return ix, nil
}

// openLang opens the index of one language; packed: its analysed fields
// are packed into one (fields.go).
func openLang(gen, lang string, packed bool) (*langIndex, error) {
	if _, ok := langKey(lang); !ok {
		return nil, fmt.Errorf("search index %s: bad language %q", gen, lang)
	}
	v := &vocab{}
	if err := readJSON(filepath.Join(gen, lang+".vocab"), v); err != nil {
		return nil, err
	}
	if len(v.DF) != len(v.Terms) || len(v.CDF) != len(v.Terms) {
		return nil, fmt.Errorf("search index %s: %s.vocab is inconsistent", gen, lang)
	}
	v.index()
	t := &docTable{}
	if err := readJSON(filepath.Join(gen, lang+".docs"), t); err != nil {
		return nil, err
	}
	if !t.valid() {
		return nil, fmt.Errorf("search index %s: %s.docs is inconsistent", gen, lang)
	}
	bi, err := bleve.OpenUsing(filepath.Join(gen, lang+".bleve"), map[string]interface{}{"read_only": true})
	if err != nil {
		return nil, fmt.Errorf("search index %s: %s: %w", gen, lang, err)
	}
	li := &langIndex{lang: lang, an: analyzerFor(lang), bi: bi, voc: v, docs: t}
	fail := func(err error) (*langIndex, error) {
		bi.Close()
		return nil, fmt.Errorf("search index %s: %s: %w", gen, lang, err)
	}
	if li.adv, err = bi.Advanced(); err != nil {
		return fail(err)
	}
	r, err := li.adv.Reader()
	if err != nil {
		return fail(err)
	}
	li.num, err = internalNumbers(r, t.IDs)
	r.Close()
	if err != nil {
		return fail(err)
	}
	li.direct = newDirectScorer(li.num)
	if packed {
		// Only direct scoring reads the packed field.
		if li.direct == nil {
			return fail(fmt.Errorf("bleve's ids are not page numbers"))
		}
		ft, err := readFieldTable(gen, lang, len(t.IDs))
		if err != nil {
			bi.Close()
			return nil, err
		}
		li.direct.pack(ft)
	}
	li.texts = newTextCache(len(t.IDs), textCacheBytes)
	return li, nil
}

func readJSON(path string, v interface{}) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("search index %s: %w", path, err)
	}
	return nil
}

// Close closes the index.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return nil
	}
	ix.closed = true
	var errs []error
	for _, li := range ix.langs {
		errs = append(errs, li.bi.Close())
	}
	return errors.Join(errs...)
}

// Langs returns the languages the index holds.
func (ix *Index) Langs() []string {
	out := make([]string, len(ix.langs))
	for i, li := range ix.langs {
		out[i] = li.lang
	}
	return out
}

// Search runs a query. Text that analyzes to nothing (empty, only stop
// words, only punctuation) gives no hits and no error; errors come only
// from the index itself or a cancelled context.
func (ix *Index) Search(ctx context.Context, q Query) (*Results, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.closed {
		return nil, ErrClosed
	}
	start := time.Now()
	res := &Results{Hits: []Hit{}, Facets: Facets{Type: map[string]int{}, Audience: map[string]int{}}}
	limit := q.Limit
	if limit <= 0 {
		limit = defaultLimit
	}
	if limit > maxLimit {
		limit = maxLimit
	}
	lang, _ := langKey(q.Lang)
	for _, li := range ix.langs {
		if q.Lang != "" && li.lang != lang {
			continue
		}
		if err := li.search(ctx, q, limit, res); err != nil {
			return nil, err
		}
	}
	sort.SliceStable(res.Hits, func(i, j int) bool {
		a, b := res.Hits[i], res.Hits[j]
		if a.tier != b.tier {
			return a.tier > b.tier
		}
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if a.Lang != b.Lang {
			return a.Lang < b.Lang
		}
		return a.ID < b.ID
	})
	if len(res.Hits) > limit {
		res.Hits = res.Hits[:limit]
	}
	res.TookMs = float64(time.Since(start).Microseconds()) / 1000
	return res, nil
}

// search runs q on one language and adds its hits, total and facet counts
// to res.
func (li *langIndex) search(ctx context.Context, q Query, limit int, res *Results) error {
	clauses := li.voc.plan(li.an, q.Text)
	if len(clauses) == 0 {
		return nil
	}
	r, err := li.adv.Reader()
	if err != nil {
		return fmt.Errorf("search %s: %w", li.lang, err)
	}
	defer r.Close()
	typ, aud := filterIndex(li.docs.Types, q.Type), filterIndex(li.docs.Audiences, q.Audience)
	c, err := li.collect(ctx, r, clauses, typ, aud, limit)
	if err != nil {
		return err
	}
	for i, n := range c.typeN {
		if n > 0 {
			res.Facets.Type[li.docs.Types[i]] += n
		}
	}
	for i, n := range c.audN {
		if n > 0 {
			res.Facets.Audience[li.docs.Audiences[i]] += n
		}
	}
	res.Total += c.total
	match := matchSet(clauses)
	for _, h := range c.best() {
		t := li.docs
		hit := Hit{ID: t.IDs[h.num], URL: t.URLs[h.num], Title: t.Titles[h.num], Lang: li.lang, Score: h.score, tier: h.tier}
		if t.Type[h.num] >= 0 {
			hit.Type = t.Types[t.Type[h.num]]
		}
		desc, body, err := li.texts.text(r, h.num, hit.ID)
		if err != nil {
			return fmt.Errorf("search %s: %w", li.lang, err)
		}
		hit.Snippet = snippet(li.an, desc, body, match)
		res.Hits = append(res.Hits, hit)
	}
	return nil
}

// clauseQuery is the query of one clause (score.go): its alternatives'
// disjunction, each alternative the conjunction of its terms' W(t).
func (li *langIndex) clauseQuery(c clause) query.Query {
	alt := func(a alt) query.Query {
		if len(a.terms) == 1 {
			return li.termClause(a.terms[0], a.boost)
		}
		qs := make([]query.Query, len(a.terms))
		for i, t := range a.terms {
			qs[i] = li.termClause(t, a.boost)
		}
		return query.NewConjunctionQuery(qs)
	}
	if len(c.alts) == 1 {
		return alt(c.alts[0])
	}
	d := query.NewDisjunctionQuery(nil)
	for _, a := range c.alts {
		d.AddQuery(alt(a))
	}
	return d
}

// termClause is W(c) of score.go.
func (li *langIndex) termClause(t string, boost float64) query.Query {
	fields := query.NewDisjunctionQuery(nil)
	for f, name := range fieldNames {
		fields.AddQuery(termQuery(name, t, boost*fieldBoost[f]))
	}
	var parts query.Query
	if li.grams {
		gs := gramsOf(t)
		qs := make([]query.Query, len(gs))
		for i, g := range gs {
			qs[i] = termQuery(gramsField, g, boost*boostParts/float64(len(gs)))
		}
		parts = query.NewConjunctionQuery(qs)
		if len(gs) == 0 {
			return fields
		}
	} else {
		pd := query.NewDisjunctionQuery(nil)
		for f, name := range partsFieldNames {
			pd.AddQuery(termQuery(name, t, boost*boostParts*fieldBoost[f]))
		}
		parts = pd
	}
	return query.NewDisjunctionQuery([]query.Query{fields, parts})
}

func termQuery(field, t string, boost float64) *query.TermQuery {
	q := query.NewTermQuery(t)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

// clauseNorm recomputes bleve's query normalisation of a clause's query,
// 1/√Σ(boost·idf)² over every term query in it, so that its scores can be
// summed with other clauses', compared across languages and with the
// static index, which leaves it out.
func (li *langIndex) clauseNorm(c clause) float64 {
	v := li.voc
	var sum float64
	add := func(boost float64, df int32) {
		w := boost * idf(v.N, int(df))
		sum += w * w
	}
	for _, a := range c.alts {
		for _, t := range a.terms {
			i, ok := v.lookup(t)
			var df [nStatFields]int32
			if ok {
				df = v.DF[i]
			}
			for f := 0; f < nFields; f++ {
				add(a.boost*fieldBoost[f], df[f])
			}
			if li.grams {
				continue // measurement only: scores stay unnormalised
			}
			for f := 0; f < nFields; f++ {
				add(a.boost*boostParts*fieldBoost[f], df[nFields+f])
			}
		}
	}
	if sum == 0 || li.grams {
		return 1
	}
	return 1 / math.Sqrt(sum)
}

// matchSet is the set of terms a query matches, for highlighting.
func matchSet(clauses []clause) map[string]bool {
	m := map[string]bool{}
	for _, c := range clauses {
		for _, a := range c.alts {
			for _, t := range a.terms {
				m[t] = true
			}
		}
	}
	return m
}
