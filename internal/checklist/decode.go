package checklist

import (
	"errors"
	"fmt"
	"github.com/varde-portal/varde/internal/textdist"
	"math"
	"sort"
	"strings"
)

// DecodeScales turns the [scales] table of config.toml, as decoded into
// generic values (map[string]any), into ScaleConfigs. Unknown keys and
// values of the wrong type are reported as *FieldErrors naming the field,
// joined with errors.Join. Validation of the values themselves is left to
// Scales.
//
// A site that decodes config.toml straight into map[string]ScaleConfig does
// not need this; it exists so the config package can keep [scales] opaque.
func DecodeScales(raw map[string]any) (map[string]ScaleConfig, error) {
	names := make([]string, 0, len(raw))
	for n := range raw {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make(map[string]ScaleConfig, len(raw))
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, &FieldError{Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	for _, name := range names {
		base := "scales." + name
		table, ok := raw[name].(map[string]any)
		if !ok {
			bad(base, "must be a table ([%s]), not %s", base, typeName(raw[name]))
			continue
		}
		var c ScaleConfig
		for _, key := range sortedKeys(table) {
			v := table[key]
			switch key {
			case "kind":
				s, ok := v.(string)
				if !ok {
					bad(base+".kind", "must be a string, not %s", typeName(v))
				}
				c.Kind = s
			case "levels":
				levels, ok := tables(v)
				if !ok {
					bad(base+".levels", "must be a list of tables such as [{value = \"ja\", score = 100, label = \"Ja\"}], not %s", typeName(v))
					continue
				}
				for i, lt := range levels {
					c.Levels = append(c.Levels, decodeLevel(fmt.Sprintf("%s.levels[%d]", base, i), lt, bad))
				}
			default:
				bad(base+"."+key, "unknown setting%s", didYouMean(key, "kind", "levels"))
			}
		}
		out[name] = c
	}
	return out, errors.Join(errs...)
}

func decodeLevel(field string, lt map[string]any, bad func(field, format string, args ...any)) LevelConfig {
	var l LevelConfig
	for _, key := range sortedKeys(lt) {
		v := lt[key]
		switch key {
		case "value":
			switch v := v.(type) {
			case string:
				l.Value = v
			case int64: // value = 1 is as good as value = "1"
				l.Value = fmt.Sprint(v)
			default:
				bad(field+".value", "must be a string, not %s", typeName(v))
			}
		case "score":
			switch v := v.(type) {
			case int64:
				if v < math.MinInt32 || v > math.MaxInt32 {
					bad(field+".score", "%d is outside 0–100", v)
					continue
				}
				n := int(v)
				l.Score = &n
			case float64:
				if v != math.Trunc(v) || v < -1 || v > 100 {
					bad(field+".score", "must be a whole number 0–100 or -1, not %v", v)
					continue
				}
				n := int(v)
				l.Score = &n
			default:
				bad(field+".score", "must be a number 0–100 or -1, not %s", typeName(v))
			}
		case "label", "description":
			t, err := textOf(v)
			if err != nil {
				bad(field+"."+key, "%v", err)
				continue
			}
			if key == "label" {
				l.Label = t
			} else {
				l.Description = t
			}
		default:
			bad(field+"."+key, "unknown setting%s", didYouMean(key, "value", "score", "label", "description"))
		}
	}
	return l
}

// tables accepts both forms TOML gives a list of tables in: [[x.levels]]
// sections and an inline array of inline tables.
func tables(v any) ([]map[string]any, bool) {
	switch v := v.(type) {
	case []map[string]any:
		return v, true
	case []any:
		out := make([]map[string]any, len(v))
		for i, e := range v {
			m, ok := e.(map[string]any)
			if !ok {
				return nil, false
			}
			out[i] = m
		}
		return out, true
	}
	return nil, false
}

// didYouMean suggests the known key nearest to a misspelt one, else lists
// the known keys.
func didYouMean(key string, known ...string) string {
	for _, k := range known {
		if textdist.Distance(key, k) <= 2 {
			return fmt.Sprintf(" (did you mean %q?)", k)
		}
	}
	return " (known: " + strings.Join(known, ", ") + ")"
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "nothing"
	case string:
		return "a string"
	case int64, float64:
		return "a number"
	case bool:
		return "true/false"
	case []any, []map[string]any:
		return "a list"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%T", v)
}
