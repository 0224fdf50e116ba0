// Package config reads config.toml into a Config with defaults filled in and
// every value validated, so that later stages can trust it.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/textdist"
)

// File is the name of the configuration file at the site root.
const File = "config.toml"

// Config is the site configuration.
type Config struct {
	Title           string              `toml:"title"`
	BaseURL         string              `toml:"baseURL"`
	DefaultLanguage string              `toml:"defaultLanguage"`
	Theme           string              `toml:"theme"`
	Languages       map[string]Language `toml:"languages"`
	Sections        map[string]Section  `toml:"sections"`
	Taxonomies      map[string]string   `toml:"taxonomies"` // front matter field → URL segment
	Editions        []Edition           `toml:"editions"`
	Surveys         []Survey            `toml:"surveys"` // regional maturity surveys (surveys.go)
	Packs           []Pack              `toml:"packs"`   // content packs the site builds on (packs.go)
	RawValues       map[string]any      `toml:"values"`  // [values] as written; see Values
	Search          Search              `toml:"search"`
	Markup          Markup              `toml:"markup"`
	Security        Security            `toml:"security"`
	Scales          map[string]any      `toml:"scales"` // answer scales; validated by the checklist package
	Minify          *bool               `toml:"minify"`
	Feed            Feed                `toml:"feed"`
	Params          map[string]any      `toml:"params"`
	Menu            []MenuItem          `toml:"menu"`

	// Derived, not read from the file.
	LanguageOrder []string `toml:"-"` // codes, default language first, then by weight
	SiteKey       string   `toml:"-"` // stable key for browser storage, from baseURL or title
	// ImplicitLanguages is set when config.toml has no [languages] and the
	// site got the Norwegian defaults (bokmål and nynorsk); a language of
	// those without pages is then left out of the site (see site.New).
	ImplicitLanguages bool `toml:"-"`
	// Values are [values] flattened to dotted names (personvernombud.epost),
	// the site's details that pages use as {{name}}.
	Values map[string]string `toml:"-"`

	lines keyLines // where each setting is written, for messages
}

// Language is one content language.
type Language struct {
	Name   string `toml:"name"`   // shown in the language switcher, e.g. "Nynorsk"
	Title  string `toml:"title"`  // site title in this language (defaults to Config.Title)
	Weight int    `toml:"weight"` // order in the switcher
}

// Section holds settings for a content folder.
type Section struct {
	Type   string `toml:"type"`   // default page type for pages in it
	Weight int    `toml:"weight"` // order in the main menu
	Menu   *bool  `toml:"menu"`   // false hides it from the main menu
}

// Edition is a frozen state of the portal published under /<name>/.
type Edition struct {
	Name string `toml:"name"`
	Ref  string `toml:"ref"` // a git tag or branch
	Dir  string `toml:"dir"` // or a snapshot folder holding content/
}

// Search configures the search indexes.
type Search struct {
	Enabled *bool  `toml:"enabled"`
	Dir     string `toml:"dir"` // where the bleve index goes, relative to the site; default .varde/search.bleve
	// MaxPageText is how much of a page's text the search indexes (default
	// 1 MB, about 150,000 words): the rest of a longer page is left out
	// with a warning, so that one huge page cannot take the build's time
	// and memory (indexing costs about 20 times the text's size).
	MaxPageText ByteSize `toml:"maxPageText"`
}

// Markup configures Markdown rendering.
type Markup struct {
	Unsafe bool `toml:"unsafe"` // allow raw HTML in Markdown
	// AllowScripts lets pages carry scripts, event handlers, javascript:
	// addresses and meta refreshes (in raw HTML and Markdown links) with a
	// warning each; without it each is an error.
	AllowScripts bool `toml:"allowScripts"`
	// MaxPageSize is the most a page's Markdown may hold (default 5 MB);
	// MaxNesting how deep its block quotes and lists may go (default
	// 100). They keep a hostile or broken page from stalling a build.
	MaxPageSize ByteSize `toml:"maxPageSize"`
	MaxNesting  int      `toml:"maxNesting"`
}

// Security configures what the built pages say about their own safety.
type Security struct {
	// CSP puts a Content-Security-Policy <meta> tag in every built page
	// (the policy `varde serve` sends, see internal/csp); false leaves it
	// out, for a host that sends its own header.
	CSP *bool `toml:"csp"`
}

