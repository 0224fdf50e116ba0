package search

import (
	"cmp"
	"maps"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// vocab is one language's dictionary of index terms (stems and compound
// parts) with their document frequencies. Both engines pick typo and prefix
// candidates from it by the same rules, so that a query expands to the
// same terms in bleve and in the browser.
type vocab struct {
	N       int                  `json:"n"`
	Terms   []string             `json:"terms"`  // sorted
	DF      [][nStatFields]int32 `json:"df"`     // per term, docs per field (parts last)
	CDF     []int32              `json:"cdf"`    // per term, docs holding it anywhere
	Pieces  map[string][]string  `json:"pieces"` // compound term → its pieces' terms
	Thes    thesTable            `json:"thes"`   // the compiled thesaurus
	rev     []string             // reversed terms of fuzzyRevMin+ letters, sorted
	revTerm []int32              // index in Terms of each rev entry
}

// fuzzyRevMin is the shortest term kept in the reversed dictionary: a
// candidate one edit from a stem of at least 4 letters has at least 3.
const fuzzyRevMin = 3

func (st *langStats) vocab() *vocab {
	v := &vocab{N: st.n}
	for _, ts := range st.terms {
		v.Terms = append(v.Terms, ts.term)
		var df [nStatFields]int32
		for f, n := range ts.df {
			df[f] = int32(n)
		}
		v.DF = append(v.DF, df)
		v.CDF = append(v.CDF, int32(ts.cdf))
	}
	v.index()
	return v
}

// queryVocab is the dictionary with what queries need besides the terms:
// the pieces of compound terms and the compiled thesaurus. It is made
// once: the bleve index and the static export both need it, and compiling
// the thesaurus against the dictionary is not free.
func (lc *langCorpus) queryVocab() (*vocab, error) {
	lc.vocabOnce.Do(func() { lc.vocabCache, lc.vocabErr = lc.makeQueryVocab() })
	return lc.vocabCache, lc.vocabErr
}

func (lc *langCorpus) makeQueryVocab() (*vocab, error) {
	st := lc.stats()
	v := st.vocab()
	v.Pieces = maps.Clone(lc.pieces) // in one go, not grown entry by entry
	if v.Pieces == nil {
		v.Pieces = map[string][]string{}
	}
	var sets []*Thesaurus
	if lc.feat.noThesaurus {
		v.Thes = thesTable{}
		return v, nil
	}
	if lc.an.kind == "nb" || lc.an.kind == "nn" {
		b, err := builtinThesaurus(lc.an.kind)
		if err != nil {
			return nil, err
		}
		sets = append(sets, b)
	}
	sets = append(sets, lc.site...)
	v.Thes = compileThesaurus(lc.an, v.known, sets...)
	return v, nil
}

// index builds the reversed dictionary: on every build, on the path of
// both indexes, so the reversed terms are made into one buffer (a
// reversed term as reverse makes it) and sorted without sort.Slice's
// reflection; two terms whose reversals are alike (only where invalid
// UTF-8 became U+FFFD) in the order of the terms.
func (v *vocab) index() {
	type rk struct {
		key string
		i   int32
	}
	rs := make([]rk, 0, len(v.Terms))
	size := 0
	for _, t := range v.Terms {
		size += len(t)
	}
	buf := make([]byte, 0, size)
	for i, t := range v.Terms {
		if utf8.RuneCountInString(t) >= fuzzyRevMin {
			start := len(buf)
			for end := len(t); end > 0; {
				r, n := utf8.DecodeLastRuneInString(t[:end])
				buf = utf8.AppendRune(buf, r)
				end -= n
			}
			// A view of the buffer: what it holds is never written
			// again (a buffer grown past its size leaves the old one to
			// the views made of it).
			rs = append(rs, rk{unsafe.String(unsafe.SliceData(buf[start:]), len(buf)-start), int32(i)})
		}
	}
	slices.SortFunc(rs, func(a, b rk) int {
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	})
	v.rev = make([]string, len(rs))
	v.revTerm = make([]int32, len(rs))
	for i, r := range rs {
		v.rev[i], v.revTerm[i] = r.key, r.i
	}
}

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

// lookup returns the index of term t.
func (v *vocab) lookup(t string) (int, bool) {
	i := sort.SearchStrings(v.Terms, t)
	return i, i < len(v.Terms) && v.Terms[i] == t
}

// prefixRange returns the half-open range of sorted keys starting with p.
func prefixRange(keys []string, p string) (int, int) {
	lo := sort.SearchStrings(keys, p)
	hi := lo
	for hi < len(keys) && strings.HasPrefix(keys[hi], p) {
		hi++
	}
	return lo, hi
}

// fuzzy returns the terms one edit (insertion, deletion or substitution of
// a letter, or two neighbouring letters swapped) from s, the most frequent
// first. By the pigeonhole principle a single edit leaves either the first
// half of s (r[:a]) as a prefix of the term or the rest (r[a:]) as a
// suffix, so two range scans of the forward and reversed dictionaries find
// every candidate, but one: the swap of the two letters either side of
// the cut, r[a-1] and r[a], which is looked up as a word of its own.
// search.js scans the same shards.
func (v *vocab) fuzzy(s string) []int {
	r := []rune(s)
	a := (len(r) + 1) / 2
	set := map[int]bool{}
	lo, hi := prefixRange(v.Terms, string(r[:a]))
	for i := lo; i < hi; i++ {
		if v.Terms[i] != s && withinOneEdit(r, []rune(v.Terms[i])) {
			set[i] = true
		}
	}
	lo, hi = prefixRange(v.rev, reverse(string(r[a:])))
	for i := lo; i < hi; i++ {
		t := int(v.revTerm[i])
		if v.Terms[t] != s && withinOneEdit(r, []rune(v.Terms[t])) {
			set[t] = true
		}
	}
	if sw, ok := swapAt(r, a); ok {
		if i, found := v.lookup(sw); found {
			set[i] = true
		}
	}
	out := make([]int, 0, len(set))
	for i := range set {
		out = append(out, i)
	}
	return v.top(out, maxFuzzy)
}

// suffix returns the terms that end with s, the most frequent first: the
// compounds whose last part is a word the splitter could not know because
// it never occurs on its own ("virus" in "løsepengevirus").
func (v *vocab) suffix(s string) []int {
	lo, hi := prefixRange(v.rev, reverse(s))
	out := make([]int, 0, hi-lo)
	for i := lo; i < hi; i++ {
		if t := int(v.revTerm[i]); v.Terms[t] != s {
			out = append(out, t)
		}
	}
	return v.top(out, maxSuffix)
}

// prefix returns the terms that start with p, the most frequent first.
func (v *vocab) prefix(p string) []int {
	lo, hi := prefixRange(v.Terms, p)
	out := make([]int, 0, hi-lo)
	for i := lo; i < hi; i++ {
		out = append(out, i)
	}
	return v.top(out, maxPrefix)
}

// top orders candidates by document frequency, then by term, and keeps n.
func (v *vocab) top(c []int, n int) []int {
	sort.Slice(c, func(a, b int) bool {
		if v.CDF[c[a]] != v.CDF[c[b]] {
			return v.CDF[c[a]] > v.CDF[c[b]]
		}
		return v.Terms[c[a]] < v.Terms[c[b]]
	})
	if len(c) > n {
		c = c[:n]
	}
	return c
}

// swapAt returns r with the letters at a-1 and a swapped; false when
// there is no such pair or the swap changes nothing.
func swapAt(r []rune, a int) (string, bool) {
	if a < 1 || a >= len(r) || r[a-1] == r[a] {
		return "", false
	}
	w := append([]rune{}, r...)
	w[a-1], w[a] = w[a], w[a-1]
	return string(w), true
}

// withinOneEdit reports whether a and b differ by at most one insertion,
// deletion or substitution of a letter, or by two neighbouring letters
// swapped ("persnovern" for "personvern"), the commonest typos.
func withinOneEdit(a, b []rune) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > 1 {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if len(a) == len(b) {
		if i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] {
			i++ // swap a[i] and a[i+1]
		}
		i++ // or substitute a[i]
		for ; i < len(a); i++ {
			if a[i] != b[i] {
				return false
			}
		}
		return true
	}
	for ; i < len(a); i++ { // b has one letter more, at i
		if a[i] != b[i+1] {
			return false
		}
	}
	return true
}

