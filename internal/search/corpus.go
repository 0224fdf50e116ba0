package search

import (
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// The text fields every page is indexed under, in the order their
// weights and statistics are kept.
const (
	fTitle = iota
	fHeadings
	fDescription
	fBody
	fTopics
	nFields
)

var fieldNames = [nFields]string{"title", "headings", "description", "body", "topics"}

// partsFieldNames hold the parts of the compound words of each text field
// (see compound.go); a compound's parts count for as much as the field it
// stands in.
var partsFieldNames = [nFields]string{"p_title", "p_headings", "p_description", "p_body", "p_topics"}

// Corpus is a set of documents analyzed once, from which both the bleve
// index (BuildIndex) and the static index (ExportStatic) are made, so a
// build that writes both analyzes each page once.
type Corpus struct {
	langs []*langCorpus  // sorted by language key
	site  AnalyzeOptions // the site's own synonym groups
}

// AnalyzeOptions are the site's additions to the analysis.
type AnalyzeOptions struct {
	// Thesaurus holds the site's own synonym groups for every language
	// (data/synonymer.txt), used beside the shipped thesaurus.
	Thesaurus *Thesaurus
	// Lang holds the site's groups for one language only, by language
	// code (data/synonymer.<lang>.txt).
	Lang map[string]*Thesaurus
}

// AnalyzeWith is Analyze with the site's additions.
func AnalyzeWith(docs []Document, opt AnalyzeOptions) (*Corpus, error) {
	c, err := analyzeWith(docs, compoundOptions{})
	if err != nil {
		return nil, err
	}
	c.site = opt
	for _, lc := range c.langs {
		lc.site = append(lc.site, opt.Thesaurus)
		for code, t := range opt.Lang {
			if k, ok := langKey(code); ok && k == lc.lang {
				lc.site = append(lc.site, t)
			}
		}
	}
	return c, nil
}

// langCorpus is the documents of one language and everything derived from
// them. Each language is indexed on its own: its own analysis, statistics
// and files.
type langCorpus struct {
	lang string
	an   *analyzer
	docs []*docTerms // sorted by id; the position is the doc number
	lex  *lexicon
	site []*Thesaurus // the site's own synonym groups (nil entries: none)

	// pieces maps the stem of a compound to the stems of its top-level
	// pieces, from the split of its smallest surface that splits, so
	// that a known query word also finds its pieces apart (vocab.plan).
	pieces map[string][]string

	statsOnce  sync.Once
	statsCache *langStats
	vocabOnce  sync.Once
	vocabCache *vocab
	vocabErr   error
}

// docTerms is one analyzed document: the surface ids of each field's
// tokens, in order, and the stem ids of each field's compound parts.
type docTerms struct {
	doc    *Document
	fields [nFields][]uint32
	parts  [nFields][]uint32
	// bodyAt is the byte offset in the body of each body term that starts
	// within maxSnippetSource, for the static snippets' passages
	// (passages.go).
	bodyAt []uint32
}

// lexicon interns the folded words (surfaces) and stems of a language.
type lexicon struct {
	mu      sync.Mutex
	surfIDs map[string]uint32
	surf    []string
	stemOf  []uint32 // surface id → stem id
	stemIDs map[string]uint32
	stems   []string
}

func newLexicon() *lexicon {
	return &lexicon{surfIDs: map[string]uint32{}, stemIDs: map[string]uint32{}}
}

// intern returns the surface id of t, adding it (and its stem) if new.
// The caller holds mu.
func (l *lexicon) intern(t term) uint32 {
	if id, ok := l.surfIDs[t.Surface]; ok {
		return id
	}
	sid, ok := l.stemIDs[t.Stem]
	if !ok {
		sid = uint32(len(l.stems))
		l.stemIDs[t.Stem] = sid
		l.stems = append(l.stems, t.Stem)
	}
	id := uint32(len(l.surf))
	l.surfIDs[t.Surface] = id
	l.surf = append(l.surf, t.Surface)
	l.stemOf = append(l.stemOf, sid)
	return id
}

// Analyze analyzes documents for indexing. It fails on a document without
// an id or with an unusable language code, and on two documents with the
// same id in one language, naming them.
func Analyze(docs []Document) (*Corpus, error) {
	return analyzeWith(docs, compoundOptions{})
}

func analyzeWith(docs []Document, co compoundOptions) (*Corpus, error) {
	byLang := map[string][]*Document{}
	seen := map[[2]string]bool{}
	for i := range docs {
		d := &docs[i]
		if err := d.validate(i); err != nil {
			return nil, err
		}
		k, _ := langKey(d.Lang)
		if seen[[2]string{k, d.ID}] {
			return nil, fmt.Errorf("search: two documents with id %q in language %q", d.ID, k)
		}
		seen[[2]string{k, d.ID}] = true
		byLang[k] = append(byLang[k], d)
	}
	c := &Corpus{}
	for k, ds := range byLang {
		// Document numbers follow ids, so that ordering ties by number
		// (search.js) and by id (bleve) agree.
		sort.Slice(ds, func(i, j int) bool { return ds[i].ID < ds[j].ID })
		c.langs = append(c.langs, analyzeLang(k, ds, co))
	}
	sort.Slice(c.langs, func(i, j int) bool { return c.langs[i].lang < c.langs[j].lang })
	return c, nil
}

// fieldTexts returns the text of each indexed field of d.
func fieldTexts(d *Document) [nFields]string {
	topics := make([]string, len(d.Topics))
	for i, t := range d.Topics {
		// Topic slugs join words with hyphens; they are words, not compounds.
		topics[i] = strings.ReplaceAll(t, "-", " ")
	}
	return [nFields]string{d.Title, strings.Join(d.Headings, "\n"), d.Description, d.Body, strings.Join(topics, "\n")}
}

func analyzeLang(lang string, ds []*Document, co compoundOptions) *langCorpus {
	lc := &langCorpus{lang: lang, an: analyzerFor(lang), lex: newLexicon()}
	lc.docs = make([]*docTerms, len(ds))
	// Each worker keeps its word cache and scratch slices from page to page:
	// the terms of a page become ids at once, so the slices can be reused.
	type scratch struct {
		cache wordCache
		words []word
		terms []term
	}
	scratches := make(chan *scratch, runtime.GOMAXPROCS(0))
	parallel(len(ds), func(i int) {
		var sc *scratch
		select {
		case sc = <-scratches:
		default:
			sc = &scratch{cache: wordCache{}}
		}
		defer func() {
			select {
			case scratches <- sc:
			default:
			}
		}()
		dt := &docTerms{doc: ds[i]}
		var ends [nFields]int // each field's terms are sc.terms[ends[f-1]:ends[f]]
		sc.terms = sc.terms[:0]
		for f, text := range fieldTexts(ds[i]) {
			sc.words = tokenizeAppend(sc.words[:0], text)
			sc.terms = lc.an.analyzeWords(sc.terms, sc.words, text, false, sc.cache)
			ends[f] = len(sc.terms)
		}
		lc.lex.mu.Lock()
		start := 0
		for f, end := range ends {
			terms := sc.terms[start:end]
			ids := make([]uint32, len(terms))
			for j, t := range terms {
				ids[j] = lc.lex.intern(t)
			}
			dt.fields[f] = ids
			if f == fBody {
				for _, t := range terms {
					if t.Start >= maxSnippetSource {
						break
					}
					dt.bodyAt = append(dt.bodyAt, uint32(t.Start))
				}
			}
			start = end
		}
		lc.lex.mu.Unlock()
		lc.docs[i] = dt
	})
	if lc.an.nordic && lc.an.kind != "plain" && !co.disabled {
		dc := newDecompounder(lc.an, lc.lex, co)
		partsOf := make([][]uint32, len(lc.lex.surf))
		tops := make([][]piece, len(lc.lex.surf))
		parallel(len(lc.lex.surf), func(i int) {
			partsOf[i], tops[i] = dc.partsAndPieces(lc.lex.surf[i], lc.lex.stemOf[i])
		})
		// Surface ids depend on the order the workers met the words; the
		// smallest surface makes the choice the same from build to build.
		from := map[uint32]int{}
		for i, ps := range tops {
			if len(ps) < 2 {
				continue
			}
			s := lc.lex.stemOf[i]
			if cur, ok := from[s]; !ok || lc.lex.surf[i] < lc.lex.surf[cur] {
				from[s] = i
			}
		}
		lc.pieces = map[string][]string{}
		for s, i := range from {
			var ps []string
			for _, p := range tops[i] {
				if t := lc.lex.stems[p.stem]; t != lc.lex.stems[s] && !hasString(ps, t) {
					ps = append(ps, t)
				}
			}
			if len(ps) >= 2 {
				lc.pieces[lc.lex.stems[s]] = ps
			}
		}
		for _, dt := range lc.docs {
			for f, ids := range dt.fields {
				for _, id := range ids {
					dt.parts[f] = append(dt.parts[f], partsOf[id]...)
				}
			}
		}
	}
	return lc
}

// parallel calls f(0..n-1) on one goroutine per core.
func parallel(n int, f func(i int)) {
	workers := runtime.GOMAXPROCS(0)
	if workers > n {
		workers = n
	}
	var wg sync.WaitGroup
	next := make(chan int, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}
