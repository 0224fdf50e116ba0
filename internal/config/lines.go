package config

import (
	"strconv"
	"strings"
)

// keyLines maps the settings of a config.toml to the lines they are written
// on, so that a message about a setting can name its line. The TOML decoder
// keeps no positions, so the file is read once more here, line by line: a
// table header ([a.b] or [[a]]) sets the prefix of the keys below it, and
// every `key = value` line records prefix.key. The n-th [[a]] is a[n].
// Inline tables and arrays are not followed: a setting inside one is found
// at the line of the key that holds it (see line).
type keyLines map[string]int

func newKeyLines(text string) keyLines {
	lines := keyLines{}
	var prefix string
	arrays := map[string]int{}
	for i, raw := range strings.Split(text, "\n") {
		n := i + 1
		s := strings.TrimSpace(raw)
		switch {
		case s == "" || s[0] == '#':
			continue
		case strings.HasPrefix(s, "[["):
			name := joinKey(strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(s[2:], "]]")), "]"))
			lines.add(name, n) // the first one, for keys named without an index
			prefix = name + "[" + strconv.Itoa(arrays[name]) + "]"
			arrays[name]++
			lines.add(prefix, n)
		case s[0] == '[':
			end := strings.LastIndexByte(s, ']')
			if end < 0 {
				continue
			}
			prefix = joinKey(s[1:end])
			lines.add(prefix, n)
		default:
			eq := strings.IndexByte(s, '=')
			if eq <= 0 {
				continue // a continuation line of a multi-line value
			}
			key := joinKey(s[:eq])
			if prefix != "" {
				key = prefix + "." + key
			}
			lines.add(key, n)
		}
	}
	return lines
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
	for key != "" {
		if n, ok := l[key]; ok {
			return n
		}
		i := strings.LastIndexAny(key, ".[")
		if i < 0 {
			break
		}
		key = key[:i]
	}
	return 0
}
