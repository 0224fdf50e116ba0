package search

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

// Query seeds: the typical queries of the relevance tests, typos,
// prefixes, compounds, hyphens, other scripts and hostile text.
var fuzzQueries = []string{
	"personvernombudet", "sikkerhet", "virus", "taushetsplickt", "tilgangss", "sikkerheita", "reporting breaches",
	"e-post", "IT-sikkerhet", "2.3.1", "GDPR art. 30", "§ 10", "don't", "kommunens", "ÆØÅ æøå", "Ærlighet øvelse",
	"", " ", "og i på", "the and of", "---", "a", "ab", strings.Repeat("x", 60), strings.Repeat("sikkerhet ", 40),
	"\"personvern\" AND NOT sikkerhet* +x -y ~2 ^3 field:value (a OR b) [a TO b] /regex/", "<script>alert(1)</script>",
	"\x00\x01\x1b[31m", "\xff\xfe", "a\u0301\u0301", "𝔭𝔢𝔯𝔰𝔬𝔫", "İstanbul ß ﬁ", "ﾊﾟｽﾜｰﾄﾞ", "‐‑ – —", "e‐post e‑post",
}

// FuzzAnalyze: the analysis of any text, as a query and for the index,
// gives terms that point at words of the text, in order, folded and within
// the term lengths, and the same terms with and without the word cache.
// search.js repeats this analysis, so these are the rules both keep. The
// seed corpus is in testdata/fuzz/FuzzAnalyze.
func FuzzAnalyze(f *testing.F) {
	for i, q := range fuzzQueries {
		f.Add(q, uint8(i), i%2 == 0)
	}
	langs := []string{"nb", "nn", "en", "se", "nb-NO", ""}
	f.Fuzz(func(t *testing.T, text string, lang uint8, query bool) {
		if len(text) > 16<<10 {
			return
		}
		an := analyzerFor(langs[int(lang)%len(langs)])
		words := tokenize(text)
		end := 0
		for _, w := range words {
			if w.start < end || w.end <= w.start || w.end > len(text) {
				t.Fatalf("word %+v after offset %d in %q", w, end, text)
			}
			end = w.end
		}
		terms := an.analyze(text, query)
		end = 0
		for _, tm := range terms {
			if tm.Start < 0 || tm.End > len(text) || tm.Start >= tm.End {
				t.Fatalf("term %+v outside %q", tm, text)
			}
			// In text order; the joined form of hyphened words ("epost")
			// comes after its parts and ends where the last one does.
			if tm.End < end {
				t.Fatalf("terms out of order: %+v", terms)
			}
			end = tm.End
			n := utf8.RuneCountInString(tm.Surface)
			if tm.Stem == "" || n < minTermLen || n > maxTermLen || !utf8.ValidString(tm.Surface) || !utf8.ValidString(tm.Stem) {
				t.Fatalf("term %+v of %q", tm, text)
			}
			if strings.ContainsRune(tm.Surface, '\'') || an.stop[tm.Surface] || fold(tm.Surface, an.nordic) != tm.Surface {
				t.Fatalf("term %+v is not a folded word", tm)
			}
		}
		cached := an.analyzeCached(text, query, wordCache{})
		if len(cached) != len(terms) {
			t.Fatalf("with the cache %d terms, without %d", len(cached), len(terms))
		}
		for i := range cached {
			if cached[i] != terms[i] {
				t.Fatalf("with the cache %+v, without %+v", cached[i], terms[i])
			}
		}
	})
}

// FuzzSearch runs any query on an index of the test corpus: nothing fails
// (free text has no syntax), hits are at most the limit, best first with
// finite scores, in the language asked for, with snippets that are escaped
// text with <mark> only, and the results are JSON. This is the query path
// of the dev server's /api/search. The seed corpus is in
// testdata/fuzz/FuzzSearch.
func FuzzSearch(f *testing.F) {
	for i, q := range fuzzQueries {
		f.Add(q, uint8(i), "", "", i%7*20-10)
	}
	f.Add("passord", uint8(0), "norm", "ansatt", 3)
	f.Add("personvern", uint8(1), "onepager", "leder", 0)
	f.Add("x", uint8(2), "\x00", "<b>", 1000)
	ix := buildTestIndex(f, loadCorpus(f))
	langs := append([]string{""}, ix.Langs()...)
	langs = append(langs, "xx", "NB")
	f.Fuzz(func(t *testing.T, text string, lang uint8, typ, audience string, limit int) {
		if len(text) > 4096 {
			return
		}
		q := Query{Text: text, Lang: langs[int(lang)%len(langs)], Type: typ, Audience: audience, Limit: limit}
		res, err := ix.Search(context.Background(), q)
		if err != nil {
			t.Fatalf("Search(%+v): %v", q, err)
		}
		max := limit
		if max <= 0 {
			max = defaultLimit
		}
		if max > maxLimit {
			max = maxLimit
		}
		if len(res.Hits) > max || res.Total < 0 {
			t.Fatalf("%d hits (total %d) for limit %d", len(res.Hits), res.Total, limit)
		}
		for i, h := range res.Hits {
			if math.IsNaN(h.Score) || math.IsInf(h.Score, 0) || h.Score < 0 {
				t.Fatalf("hit %+v", h)
			}
			// Pages matching every query word come first, then by score
			// (Index.Search); across languages a page of the first tier
			// may score lower than one of the next (FuzzSearch found
			// "vern ANA" in all languages).
			if i > 0 {
				if prev := res.Hits[i-1]; h.tier > prev.tier || h.tier == prev.tier && h.Score > prev.Score {
					t.Fatalf("hits out of order: %v (tier %d) then %v (tier %d)", prev.Score, prev.tier, h.Score, h.tier)
				}
			}
			if q.Lang != "" && !strings.EqualFold(h.Lang, q.Lang) {
				t.Fatalf("hit in %s for lang %q", h.Lang, q.Lang)
			}
			if (typ != "" && h.Type != typ) || h.ID == "" || h.URL == "" {
				t.Fatalf("hit %+v for type %q", h, typ)
			}
			rest := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(h.Snippet)
			if strings.ContainsAny(rest, "<>") || !utf8.ValidString(h.Snippet) || strings.Count(h.Snippet, "<mark>") != strings.Count(h.Snippet, "</mark>") {
				t.Fatalf("snippet %q", h.Snippet)
			}
			if strings.ContainsFunc(h.Snippet+h.Title, func(r rune) bool { return r < ' ' }) {
				t.Fatalf("control character in %q / %q", h.Title, h.Snippet)
			}
		}
		for _, m := range []map[string]int{res.Facets.Type, res.Facets.Audience} {
			for k, n := range m {
				if n < 0 {
					t.Fatalf("facet %q = %d", k, n)
				}
			}
		}
		if _, err := json.Marshal(res); err != nil {
			t.Fatalf("results are not JSON: %v", err)
		}
	})
}
