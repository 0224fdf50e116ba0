package search

import (
	"math"
	"slices"
	"strings"
)

// Scoring is bleve's default tf-idf, and the static index reproduces it.
// For one query word the query is, per candidate term c (the word's stem,
// or for an unknown word its typo and prefix candidates):
//
//	W(c) = Disjunction{ Disjunction{ Term(f, c)^(β·b_f) : f in the five text fields },
//	                    Disjunction{ Term(parts of f, c)^(β·boostParts·b_f) : f likewise } }
//
// A clause (a query word or a synonym phrase, vocab.plan) is the
// Disjunction of its alternatives, each the Conjunction (sum) of W(t) of
// its terms with the alternative's boost as β. Each clause is searched on
// its own and its scores taken without its queryNorm (clauseNorm); a
// page's score is the sum of its clauses' times matched/total clauses, as
// a Disjunction of the clauses would score it, and the number of clauses
// it matches ranks it first (minMatch, graceMin). bleve scores a term match
// as boost·idf²·√tf·norm·queryNorm and a disjunction as the sum of its
// matching children times matched/total (coord). queryNorm is the same for
// every document of a clause, so the static index leaves it out and stores,
// per term and document, the exact-field sum times its coord (exactWeight)
// and the same for the parts fields (partWeight); search.js combines them
// as W(c) does.

// fieldBoost weights the text fields: a word in the title says more about
// the page than a word in the body.
var fieldBoost = [nFields]float64{3.0, 1.5, 1.5, 1.0, 2.0}

const (
	boostParts  = 0.4 // a query word found inside a compound
	boostFuzzy  = 0.5 // a term one edit away from an unknown query word
	boostPrefix = 0.6 // a completion of an unknown last query word
	boostSuffix = 0.4 // a compound ending in an unknown query word

	// boostThesaurus weights a synonym of the reader's word (thesaurus.go)
	// and boostCompound the pieces of a compound query word found apart:
	// both below the reader's own word.
	boostThesaurus = 0.3
	boostCompound  = 0.4
)

// Typo and prefix matching (see vocab.go).
const (
	fuzzyMinLen   = 5  // query words of at least this many letters tolerate one edit
	prefixMinLen  = 3  // the last query word completes from this many letters
	maxFuzzy      = 10 // typo candidates per word, the most frequent first
	maxPrefix     = 3  // completions per word, the most frequent first (each costs a fetch)
	suffixMinLen  = 4  // an unknown word of this many letters matches compounds ending in it
	maxSuffix     = 5  // such compounds per word, the most frequent first
	maxQueryTerms = 12 // query words considered
	maxQueryRunes = 200
	queryPartMin  = 4 // shortest piece of a query word split into dictionary terms
	graceMin      = 5 // fewer pages matching (nearly) every word than this, and those matching fewer follow
)

func idf(n, df int) float64 { return 1 + math.Log(float64(n)/float64(df+1)) }

// fieldNorm is bleve's length norm, rounded through float32 as bleve
// stores it.
func fieldNorm(length int) float64 {
	return float64(float32(1 / math.Sqrt(float64(length))))
}

// exactWeight is the exact-field score of a term in a document without
// queryNorm and candidate boost: Σ b_f·idf_f²·√tf_f·norm_f times the coord
// of the five-field disjunction.
func (st *langStats) exactWeight(ts *termStats, p posting) float64 {
	var sum float64
	matched := 0
	tf := st.tf(p)
	for f := 0; f < nFields; f++ {
		if tf[f] == 0 {
			continue
		}
		i := idf(st.n, ts.df[f])
		sum += fieldBoost[f] * i * i * math.Sqrt(float64(tf[f])) * fieldNorm(st.length[p.doc][f])
		matched++
	}
	return sum * float64(matched) / nFields
}

// partWeight is the parts-field score of a term in a document: like
// exactWeight over the five parts fields, with boostParts and without
// queryNorm.
func (st *langStats) partWeight(ts *termStats, p posting) float64 {
	var sum float64
	matched := 0
	tf := st.tf(p)
	for f := 0; f < nFields; f++ {
		pf := nFields + f
		if tf[pf] == 0 {
			continue
		}
		i := idf(st.n, ts.df[pf])
		sum += boostParts * fieldBoost[f] * i * i * math.Sqrt(float64(tf[pf])) * fieldNorm(st.length[p.doc][pf])
		matched++
	}
	return sum * float64(matched) / nFields
}

// minMatch is how many of n query clauses a page must match: all of one or
// two, all but one of more. When fewer than graceMin pages do, every page
// matching one is a result, ranked below them by how many it matches
// (collect.go, search.js).
func minMatch(n int) int {
	if n <= 2 {
		return n
	}
	return n - 1
}

func sortTerms(ts []*termStats) {
	// Terms are distinct, so any sort gives this order; slices.SortFunc
	// spares sort.Slice's reflection (47,000 terms on every build).
	slices.SortFunc(ts, func(a, b *termStats) int { return strings.Compare(a.term, b.term) })
}