// alt is one way a clause can match a page: every term of it must be on
// the page (a word, the pieces of a compound, the words of a synonym
// phrase), each scored with boost.
type alt struct {
	terms []string
	boost float64
}

func (a alt) key() string { return strings.Join(a.terms, " ") }

// clause is one query word's (or one synonym phrase's) share of a query:
// the ways it can match, the reader's own word first.
type clause struct {
	surface string
	alts    []alt
}

// addAlt appends a to alts unless an alternative with the same terms is
// there already (the first, which has the higher boost, is kept).
func addAlt(alts []alt, a alt) []alt {
	k := a.key()
	for _, x := range alts {
		if x.key() == k {
			return alts
		}
	}
	return append(alts, a)
}

// known reports whether t is a term of the index.
func (v *vocab) known(t string) bool {
	_, ok := v.lookup(t)
	return ok
}

// queryWord is an analyzed query word and, for a hyphenated word, the
// stems of its parts.
type queryWord struct {
	term
	parts []string
}

// queryWords analyzes a query: each word once (its joined form for a
// hyphenated word, as analyze does), and the parts of hyphenated words.
func (a *analyzer) queryWords(text string) []queryWord {
	words := tokenize(text)
	var out []queryWord
	for i := 0; i < len(words); {
		j := i + 1
		for j < len(words) && words[j].group == words[i].group {
			j++
		}
		var joined strings.Builder
		var parts []term
		for _, w := range words[i:j] {
			joined.WriteString(text[w.start:w.end])
			if j-i > 1 {
				parts = a.add(parts, text[w.start:w.end], w.start, w.end, nil)
			}
		}
		if ts := a.add(nil, joined.String(), words[i].start, words[j-1].end, nil); len(ts) == 1 {
			q := queryWord{term: ts[0]}
			for _, p := range parts {
				if !hasString(q.parts, p.Stem) {
					q.parts = append(q.parts, p.Stem)
				}
			}
			out = append(out, q)
		}
		i = j
	}
	return out
}

