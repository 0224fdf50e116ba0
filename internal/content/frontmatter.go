package content

import (
	"bytes"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"

	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/diag"
)

// Meta is a page's front matter, typed and validated.
type Meta struct {
	Title       string
	Description string
	Type        string
	ID          string
	Audience    []string
	Topics      []string
	NSM         []string
	Legal       []string
	Version     string
	Updated     time.Time
	Review      time.Time
	Owner       string
	Related     []string
	Scale       string
	Collect     []string
	Core        []string // checklist pages: ids of the questions of the short path ("Start her")
	Pass        int      // percent; 0 means not given
	Statement   string
	Draft       bool
	Weight      int
	Aliases     []string
	Slug        string
	Layout      string         // a layout name to use instead of the type's (Hugo's layout)
	Params      map[string]any // fields Varde does not know, kept for themes
	Unknown     []string       // top-level fields Varde does not know (varde check warns)

	Lines map[string]int // line of each field in the file, for diagnostics
}

// fields lists the front matter fields and their kinds, for validation and
// "did you mean" suggestions.
var fields = map[string]string{
	"title": "string", "description": "string", "type": "string", "id": "string",
	"audience": "list", "topics": "list", "nsm": "list", "legal": "list",
	"version": "string", "updated": "date", "review": "date", "owner": "string",
	"related": "list", "scale": "string", "collect": "list", "core": "list", "pass": "int",
	"statement": "string", "draft": "bool", "weight": "int", "aliases": "list", "slug": "string",
	"params": "map", "date": "date", "layout": "string",
}

// commaList holds the list fields whose values never hold a comma (terms,
// NSM numbers, page ids), so that a text with commas in one of them is a
// list written without brackets. legal is not among them: "§ 2, første
// ledd" is one reference.
var commaList = map[string]bool{"audience": true, "topics": true, "nsm": true, "related": true, "collect": true, "core": true}

// KnownField reports whether name is a front matter field Varde knows.
func KnownField(name string) bool { _, ok := fields[name]; return ok }

// FieldNames returns the known field names, sorted.
func FieldNames() []string {
	out := make([]string, 0, len(fields))
	for k := range fields {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// splitFrontMatter separates front matter from the body. It returns the
// format ("yaml", "toml" or ""), the raw front matter, the body, and the
// number of lines before the body.
func splitFrontMatter(src []byte) (format string, fm, body []byte, bodyLine int, err error) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	var delim string
	switch {
	case hasDelimLine(src, "---"):
		format, delim = "yaml", "---"
	case hasDelimLine(src, "+++"):
		format, delim = "toml", "+++"
	default:
		return "", nil, src, 0, nil
	}
	rest := src[len(delim):]
	rest = bytes.TrimLeft(rest, " \t")
	if len(rest) > 0 && rest[0] == '\r' {
		rest = rest[1:]
	}
	if len(rest) == 0 || rest[0] != '\n' {
		return "", nil, src, 0, nil
	}
	rest = rest[1:]
	line := 2
	for off := 0; off <= len(rest); {
		end := bytes.IndexByte(rest[off:], '\n')
		var l []byte
		if end < 0 {
			l = rest[off:]
		} else {
			l = rest[off : off+end]
		}
		if string(bytes.TrimRight(l, " \t\r")) == delim {
			fm = rest[:off]
			if end < 0 {
				body = nil
			} else {
				body = rest[off+end+1:]
			}
			return format, fm, body, line, nil
		}
		if end < 0 {
			break
		}
		off += end + 1
		line++
	}
	return format, nil, nil, 0, fmt.Errorf("front matter opened with %q on line 1 is never closed", delim)
}

// openingField is a first line that is a front matter field (title: x,
// title = "x"): front matter written without its opening delimiter.
var openingField = regexp.MustCompile(`^([a-z]+)[ \t]*([:=])`)

// missingOpening recognises front matter written without its opening ---
// (or +++): the file's first non-blank line is a known field. It returns
// that line and a message with the fix; 0 when the file does not look so.
func missingOpening(src []byte) (int, string) {
	lines := strings.Split(string(bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))), "\n")
	first := -1
	for i, l := range lines {
		if strings.TrimSpace(l) != "" {
			first = i
			break
		}
	}
	if first < 0 {
		return 0, ""
	}
	m := openingField.FindStringSubmatch(lines[first])
	if m == nil || !KnownField(m[1]) {
		return 0, ""
	}
	delim := "---"
	if m[2] == "=" {
		delim = "+++"
	}
	closing := ""
	for i := first + 1; i < len(lines); i++ {
		if strings.TrimRight(lines[i], " \t\r") == delim {
			closing = fmt.Sprintf(" (the closing %s on line %d is there)", delim, i+1)
			break
		}
	}
	if closing == "" {
		closing = fmt.Sprintf(", and one with %s below the last field", delim)
	}
	return first + 1, fmt.Sprintf("the front matter has no opening %s: put a line with only %s above %s%s%s", delim, delim, m[1], m[2], closing)
}

