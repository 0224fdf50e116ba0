package config

import (
	"sort"
	"strconv"
	"strings"
)

// keyLines maps the settings of a config.toml to the lines they are written
// on, so that a message about a setting can name its line. The TOML decoder
// keeps no positions, so the text is scanned once more here: a table header
// ([a.b] or [[a]]) sets the prefix of the keys below it, every `key = value`
// records prefix.key, the n-th [[a]] is a[n], and the values are followed
// into inline arrays and tables, so that the second level of
//
//	levels = [
//	  {value = "ja", score = 100},
//	  {value = "nei", score = "x"},
//	]
//
// is levels[1] on its own line and levels[1].score where score is written.
// The scanner never fails: on text that is not TOML it records what it can
// (the decoder reports the syntax error).
type keyLines map[string]int

// maxValueDepth bounds how deep the scanner follows nested arrays and
// tables; deeper values are skipped (a hostile config.toml must not run the
// stack deep).
const maxValueDepth = 64

func newKeyLines(text string) keyLines {
	k := &keyScanner{text: text, lines: keyLines{}, arrays: map[string]int{}}
	for i, c := range text {
		if c == '\n' {
			k.starts = append(k.starts, i+1)
		}
	}
	k.scan()
	return k.lines
}

type keyScanner struct {
	text   string
	pos    int
	starts []int // offsets where lines 2, 3, … start
	lines  keyLines
	prefix string
	arrays map[string]int // [[a]] seen so far, by name
}

// line returns the 1-based line of offset pos.
func (k *keyScanner) line(pos int) int {
	return sort.SearchInts(k.starts, pos+1) + 1
}

func (k *keyScanner) eof() bool { return k.pos >= len(k.text) }

// skipSpace skips spaces and tabs, and also newlines and comments when
// lines is set.
func (k *keyScanner) skipSpace(lines bool) {
	for !k.eof() {
		switch c := k.text[k.pos]; {
		case c == ' ' || c == '\t' || c == '\r':
			k.pos++
		case lines && c == '\n':
			k.pos++
		case lines && c == '#':
			k.skipLine()
		default:
			return
		}
	}
}

// skipLine moves past the next newline.
func (k *keyScanner) skipLine() {
	if k.pos >= len(k.text) {
		k.pos = len(k.text)
		return
	}
	if i := strings.IndexByte(k.text[k.pos:], '\n'); i >= 0 {
		k.pos += i + 1
	} else {
		k.pos = len(k.text)
	}
}

func (k *keyScanner) scan() {
	for !k.eof() {
		k.skipSpace(true)
		if k.eof() {
			return
		}
		start := k.pos
		if k.text[k.pos] == '[' {
			k.header()
			continue
		}
		key, ok := k.key()
		if !ok {
			k.skipLine()
			continue
		}
		if k.prefix != "" {
			key = k.prefix + "." + key
		}
		k.lines.add(key, k.line(start))
		k.value(key, 0)
		k.skipLine() // a comment or junk after the value
	}
}

// header reads a table header line: [a.b] or [[a]].
func (k *keyScanner) header() {
	n := k.line(k.pos)
	end := strings.IndexByte(k.text[k.pos:], '\n')
	if end < 0 {
		end = len(k.text) - k.pos
	}
	s := strings.TrimSpace(k.text[k.pos : k.pos+end])
	k.skipLine()
	if strings.HasPrefix(s, "[[") {
		name := joinKey(strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(stripComment(s[2:])), "]]"), "]")))
		k.lines.addParents(name, n)
		k.lines.add(name, n) // the first one, for keys named without an index
		k.prefix = name + "[" + strconv.Itoa(k.arrays[name]) + "]"
		k.arrays[name]++
		k.lines.add(k.prefix, n)
		return
	}
	if e := strings.LastIndexByte(stripComment(s), ']'); e > 0 {
		k.prefix = joinKey(s[1:e])
		k.lines.addParents(k.prefix, n)
		k.lines.add(k.prefix, n)
	}
}

// stripComment cuts a header line's comment (headers hold no '#' of their
// own unless quoted, which config.toml does not need).
func stripComment(s string) string {
	if i := strings.IndexByte(s, '#'); i >= 0 {
		return strings.TrimSpace(s[:i])
	}
	return s
}

// key reads a (dotted, maybe quoted) key up to its '=' on the same line and
// returns it normalised; ok is false when the line has no '='.
func (k *keyScanner) key() (string, bool) {
	start := k.pos
	var quote byte
	for ; !k.eof(); k.pos++ {
		c := k.text[k.pos]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			} else if c == '\n' {
				return "", false
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '=':
			// A quoted empty key ("" = 1) is a key too; only a line
			// that starts with '=' has none.
			raw := strings.TrimSpace(k.text[start:k.pos])
			k.pos++
			return joinKey(raw), raw != ""
		case c == '\n' || c == '#' || c == ',' || c == '}' || c == ']' || c == '{' || c == '[':
			return "", false
		}
	}
	return "", false
}

