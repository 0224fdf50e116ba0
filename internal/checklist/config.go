package checklist

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// ScaleConfig is one scale as written in config.toml:
//
//	[scales.tiltak]
//	kind = "choice"   # or "check"; default "choice"
//	levels = [
//	  {value = "ferdig", score = 100, label = {nb = "Ferdig", nn = "Ferdig", en = "Done"}},
//	  {value = "pagar", score = 50, label = {nb = "Pågår", nn = "Pågår", en = "Ongoing"},
//	   description = {nb = "Arbeidet er i gang.", nn = "Arbeidet er i gang.", en = "Work has started."}},
//	  {value = "ikke-startet", score = 0, label = "Ikke startet"},
//	]
//
// A label or description may be a plain string (the same in every language)
// or a table by language code. A scale named status, maturity or check
// replaces the built-in one.
type ScaleConfig struct {
	Kind   string        `toml:"kind"`
	Levels []LevelConfig `toml:"levels"`
}

// LevelConfig is one answer of a configured scale.
type LevelConfig struct {
	Value       string `toml:"value"`
	Score       *int   `toml:"score"` // pointer, so that a missing score is an error rather than 0
	Label       Text   `toml:"label"`
	Description Text   `toml:"description"`
}

// Text is a string in several languages, by language code. The key "*"
// holds a text given as a plain string, which serves every language.
type Text map[string]string

// UnmarshalTOML accepts a string or a table of strings by language.
func (t *Text) UnmarshalTOML(v any) error {
	out, err := textOf(v)
	if err != nil {
		return err
	}
	*t = out
	return nil
}

func textOf(v any) (Text, error) {
	switch v := v.(type) {
	case string:
		return Text{"*": v}, nil
	case map[string]any:
		out := Text{}
		for lang, s := range v {
			str, ok := s.(string)
			if !ok {
				return nil, fmt.Errorf("the text for %q must be a string, not %s", lang, typeName(s))
			}
			out[lang] = str
		}
		return out, nil
	}
	return nil, fmt.Errorf("must be a string or a table by language such as {nb = \"…\", nn = \"…\", en = \"…\"}, not %s", typeName(v))
}

// In returns the text in lang, falling back to the text given for every
// language, then bokmål, then English, then any language.
func (t Text) In(lang string) string {
	for _, l := range []string{lang, "*", "nb", "en"} {
		if s := strings.TrimSpace(t[l]); s != "" {
			return s
		}
	}
	langs := make([]string, 0, len(t))
	for l := range t {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, l := range langs {
		if s := strings.TrimSpace(t[l]); s != "" {
			return s
		}
	}
	return ""
}

// FieldError is a problem with one setting of config.toml.
type FieldError struct {
	Field string // e.g. scales.foo.levels[2].score
	Msg   string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Msg }

var (
	scaleName  = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)
	levelValue = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9.-]*$`)
)

// Scales returns every scale with labels in lang: the built-in ones and
// those configured in config.toml, a configured scale replacing a built-in
// one of the same name. The error joins one *FieldError per problem in
// custom (errors.Join; unwrap with interface{ Unwrap() []error }). A scale
// with problems is returned too, as well as it can be read: it is defined,
// and a page that names it must not be told otherwise (the build fails on
// the error in config.toml, so it is never published).
func Scales(lang string, custom map[string]ScaleConfig) (map[string]Scale, error) {
	out := make(map[string]Scale, len(builtin)+len(custom))
	for name, c := range builtin {
		out[name] = c.resolve(name, lang)
	}
	names := make([]string, 0, len(custom))
	for name := range custom {
		names = append(names, name)
	}
	sort.Strings(names)
	var errs []error
	for _, name := range names {
		c := custom[name]
		errs = append(errs, c.Validate(name)...)
		out[name] = c.resolve(name, lang)
	}
	return out, errors.Join(errs...)
}

// ScaleNames returns the names of scales, sorted, for messages.
func ScaleNames(scales map[string]Scale) []string {
	names := make([]string, 0, len(scales))
	for n := range scales {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Validate checks a configured scale and returns one *FieldError per
// problem.
func (c ScaleConfig) Validate(name string) []error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, &FieldError{Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	base := "scales." + name
	if !scaleName.MatchString(name) {
		bad(base, "the name may only hold lower-case letters a–z, digits, '-' and '_', and is written in front matter as scale: <name>")
	}
	kind := c.Kind
	if kind == "" {
		kind = KindChoice
	}
	switch kind {
	case KindChoice:
		if len(c.Levels) < 2 {
			bad(base+".levels", "a choice scale needs at least two levels, it has %d", len(c.Levels))
		}
	case KindCheck:
		if len(c.Levels) != 1 {
			bad(base+".levels", "a check scale has exactly one level (the ticked box), it has %d", len(c.Levels))
		}
	default:
		bad(base+".kind", "%q is not a kind; use \"choice\" (pick one level) or \"check\" (one checkbox)", c.Kind)
	}
	seen := map[string]int{}
	scored := false
	for i, l := range c.Levels {
		field := fmt.Sprintf("%s.levels[%d]", base, i)
		switch {
		case l.Value == "":
			bad(field+".value", "missing; give the answer as stored, e.g. value = \"ja\"")
		case !levelValue.MatchString(l.Value) || len(l.Value) > 40:
			bad(field+".value", "%q may only hold letters a–z, digits, '-' and '.' (at most 40)", l.Value)
		default:
			if j, dup := seen[l.Value]; dup {
				bad(field+".value", "%q is also the value of levels[%d]", l.Value, j)
			}
			seen[l.Value] = i
		}
		switch {
		case l.Score == nil:
			bad(field+".score", "missing; give 0–100, or -1 to leave the answer out of scores")
		case *l.Score == Excluded && kind == KindCheck:
			bad(field+".score", "the level of a check scale needs a score of 0–100")
		case *l.Score != Excluded && (*l.Score < 0 || *l.Score > 100):
			bad(field+".score", "%d is outside 0–100 (use -1 to leave %q out of scores)", *l.Score, l.Value)
		case *l.Score >= 0:
			scored = true
		}
		if l.Label.In("") == "" {
			bad(field+".label", "missing; give the text readers see, e.g. label = {nb = \"Ja\", nn = \"Ja\", en = \"Yes\"}")
		}
	}
	if kind == KindChoice && len(c.Levels) >= 2 && !scored {
		bad(base+".levels", "no level has a score of 0–100, so answers could never be scored")
	}
	return errs
}

func (c ScaleConfig) resolve(name, lang string) Scale {
	s := Scale{Name: name, Kind: c.Kind, Levels: make([]Level, len(c.Levels))}
	if s.Kind != KindCheck || len(c.Levels) != 1 {
		// Also a scale with problems is given a shape the renderer can
		// show, so a dev-server preview never trips on it.
		s.Kind = KindChoice
	}
	for i, l := range c.Levels {
		score := 0
		if l.Score != nil {
			score = *l.Score
		}
		s.Levels[i] = Level{Value: l.Value, Label: l.Label.In(lang), Description: l.Description.In(lang), Score: score}
	}
	return s
}