// plan analyzes a query and expands it into clauses (score.go):
//
//   - a run of words that is an entry of the thesaurus ("clean desk",
//     "kunstig intelligens") is one clause: the words themselves, and the
//     entry's expansions;
//   - a known word stands for itself, and, when it is on fewer than
//     graceMin pages, for the pieces of the compound it is (Pieces, split
//     at index time) together;
//   - an unknown word expands to its typo candidates (fuzzyMinLen+
//     letters, unless it is a thesaurus entry), the compounds that end in
//     it (suffixMinLen+), as the last word its completions (prefixMinLen+),
//     and to the dictionary words it is a compound of (splitQuery);
//   - a hyphenated word also matches its parts together (e-post-rutine), or
//     its one part that is a word (PVO-en);
//   - every word's thesaurus expansions follow, with boostThesaurus.
//
// A last word that has completions is taken for a word being typed, not a
// typo, and gets no typo candidates: they would only add noise, and in the
// browser the shards that hold them, on every keystroke. Words that expand
// to nothing are dropped. Input is bounded: maxQueryRunes letters,
// maxQueryTerms words.
func (v *vocab) plan(an *analyzer, text string) []clause {
	if utf8.RuneCountInString(text) > maxQueryRunes {
		text = string([]rune(text)[:maxQueryRunes])
	}
	var words []queryWord
	seen := map[string]bool{}
	for _, w := range an.queryWords(text) {
		if !seen[w.Stem] && len(words) < maxQueryTerms {
			seen[w.Stem] = true
			words = append(words, w)
		}
	}
	var out []clause
	for i := 0; i < len(words); {
		if n, exps := v.phrase(words, i); n > 1 {
			c := clause{}
			var stems, surfaces []string
			for _, w := range words[i : i+n] {
				stems = append(stems, w.Stem)
				surfaces = append(surfaces, w.Surface)
			}
			c.surface = strings.Join(surfaces, " ")
			if allKnown(stems, v.known) {
				c.alts = append(c.alts, alt{stems, 1})
			}
			for _, e := range exps {
				c.alts = addAlt(c.alts, alt{e, boostThesaurus})
			}
			out = append(out, c)
			i += n
			continue
		}
		if c := v.wordClause(an, words[i], i == len(words)-1); len(c.alts) > 0 {
			out = append(out, c)
		}
		i++
	}
	return out
}

