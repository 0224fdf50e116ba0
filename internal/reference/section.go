package reference

import (
	"strconv"
	"strings"
)

// sectionKey is a parsed section or article number: "12" → {12}, "12 a" →
// {12, 0, "a"}, "4-3" → {4, 3, ""}. It gives the canonical spelling and the
// legal order of sections.
type sectionKey struct {
	main   int
	sub    int    // after a hyphen, as in chaptered acts (§ 4-3); 0 if none
	letter string // inserted sections (§ 12 a); "" if none
}

// String returns the canonical spelling used in the data and on pages.
func (k sectionKey) String() string {
	s := strconv.Itoa(k.main)
	if k.sub > 0 {
		s += "-" + strconv.Itoa(k.sub)
	}
	if k.letter != "" {
		s += " " + k.letter
	}
	return s
}

func (k sectionKey) less(o sectionKey) bool {
	if k.main != o.main {
		return k.main < o.main
	}
	if k.sub != o.sub {
		return k.sub < o.sub
	}
	return k.letter < o.letter
}

// scanSectionNumber reads a section number at the start of s, accepting the
// spellings editors use ("12a", "12 a", "4-3", "4 - 3", "4–3") and returning
// the rest of s after it. ok is false when s does not start with a number.
func scanSectionNumber(s string) (key sectionKey, rest string, ok bool) {
	i := digits(s)
	if i == 0 {
		return sectionKey{}, s, false
	}
	var err error
	if key.main, err = strconv.Atoi(s[:i]); err != nil {
		return sectionKey{}, s, false // too long to be a section number
	}
	rest = s[i:]
	// chapter-section form: 4-3, with an ASCII hyphen or an en dash
	t := strings.TrimLeft(rest, " ")
	for _, dash := range []string{"-", "–"} {
		if after, found := strings.CutPrefix(t, dash); found {
			after = strings.TrimLeft(after, " ")
			if j := digits(after); j > 0 {
				if key.sub, err = strconv.Atoi(after[:j]); err != nil {
					return sectionKey{}, s, false
				}
				rest = after[j:]
			}
			break
		}
	}
	// a single lower-case letter standing alone: 12 a, 12a
	t = strings.TrimLeft(rest, " ")
	if len(t) > 0 && t[0] >= 'a' && t[0] <= 'z' && (len(t) == 1 || strings.ContainsRune(" .,;", rune(t[1]))) {
		key.letter = t[:1]
		rest = t[1:]
	}
	if key.main == 0 || (key.sub == 0 && strings.HasPrefix(strings.TrimLeft(s[i:], " "), "-")) {
		return sectionKey{}, s, false
	}
	return key, rest, true
}

// parseSectionNumber parses a whole string as one section number.
func parseSectionNumber(s string) (sectionKey, bool) {
	key, rest, ok := scanSectionNumber(s)
	return key, ok && strings.TrimSpace(rest) == ""
}

func digits(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}
