package search

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"unicode/utf8"
)

// The bleve index's tables (<lang>.docs, .fields, .prints, .vocab) are
// written on every build, a one-page rebuild's too, and read with
// encoding/json. encoding/json's reflection made writing them tens of
// milliseconds of CPU on the 10,000-page corpus (the dictionary alone is
// 4 MB); these writers append the very bytes json.Marshal gives for the
// same values (TestTablesJSONAsMarshal), so readers see no difference.

// jsonBuf appends JSON to b.
type jsonBuf struct {
	b   []byte
	err error
}

const jsonHex = "0123456789abcdef"

// str appends s as json.Marshal does: HTML-safe (<, >, & escaped),
// invalid UTF-8 as U+FFFD, U+2028 and U+2029 escaped.
func (j *jsonBuf) str(s string) {
	dst := append(j.b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '\\', '"':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', jsonHex[c>>4], jsonHex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', jsonHex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	j.b = append(dst, '"')
}

func (j *jsonBuf) raw(s string) { j.b = append(j.b, s...) }

func (j *jsonBuf) int(n int64) { j.b = strconv.AppendInt(j.b, n, 10) }

// float appends f as json.Marshal does a float64.
func (j *jsonBuf) float(f float64) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		if j.err == nil {
			j.err = fmt.Errorf("json: unsupported value: %v", f)
		}
		j.b = append(j.b, '0')
		return
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b := strconv.AppendFloat(j.b, f, format, -1, 64)
	if format == 'e' {
		// e-09 to e-9, as encoding/json does
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	j.b = b
}

func (j *jsonBuf) strs(ss []string) {
	if ss == nil {
		j.raw("null")
		return
	}
	j.b = append(j.b, '[')
	for i, s := range ss {
		if i > 0 {
			j.b = append(j.b, ',')
		}
		j.str(s)
	}
	j.b = append(j.b, ']')
}

func (j *jsonBuf) int32s(ns []int32) {
	if ns == nil {
		j.raw("null")
		return
	}
	j.b = append(j.b, '[')
	for i, n := range ns {
		if i > 0 {
			j.b = append(j.b, ',')
		}
		j.int(int64(n))
	}
	j.b = append(j.b, ']')
}

func (j *jsonBuf) stat(v *[nStatFields]int32) {
	j.b = append(j.b, '[')
	for i, n := range v {
		if i > 0 {
			j.b = append(j.b, ',')
		}
		j.int(int64(n))
	}
	j.b = append(j.b, ']')
}

func (j *jsonBuf) stats(vs [][nStatFields]int32) {
	if vs == nil {
		j.raw("null")
		return
	}
	j.b = append(j.b, '[')
	for i := range vs {
		if i > 0 {
			j.b = append(j.b, ',')
		}
		j.stat(&vs[i])
	}
	j.b = append(j.b, ']')
}

// jsonKeys returns m's keys in the order json.Marshal writes them.
func jsonKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (j *jsonBuf) strsMap(m map[string][]string) {
	if m == nil {
		j.raw("null")
		return
	}
	j.b = append(j.b, '{')
	for i, k := range jsonKeys(m) {
		if i > 0 {
			j.b = append(j.b, ',')
		}
		j.str(k)
		j.b = append(j.b, ':')
		j.strs(m[k])
	}
	j.b = append(j.b, '}')
}

func (j *jsonBuf) thes(m thesTable) {
	if m == nil {
		j.raw("null")
		return
	}
	j.b = append(j.b, '{')
	for i, k := range jsonKeys(m) {
		if i > 0 {
			j.b = append(j.b, ',')
		}
		j.str(k)
		j.b = append(j.b, ':')
		groups := m[k]
		if groups == nil {
			j.raw("null")
			continue
		}
		j.b = append(j.b, '[')
		for g, ss := range groups {
			if g > 0 {
				j.b = append(j.b, ',')
			}
			j.strs(ss)
		}
		j.b = append(j.b, ']')
	}
	j.b = append(j.b, '}')
}

// appendJSON is json.Marshal(v).
func (v *vocab) appendJSON(b []byte) ([]byte, error) {
	// Sized ahead (4 MB at 10,000 pages, grown by doubling otherwise):
	// the terms twice over, their counts, and as much again for the
	// pieces and the thesaurus.
	size := 64 * len(v.Terms)
	for _, t := range v.Terms {
		size += 2 * len(t)
	}
	if cap(b)-len(b) < size {
		b = append(make([]byte, 0, len(b)+size), b...)
	}
	j := jsonBuf{b: b}
	j.raw(`{"n":`)
	j.int(int64(v.N))
	j.raw(`,"terms":`)
	j.strs(v.Terms)
	j.raw(`,"df":`)
	j.stats(v.DF)
	j.raw(`,"cdf":`)
	j.int32s(v.CDF)
	j.raw(`,"pieces":`)
	j.strsMap(v.Pieces)
	j.raw(`,"thes":`)
	j.thes(v.Thes)
	j.raw("}")
	return j.b, j.err
}

// appendJSON is json.Marshal(t).
func (t *fieldTable) appendJSON(b []byte) ([]byte, error) {
	j := jsonBuf{b: b}
	j.raw(`{"lens":`)
	j.stats(t.Lens)
	if len(t.Spill) > 0 {
		j.raw(`,"spill":`)
		j.strs(t.Spill)
	}
	j.raw("}")
	return j.b, j.err
}

// appendJSON is json.Marshal(t).
func (t *docTable) appendJSON(b []byte) ([]byte, error) {
	j := jsonBuf{b: b}
	j.raw(`{"ids":`)
	j.strs(t.IDs)
	j.raw(`,"urls":`)
	j.strs(t.URLs)
	j.raw(`,"titles":`)
	j.strs(t.Titles)
	j.raw(`,"types":`)
	j.strs(t.Types)
	j.raw(`,"type":`)
	j.int32s(t.Type)
	j.raw(`,"audiences":`)
	j.strs(t.Audiences)
	j.raw(`,"aud":`)
	if t.Aud == nil {
		j.raw("null")
	} else {
		j.b = append(j.b, '[')
		for i, a := range t.Aud {
			if i > 0 {
				j.b = append(j.b, ',')
			}
			j.int32s(a)
		}
		j.b = append(j.b, ']')
	}
	j.raw(`,"prior":`)
	if t.Prior == nil {
		j.raw("null")
	} else {
		j.b = append(j.b, '[')
		for i, p := range t.Prior {
			if i > 0 {
				j.b = append(j.b, ',')
			}
			j.float(p)
		}
		j.b = append(j.b, ']')
	}
	j.raw("}")
	return j.b, j.err
}

// appendJSON is json.Marshal(t).
func (t *printTable) appendJSON(b []byte) ([]byte, error) {
	j := jsonBuf{b: b}
	j.raw(`{"ids":`)
	j.strs(t.IDs)
	j.raw(`,"prints":`)
	j.strs(t.Prints)
	j.raw("}")
	return j.b, j.err
}

// jsonAppender is a table that writes its own JSON.
type jsonAppender interface {
	appendJSON(b []byte) ([]byte, error)
}

// writeTableJSON writes a table's JSON to path atomically, as writeJSON.
func writeTableJSON(path string, t jsonAppender) error {
	data, err := t.appendJSON(nil)
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	return writeFileAtomic(path, data)
}
