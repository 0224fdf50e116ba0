package search

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// vocab is one language's dictionary of index terms (stems and compound
// parts) with their document frequencies. Both engines pick typo and prefix
// candidates from it by the same rules, so that a query expands to the
// same terms in bleve and in the browser.
type vocab struct {
	N       int                  `json:"n"`
	Terms   []string             `json:"terms"` // sorted
	DF      [][nStatFields]int32 `json:"df"`    // per term, docs per field (parts last)
	CDF     []int32              `json:"cdf"`   // per term, docs holding it anywhere
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

// index builds the reversed dictionary.
func (v *vocab) index() {
	type rk struct {
		key string
		i   int32
	}
	var rs []rk
	for i, t := range v.Terms {
		if utf8.RuneCountInString(t) >= fuzzyRevMin {
			rs = append(rs, rk{reverse(t), int32(i)})
		}
	}
	sort.Slice(rs, func(a, b int) bool { return rs[a].key < rs[b].key })
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

// cand is a term a query word expands to, with its boost.
type cand struct {
	term  string
	boost float64
}

// clause is one query word's share of a query.
type clause struct {
	surface, stem string
	known         bool   // the stem is in the dictionary: cands is just the stem
	cands         []cand // typo and prefix candidates otherwise
}

// plan analyzes a query and expands each word: a known stem stands for
// itself; an unknown word expands to its typo candidates (fuzzyMinLen+
// letters), the compounds that end in it (suffixMinLen+) and, as the last
// word, its completions (prefixMinLen+). A last word that has completions
// is taken for a word being typed, not a typo, and gets no typo
// candidates: they would only add noise, and in the browser the shards
// that hold them, on every keystroke. Words that expand to nothing are
// dropped. Input is bounded: maxQueryRunes letters, maxQueryTerms words.
func (v *vocab) plan(an *analyzer, text string) []clause {
	if utf8.RuneCountInString(text) > maxQueryRunes {
		text = string([]rune(text)[:maxQueryRunes])
	}
	var words []term
	seen := map[string]bool{}
	for _, t := range an.analyze(text, true) {
		if !seen[t.Stem] && len(words) < maxQueryTerms {
			seen[t.Stem] = true
			words = append(words, t)
		}
	}
	var out []clause
	for i, w := range words {
		c := clause{surface: w.Surface, stem: w.Stem}
		if _, ok := v.lookup(w.Stem); ok {
			c.known = true
			c.cands = []cand{{w.Stem, 1}}
			out = append(out, c)
			continue
		}
		have := map[int]bool{}
		var completions []int
		if i == len(words)-1 && utf8.RuneCountInString(w.Surface) >= prefixMinLen {
			completions = v.prefix(w.Surface)
		}
		if len(completions) == 0 && utf8.RuneCountInString(w.Surface) >= fuzzyMinLen && utf8.RuneCountInString(w.Stem) >= fuzzyMinLen-1 {
			for _, t := range v.fuzzy(w.Stem) {
				have[t] = true
				c.cands = append(c.cands, cand{v.Terms[t], boostFuzzy})
			}
		}
		if utf8.RuneCountInString(w.Stem) >= suffixMinLen {
			for _, t := range v.suffix(w.Stem) {
				if !have[t] {
					have[t] = true
					c.cands = append(c.cands, cand{v.Terms[t], boostSuffix})
				}
			}
		}
		for _, t := range completions {
			if !have[t] {
				c.cands = append(c.cands, cand{v.Terms[t], boostPrefix})
			}
		}
		if len(c.cands) > 0 {
			out = append(out, c)
		}
	}
	return out
}
