package survey

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxFileSize is the largest share file read: a checklist of 1,000
// questions is under 100 kB.
const MaxFileSize = 2 << 20

// File is a share file as written: the fields of the format, the file's
// name for messages and the line each field is written on.
type File struct {
	Name             string // path as messages name it
	Format           string
	Version          int
	Checklist        string
	ChecklistVersion string
	Org              string
	OrgNr            string
	Role             string
	Answers          map[string]string
	AnswerOrder      []string // ids in the order written

	data  []byte         // the file's text, for lines
	lines map[string]int // "org" → line; "answers.q1" → line; found when first asked
}

// Line returns the line of a field ("role", "answers.q1"), or of the
// closest field holding it; 1 when unknown.
func (f *File) Line(field string) int {
	if f.lines == nil {
		// Lines are wanted only for messages: most files never need them.
		f.lines = fieldLines(f.data)
	}
	if n := f.lines[field]; n > 0 {
		return n
	}
	if i := strings.IndexByte(field, '.'); i > 0 {
		if n := f.lines[field[:i]]; n > 0 {
			return n
		}
	}
	return 1
}

// Problem is what is wrong with a share file, named by file and field.
type Problem struct {
	File  string
	Line  int
	Field string // "" for the file as a whole
	Msg   string
	// Warning marks a problem that does not stop the file from counting.
	Warning bool
}

func (p Problem) String() string {
	if p.Field == "" {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s:%d: %s: %s", p.File, p.Line, p.Field, p.Msg)
}

var knownFields = map[string]bool{"format": true, "version": true, "checklist": true, "checklistVersion": true, "org": true, "orgnr": true, "role": true, "answers": true}

// Decode reads a share file. It returns the file, or nil with the problems
// that make it no share file (not JSON, another format, fields of the
// wrong kind, fields a share file does not have).
func Decode(name string, data []byte) (*File, []Problem) {
	f := &File{Name: name}
	fail := func(line int, field, format string, args ...any) (*File, []Problem) {
		return nil, []Problem{{File: name, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)}}
	}
	if len(data) > MaxFileSize {
		return fail(1, "", "not a share file: %d bytes, more than a share file can hold (%d)", len(data), MaxFileSize)
	}
	if !utf8.Valid(data) {
		return fail(1, "", "not a share file: the file is not UTF-8 text")
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		line := 1
		var se *json.SyntaxError
		if ok := asSyntax(err, &se); ok {
			line = lineAt(data, int(se.Offset))
		}
		return fail(line, "", "not a share file: not a JSON object (%v)", err)
	}
	f.data = data
	if fast(f, data) {
		return f, nil
	}
	var ps []Problem
	bad := func(field, format string, args ...any) {
		ps = append(ps, Problem{File: name, Line: f.Line(field), Field: shownField(field), Msg: fmt.Sprintf(format, args...)})
	}
	str := func(key string, dst *string) {
		v, ok := raw[key]
		if !ok {
			return
		}
		if err := json.Unmarshal(v, dst); err != nil {
			bad(key, "must be text in quotes")
		}
	}
	str("format", &f.Format)
	switch {
	case f.Format == "varde-cq":
		return fail(f.Line("format"), "format", "%q is the checklist's full export, which holds action notes, names and dates; write the file with «Del svarene med samarbeidet» instead", f.Format)
	case f.Format != Format:
		return fail(f.Line("format"), "format", "not a share file: format is %q, a share file has \"format\": %q", f.Format, Format)
	}
	if v, ok := raw["version"]; !ok || json.Unmarshal(v, &f.Version) != nil || f.Version != FormatVersion {
		bad("version", "must be %d, the version of the format this Varde reads", FormatVersion)
	}
	str("checklist", &f.Checklist)
	str("checklistVersion", &f.ChecklistVersion)
	str("org", &f.Org)
	str("orgnr", &f.OrgNr)
	str("role", &f.Role)
	var keys []string
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !knownFields[k] {
			bad(k, "a share file has no such field (it holds format, version, checklist, checklistVersion, org, orgnr, role and answers only); remove it")
		}
	}
	if a, ok := raw["answers"]; !ok {
		bad("answers", "missing: a share file holds the answers by question id")
	} else if len(bytes.TrimSpace(a)) == 0 || bytes.TrimSpace(a)[0] != '{' {
		bad("answers", "must be an object of question id → answer")
	} else {
		f.Answers, f.AnswerOrder = answers(a, name, f, &ps)
	}
	if len(ps) > 0 {
		return nil, ps
	}
	return f, nil
}

// wire is a share file as the fast path decodes it.
type wire struct {
	Format           *string           `json:"format"`
	Version          *int              `json:"version"`
	Checklist        string            `json:"checklist"`
	ChecklistVersion string            `json:"checklistVersion"`
	Org              string            `json:"org"`
	OrgNr            string            `json:"orgnr"`
	Role             string            `json:"role"`
	Answers          map[string]string `json:"answers"`
}

