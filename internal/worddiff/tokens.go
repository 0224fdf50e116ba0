package worddiff

import (
	"unicode"
	"unicode/utf8"
)

// tokenize splits s into the units a reader compares: words, runs of
// white space, and single other characters (punctuation, symbols).
// Concatenated, the tokens give s back byte for byte, invalid UTF-8
// included, which is what lets a diff reproduce both texts exactly.
//
// A word is a run of letters, digits and combining marks. Hyphens and
// apostrophes between letters or digits stay inside it ("e-post",
// "kommune's"), and so do '.', ',' and ':' between digits ("2.3.1",
// "1,5", "12:30"), so that a changed section number or a changed compound
// is one replaced word rather than a scatter of marks.
func tokenize(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		j := i + size
		switch {
		case r == utf8.RuneError && size <= 1:
			// an invalid byte: a token of its own
		case unicode.IsSpace(r):
			for j < len(s) {
				r, size := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsSpace(r) || (r == utf8.RuneError && size <= 1) {
					break
				}
				j += size
			}
		case isWordRune(r):
			j = wordEnd(s, j, r)
		}
		out = append(out, s[i:j])
		i = j
	}
	return out
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || unicode.IsNumber(r)
}

// wordEnd returns where the word that continues at j ends; prev is the
// rune before j.
func wordEnd(s string, j int, prev rune) int {
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if isWordRune(r) {
			prev, j = r, j+size
			continue
		}
		next, nsize := utf8.DecodeRuneInString(s[j+size:])
		if !connects(prev, r, next) {
			break
		}
		prev, j = next, j+size+nsize
	}
	return j
}

// connects reports whether r, standing between prev and next, keeps a word
// going: hyphens (soft ones too) and apostrophes between any two word
// characters, the number separators only between two digits.
func connects(prev, r, next rune) bool {
	if !isWordRune(next) {
		return false
	}
	switch r {
	case '-', '\'', '’', '_', '\u00ad': // the soft hyphen: a hyphenation point the theme puts in long words
		return true
	case '.', ',', ':':
		return unicode.IsDigit(prev) && unicode.IsDigit(next)
	}
	return false
}

// isWord reports whether a token is a word (not space or punctuation).
func isWord(tok string) bool {
	r, size := utf8.DecodeRuneInString(tok)
	return !(r == utf8.RuneError && size <= 1) && isWordRune(r)
}
