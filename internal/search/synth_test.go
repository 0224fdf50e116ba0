package search

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/varde-portal/varde/internal/corpus"
)

// synthCorpus generates n bokmål pages for benchmarks, written by
// corpus.Text, the realistic Norwegian of `varde-corpus --search` (real
// guidance strung together by topic, with compounds that grow the
// vocabulary as a real site's grows), shaped as that corpus's pages are:
// a title, a description, a heading every 150 words or so, 600 words. It
// is deterministic.
func synthCorpus(t testing.TB, n int) []Document {
	t.Helper()
	text := corpus.NewText(1)
	r := rand.New(rand.NewPCG(1, uint64(n)))
	types := []string{"onepager", "onepager", "onepager", "checklist", "norm", "course", "page"}
	auds := []string{"ansatt", "leder", "kommunedirektor", "it", "personvernombud"}
	topics := []string{"personvern", "sikkerhet", "internkontroll", "risiko", "avvik", "tilgang", "opplaering", "leverandorer", "rettigheter", "logging", "beredskap", "skole", "helse"}
	docs := make([]Document, n)
	for i := range docs {
		text.Topic()
		var heads, body []string
		for words := 0; words < 600; {
			h := text.Words(2 + r.IntN(4))
			heads = append(heads, h)
			body = append(body, h)
			for p := 0; p < 2; p++ {
				k := 40 + r.IntN(40)
				body = append(body, text.Words(k))
				words += k
			}
		}
		docs[i] = Document{
			ID: fmt.Sprintf("seksjon-%d/side-%d", i%8, i), Lang: "nb", URL: fmt.Sprintf("/seksjon-%d/side-%d/", i%8, i),
			Title: text.Words(3 + r.IntN(4)), Description: text.Words(12), Headings: heads,
			Body: strings.Join(body, "\n"), Type: types[r.IntN(len(types))],
			Audience: []string{auds[r.IntN(len(auds))]},
			Topics:   []string{topics[r.IntN(len(topics))], topics[r.IntN(len(topics))]},
			Updated:  time.Date(2024, 1, 1+i%365, 0, 0, 0, 0, time.UTC),
		}
	}
	return docs
}
