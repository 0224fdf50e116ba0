package config

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"
)

// Pack is a content pack the site builds on (docs/format.md, "Packs"): a
// folder or a git repository laid out like a site, whose files the site's
// own files override one by one.
type Pack struct {
	Name    string   `toml:"name"`    // short name, also the cache folder .varde/packs/NAME
	Path    string   `toml:"path"`    // a folder, relative to the site
	Git     string   `toml:"git"`     // or a repository URL git can clone
	Ref     string   `toml:"ref"`     // with the tag or commit it is pinned to
	Exclude []string `toml:"exclude"` // pack content paths or globs the site leaves out
}

// Source names the pack's origin in messages: its folder or URL and ref.
func (p Pack) Source() string {
	if p.Git != "" {
		return p.Git + "@" + p.Ref
	}
	return p.Path
}

var packName = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9._-]*$`)

// valueName is what may stand between {{ and }} in a page.
var valueName = regexp.MustCompile(`^[a-zA-Z0-9_-]+(\.[a-zA-Z0-9_-]+)*$`)

// fillPacks validates [[packs]] and flattens [values].
func (c *Config) fillPacks(bad func(key, format string, args ...any)) {
	seen := map[string]bool{}
	for i := range c.Packs {
		p := &c.Packs[i]
		key := func(f string) string { return fmt.Sprintf("packs[%d].%s", i, f) }
		switch {
		case p.Name == "":
			bad(fmt.Sprintf("packs[%d]", i), "a pack needs a name (letters, digits, '.', '_' or '-'), e.g. name = \"ks\"")
		case !packName.MatchString(p.Name):
			bad(key("name"), "%q must be letters, digits, '.', '_' or '-': it names the folder .varde/packs/%s", p.Name, p.Name)
		case seen[p.Name]:
			bad(key("name"), "%q is used by two packs", p.Name)
		}
		seen[p.Name] = true
		switch {
		case (p.Path == "") == (p.Git == ""):
			bad(fmt.Sprintf("packs[%d]", i), "pack %q: give either path (a folder, relative to the site) or git (a repository URL, with ref), not both or neither", p.Name)
		case p.Git != "" && strings.TrimSpace(p.Ref) == "":
			bad(key("git"), "pack %q: a git pack needs ref, the tag or commit it is pinned to (e.g. ref = \"2026.1\"), so that the site builds the same text until you move the pin with `varde pack update`", p.Name)
		case p.Git != "" && (strings.HasPrefix(p.Ref, "-") || strings.ContainsAny(p.Ref, " \t\n\x00~^:?*[\\")):
			bad(key("ref"), "pack %q: %q is not a tag or commit name", p.Name, p.Ref)
		case p.Git != "" && strings.HasPrefix(p.Git, "-"):
			bad(key("git"), "pack %q: %q is not a repository address", p.Name, p.Git)
		}
		for j, x := range p.Exclude {
			if _, err := path.Match(x, ""); err != nil || x == "" {
				bad(fmt.Sprintf("packs[%d].exclude[%d]", i, j), "pack %q: %q is not a content path or glob (e.g. \"kurs/*\" or \"veiledere/dpia.md\")", p.Name, x)
			}
		}
	}
	c.Values = map[string]string{}
	flattenValues("", c.RawValues, c.Values, func(k, format string, args ...any) {
		bad("values."+k, format, args...)
	})
}

// flattenValues turns [values] (which may hold tables, such as
// [values.personvernombud]) into dotted names: personvernombud.epost.
func flattenValues(prefix string, raw map[string]any, out map[string]string, bad func(k, format string, args ...any)) {
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		name := prefix + k
		if !valueName.MatchString(name) {
			bad(name, "%q cannot be used in a page: a value's name is letters, digits, '_' and '-' (e.g. kommune, personvernombud.epost)", name)
			continue
		}
		switch v := raw[k].(type) {
		case string:
			out[name] = v
		case int64, float64, bool:
			out[name] = fmt.Sprint(v)
		case map[string]any:
			flattenValues(name+".", v, out, bad)
		default:
			bad(name, "a value must be text (in quotes), a number or a table of values, not a list")
		}
	}
}

// ValidValueName reports whether name may stand in {{name}}.
func ValidValueName(name string) bool { return valueName.MatchString(name) }
