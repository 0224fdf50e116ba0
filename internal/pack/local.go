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
	var out bytes.Buffer
	var unset []Unset
	fence := ""
	lines := bytes.SplitAfter(body, []byte("\n"))
	for i, line := range lines {
		trim := strings.TrimLeft(string(line), " ")
		if len(string(line))-len(trim) < 4 {
			if f := fenceOf(trim); f != "" {
				switch {
				case fence == "":
					fence = f
				case strings.HasPrefix(f, fence) && strings.TrimSpace(trim[len(f):]) == "":
					fence = ""
				}
				out.Write(line)
				continue
			}
		}
		if fence != "" || !bytes.Contains(line, []byte("{{")) {
			out.Write(line)
			continue
		}
		out.WriteString(expandLine(string(line), values, func(u Unset) {
			u.Line = i + 1
			unset = append(unset, u)
		}))
	}
	return out.Bytes(), unset
}

// fenceOf returns the fence a line opens or closes (``` or ~~~, three or
// more), or "".
func fenceOf(s string) string {
	for _, c := range []byte{'`', '~'} {
		n := 0
		for n < len(s) && s[n] == c {
			n++
		}
		if n >= 3 {
			return s[:n]
		}
	}
	return ""
}

// expandLine replaces the references of one line outside code spans.
func expandLine(line string, values map[string]string, unset func(Unset)) string {
	var b strings.Builder
	for len(line) > 0 {
		tick := strings.IndexByte(line, '`')
		text := line
		if tick >= 0 {
			text = line[:tick]
		}
		b.WriteString(valueRef.ReplaceAllStringFunc(text, func(m string) string {
			name := valueRef.FindStringSubmatch(m)[1]
			if !config.ValidValueName(name) {
				return m
			}
			v, ok := values[name]
			if !ok {
				unset(Unset{Name: name})
				return m
			}
			if strings.TrimSpace(v) == "" {
				unset(Unset{Name: name, Empty: true})
			}
			return EscapeMarkdown(v)
		}))
		if tick < 0 {
			break
		}
		// A code span runs to the next run of as many backticks.
		n := tick
		for n < len(line) && line[n] == '`' {
			n++
		}
		ticks := line[tick:n]
		end := strings.Index(line[n:], ticks)
		if end < 0 {
			b.WriteString(line[tick:])
			break
		}
		b.WriteString(line[tick : n+end+len(ticks)])
		line = line[n+end+len(ticks):]
	}
	return b.String()
}

// EscapeMarkdown writes s so that Markdown reads it as the text it is:
// every ASCII punctuation character backslash-escaped (CommonMark allows
// that for all of them), line breaks as spaces.
func EscapeMarkdown(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
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
