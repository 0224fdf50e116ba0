package pack

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/varde-portal/varde/internal/config"
)

// A page uses a site value as {{name}} (docs/format.md, "Packs"): on a git
// host the raw page reads "kontakt personvernombudet på
// {{personvernombud.epost}}", a placeholder anyone understands, where a
// shortcode or an attribute syntax would read as noise. Names are those of
// config.toml's [values], dotted for tables.

// valueRef finds {{ name }}; the name is checked against the value names.
var valueRef = regexp.MustCompile(`\{\{\s*([^{}\s]+)\s*\}\}`)

// Unset is a value a page uses that config.toml does not set, or sets to
// nothing (kommune = ""): either way the reader would miss the detail the
// sentence is about, so both are named to the editor.
type Unset struct {
	Line  int // in the text given, 1-based; 0 in a title or description
	Name  string
	Empty bool // set, but empty or only spaces: the page shows nothing there
}

// ExpandValues replaces {{name}} in a page's Markdown with the site's
// value, written so that Markdown reads it as plain text (its punctuation
// backslash-escaped: a value is text, never markup or HTML, and goldmark
// then escapes it for HTML as it does all text). Code (fenced blocks and
// `spans`) is left as written, so a page can show the syntax. A name the
// site has no value for stays as written and is returned; so is a name
// whose value is empty, which goes in as the nothing it is.
func ExpandValues(body []byte, values map[string]string) ([]byte, []Unset) {
	if !bytes.Contains(body, []byte("{{")) {
		return body, nil
	}
	ctx := readValueContexts(body)
	var out bytes.Buffer
	var unset []Unset
	off := 0
	for i, line := range bytes.SplitAfter(body, []byte("\n")) {
		at := off
		off += len(line)
		if !bytes.Contains(line, []byte("{{")) {
			out.Write(line)
			continue
		}
		out.WriteString(expandLine(string(line), at, ctx, values, func(u Unset) {
			u.Line = i + 1
			unset = append(unset, u)
		}))
	}
	return out.Bytes(), unset
}

// expandLine replaces the references of one line, which starts at byte
// at of the page: none in code, HTML-escaped in raw HTML, Markdown-escaped
// elsewhere.
func expandLine(line string, at int, ctx valueContexts, values map[string]string, unset func(Unset)) string {
	var b strings.Builder
	last := 0
	for _, m := range valueRef.FindAllStringSubmatchIndex(line, -1) {
		b.WriteString(line[last:m[0]])
		last = m[1]
		ref, name := line[m[0]:m[1]], line[m[2]:m[3]]
		if overlaps(ctx.code, at+m[0], at+m[1]) || !config.ValidValueName(name) {
			b.WriteString(ref)
			continue
		}
		v, ok := values[name]
		if !ok {
			unset(Unset{Name: name})
			b.WriteString(ref)
			continue
		}
		if strings.TrimSpace(v) == "" {
			unset(Unset{Name: name, Empty: true})
		}
		if overlaps(ctx.raw, at+m[0], at+m[1]) {
			b.WriteString(EscapeHTMLValue(v))
		} else {
			b.WriteString(EscapeMarkdown(v))
		}
	}
	b.WriteString(line[last:])
	return b.String()
}

// EscapeMarkdown writes s so that Markdown reads it as the text it is:
// every ASCII punctuation character backslash-escaped (CommonMark allows
// that for all of them; a backtick as a character reference), line breaks
// as spaces, and white space at either end as a character reference,
// which Markdown does not count as indentation or as the two spaces of a
// line break (FuzzValues: a value "    innrykk" at the start of a line
// became a code block).
func EscapeMarkdown(s string) string {
	var b strings.Builder
	first := len(s) - len(strings.TrimLeft(s, " \t\r\n"))
	end := len(strings.TrimRight(s, " \t\r\n"))
	for i, r := range s {
		switch {
		case (i < first || i >= end) && end > 0:
			b.WriteString("&#32;")
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case r == '`':
			// A backslash does not keep a backtick from closing a code
			// span opened before the value (FuzzValues: "`{{kommune}}"
			// with the value "`" became code); a reference does.
			b.WriteString("&#96;")
		case r < 0x80 && strings.ContainsRune("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ExpandPlain replaces {{name}} in a title or description, which the
// layouts escape: the value goes in as it is. Unset and empty values are
// returned as ExpandValues returns them (with no line).
func ExpandPlain(s string, values map[string]string) (string, []Unset) {
	if !strings.Contains(s, "{{") {
		return s, nil
	}
	var unset []Unset
	out := valueRef.ReplaceAllStringFunc(s, func(m string) string {
		name := valueRef.FindStringSubmatch(m)[1]
		v, ok := values[name]
		if !config.ValidValueName(name) {
			return m
		}
		if !ok {
			unset = append(unset, Unset{Name: name})
			return m
		}
		if strings.TrimSpace(v) == "" {
			unset = append(unset, Unset{Name: name, Empty: true})
		}
		return v
	})
	return out, unset
}

// LocalDir is the site folder that holds local additions to pack pages:
// lokalt/veiledere/dpia.md adds to content/veiledere/dpia.md. It is outside
// content/, so an addition is never a page of its own.
const LocalDir = "lokalt"

// marker is where a pack page takes the site's local addition: a line
// <!-- lokalt --> (an HTML comment, which a git host does not show and
// Varde does not publish).
var marker = regexp.MustCompile(`(?i)^\s{0,3}<!--\s*lokalt\s*-->\s*$`)

// Splice puts a local addition into a page's Markdown at the line the pack
// marks, or at the end when it marks none. It returns the text, the line
// (1-based, in the returned text) where the addition starts, how many
// lines were inserted, and whether the page had a mark.
func Splice(body, addition []byte) (out []byte, at, inserted int, marked bool) {
	addition = bytes.TrimRight(addition, "\n\r\t ")
	add := append(append([]byte("\n"), addition...), '\n', '\n')
	lines := bytes.SplitAfter(body, []byte("\n"))
	pos := len(lines)
	for i, line := range lines {
		if marker.Match(bytes.TrimRight(line, "\r\n")) {
			pos, marked = i+1, true
			break
		}
	}
	var b bytes.Buffer
	for _, line := range lines[:pos] {
		b.Write(line)
	}
	if b.Len() > 0 && !bytes.HasSuffix(b.Bytes(), []byte("\n")) {
		b.WriteByte('\n')
		inserted++
	}
	at = bytes.Count(b.Bytes(), []byte("\n")) + 2 // after the blank line
	b.Write(add)
	inserted += bytes.Count(add, []byte("\n"))
	for _, line := range lines[pos:] {
		b.Write(line)
	}
	return b.Bytes(), at, inserted, marked
}
