package search

import (
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
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

	cacheFile   string // AnalyzeOptions.Cache
	cacheDirty  bool   // a page was analyzed anew, or one left: the file is out of date
	cacheReused int    // pages whose analysis came from the file

	// segOnce makes segDone, closed by segmentsWritten (segClose) once
	// BuildIndex has no more use for the pages' text (SegmentsWritten).
	segOnce, segClose sync.Once
	segDone           chan struct{}

	// releaseBodies: BuildIndex clears each page's body once its segment
	// is written (ReleaseBodies, textrelease.go).
	releaseBodies bool
}

// SegmentsWritten is closed once BuildIndex has encoded every page (its
// bleve segments are written, and what is left is their merge, on one
// core mostly) or has returned. varde build starts the static index then,
// so that the two stages' memory does not add up at the build's peak
// (docs/performance.md, "Session 18: peak memory").
func (c *Corpus) SegmentsWritten() <-chan struct{} { return c.segChan() }

func (c *Corpus) segChan() chan struct{} {
	c.segOnce.Do(func() { c.segDone = make(chan struct{}) })
	return c.segDone
}

// segmentsWritten closes SegmentsWritten's channel; later calls do nothing.
func (c *Corpus) segmentsWritten() {
	c.segClose.Do(func() { close(c.segChan()) })
}

// AnalyzeOptions are the site's additions to the analysis.
type AnalyzeOptions struct {
	// Thesaurus holds the site's own synonym groups for every language
	// (data/synonymer.txt), used beside the shipped thesaurus.
	Thesaurus *Thesaurus
	// Lang holds the site's groups for one language only, by language
	// code (data/synonymer.<lang>.txt).
	Lang map[string]*Thesaurus
	// Cache is a file that keeps each page's analysis between builds
	// (analysiscache.go): pages whose indexed text it holds are not
	// analyzed again. "" for none. Corpus.SaveAnalysis writes it.
	Cache string
}

// AnalyzeWith is Analyze with the site's additions.
func AnalyzeWith(docs []Document, opt AnalyzeOptions) (*Corpus, error) {
	c, err := analyzeCached(docs, compoundOptions{}, features{}, opt.Cache)
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
	feat features     // parts switched off for a measurement

	// pieces maps the stem of a compound to the stems of its top-level
	// pieces, from the split of its smallest surface that splits, so
	// that a known query word also finds its pieces apart (vocab.plan).
	pieces map[string][]string

	// lexSig identifies the dictionary (lexiconSig; zero until needed)
	// and partsOf and tops are the compound splits of its words, by
	// surface id, for the cache file; nil when compounds are not split.
	co           compoundOptions
	lexSig       docKey
	partsOf      [][]uint32
	tops         [][]piece
	splitsReused bool // the splits came from the cache file
	splitsRedone int  // words split again when the rest came from it (updateSplits)
	// passDirty: passages were chosen anew, so the cache file is out of
	// date; passReused counts the pages whose passages it gave.
	passDirty  atomic.Bool
	passReused atomic.Int64
	// pending and taken: the passages chosen beside the bleve segments
	// (ReleaseBodies, textrelease.go), taken once every segment is written.
	pending, taken *takenPassages

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
	// (passages.go): below maxSnippetSource, so 16 bits each (17 MB of
	// the live heap at the 10,000-page corpus's peak as 32).
	bodyAt []uint16
	// key is the page's analysis key, for the cache (analysiscache.go).
	key docKey
	// pass holds the byte spans of the body chosen as the page's passages
	// (passages.go) and passSig what else they were chosen by, the
	// document frequencies of its words; hasPass: known, from the cache
	// file or this build.
	pass    [][2]int
	passSig uint64
	hasPass bool
}

// docTerms.bodyAt holds offsets below maxSnippetSource in 16 bits: this
// fails to compile if it grows past them.
const _ uint16 = maxSnippetSource - 1

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

// indexScratch is one analysis worker's reusable space.
type indexScratch struct {
	ids    map[string]int32 // word as written → surface id, -1 when not indexed
	words  []word
	toks   []indexTok
	joined []byte
}

// indexTok is an indexed token: its surface id and byte offset.
type indexTok struct {
	id    uint32
	start int
}

