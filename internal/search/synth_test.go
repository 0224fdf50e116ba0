package search

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// synthCorpus generates n Norwegian pages for benchmarks: the vocabulary of
// the test corpus, with compounds made from it and inflected, drawn with a
// Zipf-like distribution, so that the dictionary grows with the corpus as
// real text does. It is deterministic.
func synthCorpus(t testing.TB, n int) []Document {
	base := synthVocabulary(t)
	r := rand.New(rand.NewPCG(1, uint64(n)))
	var compounds []string
	for i := 0; i < 4*n+2000; i++ {
		a, b := base[zipf(r, len(base))], base[r.IntN(len(base))]
		link := []string{"", "s", "e", ""}[r.IntN(4)]
		compounds = append(compounds, a+link+b)
	}
	suffixes := []string{"", "", "", "en", "et", "er", "ene", "a", "s", "ing", "ingen", "heten", "lig", "te"}
	word := func() string {
		var w string
		if r.IntN(6) == 0 {
			w = compounds[zipf(r, len(compounds))]
		} else {
			w = base[zipf(r, len(base))]
		}
		if r.IntN(3) == 0 {
			w += suffixes[r.IntN(len(suffixes))]
		}
		return w
	}
	sentence := func(k int) string {
		ws := make([]string, k)
		for i := range ws {
			ws[i] = word()
		}
		s := strings.Join(ws, " ")
		return strings.ToUpper(s[:1]) + s[1:] + "."
	}
	types := []string{"onepager", "onepager", "onepager", "checklist", "norm", "course", "page"}
	auds := []string{"ansatt", "leder", "kommunedirektor", "it", "personvernombud"}
	docs := make([]Document, n)
	for i := range docs {
		var body []string
		var heads []string
		for s := 0; s < 20+r.IntN(40); s++ {
			if s%8 == 0 {
				h := sentence(2 + r.IntN(3))
				heads = append(heads, h)
				body = append(body, h)
			}
			body = append(body, sentence(6+r.IntN(14)))
		}
		docs[i] = Document{
			ID: fmt.Sprintf("seksjon-%d/side-%d", i%40, i), Lang: "nb", URL: fmt.Sprintf("/seksjon-%d/side-%d/", i%40, i),
			Title: sentence(2 + r.IntN(4)), Description: sentence(10 + r.IntN(10)), Headings: heads,
			Body: strings.Join(body, " "), Type: types[r.IntN(len(types))],
			Audience: []string{auds[r.IntN(len(auds))], auds[r.IntN(len(auds))]},
			Topics:   []string{base[zipf(r, 50)]}, Updated: time.Date(2024, 1, 1+i%365, 0, 0, 0, 0, time.UTC),
		}
	}
	return docs
}

var (
	synthOnce  sync.Once
	synthWords []string
)

// synthVocabulary is the distinct folded words of the bokmål test corpus,
// stop words left out, most frequent first.
func synthVocabulary(t testing.TB) []string {
	synthOnce.Do(func() {
		an := analyzerFor("nb")
		count := map[string]int{}
		for _, d := range loadCorpus(t) {
			if d.Lang != "nb" {
				continue
			}
			for _, text := range fieldTexts(&d) {
				for _, w := range tokenize(text) {
					if f := an.normal(text[w.start:w.end]); f != "" && !strings.ContainsAny(f, "0123456789") {
						count[f]++
					}
				}
			}
		}
		for w := range count {
			synthWords = append(synthWords, w)
		}
		sort.Slice(synthWords, func(i, j int) bool {
			a, b := synthWords[i], synthWords[j]
			return count[a] > count[b] || count[a] == count[b] && a < b
		})
	})
	return synthWords
}

// zipf draws a rank in [0, n) with probability falling as 1/rank.
func zipf(r *rand.Rand, n int) int {
	return int(math.Exp(r.Float64()*math.Log(float64(n+1)))) - 1
}