// phrase returns the number of words (two or more) from words[i] that
// make the longest thesaurus entry there, and its expansions; 0 if none.
func (v *vocab) phrase(words []queryWord, i int) (int, [][]string) {
	for n := min(maxPhraseWords, len(words)-i); n >= 2; n-- {
		stems := make([]string, n)
		for k := range stems {
			stems[k] = words[i+k].Stem
		}
		if exps, ok := v.Thes[strings.Join(stems, " ")]; ok {
			return n, exps
		}
	}
	return 0, nil
}

// wordClause is the clause of one query word (see plan).
func (v *vocab) wordClause(an *analyzer, w queryWord, last bool) clause {
	c := clause{surface: w.Surface}
	thesKeys := []string{w.Stem}
	if len(w.parts) == 1 && w.parts[0] != w.Stem {
		thesKeys = append(thesKeys, w.parts[0])
	}
	inThes := false
	for _, k := range thesKeys {
		if len(v.Thes[k]) > 0 {
			inThes = true
		}
	}
	var pieces []string // an unknown compound's pieces, for addPieceAlone
	if i, ok := v.lookup(w.Stem); ok {
		c.alts = append(c.alts, alt{[]string{w.Stem}, 1})
		// The pieces apart matter when the compound itself is rare; on
		// a compound most pages have, they would only cost (in the
		// browser, a postings shard a piece).
		if ps := v.Pieces[w.Stem]; len(ps) >= 2 && v.CDF[i] < graceMin {
			c.alts = addAlt(c.alts, alt{ps, boostCompound})
		}
	} else {
		have := map[int]bool{}
		var completions []int
		if last && utf8.RuneCountInString(w.Surface) >= prefixMinLen {
			completions = v.prefix(w.Surface)
		}
		if !inThes && len(completions) == 0 && utf8.RuneCountInString(w.Surface) >= fuzzyMinLen && utf8.RuneCountInString(w.Stem) >= fuzzyMinLen-1 {
			for _, t := range v.fuzzy(w.Stem) {
				have[t] = true
				c.alts = append(c.alts, alt{[]string{v.Terms[t]}, boostFuzzy})
			}
		}
		if utf8.RuneCountInString(w.Stem) >= suffixMinLen {
			for _, t := range v.suffix(w.Stem) {
				if !have[t] {
					have[t] = true
					c.alts = append(c.alts, alt{[]string{v.Terms[t]}, boostSuffix})
				}
			}
		}
		for _, t := range completions {
			if !have[t] {
				c.alts = append(c.alts, alt{[]string{v.Terms[t]}, boostPrefix})
			}
		}
		// A word being typed (it has completions) is not split either:
		// its completions are the compounds it begins, and a split
		// would only fetch dictionary shards on every keystroke.
		var ps []string
		if len(completions) == 0 {
			ps = v.splitQuery(an, w.Surface)
			if len(ps) < 2 {
				ps = v.splitShortPrefix(an, w.Surface)
			}
		}
		if len(ps) >= 2 {
			c.alts = v.addPieces(c.alts, ps)
			pieces = ps
		} else if len(c.alts) == 0 && len(w.parts) == 0 && !inThes {
			c.alts = v.addKnownPrefix(an, c.alts, w.Surface)
		}
	}
	switch {
	case len(w.parts) == 1 && w.parts[0] != w.Stem && v.known(w.parts[0]):
		c.alts = addAlt(c.alts, alt{w.parts, boostCompound})
	case len(w.parts) >= 2:
		c.alts = v.addPieces(c.alts, w.parts)
		pieces = w.parts
	}
	for _, k := range thesKeys {
		for _, e := range v.Thes[k] {
			c.alts = addAlt(c.alts, alt{e, boostThesaurus})
		}
	}
	if !v.known(w.Stem) {
		c.alts = v.addPieceAlone(c.alts, pieces)
	}
	return c
}

func hasString(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
