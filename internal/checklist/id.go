package checklist

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/varde-portal/varde/internal/slug"
)

// Question ids become part of HTML ids (cq-<id>), of radio group names and
// of browser storage keys, so they are restricted to letters, digits and
// '-', '_' and '.'. They start with a letter or digit.
var idPattern = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N}_.-]*$`)

// ValidID reports whether id may be used as a question id.
func ValidID(id string) bool { return len(id) <= 100 && idPattern.MatchString(id) }

// Derived ids are kept short: long enough to recognise the question, short
// enough to read in a storage key or URL fragment.
const (
	maxIDWords = 6
	maxIDLen   = 48
)

// DeriveID makes an id from a question's text: the slug of its first few
// words. It returns "" when the text has no letters or digits.
func DeriveID(text string) string {
	words := strings.Split(slug.Make(text), "-")
	var b strings.Builder
	for i, w := range words {
		if w == "" {
			continue
		}
		if i >= maxIDWords || (b.Len() > 0 && b.Len()+1+len(w) > maxIDLen) {
			break
		}
		if b.Len() > 0 {
			b.WriteByte('-')
		}
		if b.Len() == 0 && len(w) > maxIDLen {
			w = cutRunes(w, maxIDLen)
		}
		b.WriteString(w)
	}
	return b.String()
}

// cutRunes shortens s to at most n bytes without splitting a character.
func cutRunes(s string, n int) string {
	end := 0
	for i, r := range s {
		if i+utf8.RuneLen(r) > n {
			break
		}
		end = i + utf8.RuneLen(r)
	}
	return s[:end]
}

// UniqueID returns base, or base-2, base-3 … when base is taken.
func UniqueID(base string, taken func(string) bool) string {
	id := base
	for n := 2; taken(id); n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	return id
}

// nsmRef matches a reference to NSM grunnprinsipper for IKT-sikkerhet: a
// category 1–4 (identify, protect, detect, respond), then principle and
// measure numbers, e.g. "2", "2.3", "2.3.1".
var nsmRef = regexp.MustCompile(`^[1-4](\.[0-9]{1,3}){0,3}$`)

// ValidNSMRef reports whether ref is an NSM reference such as "2.3.1".
func ValidNSMRef(ref string) bool { return nsmRef.MatchString(ref) }

// NSMCategory returns the category ("1" to "4") of an NSM reference.
func NSMCategory(ref string) (string, bool) {
	if !ValidNSMRef(ref) {
		return "", false
	}
	return ref[:1], true
}

// SplitNSM splits an nsm attribute value such as "1.2, 2.3" or "1.2 2.3"
// into references.
func SplitNSM(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) })
}
