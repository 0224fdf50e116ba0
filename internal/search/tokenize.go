package search

import (
	"unicode"
	"unicode/utf8"
)

// A word is one token of running text before analysis: a run of letters,
// digits and combining marks. Apostrophes between letters ("don't") and
// dots or commas between digits ("2.3.1") stay inside a word. Words joined
// by hyphens ("e-post", "IT-sikkerhet") share a group number, so that the
// analyzer can also emit the joined form. The rules are simple on purpose:
// search.js implements the same ones, and both engines must cut text alike.
type word struct {
	start, end int // byte offsets in the text
	group      int // hyphen group; words not joined by a hyphen have their own
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiWord[r]
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// asciiWord says which ASCII characters are word runes (letters and
// digits): most of the text is ASCII, and the unicode tables were a
// third of the cost of cutting it (tokenize_test.go compares with them).
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for r := rune(0); r < utf8.RuneSelf; r++ {
		t[r] = unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
	}
	return t
}()

func isApostrophe(r rune) bool { return r == '\'' || r == '’' }
func isHyphen(r rune) bool     { return r == '-' || r == '‐' || r == '‑' }

// tokenize splits text into words.
func tokenize(text string) []word { return tokenizeAppend(nil, text) }

// tokenizeAppend appends the words of text to out.
func tokenizeAppend(out []word, text string) []word {
	group := 0
	start := -1       // start of the current word, -1 outside one
	hyphened := false // the current word was reached over a hyphen
	var prev rune     // last rune of the current word
	for i := 0; i < len(text); {
		r, n := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(text[i:])
		}
		if isWordRune(r) {
			if start < 0 {
				start = i
				if !hyphened {
					group++
				}
			}
			prev = r
			i += n
			// The rest of an ASCII run of the word at once.
			for i < len(text) && text[i] < utf8.RuneSelf && asciiWord[text[i]] {
				prev = rune(text[i])
				i++
			}
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
			if isHyphen(r) && isWordRune(next) {
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
