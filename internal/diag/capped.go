package diag

import (
	"fmt"
	"strings"
	"unicode"
)

// PerKind is how many diagnostics of one kind one file shows before the
// rest are summed up in one line: a generated or pasted file can hold a
// million of the same mistake, and a million lines hide everything else
// (and take minutes to print).
const PerKind = 20

// Capped returns ds, sorted as List.Items returns them, with the
// diagnostics of each file, severity and kind after the first limit left
// out and counted on one line after the last one shown:
//
//	content/a.md:25: warning: … and 999981 more like this (lines 25–1000005)
//
// That line has More set to the count, for machine-readable output. Only
// printing is capped: whether a command fails is decided on all of them.
func Capped(ds []Diagnostic, limit int) []Diagnostic {
	if limit <= 0 || len(ds) <= limit {
		return ds
	}
	type group struct {
		n, seen     int
		first, last int // lines of the first and last left out
	}
	groups := map[string]*group{}
	keys := make([]string, len(ds))
	for i, d := range ds {
		k := d.File + "\x00" + d.Severity.String() + "\x00" + kindOf(d)
		keys[i] = k
		g := groups[k]
		if g == nil {
			g = &group{}
			groups[k] = g
		}
		g.n++
		if g.n == limit+1 {
			g.first = d.Line
		}
		if g.n > limit {
			g.last = d.Line
		}
	}
	out := make([]Diagnostic, 0, len(ds))
	for i, d := range ds {
		g := groups[keys[i]]
		g.seen++
		if g.seen > limit {
			continue
		}
		out = append(out, d)
		if g.seen == limit && g.n > limit {
			more := g.n - limit
			where := ""
			switch {
			case g.first > 0 && g.first != g.last:
				where = fmt.Sprintf(" (lines %d–%d)", g.first, g.last)
			case g.first > 0:
				where = fmt.Sprintf(" (line %d)", g.first)
			}
			out = append(out, Diagnostic{File: d.File, Line: g.first, Severity: d.Severity, More: more,
				Msg: fmt.Sprintf("… and %d more like this%s", more, where), kind: "capped"})
		}
	}
	return out
}

// kindOf names what kind of problem d is: the format it was made with,
// when that says more than "%s", else the shape of its message (its first
// words, with quoted names, numbers and paths blanked), so that "link to
// "a.md": …" and "link to "b.md": …" are one kind.
func kindOf(d Diagnostic) string {
	if strings.IndexFunc(stripVerbs(d.kind), unicode.IsLetter) >= 0 {
		return d.kind
	}
	return shape(d.Msg)
}

// stripVerbs removes the fmt verbs (%s, %q, %5.2f …) from a format.
func stripVerbs(format string) string {
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			b.WriteByte(format[i])
			continue
		}
		// Skip flags, width and precision, then the verb letter.
		for i++; i < len(format) && strings.IndexByte("+-# 0123456789.*[]", format[i]) >= 0; i++ {
		}
	}
	return b.String()
}

// shapeWords is how many words of a message name its kind.
const shapeWords = 8

// shape returns the first words of msg with every word holding a digit, a
// quote or a path character replaced by "*".
func shape(msg string) string {
	words := strings.Fields(msg)
	if len(words) > shapeWords {
		words = words[:shapeWords]
	}
	for i, w := range words {
		if strings.ContainsAny(w, "0123456789\"'/\\.#«»`") {
			words[i] = "*"
		}
	}
	return strings.Join(words, " ")
}
