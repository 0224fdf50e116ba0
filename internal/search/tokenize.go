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

// latin1Word says, for the second byte of a two-byte rune led by 0xC3
// (U+00C0–U+00FF: æ, ø, å, é, ü… and × and ÷), whether the rune is a word
// rune: Norwegian text has one every few words, and decoding each through
// the unicode tables was most of cutting text besides the ASCII runs.
var latin1Word = func() (t [256]bool) {
	for b := 0x80; b <= 0xBF; b++ {
		t[b] = isWordRune(rune(b) + 0x40)
	}
	return t
}()

// tokenizeAppend appends the words of text to out.
func tokenizeAppend(out []word, text string) []word {
	group := 0
	start := -1       // start of the current word, -1 outside one
	hyphened := false // the current word was reached over a hyphen
	for i := 0; i < len(text); {
		// The ASCII table read here, not through isWordRune, which is too
		// large to be inlined: a call for every space and punctuation mark.
		r, n := rune(text[i]), 1
		var isWord bool
		if r < utf8.RuneSelf {
			isWord = asciiWord[r]
		} else {
			r, n = utf8.DecodeRuneInString(text[i:])
			isWord = isWordRune(r)
		}
		if isWord {
			if start < 0 {
				start = i
				if !hyphened {
					group++
				}
			}
			i += n
			// The rest of the word's run of ASCII and Latin-1 word runes
			// at once.
			for i < len(text) {
				if c := text[i]; c < utf8.RuneSelf {
					if !asciiWord[c] {
						break
					}
					i++
				} else if c == 0xC3 && i+1 < len(text) && latin1Word[text[i+1]] {
					i += 2
				} else {
					break
				}
			}
			continue
		}
		if start >= 0 {
			// The word's last rune and the next one matter only after an
			// apostrophe, a dot or comma, or a hyphen.
			apos, point := isApostrophe(r), r == '.' || r == ','
			if apos || point {
				prev, _ := utf8.DecodeLastRuneInString(text[:i])
				next, _ := utf8.DecodeRuneInString(text[i+n:])
				if apos && unicode.IsLetter(prev) && unicode.IsLetter(next) ||
					point && unicode.IsDigit(prev) && unicode.IsDigit(next) {
					i += n
					continue
				}
			}
			out = append(out, word{start, i, group})
			start = -1
			if isHyphen(r) {
				if next, _ := utf8.DecodeRuneInString(text[i+n:]); isWordRune(next) {
					hyphened = true
					i += n
					continue
				}
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
