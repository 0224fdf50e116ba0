package search

import (
	"strings"
)

// The n-gram alternative to decompounding, kept for the measurement in
// doc.go (compoundOptions.ngrams): every stem of gramMin+ letters is also
// indexed as its letter n-grams, and a query word matches a page holding
// all of its n-grams.
const (
	gramsField = "grams"
	gramN      = 4
	gramMin    = 5
)

func gramsOf(s string) []string {
	r := []rune(s)
	if len(r) < gramMin {
		return nil
	}
	out := make([]string, 0, len(r)-gramN+1)
	for i := 0; i+gramN <= len(r); i++ {
		out = append(out, string(r[i:i+gramN]))
	}
	return out
}

func (lc *langCorpus) grams(dt *docTerms) string {
	var b strings.Builder
	for _, ids := range dt.fields {
		for _, id := range ids {
			for _, g := range gramsOf(lc.lex.stems[lc.lex.stemOf[id]]) {
				if b.Len() > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(g)
			}
		}
	}
	return b.String()
}