func hasDelimLine(src []byte, delim string) bool {
	if !bytes.HasPrefix(src, []byte(delim)) {
		return false
	}
	rest := bytes.TrimLeft(src[len(delim):], " \t\r")
	return len(rest) == 0 || rest[0] == '\n'
}

var tomlKeyLine = regexp.MustCompile(`^\s*"?([A-Za-z0-9_-]+)"?\s*=`)

// parseFrontMatter decodes raw front matter into a map and the line of each
// top-level key (1-based lines in the file: the front matter starts on line 2).
func parseFrontMatter(format string, fm []byte) (map[string]any, map[string]int, *diag.Diagnostic) {
	raw := map[string]any{}
	lines := map[string]int{}
	switch format {
	case "yaml":
		if raw, lines, ok := simpleYAML(fm); ok {
			return raw, lines, nil
		}
		return parseYAML(fm)
	case "toml":
		if _, err := toml.Decode(string(fm), &raw); err != nil {
			line, msg := config.ExplainTOML(string(fm), err)
			return nil, nil, &diag.Diagnostic{Line: max(line, 1) + 1, Msg: msg}
		}
		for i, l := range strings.Split(string(fm), "\n") {
			if m := tomlKeyLine.FindStringSubmatch(l); m != nil {
				if _, seen := lines[m[1]]; !seen {
					lines[m[1]] = i + 2
				}
			}
		}
	}
	return raw, lines, nil
}

// parseYAML reads YAML front matter with yaml.v3: any YAML, and the
// errors, with their lines, for what it cannot read (simpleYAML reads the
// common shape without it).
func parseYAML(fm []byte) (map[string]any, map[string]int, *diag.Diagnostic) {
	raw := map[string]any{}
	lines := map[string]int{}
	var doc yaml.Node
	yl := newYAMLLines(fm)
	if err := yaml.Unmarshal(fm, &doc); err != nil {
		line, msg := explainYAML(fm, err, yl)
		return nil, nil, &diag.Diagnostic{Line: max(line, 1) + 1, Msg: msg}
	}
	if len(doc.Content) == 0 {
		return raw, lines, nil
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		return nil, nil, &diag.Diagnostic{Line: yl.line(m.Line) + 1, Msg: "front matter must be a list of fields (name: value), each at the start of its line"}
	}
	if m.Column > 1 && len(m.Content) > 0 {
		// YAML reads an indented first field as the start of an
		// indented block and silently ends it at the next field at the
		// margin: every field below would be lost.
		k := m.Content[0]
		return nil, nil, &diag.Diagnostic{Line: yl.line(k.Line) + 1, Msg: fmt.Sprintf(
			"%s is indented by %d space(s): front matter fields start at the beginning of the line; remove the spaces before %s:", k.Value, m.Column-1, k.Value)}
	}
	if line, msg := aliasBomb(m); line > 0 {
		return nil, nil, &diag.Diagnostic{Line: yl.line(line) + 1, Msg: msg}
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		lines[m.Content[i].Value] = yl.line(m.Content[i].Line) + 1
	}
	if err := m.Decode(&raw); err != nil {
		d := yamlError(err, yl)
		if d.Line == 0 {
			// A tag the value does not fit (title: !!int x) comes
			// without a line.
			d.Line = undecodableField(m, yl)
		}
		return nil, nil, &d
	}
	keepNumbersAsWritten(m, raw)
	return raw, lines, nil
}

// undecodableField returns the line in the file of the first field of m
// whose value does not decode, else the line of the first field.
func undecodableField(m *yaml.Node, yl yamlLines) int {
	for i := 0; i+1 < len(m.Content); i += 2 {
		var v any
		if m.Content[i+1].Decode(&v) != nil {
			return yl.line(m.Content[i].Line) + 1
		}
	}
	return yl.line(m.Line) + 1
}

// shown is a value as a message quotes it: text in quotes (so that a line
// break in it stays on the message's line), numbers and true/false as
// written, anything else by its kind.
func shown(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)
	case int, int64, float64, bool:
		return fmt.Sprint(x)
	}
	return kindOf(v)
}