// CSPEnabled reports whether built pages carry the CSP meta tag (default on).
func (c *Config) CSPEnabled() bool { return c.Security.CSP == nil || *c.Security.CSP }

// Feed configures the Atom feeds.
type Feed struct {
	Limit int `toml:"limit"` // entries per feed, default 20
}

// MenuItem is an extra link in the main menu.
type MenuItem struct {
	Name   string `toml:"name"`
	URL    string `toml:"url"`
	Weight int    `toml:"weight"`
}

// PageTypes are the types a page may have.
var PageTypes = []string{"onepager", "checklist", "norm", "course", "page"}

// SearchEnabled reports whether the search indexes are built.
func (c *Config) SearchEnabled() bool { return c.Search.Enabled == nil || *c.Search.Enabled }

// MinifyEnabled reports whether output is minified.
func (c *Config) MinifyEnabled() bool { return c.Minify == nil || *c.Minify }

// LangTitle returns the site title in a language.
func (c *Config) LangTitle(lang string) string {
	if t := c.Languages[lang].Title; t != "" {
		return t
	}
	return c.Title
}

// Line returns the line of config.toml on which the setting key (dotted,
// arrays as editions[0]) is written, or the line of the setting holding it;
// 0 when it is not in the file.
func (c *Config) Line(key string) int { return c.lines.line(key) }

// Default returns the configuration of a site with no config.toml.
func Default() *Config {
	c := &Config{}
	_ = c.fill(nil)
	return c
}

// Load reads config.toml from fsys (the site root). A missing file gives
// the defaults. Problems are returned as diagnostics naming the field.
func Load(fsys fs.FS) (*Config, []diag.Diagnostic) {
	data, err := fs.ReadFile(fsys, File)
	if errors.Is(err, fs.ErrNotExist) {
		return Default(), nil
	}
	if err != nil {
		return nil, []diag.Diagnostic{diag.Errorf(File, 0, "cannot read: %v", err)}
	}
	return Parse(data)
}

// Parse reads a config.toml's text.
func Parse(data []byte) (*Config, []diag.Diagnostic) {
	// A byte-order mark, as Windows editors write it, is not part of the
	// first line's text: without this, the first setting had no line.
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if line := notUTF8(data); line > 0 {
		// TOML is UTF-8; the decoder lets some other bytes through and
		// messages would carry them to the terminal.
		return nil, []diag.Diagnostic{diag.Errorf(File, line, "the file is not UTF-8 text (this line has a character in another encoding, such as Latin-1); save the file as UTF-8")}
	}
	c := &Config{lines: newKeyLines(string(data))}
	md, err := toml.Decode(string(data), c)
	if err != nil {
		line, msg := ExplainTOML(string(data), err)
		return nil, []diag.Diagnostic{diag.Errorf(File, line, "%s", msg)}
	}
	var ds []diag.Diagnostic
	// TOML's escapes (\u001b) let a text hold a control character, which
	// went into every page's HTML as it was, a parse error there.
	var generic map[string]any
	if _, err := toml.Decode(string(data), &generic); err == nil {
		WalkTexts(generic, "", func(key, text string) {
			if i := strings.IndexFunc(text, ControlRune); i >= 0 {
				r, _ := utf8.DecodeRuneInString(text[i:])
				ds = append(ds, diag.Errorf(File, c.Line(key), "%s: the text holds a control character (U+%04X), which no page can show; remove it (write it without the \\u escape)", key, r))
			}
		})
	}
	// The decoder stores a table setting given as text, a number or a list
	// (languages = "nb") as nothing, without an error, as if it were not
	// there; a setting of the wrong kind is an error everywhere else.
	wrongKind := map[string]bool{}
	for _, key := range tableSettings {
		if t := md.Type(key); t != "" && t != "Hash" {
			wrongKind[key] = true
			ds = append(ds, diag.Errorf(File, c.Line(key), "%s must be a table, not %s: write it as [%s] and the settings under it (see docs/format.md)", key, tomlTypeNames[t], key))
		}
	}
	for _, k := range md.Undecoded() {
		if len(k) > 0 && wrongKind[k[0]] {
			continue
		}
		// params is the theme's own; scales are decoded as plain values
		// (which the TOML decoder lists as undecoded) and validated by the
		// checklist package.
		if len(k) > 0 && (k[0] == "params" || k[0] == "scales" || k[0] == "values") {
			continue
		}
		// The line is looked up by the key's parts as written (k.String()
		// quotes a part such as "min side", which the scanner stores bare).
		ds = append(ds, diag.Errorf(File, c.Line(strings.Join(k, ".")), "unknown setting %q%s", k.String(), suggest(k.String())))
	}
	if c.Languages != nil && len(c.Languages) == 0 && c.Line("languages") > 0 {
		// An empty [languages] table gets the Norwegian defaults like a
		// file without one; the editor should know which.
		ds = append(ds, diag.Warnf(File, c.Line("languages"), "[languages] is empty, so the site has the defaults, bokmål (nb) and nynorsk (nn); add [languages.nb] and [languages.nn] tables, or remove [languages]"))
	}
	ds = append(ds, c.fill(md.Keys())...)
	return c, ds
}

