package content

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"
)

// The YAML parser reports a mistake in its own words ("mapping values are
// not allowed in this context") and often at another line than the one
// the editor got wrong: an unclosed quote at the end of the front matter,
// "did not find expected key" at the start of the list above. explainYAML
// finds the line where the broken construct starts and says what to write
// instead. It handles the mistakes editors make (a tab, a colon in
// unquoted text, a line indented by accident, an unclosed quote or
// bracket, text after a closing quote) and falls back to the parser's
// message at the first line that cannot be read.

// maxExplainLines bounds the front matter that explainYAML re-parses line
// by line (the cost grows with the square of the lines); longer front
// matter gets the parser's own line.
const maxExplainLines = 400

var (
	// fieldLine is a top-level `name: value` line.
	fieldLine = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]+(.*))?$`)
	// newFieldLine is a line that starts a field at the left margin.
	newFieldLine = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*[ \t]*:(\s|$)`)
)

// explainYAML returns the line (1-based in fm) and message for a YAML
// error in front matter fm.
// yl maps the parser's lines to the front matter's (see yamlLines).
func explainYAML(fm []byte, err error, yl yamlLines) (int, string) {
	lines := strings.Split(strings.TrimRight(string(fm), "\n"), "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], "\r")
	}
	parserLine, parserMsg := yamlMessage(err)
	parserLine, parserMsg = yl.line(parserLine), yl.refs(parserMsg)
	broken := parserLine
	if len(lines) <= maxExplainLines {
		broken = firstBrokenLine(lines)
	}
	if broken < 1 || broken > len(lines) {
		broken = len(lines)
	}
	// A tab in the indentation, at or above the line that breaks.
	for i := 0; i < broken && i < len(lines); i++ {
		indent := lines[i][:len(lines[i])-len(strings.TrimLeft(lines[i], " \t"))]
		if strings.Contains(indent, "\t") {
			return i + 1, "a tab before the text: use spaces, not tabs, to indent front matter (replace the tab with spaces, or remove it)"
		}
	}
	// A quote or bracket opened and not closed before the next field.
	for i := 0; i < len(lines) && i < broken; i++ {
		v, ok := valueOf(lines[i])
		if !ok || v == "" {
			continue
		}
		if closeAt(v) >= 0 {
			continue
		}
		next := ""
		for _, l := range lines[i+1:] {
			if strings.TrimSpace(l) != "" {
				next = l
				break
			}
		}
		if next != "" && !newFieldLine.MatchString(next) && !strings.HasPrefix(next, "- ") {
			continue // a quoted text or list that goes on over the lines below
		}
		switch v[0] {
		case '"', '\'':
			return i + 1, fmt.Sprintf("the quote (%c) that starts the text here is never closed: end the text with %c on this line", v[0], v[0])
		case '[':
			return i + 1, "the list that starts with [ here is never closed: end it with ] on this line, e.g. [ansatt, leder]"
		case '{':
			return i + 1, "the { here is never closed: end it with }, or put the text in quotes if it is text"
		}
	}
	if broken > len(lines) || broken < 1 {
		return parserLine, "front matter is not valid YAML: " + parserMsg
	}
	l := lines[broken-1]
	trimmed := strings.TrimLeft(l, " ")
	indented := len(trimmed) < len(l)
	if indented && !strings.HasPrefix(trimmed, "- ") && fieldLine.MatchString(trimmed) && aboveHasValue(lines, broken-1) {
		name := fieldLine.FindStringSubmatch(trimmed)[1]
		return broken, fmt.Sprintf("%s is indented, but the field above already has its value: start %s: at the beginning of the line (remove the spaces before it)", name, name)
	}
	if strings.HasPrefix(trimmed, "- ") && badItemIndent(lines, broken-1) {
		return broken, "this list item is not indented like the ones above it: start every \"- \" of a list at the same column"
	}
	if v, ok := valueOf(l); ok && v != "" {
		name := "the text"
		if m := fieldLine.FindStringSubmatch(strings.TrimSpace(l)); m != nil {
			name = m[1]
		}
		switch {
		case v[0] == '"' || v[0] == '\'' || v[0] == '[':
			if end := closeAt(v); end >= 0 && end+1 < len(v) {
				if rest := strings.TrimSpace(v[end+1:]); rest != "" && rest[0] != '#' {
					return broken, fmt.Sprintf("%s goes on after its closing %c: put all of the text in quotes, e.g. %s: %s", name, v[end], name, quoteExample(v))
				}
			}
		case strings.Contains(v, ": ") || strings.HasSuffix(v, ":"):
			return broken, fmt.Sprintf("the text of %s holds a colon (':'), which YAML reads as the start of a new field: put the text in quotes, e.g. %s: %q", name, name, v)
		case strings.ContainsRune("@`%&*!|>", rune(v[0])) && strings.Contains(parserMsg, "cannot start any token"):
			return broken, fmt.Sprintf("text cannot start with %c in YAML: put the text in quotes, e.g. %s: %q", v[0], name, v)
		}
	}
	if strings.Contains(parserMsg, "could not find expected ':'") || (!strings.Contains(l, ":") && !strings.HasPrefix(trimmed, "- ")) {
		return broken, "this line is not a field (name: value): add the name and a colon, or, if the text belongs to the field above, put that field's text in quotes on one line"
	}
	if strings.Contains(parserMsg, "end of stream") {
		return broken, "the front matter ends inside a quoted text or a list: check that every quote and bracket is closed"
	}
	return broken, "front matter is not valid YAML here (" + parserMsg + "): fields are written name: value at the start of the line, lists as [a, b], and text holding ':' or '#' in quotes"
}

