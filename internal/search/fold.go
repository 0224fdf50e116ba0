package search

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// fold lower-cases a word and strips accents: é → e, ü → u, ñ → n. With
// nordic set (bokmål, nynorsk) æ, ø and å stay letters of their own, as
// Norwegian spelling needs, and ä, ö fold to æ, ø; otherwise they fold to
// ae, o, a. Apostrophes are kept (the analyzer needs them for English
// contractions); anything else that is not a letter or digit is dropped, so
// a folded term never holds a space. search.js folds the same way.
func fold(w string, nordic bool) string {
	w = norm.NFC.String(strings.ToLower(w))
	var b strings.Builder
	b.Grow(len(w))
	for _, r := range w {
		switch {
		case r < 0x80:
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '\'' || r == '.' || r == ',' {
				b.WriteRune(r)
			}
			continue
		case r == '’':
			b.WriteRune('\'')
			continue
		case r == 'ß':
			b.WriteString("ss")
			continue
		}
		if nordic {
			switch r {
			case 'æ', 'ø', 'å':
				b.WriteRune(r)
				continue
			case 'ä':
				b.WriteRune('æ')
				continue
			case 'ö':
				b.WriteRune('ø')
				continue
			}
		} else {
			switch r {
			case 'æ':
				b.WriteString("ae")
				continue
			case 'ø':
				b.WriteRune('o')
				continue
			}
		}
		for _, d := range norm.NFKD.String(string(r)) {
			if unicode.Is(unicode.Mn, d) {
				continue
			}
			if unicode.IsLetter(d) || unicode.IsDigit(d) {
				b.WriteString(strings.ToLower(string(d)))
			}
		}
	}
	return b.String()
}