// indexWords appends the tokens of text, cut into sc.words, to out, as
// analyzer.analyzeWords (query false) yields its terms: the words of a
// hyphen group each and then joined. TestIndexWordsAsAnalyze holds the
// two to the same terms.
func (lc *langCorpus) indexWords(out []indexTok, sc *indexScratch, text string) []indexTok {
	words := sc.words
	add := func(w string, start int) {
		id, ok := sc.ids[w]
		if !ok {
			id = lc.internWord(w)
			sc.ids[strings.Clone(w)] = id
		}
		if id >= 0 {
			out = append(out, indexTok{uint32(id), start})
		}
	}
	for i := 0; i < len(words); {
		j := i + 1
		for j < len(words) && words[j].group == words[i].group {
			j++
		}
		if j-i > 1 {
			sc.joined = sc.joined[:0]
			for _, w := range words[i:j] {
				add(text[w.start:w.end], w.start)
				sc.joined = append(sc.joined, text[w.start:w.end]...)
			}
			// Looked up without a copy; add clones the key when it is new.
			id, ok := sc.ids[string(sc.joined)]
			if !ok {
				add(string(sc.joined), words[i].start)
			} else if id >= 0 {
				out = append(out, indexTok{uint32(id), words[i].start})
			}
		} else {
			add(text[words[i].start:words[i].end], words[i].start)
		}
		i = j
	}
	return out
}

// internWord analyzes a word as written (analyzer.add) and returns its
// surface id, -1 when it is not indexed (a stop word, too short or long).
func (lc *langCorpus) internWord(w string) int32 {
	f := lc.an.normal(w)
	if f == "" {
		return -1
	}
	s := lc.an.stemWord(f)
	if s == "" {
		return -1
	}
	lc.lex.mu.Lock()
	id := lc.lex.intern(term{Surface: f, Stem: s})
	lc.lex.mu.Unlock()
	return int32(id)
}

// Analyze analyzes documents for indexing. It fails on a document without
// an id or with an unusable language code, and on two documents with the
// same id in one language, naming them.
func Analyze(docs []Document) (*Corpus, error) {
	return analyzeWith(docs, compoundOptions{})
}

func analyzeWith(docs []Document, co compoundOptions) (*Corpus, error) {
	return analyzeCached(docs, co, features{}, "")
}

// features switch off the parts of the search build that issue 17 added,
// for BenchmarkSearchBuildCost only, which measures what each costs: the
// zero value is the real build, and no build sets anything else.
type features struct {
	noThesaurus bool // compile and write no thesaurus
	noPieces    bool // keep no compound pieces for query decompounding
	noPassages  bool // choose and write no passages for static snippets
}

func analyzeFeatures(docs []Document, co compoundOptions, feat features) (*Corpus, error) {
	return analyzeCached(docs, co, feat, "")
}

