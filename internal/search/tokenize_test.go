package search

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// tokenizeRef is tokenizeAppend as it was before its ASCII fast path
// (session 15), kept to check that the fast path cuts text alike.
func tokenizeRef(text string) []word {
	var out []word
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }
	group, start, hyphened := 0, -1, false
	var prev rune
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if isWord(r) {
			if start < 0 {
				start = i
				if !hyphened {
					group++
				}
			}
			prev = r
			i += n
			continue
		}
		if start >= 0 {
			next, _ := utf8.DecodeRuneInString(text[i+n:])
			switch {
			case isApostrophe(r) && unicode.IsLetter(prev) && unicode.IsLetter(next),
				(r == '.' || r == ',') && unicode.IsDigit(prev) && unicode.IsDigit(next):
				i += n
				prev = r
				continue
			}
			out = append(out, word{start, i, group})
			start = -1
			if isHyphen(r) && isWord(next) {
				hyphened = true
				i += n
				continue
			}
		}
		hyphened = false
		i += n
	}
	if start >= 0 {
		out = append(out, word{start, len(text), group})
	}
	return out
}

func TestTokenizeFastPath(t *testing.T) {
	pieces := []string{"a", "Z", "9", "æ", "Ø", "é", "e\u0301", "-", "‐", "'", "’", ".", ",", " ", "\n", "_", "€", "ß", "\xff", "2", "IT", "e-post", "don't", "2.3", "1,5", "\u200b", "ǅ", "٣", "×", "÷", "Ã", "ÿ", "\xc3", "\xc3\x28"}
	r := rand.New(rand.NewPCG(7, 7))
	check := func(s string) {
		got := tokenize(s)
		want := tokenizeRef(s)
		if !slices.Equal(got, want) {
			t.Fatalf("tokenize(%q) = %v, want %v", s, got, want)
		}
	}
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for k := r.IntN(12); k >= 0; k-- {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		check(b.String())
	}
	// Every byte after 0xC3, the lead byte of the Latin-1 letters that
	// tokenizeAppend reads without decoding, inside and after a word.
	for b := 0; b < 256; b++ {
		c := string([]byte{0xC3, byte(b)})
		for _, f := range []string{"a" + c + "b", c, "a " + c + "-b", "2." + c, "a'" + c, c + "'s"} {
			check(f)
		}
	}
	for _, d := range loadCorpus(t) {
		check(d.Body)
		check(d.Title)
	}
}
