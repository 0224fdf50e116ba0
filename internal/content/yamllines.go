package content

import (
	"bytes"
	"regexp"
	"strconv"
)

// yamlLines maps the line numbers the YAML parser gives to lines of the
// file. The parser counts a carriage return on its own, NEL (U+0085), LS
// (U+2028) and PS (U+2029) as line breaks besides "\n" and "\r\n"; editors
// and every other message of Varde count "\n" only. Without the map, a
// front matter line holding a stray "\r" (a file saved half by an old Mac
// tool) or an LS pasted from a web page put the fields below it at lines
// past the front matter, even past the body (found by FuzzFrontMatter).
type yamlLines []int // yamlLines[i]: line in the front matter of the parser's line i+1; nil: the same

// newYAMLLines returns the map for front matter fm, nil when the parser
// and the file count its lines alike (almost always).
func newYAMLLines(fm []byte) yamlLines {
	if bytes.IndexByte(fm, '\r') < 0 && !bytes.Contains(fm, []byte("\u0085")) &&
		!bytes.Contains(fm, []byte("\u2028")) && !bytes.Contains(fm, []byte("\u2029")) {
		return nil
	}
	m := yamlLines{1}
	line := 1
	for i := 0; i < len(fm); i++ {
		switch {
		case fm[i] == '\n':
			line++
		case fm[i] == '\r' && i+1 < len(fm) && fm[i+1] == '\n':
			i++
			line++
		case fm[i] == '\r':
		case fm[i] == 0xC2 && i+1 < len(fm) && fm[i+1] == 0x85:
			i++
		case fm[i] == 0xE2 && i+2 < len(fm) && fm[i+1] == 0x80 && (fm[i+2] == 0xA8 || fm[i+2] == 0xA9):
			i += 2
		default:
			continue
		}
		m = append(m, line)
	}
	return m
}

// line returns the line in the front matter (1-based) of the parser's
// line n; lines past the end (the parser's end of stream) stay past it.
func (m yamlLines) line(n int) int {
	switch {
	case m == nil || n < 1:
		return n
	case n <= len(m):
		return m[n-1]
	}
	return m[len(m)-1] + n - len(m)
}

var yamlLineWord = regexp.MustCompile(`line (\d+)`)

// refs makes the lines a parser message mentions ("already defined at
// line 2") lines of the file: the front matter starts on line 2.
func (m yamlLines) refs(msg string) string {
	return yamlLineWord.ReplaceAllStringFunc(msg, func(s string) string {
		n, _ := strconv.Atoi(s[len("line "):])
		return "line " + strconv.Itoa(m.line(n)+1)
	})
}