// keepNumbersAsWritten gives text fields (and lists of text) written as
// numbers the text as written: `version: 2.10` and `nsm: [2.10]` mean
// "2.10", which YAML would read as the number 2.1 (another NSM principle).
func keepNumbersAsWritten(m *yaml.Node, raw map[string]any) {
	number := func(n *yaml.Node) bool {
		return n.Kind == yaml.ScalarNode && (n.Tag == "!!float" || n.Tag == "!!int")
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		key, v := m.Content[i].Value, m.Content[i+1]
		switch fields[key] {
		case "string":
			if number(v) {
				raw[key] = v.Value
			}
		case "list":
			if number(v) { // nsm: 2.10, a list of one
				raw[key] = v.Value
				continue
			}
			list, ok := raw[key].([]any)
			if v.Kind != yaml.SequenceNode || !ok || len(list) != len(v.Content) {
				continue
			}
			for j, e := range v.Content {
				if number(e) {
					list[j] = e.Value
				}
			}
		}
	}
}

var yamlLinePrefix = regexp.MustCompile(`^line (\d+): `)

// yamlError turns a YAML error into a diagnostic at its line of the file
// (the front matter starts on line 2), and makes the lines it mentions
// lines of the file too. Of several errors (one a line, "line 3: …") it
// gives the first, so that the message stays on one line, and says how
// many more there are.
func yamlError(err error, yl yamlLines) diag.Diagnostic {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	// Type errors come as "unmarshal errors:\n  line 3: …", one a line.
	msg = strings.TrimSpace(strings.TrimPrefix(msg, "unmarshal errors:"))
	more := 0
	if first, rest, ok := strings.Cut(msg, "\n"); ok {
		msg, more = first, strings.Count(strings.TrimSpace(rest), "\n")+1
	}
	line := 0
	if m := yamlLinePrefix.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		line = yl.line(line) + 1
		msg = msg[len(m[0]):]
	}
	msg = yl.refs(msg)
	if more > 0 {
		msg += fmt.Sprintf(" (and %d more error(s) like it below)", more)
	}
	return diag.Diagnostic{Line: line, Msg: "front matter is not valid YAML: " + msg}
}

// numberAsText is the message for a number where text is meant, which only
// TOML gets to (YAML keeps numbers as written): 2.10 would become "2.1".
func numberAsText(field string, x float64) string {
	return fmt.Sprintf("%s is the number %v; write it in quotes (\"%v\") so that it is kept as written", field, x, x)
}

