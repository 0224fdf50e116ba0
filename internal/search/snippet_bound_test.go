package search

import (
	"context"
	"runtime"
	"strings"
	"testing"
)

// TestSnippetSource: a page's text is stored for snippets up to
// maxSnippetSource bytes, cut at a word.
func TestSnippetSource(t *testing.T) {
	if s := snippetSource("kort tekst"); s != "kort tekst" {
		t.Errorf("short text changed: %q", s)
	}
	long := strings.Repeat("personvern og informasjonssikkerhet ", 5000)
	s := snippetSource(long)
	if len(s) > maxSnippetSource || len(s) < maxSnippetSource-40 || !strings.HasPrefix(long, s) || strings.HasSuffix(s, "personv") {
		t.Errorf("cut to %d bytes, ending %q", len(s), s[len(s)-20:])
	}
	word := strings.Repeat("å", maxSnippetSource) // one word: cut at a rune
	if s := snippetSource(word); len(s) < maxSnippetSource || !strings.HasPrefix(word, s) || len(s)%2 != 0 {
		t.Errorf("one long word cut to %d bytes", len(s))
	}
}

// hugePage is a page of about size bytes: its first paragraph names
// personvern, the rest is filler, and the word "sluttmerke" comes only at
// the end.
func hugePage(size int) Document {
	var b strings.Builder
	b.WriteString("Personvern i kommunen handler om å behandle opplysninger lovlig.\n")
	for b.Len() < size {
		b.WriteString("Kommunen fører protokoll over behandlingene og vurderer risiko jevnlig. Personvern er et ansvar for ledelsen.\n")
	}
	b.WriteString("Siste avsnitt med sluttmerke.\n")
	return Document{ID: "stor", Lang: "nb", URL: "/stor/", Title: "Stor side", Body: b.String(), Type: "page"}
}

func smallPages() []Document {
	return []Document{
		{ID: "a", Lang: "nb", URL: "/a/", Title: "Personvernombud", Description: "Om personvernombudet.", Body: "Personvernombudet gir råd om personvern.", Type: "onepager"},
		{ID: "b", Lang: "nb", URL: "/b/", Title: "Passord", Body: "Bruk sterke passord og tenk på personvern.", Type: "norm"},
	}
}

// searchBytes is what one search allocates, on average over n runs.
func searchBytes(t *testing.T, ix *Index, q Query, n int) uint64 {
	t.Helper()
	search(t, ix, q) // warm up
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	for i := 0; i < n; i++ {
		if _, err := ix.Search(context.Background(), q); err != nil {
			t.Fatal(err)
		}
	}
	runtime.ReadMemStats(&m1)
	return (m1.TotalAlloc - m0.TotalAlloc) / uint64(n)
}

// TestSnippetCostBounded: the cost of a search does not grow with the size
// of the pages it finds (one 20 MB page made every request read and
// highlight all of it), and a word past the stored part still finds its
// page with a snippet.
func TestSnippetCostBounded(t *testing.T) {
	q := Query{Text: "personvern", Lang: "nb"}
	small := buildTestIndex(t, append(smallPages(), hugePage(256<<10)))
	large := buildTestIndex(t, append(smallPages(), hugePage(1<<20)))
	r := search(t, large, q)
	var hit *Hit
	for i := range r.Hits {
		if r.Hits[i].ID == "stor" {
			hit = &r.Hits[i]
		}
	}
	if hit == nil || !strings.Contains(hit.Snippet, "<mark>Personvern</mark>") || len(hit.Snippet) > 2*snippetLen {
		t.Fatalf("hits %+v", r.Hits)
	}
	a, b := searchBytes(t, small, q, 20), searchBytes(t, large, q, 20)
	t.Logf("bytes a search: %d with a 256 KB page, %d with a 1 MB page", a, b)
	if b > a*3/2+(64<<10) {
		t.Errorf("a search allocates %d bytes with a 1 MB page, %d with a 256 KB one: it grows with the page", b, a)
	}
	r = search(t, large, Query{Text: "sluttmerke", Lang: "nb"})
	if len(r.Hits) != 1 || r.Hits[0].ID != "stor" || r.Hits[0].Snippet == "" {
		t.Errorf("a word past the stored text: %+v", r.Hits)
	}
}

// TestMarksBounded: the body is read only as far as the snippet can use:
// a match far past the first one is never reached, and after maxWindows
// matches the scan stops; with no match the whole stored text is read.
func TestMarksBounded(t *testing.T) {
	h := highlighter{analyzerFor("nb"), map[string]bool{"personvern": true}}
	filler := strings.Repeat("Kommunen fører protokoll over behandlingene. ", 600)
	m := h.marksBounded("Personvern først. "+filler+"personvern sist", scanAfterMatch)
	if len(m) != 1 || m[0][0] != 0 {
		t.Errorf("marks %v: the scan went past the first match's window", m)
	}
	many := strings.Repeat("personvern ", 1000)
	if m := h.marksBounded(many, scanAfterMatch); len(m) < maxWindows || len(m) > maxWindows+scanPiece/len("personvern ")+1 {
		t.Errorf("%d marks of 1,000: the scan did not stop after %d", len(m), maxWindows)
	}
	if m := h.marksBounded(filler+"personvern", scanAfterMatch); len(m) != 1 {
		t.Errorf("a single late match: %v", m)
	}
}

// TestMayMatch: the check before stemming never drops a word that
// matches, for a compound part, an inflection or a language with rules.
func TestMayMatch(t *testing.T) {
	for _, lang := range []string{"nb", "nn", "en"} {
		an := analyzerFor(lang)
		for _, pair := range [][2]string{
			{"personvernombudet", "personvern"}, {"personvernet", "personvernet"}, {"sikkerheten", "sikkerhet"},
			{"happiness", "happy"}, {"opplysningar", "opplysningane"}, {"risikovurderinga", "risiko"},
		} {
			q := an.analyze(pair[1], true)
			if len(q) == 0 {
				continue
			}
			h := highlighter{an, map[string]bool{q[0].Stem: true}}
			f := an.normal(pair[0])
			if f == "" {
				continue
			}
			if h.matches(an.stemWord(f)) && !h.mayMatch(f) {
				t.Errorf("%s: %q matches %q but the check before stemming drops it", lang, pair[0], pair[1])
			}
		}
	}
}