// notUTF8 returns the line of the first byte of data that is not UTF-8,
// or 0 when all of it is.
func notUTF8(data []byte) int {
	if utf8.Valid(data) {
		return 0
	}
	line := 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size == 1 {
			return line
		}
		if data[0] == '\n' {
			line++
		}
		data = data[size:]
	}
	return line
}

// checkEditionDir validates an edition's snapshot folder: relative, inside
// the site, not the site itself, and not in a folder whose files are
// published as they are. A folder outside was refused only when read, with
// the file system's "invalid argument"; "." (the site) further on, by the
// output folder's guard, in words about the output.
func checkEditionDir(dir, name, key string, bad func(key, format string, args ...any)) {
	checkSiteFolder(dir, key, "editions/"+name, "an edition is read from the site only",
		"an edition's snapshot has a folder of its own holding content/ (as varde edition snapshot makes it)", "keep snapshots outside it", bad)
}

// checkDir validates [search] dir, the folder of the bleve index
// varde build keeps: "../idx" wrote it outside the site, and
// "content/idx" into a folder the next build published file by file.
func (s *Search) checkDir(bad func(key, format string, args ...any)) {
	if s.Dir == "" {
		return
	}
	checkSiteFolder(s.Dir, "search.dir", ".varde/search.bleve", "the index is kept in the site",
		"the index needs a folder of its own", "keep the index outside it", bad)
}

// checkSiteFolder reports a folder setting that is not a folder of its own
// inside the site: absolute or leading out (outside), "." (the site
// itself, what), or inside a folder whose files are published as they
// are (inside). example is a good value.
func checkSiteFolder(dir, key, example, outside, what, inside string, bad func(key, format string, args ...any)) {
	d := strings.ReplaceAll(dir, `\`, "/")
	clean := path.Clean(d)
	switch {
	case path.IsAbs(d) || clean == ".." || strings.HasPrefix(clean, "../") || (len(d) > 1 && d[1] == ':'):
		bad(key, "%q must be a folder inside the site, written relative to it (e.g. %q); %s", dir, example, outside)
		return
	case clean == ".":
		bad(key, "%q is the site folder itself; %s (e.g. %q)", dir, what, example)
		return
	}
	top := strings.SplitN(clean, "/", 2)[0]
	for _, p := range publishedDirs {
		if top == p {
			bad(key, "%q is inside %s/, whose files are published as they are; %s (e.g. %q)", dir, p, inside, example)
			return
		}
	}
}

// WalkTexts calls f with every text value of a decoded TOML table (or of
// a page's front matter) and its key as Config.Line names it (a.b, a[0].b).
func WalkTexts(v any, key string, f func(key, text string)) {
	switch v := v.(type) {
	case string:
		f(key, v)
	case map[string]any:
		for _, k := range sortedAnyKeys(v) {
			sub := k
			if key != "" {
				sub = key + "." + k
			}
			WalkTexts(v[k], sub, f)
		}
	case []any:
		for i, e := range v {
			WalkTexts(e, fmt.Sprintf("%s[%d]", key, i), f)
		}
	case []map[string]any:
		for i, e := range v {
			WalkTexts(e, fmt.Sprintf("%s[%d]", key, i), f)
		}
	}
}

func sortedAnyKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// ControlRune reports a character no text setting or front matter value
// may hold: a control character other than tab and line breaks.
func ControlRune(r rune) bool {
	return r != '\t' && r != '\n' && r != '\r' && unicode.IsControl(r)
}

// hasKey reports whether the file sets the dotted key.
func hasKey(keys []toml.Key, key string) bool {
	for _, k := range keys {
		if strings.Join(k, ".") == key {
			return true
		}
	}
	return false
}

// defaultTaxonomies are the taxonomies of a site without [taxonomies]:
// each field and the URL folder of its pages.
var defaultTaxonomies = map[string]string{"audience": "malgruppe", "topics": "tema"}

// generatedFolders are the URL folders of the pages and files Varde makes
// at a language's root, which no taxonomy may take.
var generatedFolders = map[string]string{
	"sok": "search", "search": "the search index", "nsm": "NSM principles", "regelverk": "legal references",
	"hva-er-nytt": "what's new", "mine-kurs": "the reader's courses", "modenhet": "surveys",
	"css": "style sheets", "js": "scripts",
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// tableSettings are the top-level settings that are tables of the site's
// own names (languages, sections…), decoded into maps.
var tableSettings = []string{"languages", "sections", "taxonomies", "scales", "params", "values"}

// tomlTypeNames say in an editor's words what the TOML decoder's metadata
// calls a value's type.
var tomlTypeNames = map[string]string{
	"String": "text", "Integer": "a whole number", "Float": "a number", "Bool": "true or false",
	"Array": "a list", "ArrayHash": "a list", "Datetime": "a date", "DatetimeLocal": "a date",
	"DateLocal": "a date", "TimeLocal": "a time",
}

var known = []string{"title", "baseURL", "defaultLanguage", "theme", "languages", "sections", "taxonomies", "editions", "surveys", "packs", "values", "search", "markup", "security", "scales", "minify", "feed", "params", "menu"}

func suggest(key string) string {
	top := strings.SplitN(key, ".", 2)[0]
	if best := textdist.Closest(top, known, 2); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return "; Varde does not know it: check the spelling, or remove it (settings for the theme go under [params])"
}

var (
	langCode    = regexp.MustCompile(`^[a-z]{2,3}(-[a-zA-Z0-9]{2,8})?$`)
	editionName = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9._-]*$`)
)