// value skips the value of path, following arrays and inline tables.
func (k *keyScanner) value(path string, depth int) {
	k.skipSpace(false)
	if k.eof() {
		return
	}
	switch c := k.text[k.pos]; c {
	case '"', '\'':
		k.str()
	case '[':
		if depth < maxValueDepth {
			k.array(path, depth+1)
			return
		}
		k.skipLine()
	case '{':
		if depth < maxValueDepth {
			k.table(path, depth+1)
			return
		}
		k.skipLine()
	default: // a number, date, boolean or junk: up to the next delimiter
		for !k.eof() && !strings.ContainsRune(",]}\n#", rune(k.text[k.pos])) {
			k.pos++
		}
	}
}

// str skips a string: basic or literal, on one line or triple-quoted.
func (k *keyScanner) str() {
	q := k.text[k.pos]
	triple := strings.Repeat(string(q), 3)
	if strings.HasPrefix(k.text[k.pos:], triple) {
		k.pos += 3
		if i := strings.Index(k.text[k.pos:], triple); i >= 0 {
			k.pos += i + 3
		} else {
			k.pos = len(k.text)
		}
		return
	}
	for k.pos++; !k.eof(); k.pos++ {
		switch c := k.text[k.pos]; {
		case c == '\\' && q == '"' && k.pos+1 < len(k.text):
			k.pos++
		case c == q:
			k.pos++
			return
		case c == '\n': // never closed: the decoder says so
			return
		}
	}
}

func (k *keyScanner) array(path string, depth int) {
	k.pos++ // [
	for i := 0; ; {
		k.skipSpace(true)
		if k.eof() {
			return
		}
		switch k.text[k.pos] {
		case ']':
			k.pos++
			return
		case ',':
			k.pos++
			i++
			continue
		case '}', '=':
			k.pos++ // junk; keep going
			continue
		}
		elem := path + "[" + strconv.Itoa(i) + "]"
		k.lines.add(elem, k.line(k.pos))
		before := k.pos
		k.value(elem, depth)
		if k.pos == before {
			k.pos++
		}
	}
}

func (k *keyScanner) table(path string, depth int) {
	k.pos++ // {
	for {
		k.skipSpace(true)
		if k.eof() {
			return
		}
		switch k.text[k.pos] {
		case '}':
			k.pos++
			return
		case ',':
			k.pos++
			continue
		}
		start := k.pos
		key, ok := k.key()
		if !ok {
			if k.pos == start {
				k.pos++
			}
			continue
		}
		k.lines.add(path+"."+key, k.line(start))
		k.value(path+"."+key, depth)
	}
}

// addParents records the tables a header defines on the way to its own
// ([scales.x.levels] defines scales and scales.x), unless they are written
// earlier, so that a message about one of them has a line.
func (l keyLines) addParents(key string, n int) {
	for i := 0; i < len(key); i++ {
		if key[i] == '.' {
			l.add(key[:i], n)
		}
	}
}

func (l keyLines) add(key string, n int) {
	if _, ok := l[key]; !ok {
		l[key] = n
	}
}

// joinKey normalises a TOML key (`a . "b c"`) to the dotted form the
// messages use (`a.b c`).
func joinKey(k string) string {
	var parts []string
	for _, p := range splitKey(k) {
		p = strings.TrimSpace(p)
		if len(p) >= 2 && (p[0] == '"' || p[0] == '\'') && p[len(p)-1] == p[0] {
			p = p[1 : len(p)-1]
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, ".")
}

// splitKey splits a dotted key at the dots outside quotes.
func splitKey(k string) []string {
	var parts []string
	var quote byte
	start := 0
	for i := 0; i < len(k); i++ {
		switch c := k[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '.':
			parts = append(parts, k[start:i])
			start = i + 1
		}
	}
	return append(parts, k[start:])
}

// line returns the line of key (dotted, arrays as a[0]), or of the nearest
// setting that holds it; 0 when neither is in the file.
func (l keyLines) line(key string) int {
	for {
		if n, ok := l[key]; ok {
			return n
		}
		// The TOML decoder matches setting names regardless of case
		// (defaultlanguage sets defaultLanguage), so a message about one
		// must find it as written.
		for k, n := range l {
			if strings.EqualFold(k, key) {
				return n
			}
		}
		i := strings.LastIndexAny(key, ".[")
		if i < 0 {
			return 0
		}
		key = key[:i]
	}
}
