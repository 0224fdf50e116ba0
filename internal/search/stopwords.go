package search

import (
	"sort"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/no"
)

// stopList loads one of bleve's Snowball stop-word lists, folded the way
// the analyzer folds words, sorted so the manifest is deterministic.
func stopList(src []byte, nordic bool) []string {
	tm := analysis.NewTokenMap()
	if err := tm.LoadBytes(src); err != nil {
		// The lists are constants compiled into bleve; they always parse.
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for w := range tm {
		f := fold(w, nordic)
		if f != "" && !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	sort.Strings(out)
	return out
}

var (
	norwegianStop = sync.OnceValue(func() []string { return stopList(no.NorwegianStopWords, true) })
	englishStop   = sync.OnceValue(func() []string { return stopList(en.EnglishStopWords, false) })
)
