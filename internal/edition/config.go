package edition

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// validName is the rule internal/config applies to edition names: they
// become a URL segment and a folder name.
var validName = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9._-]*$`)

// ValidName reports whether name can name an edition: letters, digits,
// '.', '_' and '-', starting with a letter or digit, since it becomes a
// folder of the site (/2024/) and of the snapshot (editions/2024/).
func ValidName(name string) bool { return len(name) <= MaxNameLen && validName.MatchString(name) }

// MaxNameLen is the longest edition name: it is a folder name twice over
// (editions/NAME/ and /NAME/), which file systems cap at 255 bytes.
const MaxNameLen = 100

// AddToConfig adds an edition from a snapshot folder to the config file at
// configPath (made if missing):
//
//	[[editions]]
//	name = "2024"
//	dir = "editions/2024"
//
// It appends text, so the file's own text, order and comments stay as the
// editor wrote them, and it checks the result by parsing it: a file that
// does not parse, an edition name already used or that is a language
// code, or a file where the table cannot be appended (editions written as
// an inline array) is an error and the file is left unchanged. dir is
// relative to the site root. The file is replaced atomically.
func AddToConfig(configPath, name, dir string) error {
	out, mode, err := appendEdition(configPath, name, dir)
	if err != nil {
		return err
	}
	return writeAtomic(configPath, out, mode)
}

// CheckAdd reports the error AddToConfig would return for the same
// arguments, without changing anything: `varde edition snapshot` asks
// before it copies any file, so a name that is taken or a config.toml that
// does not parse never leaves a half-made snapshot behind.
func CheckAdd(configPath, name, dir string) error {
	_, _, err := appendEdition(configPath, name, dir)
	return err
}

// appendEdition returns the text of the config file at configPath with the
// edition appended, and the file's permissions, or why it cannot be added.
func appendEdition(configPath, name, dir string) ([]byte, fs.FileMode, error) {
	mode := fs.FileMode(0o644)
	if !validName.MatchString(name) {
		return nil, mode, fmt.Errorf("edition: name %q must be letters, digits, '.', '_' or '-', starting with a letter or digit", name)
	}
	dir = filepath.ToSlash(dir)
	if !utf8.ValidString(dir) || dir == "" || path.IsAbs(dir) || filepath.IsAbs(dir) || dir == ".." || strings.HasPrefix(path.Clean(dir), "../") {
		return nil, mode, fmt.Errorf("edition: folder %q must be relative to the site root and inside it", dir)
	}
	data, err := os.ReadFile(configPath)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, mode, fmt.Errorf("edition: %w", err)
	}
	if info, err := os.Stat(configPath); err == nil {
		mode = info.Mode().Perm()
	}
	var before configEditions
	if _, err := toml.Decode(string(data), &before); err != nil {
		return nil, mode, fmt.Errorf("edition: %s does not parse, so the edition was not added: %w", configPath, err)
	}
	if err := before.check(name); err != nil {
		return nil, mode, fmt.Errorf("edition: %s: %w", configPath, err)
	}

	text := string(data)
	nl := "\n"
	if strings.Contains(text, "\r\n") {
		nl = "\r\n"
	}
	var b strings.Builder
	b.WriteString(text)
	if text != "" && !strings.HasSuffix(text, "\n") {
		b.WriteString(nl)
	}
	if text != "" {
		b.WriteString(nl)
	}
	fmt.Fprintf(&b, "[[editions]]%sname = %s%sdir = %s%s", nl, quote(name), nl, quote(dir), nl)
	out := b.String()

	var after configEditions
	if _, err := toml.Decode(out, &after); err != nil {
		return nil, mode, fmt.Errorf("edition: cannot append an [[editions]] table to %s (%v); add the edition by hand", configPath, err)
	}
	if n := len(after.Editions); n != len(before.Editions)+1 || after.Editions[n-1] != (editionEntry{Name: name, Dir: dir}) {
		return nil, mode, fmt.Errorf("edition: appending to %s did not add the edition as expected; add it by hand", configPath)
	}
	return []byte(out), mode, nil
}

// configEditions is the part of config.toml AddToConfig checks.
type configEditions struct {
	DefaultLanguage string         `toml:"defaultLanguage"`
	Languages       map[string]any `toml:"languages"`
	Editions        []editionEntry `toml:"editions"`
}

type editionEntry struct {
	Name string `toml:"name"`
	Ref  string `toml:"ref"`
	Dir  string `toml:"dir"`
}

// check reports why name cannot be added.
func (c configEditions) check(name string) error {
	for _, e := range c.Editions {
		if e.Name == name {
			return fmt.Errorf("an edition named %q is already configured", name)
		}
	}
	def := c.DefaultLanguage
	if def == "" {
		def = "nb"
	}
	if _, isLang := c.Languages[name]; isLang || name == def {
		return fmt.Errorf("%q is a language code; give the edition another name", name)
	}
	return nil
}

// quote writes s as a TOML basic string.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// writeAtomic replaces the file at name with data: written beside it, then
// renamed over it, so a crash leaves either the old file or the new one.
func writeAtomic(name string, data []byte, mode fs.FileMode) (err error) {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-")
	if err != nil {
		return fmt.Errorf("edition: %w", err)
	}
	defer func() {
		if err != nil {
			_ = os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(data); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), mode)
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		return fmt.Errorf("edition: writing %s: %w", name, err)
	}
	return nil
}
