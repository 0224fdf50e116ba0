// Package slug turns titles and headings into URL- and id-safe slugs that
// read well for Norwegian: æ→ae, ø→o, å→a, other accents dropped.
package slug

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

var special = map[rune]string{
	'æ': "ae", 'ø': "o", 'å': "a", 'ß': "ss", 'þ': "th", 'ð': "d", 'œ': "oe", 'ł': "l",
	'§': "", '&': "og",
}

// Make returns the slug of s: lower case letters (ASCII, but for a letter
// with no ASCII form, such as Sámi ŋ, which is kept), digits and single
// hyphens, with no hyphen at either end. It may return "" for input that
// holds no letters or digits.
func Make(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	hyphen := false
	for _, r := range strings.ToLower(s) {
		if rep, ok := special[r]; ok {
			if rep != "" {
				b.WriteString(rep)
				hyphen = false
			}
			continue
		}
		if r < 128 {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				b.WriteRune(r)
				hyphen = false
				continue
			}
			if r == '.' && b.Len() > 0 && !hyphen {
				// keep decimal points in numbers such as "2.3.1" readable
				b.WriteByte('-')
				hyphen = true
				continue
			}
			if b.Len() > 0 && !hyphen {
				b.WriteByte('-')
				hyphen = true
			}
			continue
		}
		// Decompose accented letters and keep the ASCII base letter.
		wrote := false
		for _, d := range norm.NFD.String(string(r)) {
			if d < 128 && (unicode.IsLetter(d) || unicode.IsDigit(d)) {
				b.WriteRune(d)
				wrote = true
			}
		}
		if wrote {
			hyphen = false
		} else if (unicode.IsLetter(r) || unicode.IsDigit(r)) && !unicode.IsMark(r) {
			// A letter with no ASCII form (e.g. Sámi ŋ): keep it as is.
			b.WriteRune(r)
			hyphen = false
		} else if b.Len() > 0 && !hyphen && !unicode.IsMark(r) {
			b.WriteByte('-')
			hyphen = true
		}
	}
	return strings.TrimRight(b.String(), "-")
}

// Title is the way back, for a first title from a file or folder name:
// hyphens become spaces and the first letter is upper case ("øvelse-på-brann"
// gives "Øvelse på brann"). The first letter is a rune, not a byte: cutting
// "ø" in two would leave invalid UTF-8.
func Title(name string) string {
	t := strings.ReplaceAll(name, "-", " ")
	r, size := utf8.DecodeRuneInString(t)
	if size == 0 {
		return t
	}
	return string(unicode.ToUpper(r)) + t[size:]
}
