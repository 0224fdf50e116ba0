package content

import (
	"bytes"
	"strconv"
	"unicode/utf8"
)

// simpleYAML reads front matter written in the plain shape almost every
// page has, one field a line:
//
//	title: "Tilgangsstyring i fagsystemer"
//	description: Slik gjør du det.
//	topics: [tilgang, logging]
//	weight: 8
//	draft: false
//
// and returns what parseFrontMatter's YAML decoding returns for it: the
// fields' values as yaml.v3 decodes them into a map (after
// keepNumbersAsWritten) and the line of each field in the file. Anything
// else (comments, nested fields, escapes, quotes of the other kind, blanks
// at a line's end, a tab, any value that YAML could read as something
// other than its text) makes ok false, and the caller parses with yaml.v3,
// which also gives the errors. yaml.v3 built a node tree and decoded it
// for every page: it was more than half of reading the content
// (docs/performance.md, "Session 17: Markdown and overlap"). FuzzSimpleYAML
// holds the two to the same result.
func simpleYAML(fm []byte) (raw map[string]any, lines map[string]int, ok bool) {
	if !simpleText(fm) {
		return nil, nil, false
	}
	raw, lines = map[string]any{}, map[string]int{}
	line := 1
	for len(fm) > 0 {
		l := fm
		if i := bytes.IndexByte(fm, '\n'); i >= 0 {
			l, fm = fm[:i], fm[i+1:]
		} else {
			fm = nil
		}
		line++ // the front matter starts on the file's second line
		if len(l) == 0 {
			continue
		}
		colon := bytes.IndexByte(l, ':')
		if colon <= 0 || colon+2 > len(l) || l[colon+1] != ' ' || !simpleKey(l[:colon]) || l[len(l)-1] == ' ' {
			return nil, nil, false
		}
		key, value := string(l[:colon]), l[colon+2:]
		if _, dup := raw[key]; dup {
			return nil, nil, false // yaml.v3 refuses it, with its message
		}
		v, ok := simpleValue(value)
		if !ok {
			return nil, nil, false
		}
		if _, number := v.(int); number && (fields[key] == "string" || fields[key] == "list") {
			v = string(value) // keepNumbersAsWritten
		}
		raw[key], lines[key] = v, line
	}
	return raw, lines, true
}

// simpleText reports whether fm holds only characters YAML prints (no
// control character but the line feed, no tab, carriage return or other
// line break), each as valid UTF-8.
func simpleText(fm []byte) bool {
	for i := 0; i < len(fm); {
		c := fm[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\n') || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(fm[i:])
		switch {
		case r == utf8.RuneError, r < 0xA0, r == 0x2028, r == 0x2029, r >= 0xD800 && r < 0xE000, r == 0xFEFF, r == 0xFFFE, r == 0xFFFF:
			return false
		}
		i += size
	}
	return true
}

// simpleKey: a field name of lower-case ASCII letters, digits and '_',
// starting with a letter, and short (YAML takes a key without '?' of at
// most 1,024 characters; found by FuzzSimpleYAML).
func simpleKey(k []byte) bool {
	if len(k) == 0 || len(k) > 64 || k[0] < 'a' || k[0] > 'z' {
		return false
	}
	for _, c := range k {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// simpleValue decodes a value of the plain shape as yaml.v3 does into an
// interface: a double-quoted text without escapes, a flow list of words,
// a small integer, true or false, or a plain text that YAML cannot read as
// anything else.
func simpleValue(v []byte) (any, bool) {
	switch {
	case len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"':
		in := v[1 : len(v)-1]
		if bytes.IndexByte(in, '"') >= 0 || bytes.IndexByte(in, '\\') >= 0 {
			return nil, false
		}
		return string(in), true
	case v[0] == '[':
		if v[len(v)-1] != ']' {
			return nil, false
		}
		in := v[1 : len(v)-1]
		list := []any{}
		if len(in) == 0 {
			return list, true
		}
		for _, w := range bytes.Split(in, []byte(", ")) {
			if !simpleWord(w) {
				return nil, false
			}
			list = append(list, string(w))
		}
		return list, true
	case v[0] >= '0' && v[0] <= '9':
		if len(v) > 9 || (v[0] == '0' && len(v) > 1) {
			return nil, false
		}
		n, err := strconv.Atoi(string(v))
		if err != nil {
			return nil, false
		}
		return n, true
	case string(v) == "true":
		return true, true
	case string(v) == "false":
		return false, true
	}
	if !plainText(v) {
		return nil, false
	}
	return string(v), true
}

// simpleWord: an item of a flow list that YAML reads as a text, the same
// as written: lower-case ASCII letters, digits, '-' and '_', starting with
// a letter, and not a word YAML (1.1 or 1.2) reads as true, false or null.
func simpleWord(w []byte) bool {
	if len(w) == 0 || w[0] < 'a' || w[0] > 'z' || yamlWords[string(w)] {
		return false
	}
	for _, c := range w {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

var yamlWords = map[string]bool{"true": true, "false": true, "null": true, "yes": true, "no": true, "on": true, "off": true, "y": true, "n": true}

// plainText: an unquoted text that YAML reads as itself: it starts with an
// ASCII letter, holds no ':' or '#' (a mapping or a comment) and is not a
// word YAML reads as true, false or null, in any case.
func plainText(v []byte) bool {
	if c := v[0]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
		return false
	}
	if bytes.IndexByte(v, ':') >= 0 || bytes.IndexByte(v, '#') >= 0 || yamlWords[string(bytes.ToLower(v))] {
		return false
	}
	return true
}