// fast decodes a well-formed share file in one pass; on anything unusual
// it returns false and Decode reads the file again field by field, for
// messages that name what is wrong. (encoding/json matches names in any
// case, so "Role" passes here as "role"; nothing is lost by it.)
func fast(f *File, data []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var w wire
	if dec.Decode(&w) != nil || dec.More() || w.Format == nil || *w.Format != Format || w.Version == nil || *w.Version != FormatVersion || w.Answers == nil {
		return false
	}
	f.Format, f.Version = *w.Format, *w.Version
	f.Checklist, f.ChecklistVersion, f.Org, f.OrgNr, f.Role = w.Checklist, w.ChecklistVersion, w.Org, w.OrgNr, w.Role
	f.Answers = w.Answers
	f.AnswerOrder = make([]string, 0, len(w.Answers))
	for id := range w.Answers {
		f.AnswerOrder = append(f.AnswerOrder, id)
	}
	sort.Strings(f.AnswerOrder)
	return true
}

// answers reads the answers object; ids are returned sorted, so that
// messages come in a stable order.
func answers(a json.RawMessage, name string, f *File, ps *[]Problem) (map[string]string, []string) {
	var raw map[string]any
	if err := json.Unmarshal(a, &raw); err != nil {
		return map[string]string{}, nil
	}
	out := make(map[string]string, len(raw))
	order := make([]string, 0, len(raw))
	for id, v := range raw {
		order = append(order, id)
		s, ok := v.(string)
		if !ok {
			field := "answers." + id
			*ps = append(*ps, Problem{File: name, Line: f.Line(field), Field: shownField(field), Msg: "an answer is text in quotes, the value of the scale as the checklist stores it (\"3\", \"ja\")"})
			continue
		}
		out[id] = s
	}
	sort.Strings(order)
	return out, order
}

// shownField is a field's name as a message shows it: as written, or in
// quotes with escapes when the file's key is empty or holds a line break
// or another character that is not printable, so that a message stays one
// line and names the field (FuzzDecode: a key "lin\nje" split the message
// in two; a key "" gave a message that named none).
func shownField(field string) string {
	if field != "" && strings.IndexFunc(field, func(r rune) bool { return !unicode.IsPrint(r) }) < 0 {
		return field
	}
	return strconv.Quote(field)
}

func asSyntax(err error, se **json.SyntaxError) bool {
	s, ok := err.(*json.SyntaxError)
	if ok {
		*se = s
	}
	return ok
}

func lineAt(data []byte, off int) int {
	if off > len(data) {
		off = len(data)
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}

// fieldLines finds the line of each top-level key and of each key of the
// answers object, by walking the tokens (the decoder keeps no positions).
func fieldLines(data []byte) map[string]int {
	type frame struct{ obj, wantKey bool }
	lines := map[string]int{}
	dec := json.NewDecoder(bytes.NewReader(data))
	var stack []frame
	answers := false // inside the top-level answers object
	valueDone := func() {
		if n := len(stack); n > 0 && stack[n-1].obj {
			stack[n-1].wantKey = true
		}
	}
	for {
		t, err := dec.Token()
		if err != nil {
			return lines
		}
		n := len(stack)
		if n > 0 && stack[n-1].obj && stack[n-1].wantKey {
			if key, ok := t.(string); ok {
				// A key never spans lines: its line is that of its end.
				line := lineAt(data, int(dec.InputOffset())-1)
				switch {
				case n == 1:
					lines[key] = line
					answers = key == "answers"
				case n == 2 && answers:
					lines["answers."+key] = line
				}
				stack[n-1].wantKey = false
				continue
			}
		}
		switch t {
		case json.Delim('{'), json.Delim('['):
			stack = append(stack, frame{obj: t == json.Delim('{'), wantKey: true})
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:n-1]
			if len(stack) == 1 {
				answers = false
			}
			valueDone()
		default:
			valueDone()
		}
	}
}

// Files reads every *.json file of dir in fsys, sorted by name: the files
// of a survey folder. Other files (a README, notes) are left alone.
func Files(fsys fs.FS, dir string) ([]string, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() || !strings.EqualFold(path.Ext(e.Name()), ".json") || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		out = append(out, path.Join(dir, e.Name()))
	}
	sort.Strings(out)
	return out, nil
}

// ValidOrgNr reports whether s is a Norwegian organisation number: nine
// digits (spaces allowed) with a correct modulus 11 check digit.
func ValidOrgNr(s string) (string, bool) {
	var d []int
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			d = append(d, int(r-'0'))
		case unicode.IsSpace(r):
		default:
			return "", false
		}
	}
	if len(d) != 9 {
		return "", false
	}
	w := []int{3, 2, 7, 6, 5, 4, 3, 2}
	sum := 0
	for i, x := range w {
		sum += x * d[i]
	}
	c := 11 - sum%11
	if c == 11 {
		c = 0
	}
	if c == 10 || c != d[8] {
		return "", false
	}
	var b strings.Builder
	for _, x := range d {
		b.WriteByte(byte('0' + x))
	}
	return b.String(), true
}
