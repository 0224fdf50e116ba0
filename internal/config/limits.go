package config

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Defaults of the Markdown limits (the markdown package applies the same
// when given zero).
const (
	DefaultMaxPageSize = 5 << 20
	DefaultMaxNesting  = 100
)

// DefaultMaxPageText is how much of a page's text the search indexes
// unless [search] maxPageText says otherwise.
const DefaultMaxPageText = 1 << 20

// ByteSize is a size written as a number of bytes or as a string with a
// unit: "5MB", "800 KB", "1.5MiB". The value is read as it stands and
// checked in fill, so that a bad one is reported at its line.
type ByteSize struct {
	Bytes int
	raw   any
}

// UnmarshalTOML keeps the value for fillLimits.
func (s *ByteSize) UnmarshalTOML(v any) error {
	s.raw = v
	return nil
}

var sizeUnits = map[string]float64{
	"": 1, "b": 1,
	"kb": 1 << 10, "kib": 1 << 10, "k": 1 << 10,
	"mb": 1 << 20, "mib": 1 << 20, "m": 1 << 20,
	"gb": 1 << 30, "gib": 1 << 30, "g": 1 << 30,
}

// parseSize reads a ByteSize's value; KB and MB are binary (1024), as
// editors' file browsers mostly show them.
func parseSize(v any) (int, error) {
	var f float64
	switch v := v.(type) {
	case int64:
		f = float64(v)
	case float64:
		f = v
	case string:
		s := strings.TrimSpace(v)
		i := 0
		for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
			i++
		}
		n, err := strconv.ParseFloat(s[:i], 64)
		unit, ok := sizeUnits[strings.ToLower(strings.TrimSpace(s[i:]))]
		if err != nil || !ok {
			return 0, fmt.Errorf("%q is not a size such as \"5MB\", \"800KB\" or a number of bytes", v)
		}
		f = n * unit
	default:
		return 0, fmt.Errorf("give a size such as \"5MB\" or a number of bytes")
	}
	if f < 1 || f > math.MaxInt32 || math.IsNaN(f) {
		return 0, fmt.Errorf("must be from 1 byte to 2GB")
	}
	return int(f), nil
}

// fillLimits checks [markup] maxPageSize and maxNesting and sets their
// defaults.
func (m *Markup) fillLimits(bad func(key, format string, args ...any)) {
	if m.MaxPageSize.raw == nil {
		m.MaxPageSize.Bytes = DefaultMaxPageSize
	} else if n, err := parseSize(m.MaxPageSize.raw); err != nil {
		bad("markup.maxPageSize", "%v", err)
		m.MaxPageSize.Bytes = DefaultMaxPageSize
	} else {
		m.MaxPageSize.Bytes = n
	}
	switch {
	case m.MaxNesting == 0:
		m.MaxNesting = DefaultMaxNesting
	case m.MaxNesting < 1 || m.MaxNesting > 10000:
		bad("markup.maxNesting", "%d must be a number of levels from 1 to 10000", m.MaxNesting)
		m.MaxNesting = DefaultMaxNesting
	}
}

// fillLimits checks [search] maxPageText and sets its default.
func (s *Search) fillLimits(bad func(key, format string, args ...any)) {
	s.MaxPageText.Bytes = DefaultMaxPageText
	if s.MaxPageText.raw == nil {
		return
	}
	if n, err := parseSize(s.MaxPageText.raw); err != nil {
		bad("search.maxPageText", "%v", err)
	} else {
		s.MaxPageText.Bytes = n
	}
}

// FormatSize writes a byte count as editors read it: 5 MB, 300 KB, 12 bytes.
func FormatSize(n int) string {
	switch {
	case n >= 1<<20:
		return trimZero(fmt.Sprintf("%.1f", float64(n)/(1<<20))) + " MB"
	case n >= 1<<10:
		return trimZero(fmt.Sprintf("%.1f", float64(n)/(1<<10))) + " KB"
	}
	return fmt.Sprintf("%d bytes", n)
}

func trimZero(s string) string {
	if len(s) > 2 && s[len(s)-2:] == ".0" {
		return s[:len(s)-2]
	}
	return s
}
