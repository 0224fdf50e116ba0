package render

import (
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/varde-portal/varde/internal/config"
)

// FileError is a mistake in one of the theme's files (a UI string file),
// at a line when one is known, named as the editor finds the file: from
// the site's folder ("i18n/nb.toml", "themes/mitt/i18n/nb.toml").
type FileError struct {
	File string
	Line int
	Err  error
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *FileError) Unwrap() error { return e.Err }

// Strings holds the UI strings of every language, merged from the theme's
// i18n/<lang>.toml and i18n/<lang>/*.toml files (site files override).
type Strings struct {
	byLang   map[string]map[string]string
	fallback string
}

// LoadStrings reads the i18n files for the given languages.
func LoadStrings(t *Theme, langs []string, fallback string) (*Strings, error) {
	s := &Strings{byLang: map[string]map[string]string{}, fallback: fallback}
	all := t.Files("i18n")
	for _, lang := range append(append([]string{}, langs...), "nb", "en") {
		if s.byLang[lang] != nil {
			continue
		}
		m := map[string]string{}
		for _, f := range all {
			if f != lang+".toml" && !(strings.HasPrefix(f, lang+"/") && path.Ext(f) == ".toml") {
				continue
			}
			// Read every layer's copy bottom-up so the site's keys win.
			name := path.Join("i18n", f)
			data, layer, err := t.ReadFile(name)
			if err != nil {
				return nil, &FileError{File: t.filePath(layer, name), Err: err}
			}
			var kv map[string]string
			if _, err := toml.Decode(string(data), &kv); err != nil {
				line, msg := config.ExplainTOML(string(data), err)
				return nil, &FileError{File: t.filePath(layer, name), Line: line, Err: errors.New(msg)}
			}
			for k, v := range kv {
				m[k] = v
			}
		}
		s.byLang[lang] = m
	}
	return s, nil
}

// T returns the string for key in lang, falling back to the default
// language, then bokmål (for nynorsk), then English, then the key itself.
func (s *Strings) T(lang, key string) string {
	if l := s.source(lang, key); l != "" {
		return s.byLang[l][key]
	}
	return key
}

// source returns the language whose string T gives for key in lang, or "".
func (s *Strings) source(lang, key string) string {
	for _, l := range []string{lang, s.fallback, "nb", "en"} {
		if _, ok := s.byLang[l][key]; ok {
			return l
		}
	}
	return ""
}

// Singular returns the key of the singular form of key in lang, key+".one",
// when the language that gives key's string has one; else key. A singular
// goes with its own plural only: English "1 question" must not stand in a
// bokmål sentence whose language needs no singular form.
func (s *Strings) Singular(lang, key string) string {
	if l := s.source(lang, key); l != "" {
		if _, ok := s.byLang[l][key+".one"]; ok {
			return key + ".one"
		}
	}
	return key
}

// All returns every string of a language with fallbacks applied, for the
// JavaScript bundle. As in Singular, a ".one" form is kept only beside the
// string it is the singular of.
func (s *Strings) All(lang string) map[string]string {
	out := map[string]string{}
	for _, l := range []string{"en", "nb", s.fallback, lang} {
		for k, v := range s.byLang[l] {
			out[k] = v
			if _, has := s.byLang[l][k+".one"]; !has && !strings.HasSuffix(k, ".one") {
				delete(out, k+".one")
			}
		}
	}
	return out
}