// analyzeCached analyzes docs, taking the analysis of pages that the
// cache file holds from it (cache "" for none).
func analyzeCached(docs []Document, co compoundOptions, feat features, cache string) (*Corpus, error) {
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
	c := &Corpus{cacheFile: cache}
	var cached analysisCache
	if cache != "" {
		cached = readAnalysisCache(cache)
		c.cacheDirty = cached == nil || len(cached) != len(byLang)
	}
	for k, ds := range byLang {
		// Document numbers follow ids, so that ordering ties by number
		// (search.js) and by id (bleve) agree.
		sort.Slice(ds, func(i, j int) bool { return ds[i].ID < ds[j].ID })
		cl := cached[k]
		lc, reused := analyzeLang(k, ds, co, feat, cl, cache != "")
		c.langs = append(c.langs, lc)
		c.cacheReused += reused
		if cache != "" && (cl == nil || reused != len(ds) || len(cl.docs) != len(ds)) {
			c.cacheDirty = true
		}
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

// analyzeLang analyzes the pages of one language, taking those that cl
// (the cache file's, nil for none) holds from it; it returns how many.
// With keyed set each page gets its key, for writing the cache.
func analyzeLang(lang string, ds []*Document, co compoundOptions, feat features, cl *cachedLang, keyed bool) (*langCorpus, int) {
	lex := newLexicon()
	if cl != nil {
		// Sized for the file's words at once: most of them are interned
		// below (internCached), and a map grown word by word rehashed
		// its way up to the whole dictionary on every rebuild, on one
		// core. Ids depend only on the order words are interned.
		lex.surfIDs = make(map[string]uint32, len(cl.surf))
		lex.stemIDs = make(map[string]uint32, len(cl.surf)/2)
		lex.surf = make([]string, 0, len(cl.surf))
		lex.stemOf = make([]uint32, 0, len(cl.surf))
	}
	lc := &langCorpus{lang: lang, an: analyzerFor(lang), lex: lex, feat: feat}
	lc.docs = make([]*docTerms, len(ds))
	// Pages the cache holds first: their words go into the lexicon as they
	// are, with no lock to take (no worker runs yet).
	var todo []int // pages to analyze
	reused := 0
	if cl != nil {
		keys := make([]docKey, len(ds))
		parallel(len(ds), func(i int) { keys[i] = analysisKey(lang, ds[i]) })
		hits := make([]*cachedDoc, len(ds))
		used := make([]bool, len(cl.surf))
		for i, d := range ds {
			lc.docs[i] = &docTerms{doc: d, key: keys[i]}
			if cd := cl.docs[keys[i]]; cd != nil {
				hits[i] = cd
				for _, ids := range cd.fields {
					for _, c := range ids {
						used[c] = true
					}
				}
				reused++
			} else {
				todo = append(todo, i)
			}
		}
		trans := lc.internCached(cl, used)
		// The usual rebuild interns every word of the file, in its order,
		// so that a word's number is the file's: the pages then take the
		// file's lists as they are (nothing writes to them), rather than
		// copies (28 MB at 10,000 pages).
		same := true
		for c, u := range used {
			if u && trans[c] != uint32(c) {
				same = false
				break
			}
		}
		if same {
			trans = nil
		}
		parallel(len(ds), func(i int) {
			if hits[i] != nil {
				fromCache(lc.docs[i], hits[i], trans)
			}
		})
	} else {
		todo = make([]int, len(ds))
		for i := range todo {
			todo[i] = i
		}
	}
	// Each worker keeps its scratch from page to page, and its own map from
	// a word as written to its surface id: most words of a corpus recur,
	// so most words cost one lookup in a map no other worker touches, and
	// only a word the worker has not met takes the lexicon's lock.
	scratches := make([]*indexScratch, runtime.GOMAXPROCS(0))
	parallelWorkers(len(todo), func(w, k int) {
		i := todo[k]
		sc := scratches[w]
		if sc == nil {
			sc = &indexScratch{ids: map[string]int32{}}
			scratches[w] = sc
		}
		dt := lc.docs[i]
		if dt == nil {
			dt = &docTerms{doc: ds[i]}
			if keyed {
				dt.key = analysisKey(lang, ds[i])
			}
		}
		for f, text := range fieldTexts(ds[i]) {
			sc.words = tokenizeAppend(sc.words[:0], text)
			sc.toks = lc.indexWords(sc.toks[:0], sc, text)
			ids := make([]uint32, len(sc.toks))
			for j, t := range sc.toks {
				ids[j] = t.id
			}
			dt.fields[f] = ids
			if f == fBody {
				n := 0
				for n < len(sc.toks) && sc.toks[n].start < maxSnippetSource {
					n++
				}
				if n > 0 {
					dt.bodyAt = make([]uint16, n)
					for j, t := range sc.toks[:n] {
						dt.bodyAt[j] = uint16(t.start)
					}
				}
			}
		}
		lc.docs[i] = dt
	})
	if lc.an.nordic && lc.an.kind != "plain" && !co.disabled {
		// The splits depend on the dictionary alone: when it holds the
		// same words as the cache file's, they are the file's.
		lc.co = co
		partsOf, tops := lc.cachedSplits(cl)
		if partsOf == nil {
			dc := newDecompounder(lc.an, lc.lex, co)
			partsOf = make([][]uint32, len(lc.lex.surf))
			tops = make([][]piece, len(lc.lex.surf))
			parallel(len(lc.lex.surf), func(i int) {
				partsOf[i], tops[i] = dc.partsAndPieces(lc.lex.surf[i], lc.lex.stemOf[i])
			})
		}
		lc.partsOf, lc.tops = partsOf, tops
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
		if feat.noPieces {
			from = nil
		}
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
		parallel(len(lc.docs), func(i int) {
			dt := lc.docs[i]
			for f, ids := range dt.fields {
				n := 0
				for _, id := range ids {
					n += len(partsOf[id])
				}
				if n == 0 {
					continue
				}
				ps := make([]uint32, 0, n)
				for _, id := range ids {
					ps = append(ps, partsOf[id]...)
				}
				dt.parts[f] = ps
			}
		})
	}
	return lc, reused
}

// parallel calls f(0..n-1) on one goroutine per core.
func parallel(n int, f func(i int)) {
	parallelWorkers(n, func(_, i int) { f(i) })
}

// parallelWorkers calls f(w, 0..n-1) on one goroutine per core, w the
// number of the goroutine (below GOMAXPROCS), for scratch space of its own.
func parallelWorkers(n int, f func(w, i int)) {
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
				f(w, i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}
