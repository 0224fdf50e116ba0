package config

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/BurntSushi/toml"
)

// ExplainTOML turns a TOML syntax error in text (config.toml, or a page's
// +++ front matter) into the line where the broken construct starts and a
// message in an editor's words that says how to fix it. The decoder's
// wording ("expected value but found …") and its position (for an
// unclosed list: the line after it) are the parser's view; an editor needs
// the line they wrote wrong and what to write instead. Lines are 1-based
// in text; 0 when unknown.
//
// The message is one line: control characters quoted from the text (a
// line break in the decoder's message, a carriage return in a table name
// that is not closed) are written as escapes (FuzzPacks found both).
func ExplainTOML(text string, err error) (int, string) {
	line, msg := explainTOML(text, err)
	return line, oneLineMessage(msg)
}

func explainTOML(text string, err error) (int, string) {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return typeMistake(text, err.Error())
	}
	line, msg := pe.Position.Line, pe.Message
	if (line < 1 || strings.HasPrefix(pe.Message, "invalid escape in string")) && pe.Position.Start >= 0 {
		// For a backslash at the end of the text the decoder's line is
		// one short (0 on the first line); its offset is right (FuzzPacks:
		// config.toml "\ had no line).
		line = strings.Count(text[:min(pe.Position.Start, len(text))], "\n") + 1
	}
	lines := strings.Split(text, "\n")
	at := func(n int) string {
		if n >= 1 && n <= len(lines) {
			return strings.TrimSpace(lines[n-1])
		}
		return ""
	}
	switch {
	case strings.Contains(msg, "strings cannot contain newlines"),
		strings.Contains(msg, "unexpected EOF") && quoteOpen(at(line)):
		return line, "the text that starts with a quote on this line is not closed: end it with the same quote on this line (text over several lines goes between \"\"\" and \"\"\")"
	case strings.HasPrefix(msg, "expected value but found '\\n'"), strings.HasPrefix(msg, "expected value but found end of file"):
		return line, fmt.Sprintf("%s has no value after '=': write one, e.g. %s = \"…\" (text in quotes)", keyOf(at(line)), keyOf(at(line)))
	case strings.HasPrefix(msg, "expected value but found") && openBracketBefore(text, '[', ']', line) < line:
		// A [table] header read as an item of a list left open above.
		return openBracketBefore(text, '[', ']', line), listNotClosed
	case strings.HasPrefix(msg, "expected value but found") && !unquotedText.MatchString(valueOf(at(line))):
		return line, fmt.Sprintf("%s = must be followed by a value: text in quotes (\"…\"), a number, true or false, a date (2025-03-01) or a list ([\"a\", \"b\"])", keyOf(at(line)))
	case strings.HasPrefix(msg, "expected value but found"):
		key, val := keyOf(at(line)), valueOf(at(line))
		return line, fmt.Sprintf("the text of %s must be in quotes: write %s = %q", key, key, val)
	case strings.HasPrefix(msg, "expected '.' or '=', but got ':'"):
		return line, fmt.Sprintf("settings are written name = value in TOML: replace ':' with '=' (%s = …)", strings.TrimSpace(strings.SplitN(at(line), ":", 2)[0]))
	case strings.HasPrefix(msg, "expected '.' or '=', but got"):
		return line, "a line here must be a setting written name = value (a name without spaces, text in quotes), a [table] header or a # comment"
	case strings.HasPrefix(msg, "expected '.' or ']' to end table name"):
		n := line
		for n > 1 && !strings.HasPrefix(at(n), "[") {
			n-- // the decoder reports the line after the header
		}
		return n, fmt.Sprintf("the table name %s is not closed: end it with ] on the same line", at(n))
	case strings.HasPrefix(msg, "expected a comma (',') or array terminator (']')"):
		n := openBracketLine(text, pe.Position.Start, '[', ']', line)
		return n, listNotClosed
	case strings.HasPrefix(msg, "expected a comma or an inline table terminator '}'"):
		n := openBracketLine(text, pe.Position.Start, '{', '}', line)
		return n, "the table in braces that starts on this line is not closed, or two of its settings have no comma between them: write {name = value, name = value}"
	case strings.HasPrefix(msg, "expected a top-level item to end with a newline"):
		return line, fmt.Sprintf("there is more after the value of %s: put all of the text in quotes (%s = \"…\"), or start a comment with #", keyOf(at(line)), keyOf(at(line)))
	case strings.Contains(msg, "has already been defined"):
		name := alreadyDefined.FindStringSubmatch(msg)
		if name != nil {
			first := newKeyLines(text).line(name[1])
			if first > 0 && first != line {
				return line, fmt.Sprintf("%s is set twice (also on line %d): keep one of them", name[1], first)
			}
			return line, fmt.Sprintf("%s is set twice: keep one of them", name[1])
		}
	case strings.Contains(msg, "invalid escape in string"):
		return line, msg + ": a backslash in quotes starts an escape in TOML; write \\\\ for a backslash, or put the text in single quotes ('…')"
	case strings.Contains(msg, "invalid datetime"):
		return line, msg + ": write a date as YYYY-MM-DD, e.g. 2025-03-01"
	}
	return line, "not valid TOML: " + msg
}