// decodeMeta turns the raw map into Meta, reporting fields of the wrong type.
func decodeMeta(raw map[string]any, lines map[string]int, report func(line int, sev diag.Severity, format string, args ...any)) Meta {
	m := Meta{Lines: lines, Params: map[string]any{}}
	// YAML's and TOML's escapes ("\e", "\u001b") let a value hold a
	// control character, which went into the page's HTML as it was (a
	// parse error there, and a terminal escape where a tool prints it).
	for _, key := range slices.Sorted(maps.Keys(raw)) {
		config.WalkTexts(raw[key], key, func(name, text string) {
			if i := strings.IndexFunc(text, config.ControlRune); i >= 0 {
				r, _ := utf8.DecodeRuneInString(text[i:])
				report(lines[key], diag.Error, "%s: the text holds a control character (U+%04X), which no page can show; remove it (write the text without that escape)", name, r)
			}
		})
	}
	str := func(key string, dst *string) {
		v, ok := raw[key]
		if !ok || v == nil {
			return
		}
		switch x := v.(type) {
		case string:
			*dst = strings.TrimSpace(x)
		case float64:
			report(lines[key], diag.Error, "%s", numberAsText(key, x))
		case int, int64, bool:
			*dst = fmt.Sprint(x)
		default:
			report(lines[key], diag.Error, "%s must be text, not %s", key, kindOf(v))
		}
	}
	list := func(key string, dst *[]string) {
		v, ok := raw[key]
		if !ok || v == nil {
			return
		}
		switch x := v.(type) {
		case string:
			s := strings.TrimSpace(x)
			if commaList[key] && strings.Contains(s, ",") {
				// `audience: ansatt, leder` is one text in YAML, which would
				// become the term "ansatt-leder"; the editor meant a list.
				var items []string
				for _, part := range strings.Split(s, ",") {
					if part = strings.TrimSpace(part); part != "" {
						items = append(items, part)
					}
				}
				report(lines[key], diag.Warning, "%s is one text, not a list: write it as [%s] (it is read as that list now)", key, strings.Join(items, ", "))
				*dst = items
				return
			}
			if s != "" {
				*dst = []string{s}
			}
		case []any:
			for i, e := range x {
				switch y := e.(type) {
				case string:
					if s := strings.TrimSpace(y); s != "" {
						*dst = append(*dst, s)
					}
				case float64:
					report(lines[key], diag.Error, "%s", numberAsText(fmt.Sprintf("%s[%d]", key, i), y))
				case int, int64:
					*dst = append(*dst, fmt.Sprint(y))
				default:
					report(lines[key], diag.Error, "%s[%d] must be text, not %s", key, i, kindOf(e))
				}
			}
		default:
			report(lines[key], diag.Error, "%s must be a list such as [\"a\", \"b\"], not %s", key, kindOf(v))
		}
	}
	integer := func(key string, dst *int) {
		v, ok := raw[key]
		if !ok || v == nil {
			return
		}
		switch x := v.(type) {
		case int:
			*dst = x
		case int64:
			*dst = int(x)
		case float64:
			if x == float64(int(x)) {
				*dst = int(x)
				return
			}
			report(lines[key], diag.Error, "%s must be a whole number, not %v", key, x)
		default:
			report(lines[key], diag.Error, "%s must be a whole number, not %s", key, kindOf(v))
		}
	}
	date := func(key string, dst *time.Time) {
		v, ok := raw[key]
		if !ok || v == nil {
			return
		}
		t, err := toTime(v)
		if err != nil {
			report(lines[key], diag.Error, "%s: %v", key, err)
			return
		}
		*dst = t
	}
	str("title", &m.Title)
	str("description", &m.Description)
	str("type", &m.Type)
	str("id", &m.ID)
	list("audience", &m.Audience)
	list("topics", &m.Topics)
	list("nsm", &m.NSM)
	list("legal", &m.Legal)
	str("version", &m.Version)
	date("updated", &m.Updated)
	if m.Updated.IsZero() {
		date("date", &m.Updated)
	}
	date("review", &m.Review)
	str("owner", &m.Owner)
	list("related", &m.Related)
	str("scale", &m.Scale)
	list("collect", &m.Collect)
	list("core", &m.Core)
	integer("pass", &m.Pass)
	str("statement", &m.Statement)
	if v, ok := raw["draft"]; ok && v != nil {
		if b, ok := v.(bool); ok {
			m.Draft = b
		} else {
			report(lines["draft"], diag.Error, "draft must be true or false, not %s", shown(v))
		}
	}
	integer("weight", &m.Weight)
	list("aliases", &m.Aliases)
	str("slug", &m.Slug)
	str("layout", &m.Layout)
	if p, ok := raw["params"].(map[string]any); ok {
		for k, v := range p {
			m.Params[k] = v
		}
	}
	for k, v := range raw {
		if !KnownField(k) {
			m.Params[k] = v
			if k != "pack_base" { // written by varde pack override, read by internal/pack
				m.Unknown = append(m.Unknown, k)
			}
		}
	}
	sort.Strings(m.Unknown)
	if m.Pass < 0 || m.Pass > 100 {
		report(lines["pass"], diag.Error, "pass must be a percent from 0 to 100, not %d", m.Pass)
	}
	return m
}

func kindOf(v any) string {
	switch v.(type) {
	case string:
		return "text"
	case []any:
		return "a list"
	case map[string]any:
		return "a table of fields"
	case bool:
		return "true/false"
	case int, int64, float64:
		return "a number"
	case time.Time:
		return "a date"
	}
	return fmt.Sprintf("%T", v)
}

var dateLayouts = []string{"2006-01-02", time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04"}

func toTime(v any) (time.Time, error) {
	switch x := v.(type) {
	case time.Time:
		// TOML local dates carry a marker location; keep the wall clock.
		return time.Date(x.Year(), x.Month(), x.Day(), x.Hour(), x.Minute(), x.Second(), 0, time.UTC), nil
	case string:
		s := strings.TrimSpace(x)
		for _, l := range dateLayouts {
			if t, err := time.Parse(l, s); err == nil {
				return t, nil
			}
		}
		return time.Time{}, fmt.Errorf("%q is not a date; write it as YYYY-MM-DD, e.g. 2025-03-01", s)
	}
	return time.Time{}, fmt.Errorf("%s is not a date; write it as YYYY-MM-DD", shown(v))
}