// fill sets defaults and validates. keys is the list of keys present in the
// file (nil for defaults only).
func (c *Config) fill(keys []toml.Key) []diag.Diagnostic {
	var ds []diag.Diagnostic
	// bad reports a problem with the setting key (dotted, arrays as a[0]),
	// at its line.
	bad := func(key, format string, args ...any) {
		ds = append(ds, diag.Errorf(File, c.Line(key), "%s: %s", key, fmt.Sprintf(format, args...)))
	}
	if c.Title == "" {
		c.Title = "Varde"
	}
	if c.BaseURL == "" {
		c.BaseURL = "/"
	}
	if base, err := CheckBaseURL(c.BaseURL); err != nil {
		bad("baseURL", "%v", err)
	} else {
		c.BaseURL = base
	}
	if c.Theme == "" {
		c.Theme = "default"
	}
	if strings.ContainsAny(c.Theme, `/\`) || c.Theme == ".." {
		bad("theme", "%q must be a folder name under themes/ (e.g. theme = \"default\")", c.Theme)
	}
	c.fillLanguages(bad)
	for code, l := range c.Languages {
		if !langCode.MatchString(code) && c.Line("languages."+code) == 0 && code == c.DefaultLanguage {
			// Added for defaultLanguage, which is where the mistake is.
			bad("defaultLanguage", "%q is not a language code such as nb, nn or en", code)
		} else if !langCode.MatchString(code) {
			bad("languages."+code, "%q is not a language code such as nb, nn or en; name the table after the code, e.g. [languages.nn], and put the language's name in name = \"…\"", code)
		}
		if l.Name == "" {
			l.Name = defaultLangNames[code]
			if l.Name == "" {
				l.Name = code
			}
			c.Languages[code] = l
		}
	}
	c.LanguageOrder = c.LanguageOrder[:0]
	for code := range c.Languages {
		if code != c.DefaultLanguage {
			c.LanguageOrder = append(c.LanguageOrder, code)
		}
	}
	sort.Slice(c.LanguageOrder, func(i, j int) bool {
		a, b := c.Languages[c.LanguageOrder[i]], c.Languages[c.LanguageOrder[j]]
		if a.Weight != b.Weight {
			return a.Weight < b.Weight
		}
		return c.LanguageOrder[i] < c.LanguageOrder[j]
	})
	c.LanguageOrder = append([]string{c.DefaultLanguage}, c.LanguageOrder...)

	if c.Sections == nil {
		c.Sections = map[string]Section{}
	}
	for name, s := range c.Sections {
		if s.Type != "" && !ValidType(s.Type) {
			bad("sections."+name+".type", "unknown page type %q (use one of %s)", s.Type, strings.Join(PageTypes, ", "))
		}
	}
	if c.Taxonomies == nil {
		c.Taxonomies = map[string]string{}
		for k, v := range defaultTaxonomies {
			c.Taxonomies[k] = v
		}
	}
	for _, field := range sortedKeys(c.Taxonomies) {
		seg := c.Taxonomies[field]
		if field != "audience" && field != "topics" {
			bad("taxonomies."+field, "only audience and topics are taxonomies; remove this line")
		}
		if seg == "" || strings.ContainsAny(seg, `/\ `) {
			bad("taxonomies."+field, "%q must be a single URL segment, without spaces or slashes (e.g. %s = \"malgruppe\")", seg, field)
		}
		// Their pages would clash with these, and the build said so with
		// no file and "change its slug or file name".
		if what, ok := generatedFolders[seg]; ok {
			bad("taxonomies."+field, "%q is the folder of Varde's own pages (/%s/: %s); choose another (e.g. %s = \"%s\")", seg, seg, what, field, defaultTaxonomies[field])
		} else if _, ok := c.Languages[seg]; ok {
			bad("taxonomies."+field, "%q is the folder of the language %s (/%s/); choose another (e.g. %s = \"%s\")", seg, seg, seg, field, defaultTaxonomies[field])
		}
	}
	if a, ok := c.Taxonomies["audience"]; ok && a != "" && a == c.Taxonomies["topics"] {
		bad("taxonomies.topics", "%q is also the folder of audience; give each its own (e.g. audience = \"malgruppe\", topics = \"tema\")", a)
	}
	seen := map[string]bool{}
	for i, e := range c.Editions {
		switch {
		case len(e.Name) > 100:
			bad(fmt.Sprintf("editions[%d].name", i), "the name is %d characters long; use a short one such as 2025 (at most 100)", len(e.Name))
		case !editionName.MatchString(e.Name):
			bad(fmt.Sprintf("editions[%d].name", i), "%q must be letters, digits, '.', '_' or '-'", e.Name)
		case seen[e.Name]:
			bad(fmt.Sprintf("editions[%d].name", i), "%q is used twice", e.Name)
		case c.Languages[e.Name] != (Language{}) || e.Name == c.DefaultLanguage:
			bad(fmt.Sprintf("editions[%d].name", i), "%q is also a language code", e.Name)
		}
		seen[e.Name] = true
		if (e.Ref == "") == (e.Dir == "") {
			bad(fmt.Sprintf("editions[%d]", i), "edition %q: give either ref (a git tag or branch) or dir (a snapshot folder), not both or neither", e.Name)
		} else if e.Dir != "" {
			checkEditionDir(e.Dir, e.Name, fmt.Sprintf("editions[%d].dir", i), bad)
		}
	}
	c.Search.checkDir(bad)
	if c.Search.Dir == "" {
		c.Search.Dir = ".varde/search.bleve"
	}
	if c.Feed.Limit <= 0 {
		if hasKey(keys, "feed.limit") {
			bad("feed.limit", "%d is not a number of entries; use 1 or more (default 20)", c.Feed.Limit)
		}
		c.Feed.Limit = 20
	}
	c.Markup.fillLimits(bad)
	c.Search.fillLimits(bad)
	c.fillSurveys(bad)
	c.fillPacks(bad)
	c.SiteKey = siteKey(c)
	return ds
}

var defaultLangNames = map[string]string{"nb": "Bokmål", "nn": "Nynorsk", "en": "English", "se": "Davvisámegiella"}

// defaultLanguages are the languages of a site whose config.toml has no
// [languages]: a Norwegian municipality publishes in bokmål and nynorsk,
// so x.nn.md is a translation out of the box. Bokmål is the default.
var defaultLanguages = map[string]Language{"nb": {Weight: 1}, "nn": {Weight: 2}}

// fillLanguages sets the languages and the default language. Without
// [languages] the site has defaultLanguages (and defaultLanguage, when it
// names another). Without defaultLanguage, the default is the language with
// the lowest weight; of languages with the same weight, the one written
// first in config.toml (so [languages.nb] above [languages.nn] without
// weights makes bokmål the default).
func (c *Config) fillLanguages(bad func(key, format string, args ...any)) {
	if len(c.Languages) == 0 {
		c.ImplicitLanguages = true
		c.Languages = map[string]Language{}
		for code, l := range defaultLanguages {
			c.Languages[code] = l
		}
		if c.DefaultLanguage == "" {
			c.DefaultLanguage = "nb"
		}
		if _, ok := c.Languages[c.DefaultLanguage]; !ok {
			c.Languages[c.DefaultLanguage] = Language{}
		}
		return
	}
	codes := make([]string, 0, len(c.Languages))
	for code := range c.Languages {
		codes = append(codes, code)
	}
	sort.Slice(codes, func(i, j int) bool {
		a, b := c.Languages[codes[i]], c.Languages[codes[j]]
		if a.Weight != b.Weight {
			return a.Weight < b.Weight
		}
		la, lb := c.Line("languages."+codes[i]), c.Line("languages."+codes[j])
		if la != lb {
			return la < lb
		}
		return codes[i] < codes[j]
	})
	if c.DefaultLanguage == "" {
		c.DefaultLanguage = codes[0]
		return
	}
	if _, ok := c.Languages[c.DefaultLanguage]; !ok {
		// A typo here would publish an empty site at / and the real
		// languages beside it.
		sort.Strings(codes)
		fix := fmt.Sprintf("set it to one of them, or add [languages.%s]", c.DefaultLanguage)
		if best := textdist.Closest(c.DefaultLanguage, codes, 2); best != "" {
			fix = fmt.Sprintf("did you mean %q? Set it to one of them, or add [languages.%s]", best, c.DefaultLanguage)
		}
		bad("defaultLanguage", "%q is not one of the languages in [languages] (%s); %s", c.DefaultLanguage, strings.Join(codes, ", "), fix)
		c.Languages[c.DefaultLanguage] = Language{}
	}
}

// CheckBaseURL validates a baseURL (config.toml's, or varde build
// --baseURL) and returns it as the build uses it, ending in a slash.
// Every page's links are the base's path with a page's
// path appended, and the canonical links, sitemap and feeds the whole
// base, so anything besides a scheme, host, port and path would be
// published wrong: a query or fragment put the paths after it
// ("/portal?x" gave "/portalcss/…"), a host without a scheme gave no
// address at all, a path without its leading slash relative links that
// break below the home page, and a user name and password would be on
// every page.
func CheckBaseURL(s string) (string, error) {
	const example = "write the address the portal is published at, e.g. baseURL = \"https://www.kommune.no/personvern/\", or a path such as \"/personvern/\""
	u, err := url.Parse(s)
	switch {
	case err != nil || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https") || (u.Scheme != "" && u.Host == "") || u.Opaque != "":
		return "", fmt.Errorf("%q is not an http(s) address or a path such as \"/\"; %s", s, example)
	case u.Scheme == "" && u.Host != "":
		return "", fmt.Errorf("%q has no scheme: start it with https:// (or http://); %s", s, example)
	case u.Scheme == "" && !strings.HasPrefix(u.Path, "/"):
		return "", fmt.Errorf("%q is neither an address nor a path from the site root: an address starts with https://, a path must start with / (links made from it would break below the home page); %s", s, example)
	case u.RawQuery != "" || u.ForceQuery:
		return "", fmt.Errorf("%q has a query (?…), which the page addresses would be added after; remove it", s)
	case u.Fragment != "" || strings.Contains(s, "#"):
		return "", fmt.Errorf("%q has a fragment (#…), which the page addresses would be added after; remove it", s)
	case u.User != nil:
		return "", fmt.Errorf("%q has a user name (user@ or user:password@), which would be published on every page; remove it", s)
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return "", fmt.Errorf("%q has port %s, which is not a TCP port (1–65535)", s, p)
		}
	}
	if !strings.HasSuffix(s, "/") {
		s += "/"
	}
	return s, nil
}

// ValidType reports whether t is a known page type.
func ValidType(t string) bool {
	for _, p := range PageTypes {
		if p == t {
			return true
		}
	}
	return false
}

func siteKey(c *Config) string {
	if u, err := url.Parse(c.BaseURL); err == nil && u.Host != "" {
		return strings.TrimSuffix(u.Host+u.Path, "/")
	}
	var b strings.Builder
	for _, r := range strings.ToLower(c.Title) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "varde"
	}
	return b.String()
}
