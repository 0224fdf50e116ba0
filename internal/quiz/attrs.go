package quiz

import (
	"fmt"
	"slices"
	"strings"

	"github.com/varde-portal/varde/internal/slug"
)

// allowedAttrs lists the attributes a quiz's info string may carry, in the
// order error messages name them.
var allowedAttrs = []string{"id", "shuffle"}

// parseAttrs reads the info string of the fence ("quiz id=phishing
// shuffle=true") into q. The first word is the block's kind and is skipped.
// Values may be quoted with double quotes. Every problem is reported at
// line, the line of the fence.
func parseAttrs(info string, line int, q *Quiz) []Error {
	var errs []Error
	bad := func(format string, args ...any) {
		errs = append(errs, Error{Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	toks, err := splitAttrs(info)
	if err != "" {
		bad("%s", err)
		return errs
	}
	if len(toks) > 0 {
		toks = toks[1:] // "quiz"
	}
	seen := map[string]bool{}
	for _, t := range toks {
		key, val, hasVal := strings.Cut(t, "=")
		val = unquote(val)
		switch {
		case !slices.Contains(allowedAttrs, key):
			bad("unknown quiz attribute %q; allowed: %s", clip(key), strings.Join(allowedAttrs, ", "))
			continue
		case seen[key]:
			bad("quiz attribute %q is given twice", key)
			continue
		case !hasVal:
			bad("quiz attribute %q needs a value, e.g. %s", key, example(key))
			continue
		}
		seen[key] = true
		switch key {
		case "id":
			if msg := checkID(val); msg != "" {
				bad("%s", msg)
				continue
			}
			q.ID = val
		case "shuffle":
			switch strings.ToLower(val) {
			case "true":
				q.Shuffle = true
			case "false":
				q.Shuffle = false
			default:
				bad("quiz attribute shuffle=%q: use shuffle=true or shuffle=false", clip(val))
			}
		}
	}
	return errs
}

func example(key string) string {
	if key == "id" {
		return "id=phishing"
	}
	return "shuffle=true"
}

// checkID returns why id cannot name a quiz, or "". A quiz id becomes part
// of HTML ids, browser storage keys and SCORM identifiers, so it keeps to
// ASCII letters, digits, '-' and '_'.
func checkID(id string) string {
	if id == "" {
		return `quiz attribute id is empty; write e.g. id=phishing`
	}
	if validID(id) {
		return ""
	}
	msg := fmt.Sprintf("quiz attribute id=%q: use only letters a–z, digits, '-' and '_', starting with a letter or digit", clip(id))
	if s := slug.Make(id); validID(s) {
		msg += fmt.Sprintf(" (for example id=%s)", s)
	}
	return msg
}

func validID(id string) bool {
	if id == "" || id[0] == '-' || id[0] == '_' {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// splitAttrs splits an info string into words, keeping a double-quoted
// value ("title=\"a b\"") in one word. It reports an unclosed quote.
func splitAttrs(s string) (toks []string, err string) {
	var b strings.Builder
	inQuote, have := false, false
	for _, r := range s {
		switch {
		case r == '"':
			inQuote = !inQuote
			b.WriteRune(r)
			have = true
		case !inQuote && (r == ' ' || r == '\t'):
			if have {
				toks = append(toks, b.String())
				b.Reset()
				have = false
			}
		default:
			b.WriteRune(r)
			have = true
		}
	}
	if have {
		toks = append(toks, b.String())
	}
	if inQuote {
		err = "quiz attributes: a quote (\") is not closed"
	}
	return toks, err
}

// unquote removes one pair of surrounding double quotes.
func unquote(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return s[1 : len(s)-1]
	}
	return s
}

// clip shortens s for quoting in a message.
func clip(s string) string {
	const max = 40
	if len([]rune(s)) <= max {
		return s
	}
	return string([]rune(s)[:max]) + "…"
}
