// Package diag carries the errors and warnings that Varde reports to
// editors. Every stage collects diagnostics instead of stopping at the first
// problem, so that one build shows an editor everything that is wrong.
package diag

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Severity tells whether a diagnostic stops the build.
type Severity int

const (
	// Error stops the build and makes the command exit 1.
	Error Severity = iota
	// Warning is reported but does not stop the build.
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Diagnostic is one problem found in the site's files.
type Diagnostic struct {
	File     string   `json:"file"`           // path relative to the site root, slash-separated
	Line     int      `json:"line,omitempty"` // 1-based; 0 when unknown
	Col      int      `json:"col,omitempty"`  // 1-based; 0 when unknown
	Severity Severity `json:"-"`
	Msg      string   `json:"message"`
	// More is set on the line that stands for diagnostics left out of a
	// capped list (see Capped): how many like the ones before it.
	More int `json:"more,omitempty"`

	kind string // what kind of problem it is, for Capped: the format it was made with
}

// String formats the diagnostic as file:line:col: severity: message, on
// one line: a file name with a control character (a line break, an escape
// sequence: any name can be committed) is shown quoted, and such a
// character in the message escaped, so a hostile name can neither break
// the line CI reads nor send codes to the terminal.
func (d Diagnostic) String() string {
	var b strings.Builder
	if strings.IndexFunc(d.File, unsafeRune) >= 0 || !utf8.ValidString(d.File) {
		b.WriteString(strconv.Quote(d.File))
	} else {
		b.WriteString(d.File)
	}
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
		if d.Col > 0 {
			fmt.Fprintf(&b, ":%d", d.Col)
		}
	}
	fmt.Fprintf(&b, ": %s: ", d.Severity)
	if strings.IndexFunc(d.Msg, unsafeRune) < 0 && utf8.ValidString(d.Msg) {
		b.WriteString(d.Msg)
		return b.String()
	}
	for i, r := range d.Msg {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(d.Msg[i:], string(utf8.RuneError)):
			fmt.Fprintf(&b, "\\x%02x", d.Msg[i]) // a byte that is not UTF-8
		case unsafeRune(r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// unsafeRune reports a character that must not reach a message's line as
// it is: a control character other than tab.
func unsafeRune(r rune) bool { return r != '\t' && unicode.IsControl(r) }

// Error lets a Diagnostic be used as an error value.
func (d Diagnostic) Error() string { return d.String() }

// Errorf makes an error diagnostic.
func Errorf(file string, line int, format string, args ...any) Diagnostic {
	return Diagnostic{File: file, Line: line, Severity: Error, Msg: fmt.Sprintf(format, args...), kind: format}
}

// Warnf makes a warning diagnostic.
func Warnf(file string, line int, format string, args ...any) Diagnostic {
	return Diagnostic{File: file, Line: line, Severity: Warning, Msg: fmt.Sprintf(format, args...), kind: format}
}

// List collects diagnostics; it is safe for concurrent use.
type List struct {
	mu    sync.Mutex
	items []Diagnostic
}

// Add appends diagnostics.
func (l *List) Add(ds ...Diagnostic) {
	l.mu.Lock()
	l.items = append(l.items, ds...)
	l.mu.Unlock()
}

// Errorf adds an error diagnostic.
func (l *List) Errorf(file string, line int, format string, args ...any) {
	l.Add(Errorf(file, line, format, args...))
}

// Warnf adds a warning diagnostic.
func (l *List) Warnf(file string, line int, format string, args ...any) {
	l.Add(Warnf(file, line, format, args...))
}

// Items returns the diagnostics sorted by file, line and column, with exact
// duplicates removed.
func (l *List) Items() []Diagnostic {
	l.mu.Lock()
	out := append([]Diagnostic(nil), l.items...)
	l.mu.Unlock()
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	dedup := out[:0]
	for i, d := range out {
		if i > 0 && d == out[i-1] {
			continue
		}
		dedup = append(dedup, d)
	}
	return dedup
}

// HasErrors reports whether any diagnostic is an error.
func (l *List) HasErrors() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, d := range l.items {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Errors returns only the error diagnostics, sorted.
func (l *List) Errors() []Diagnostic { return l.filter(Error) }

// Warnings returns only the warnings, sorted.
func (l *List) Warnings() []Diagnostic { return l.filter(Warning) }

func (l *List) filter(s Severity) []Diagnostic {
	var out []Diagnostic
	for _, d := range l.Items() {
		if d.Severity == s {
			out = append(out, d)
		}
	}
	return out
}

// Failure is the error a stage returns when its diagnostics hold errors.
type Failure struct{ Diags []Diagnostic }

func (f *Failure) Error() string {
	var b strings.Builder
	n := 0
	for _, d := range f.Diags {
		if d.Severity == Error {
			n++
		}
	}
	fmt.Fprintf(&b, "%d error(s):", n)
	for _, d := range Capped(f.Diags, PerKind) {
		if d.Severity == Error {
			b.WriteString("\n  ")
			b.WriteString(d.String())
		}
	}
	return b.String()
}

// Err returns a *Failure holding all diagnostics when any is an error, else nil.
func (l *List) Err() error {
	if !l.HasErrors() {
		return nil
	}
	return &Failure{Diags: l.Items()}
}
