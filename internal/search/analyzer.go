package search

import (
	"strings"
	"unicode/utf8"
)

// Token lengths outside [minTermLen, maxTermLen] runes are not indexed:
// single letters are noise, and very long strings are identifiers or URLs
// that would only bloat the dictionaries.
const (
	minTermLen = 2
	maxTermLen = 48
)

// analyzer turns text into index terms for one language: tokenize, fold,
// drop stop words, stem. The Go and JavaScript engines must agree term for
// term, so everything search.js needs to repeat it travels in the manifest
// (see spec).
type analyzer struct {
	kind   string // nb, nn, en or plain (no stemming, no stop words)
	nordic bool   // keep æ, ø, å when folding
	stop   map[string]bool
	rules  [][2]string
	stem   func(string) string
}

// analyzerFor picks the analysis for a language key by its primary subtag:
// nb/no/nob → bokmål, nn/nno → nynorsk, en → English, anything else plain.
func analyzerFor(lang string) *analyzer {
	primary, _, _ := strings.Cut(lang, "-")
	a := &analyzer{kind: "plain", nordic: true, stem: func(s string) string { return s }}
	switch primary {
	case "nb", "no", "nob":
		a.kind, a.stem = "nb", stemNorwegian
	case "nn", "nno":
		a.kind, a.stem, a.rules = "nn", stemNorwegian, nynorskRules
	case "en":
		a.kind, a.nordic, a.stem = "en", false, stemEnglish
	}
	a.stop = map[string]bool{}
	for _, w := range a.stopWords() {
		a.stop[w] = true
	}
	return a
}

func (a *analyzer) stopWords() []string {
	switch a.kind {
	case "nb", "nn":
		return norwegianStop()
	case "en":
		return englishStop()
	}
	return nil
}

// spec is the analysis as data, for the static index manifest.
type analysisSpec struct {
	Kind   string      `json:"kind"`
	Nordic bool        `json:"nordic"`
	Stop   []string    `json:"stop"`
	Rules  [][2]string `json:"rules"`
}

func (a *analyzer) spec() analysisSpec {
	return analysisSpec{Kind: a.kind, Nordic: a.nordic, Stop: a.stopWords(), Rules: append([][2]string{}, a.rules...)}
}

// normal folds a word and strips an English-style possessive; it returns
// "" for a stop word. The result keeps no apostrophes.
func (a *analyzer) normal(w string) string {
	f := fold(w, a.nordic)
	if strings.HasSuffix(f, "'s") {
		f = f[:len(f)-2]
	}
	if a.stop[f] {
		return ""
	}
	if strings.Contains(f, "'") {
		f = strings.ReplaceAll(f, "'", "")
		if a.stop[f] {
			return ""
		}
	}
	if n := utf8.RuneCountInString(f); n < minTermLen || n > maxTermLen {
		return ""
	}
	return f
}

// stemWord stems a normal (folded) word.
func (a *analyzer) stemWord(f string) string {
	if len(a.rules) > 0 {
		f = applyRules(f, a.rules)
	}
	return a.stem(f)
}

// term is one analyzed token: Surface is the folded word, Stem its index
// term, Start and End its byte span in the text.
type term struct {
	Surface, Stem string
	Start, End    int
}

// analyze turns text into terms. For indexing (query false), words joined
// by hyphens yield each word and then the joined form ("e-post" → post,
// epost; single letters drop out), so that a search for either finds the
// text. A query yields only the joined form, which matches both spellings.
func (a *analyzer) analyze(text string, query bool) []term {
	return a.analyzeCached(text, query, nil)
}

// wordCache remembers the analysis of words: most words of a corpus recur,
// and folding and stemming them once is most of the cost of indexing. One
// cache belongs to one goroutine.
type wordCache map[string][2]string

// analyzeCached is analyze with a cache (nil for none).
func (a *analyzer) analyzeCached(text string, query bool, cache wordCache) []term {
	words := tokenize(text)
	return a.analyzeWords(make([]term, 0, len(words)), words, text, query, cache)
}

// analyzeWords appends the terms of text, cut into words, to out.
func (a *analyzer) analyzeWords(out []term, words []word, text string, query bool, cache wordCache) []term {
	for i := 0; i < len(words); {
		j := i + 1
		for j < len(words) && words[j].group == words[i].group {
			j++
		}
		if j-i > 1 {
			if !query {
				for _, w := range words[i:j] {
					out = a.add(out, text[w.start:w.end], w.start, w.end, cache)
				}
			}
			var joined strings.Builder
			for _, w := range words[i:j] {
				joined.WriteString(text[w.start:w.end])
			}
			out = a.add(out, joined.String(), words[i].start, words[j-1].end, cache)
		} else {
			out = a.add(out, text[words[i].start:words[i].end], words[i].start, words[i].end, cache)
		}
		i = j
	}
	return out
}

func (a *analyzer) add(out []term, w string, start, end int, cache wordCache) []term {
	var f, s string
	if c, ok := cache[w]; ok {
		f, s = c[0], c[1]
	} else {
		if f = a.normal(w); f != "" {
			s = a.stemWord(f)
		}
		if cache != nil {
			cache[strings.Clone(w)] = [2]string{f, s}
		}
	}
	if f == "" || s == "" {
		return out
	}
	return append(out, term{Surface: f, Stem: s, Start: start, End: end})
}