// yamlMessage splits a YAML error into its line (1-based in the parsed
// text, 0 when it has none) and its message.
func yamlMessage(err error) (int, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yamlLinePrefix.FindStringSubmatch(msg); m != nil {
		fmt.Sscan(m[1], &line)
		msg = msg[len(m[0]):]
	}
	return line, msg
}

// firstBrokenLine returns the first line n such that lines 1..n cannot be
// read as YAML for a reason other than that they stop early (a list or
// quote that a later line may close); len(lines)+1 when there is none.
func firstBrokenLine(lines []string) int {
	var b strings.Builder
	for i, l := range lines {
		b.WriteString(l)
		b.WriteByte('\n')
		var n yaml.Node
		err := yaml.Unmarshal([]byte(b.String()), &n)
		if err == nil {
			continue
		}
		_, msg := yamlMessage(err)
		if strings.Contains(msg, "end of stream") || strings.Contains(msg, "did not find expected node content") || strings.Contains(msg, "did not find expected ','") {
			continue
		}
		return i + 1
	}
	return len(lines) + 1
}

// valueOf returns the value of a `name: value` or `- value` line.
func valueOf(l string) (string, bool) {
	t := strings.TrimSpace(l)
	if strings.HasPrefix(t, "- ") {
		return strings.TrimSpace(t[2:]), true
	}
	if m := fieldLine.FindStringSubmatch(t); m != nil {
		return strings.TrimSpace(m[2]), true
	}
	return "", false
}

// closeAt returns the index in v of the quote or bracket that closes the
// one v starts with, -1 when it is not closed in v; 0 when v starts with
// neither.
func closeAt(v string) int {
	if v == "" {
		return 0
	}
	switch v[0] {
	case '"':
		for i := 1; i < len(v); i++ {
			switch v[i] {
			case '\\':
				i++
			case '"':
				return i
			}
		}
		return -1
	case '\'':
		for i := 1; i < len(v); i++ {
			if v[i] == '\'' {
				if i+1 < len(v) && v[i+1] == '\'' { // '' is a quote inside
					i++
					continue
				}
				return i
			}
		}
		return -1
	case '[', '{':
		depth := 0
		var quote byte
		for i := 0; i < len(v); i++ {
			c := v[i]
			switch {
			case quote != 0:
				if c == quote {
					quote = 0
				}
			case c == '"' || c == '\'':
				quote = c
			case c == '[' || c == '{':
				depth++
			case c == ']' || c == '}':
				depth--
				if depth == 0 {
					return i
				}
			}
		}
		return -1
	}
	return 0
}