// decodeError is how the decoder words a value it cannot store (text where
// a number belongs): a plain error, not a ParseError, with the line of the
// key when it knows it. typeWords are the two wordings of a wrong type.
var (
	decodeError = regexp.MustCompile(`^toml: (?:line (\d+) )?\(last key "((?:[^"\\]|\\.)*)"\): (.*)$`)
	typeWords   = []*regexp.Regexp{
		regexp.MustCompile(`^incompatible types: TOML value has type (\S+); destination has type (.+)$`),
		regexp.MustCompile(`^type mismatch for \S+: expected (table) but found (\S+)$`),
	}
)

// typeNames say in an editor's words what a TOML value is.
var typeNames = map[string]string{
	"string": "text", "int64": "a whole number", "integer": "a whole number", "float64": "a number",
	"float": "a number", "bool": "true or false", "boolean": "true or false",
	"[]any": "a list", "slice": "a list", "map[string]any": "a table", "map": "a table", "table": "a table",
	"time.Time": "a date", "primitive (string-like)": "text",
}

// typeMistake places a decoder error that is not a syntax error, such as a
// setting of the wrong type, at the line of its setting (found by name when
// the decoder gives no line: a key in an inline table or a [[table]]), and
// says what the value must be. Lines are 0 only when the text names none.
func typeMistake(text, msg string) (int, string) {
	m := decodeError.FindStringSubmatch(msg)
	if m == nil {
		return 0, msg
	}
	key, err := strconv.Unquote(`"` + m[2] + `"`)
	if err != nil {
		key = m[2]
	}
	line, _ := strconv.Atoi(m[1])
	if line == 0 {
		line = newKeyLines(text).line(key)
	}
	for i, re := range typeWords {
		t := re.FindStringSubmatch(m[3])
		if t == nil {
			continue
		}
		got, want := t[1], t[2]
		if i == 1 {
			got, want = want, got
		}
		if typeNames[got] != "" {
			got = typeNames[got]
		}
		if typeNames[want] != "" {
			want = typeNames[want]
		}
		return line, fmt.Sprintf("%s must be %s, not %s", key, want, got)
	}
	return line, fmt.Sprintf("%s: %s", key, m[3])
}

const listNotClosed = "the list that starts on this line is not closed, or two of its items have no comma between them: separate the items with commas and end the list with ]"

// unquotedText is a value that is text without its quotes (it starts with a
// letter, as "Kommunen vår" does).
var unquotedText = regexp.MustCompile(`^\pL`)

var alreadyDefined = regexp.MustCompile(`Key '([^']*)' has already been defined`)

// keyOf returns the setting name of a `name = value` line.
func keyOf(line string) string {
	if i := strings.IndexAny(line, "=:"); i > 0 {
		return strings.TrimSpace(line[:i])
	}
	return "the setting"
}

// valueOf returns the value of a `name = value` line, without a trailing
// comment.
func valueOf(line string) string {
	if i := strings.IndexByte(line, '='); i >= 0 {
		line = line[i+1:]
	}
	if i := strings.Index(line, " #"); i >= 0 {
		line = line[:i]
	}
	return strings.TrimSpace(line)
}

// quoteOpen reports whether a line holds a quote that is not closed on it.
func quoteOpen(line string) bool {
	return strings.Count(line, `"`)%2 == 1 || strings.Count(line, `'`)%2 == 1
}

// openBracketLine returns the line of the innermost bracket open that is not
// closed before offset end in text (skipping strings and comments), or
// fallback when there is none.
func openBracketLine(text string, end int, open, close byte, fallback int) int {
	end = min(max(end, 0), len(text))
	var stack []int
	line := 1
	for i := 0; i < end; i++ {
		switch c := text[i]; c {
		case '\n':
			line++
		case '#':
			for i+1 < end && text[i+1] != '\n' {
				i++
			}
		case '"', '\'':
			for i++; i < end && text[i] != c && text[i] != '\n'; i++ {
				if c == '"' && text[i] == '\\' {
					i++
				}
			}
			if i < end && text[i] == '\n' {
				line++
			}
		case open:
			stack = append(stack, line)
		case close:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
	if len(stack) == 0 {
		return fallback
	}
	return stack[len(stack)-1]
}

// openBracketBefore returns the line of the innermost bracket left open
// before line starts, or line when there is none.
func openBracketBefore(text string, open, close byte, line int) int {
	cut := 0
	for n := 1; n < line; n++ {
		i := strings.IndexByte(text[cut:], '\n')
		if i < 0 {
			break
		}
		cut += i + 1
	}
	return openBracketLine(text, cut, open, close, line)
}

// oneLineMessage writes the control characters of a message (a line
// break, a tab, a NUL quoted from the text) as Go escapes.
func oneLineMessage(msg string) string {
	if strings.IndexFunc(msg, unicode.IsControl) < 0 {
		return msg
	}
	var b strings.Builder
	for _, r := range msg {
		if unicode.IsControl(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