// aboveHasValue reports whether the nearest non-blank line above line i is
// a top-level field with a value on its own line (so that an indented line
// below it cannot belong to it).
func aboveHasValue(lines []string, i int) bool {
	for j := i - 1; j >= 0; j-- {
		if strings.TrimSpace(lines[j]) == "" {
			continue
		}
		m := fieldLine.FindStringSubmatch(lines[j])
		return m != nil && strings.TrimSpace(m[2]) != "" && !strings.ContainsRune("|>", rune(strings.TrimSpace(m[2])[0]))
	}
	return true // the first line
}

// badItemIndent reports whether the list item on line i is indented
// differently from the item above it.
func badItemIndent(lines []string, i int) bool {
	indent := func(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }
	for j := i - 1; j >= 0; j-- {
		t := strings.TrimLeft(lines[j], " ")
		if strings.HasPrefix(t, "- ") {
			return indent(lines[j]) != indent(lines[i])
		}
		if newFieldLine.MatchString(lines[j]) {
			return false
		}
	}
	return false
}

// maxAliasExpansion bounds how many values front matter may expand to
// through YAML aliases (*name): "billion laughs" front matter of a few
// hundred bytes would otherwise expand to gigabytes when decoded.
const maxAliasExpansion = 10000

// aliasBomb returns the line (1-based in the front matter) of the alias at
// which the values aliases add to the front matter pass maxAliasExpansion,
// or of an alias that refers to the value holding it; 0 when there is
// none. Values written out do not count: a long list of topics is not a
// bomb. It counts in one pass over the parsed nodes, remembering the size
// of each anchored value, so it takes time in proportion to the text.
func aliasBomb(root *yaml.Node) (int, string) {
	type sizes struct{ total, viaAlias int } // values in all, and those aliases add
	size := map[*yaml.Node]sizes{}
	open := map[*yaml.Node]bool{}
	var bombLine int
	var why string
	var count func(n *yaml.Node) (sizes, bool)
	count = func(n *yaml.Node) (sizes, bool) {
		if n == nil || bombLine > 0 {
			return sizes{}, true
		}
		if s, ok := size[n]; ok {
			return s, true
		}
		if open[n] {
			return sizes{}, false
		}
		open[n] = true
		sz := sizes{total: 1}
		if n.Kind == yaml.AliasNode {
			s, ok := count(n.Alias)
			if !ok {
				bombLine, why = n.Line, fmt.Sprintf("the alias *%s refers to the value that holds it", n.Value)
				return sizes{}, true
			}
			sz = sizes{total: s.total, viaAlias: s.total}
		} else {
			for _, c := range n.Content {
				s, ok := count(c)
				if !ok {
					if bombLine == 0 {
						bombLine, why = c.Line, fmt.Sprintf("the alias *%s refers to the value that holds it", c.Value)
					}
					return sizes{}, true
				}
				sz.total += s.total
				sz.viaAlias += s.viaAlias
			}
		}
		if sz.viaAlias > maxAliasExpansion && bombLine == 0 {
			line := n.Line
			if n.Kind != yaml.AliasNode {
				for _, c := range n.Content { // the first alias that adds to it
					if c.Kind == yaml.AliasNode {
						line = c.Line
						break
					}
				}
			}
			bombLine, why = line, fmt.Sprintf("the aliases (*name) here expand the front matter by more than %d values", maxAliasExpansion)
		}
		open[n] = false
		size[n] = sz
		return sz, true
	}
	count(root)
	if bombLine == 0 {
		return 0, ""
	}
	return bombLine, why + "; write the values out instead of repeating them through aliases"
}

// quoteExample is v as a YAML text in quotes, for a message's example:
// single quotes, which keep every character as written, unless v holds a
// control character (a lone carriage return, which YAML takes as a line
// break, or another), which a message must not carry raw: then double
// quotes with escapes, which YAML reads back as the same text.
func quoteExample(v string) string {
	if strings.IndexFunc(v, unicode.IsControl) < 0 {
		return "'" + strings.ReplaceAll(v, "'", "''") + "'"
	}
	return strconv.Quote(v)
}
