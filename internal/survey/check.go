package survey

import (
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/varde-portal/varde/internal/checklist"
	"github.com/varde-portal/varde/internal/textdist"
)

// Response is a share file that passed every check, with the version of
// the checklist it was written against.
type Response struct {
	File    string
	Role    string
	Version *Version
	Answers map[string]string
}

// Input is a file to check: its name and content.
type Input struct {
	Name string
	Data []byte
}

// Check decodes and validates the files, then drops duplicates: a second
// file of the same organisation (same organisation number, or the same
// name when either lacks one) and the same role. It returns the files that
// count, in name order, and every problem, by file and field. A file with
// a problem that is not a warning does not count; the others do.
func (d *Definition) Check(in []Input) ([]Response, []Problem) {
	sort.SliceStable(in, func(i, j int) bool { return in[i].Name < in[j].Name })
	var out []Response
	var ps []Problem
	type seen struct{ file string }
	byNr := map[string]seen{}
	byName := map[string]seen{}
	// Each file is read and checked on its own, on every core; duplicates
	// are then found in name order.
	type checked struct {
		file *File
		r    *Response
		ps   []Problem
	}
	done := make([]checked, len(in))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				file, fps := Decode(in[i].Name, in[i].Data)
				c := checked{file: file, ps: fps}
				if file != nil {
					c.r, fps = d.validate(file)
					c.ps = append(c.ps, fps...)
				}
				done[i] = c
			}
		}()
	}
	for i := range in {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, f := range in {
		ps = append(ps, done[i].ps...)
		file, r := done[i].file, done[i].r
		if r == nil {
			continue
		}
		nr, _ := ValidOrgNr(file.OrgNr)
		name := orgKey(file.Org)
		dupOf, field, what := "", "", ""
		if nr != "" {
			if s, ok := byNr[file.Role+"\x00"+nr]; ok {
				dupOf, field, what = s.file, "orgnr", "organisation number "+nr
			}
		}
		if dupOf == "" && name != "" {
			if s, ok := byName[file.Role+"\x00"+name]; ok {
				dupOf, field, what = s.file, "org", fmt.Sprintf("organisation %q", file.Org)
			}
		}
		if dupOf != "" {
			ps = append(ps, Problem{File: f.Name, Line: file.Line(field), Field: field,
				Msg: fmt.Sprintf("duplicate: %s with the role %q is also in %s, which is the one counted; remove one of the two files (an organisation answers once per role)", what, file.Role, dupOf)})
			continue
		}
		if nr != "" {
			byNr[file.Role+"\x00"+nr] = seen{f.Name}
		}
		if name != "" {
			byName[file.Role+"\x00"+name] = seen{f.Name}
		}
		out = append(out, *r)
	}
	return out, ps
}

// orgKey makes an organisation's name comparable: letters and digits in
// lower case, so "Os kommune" and "os  kommune." are one organisation.
func orgKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// validate checks a decoded file against the survey's checklist.
func (d *Definition) validate(f *File) (*Response, []Problem) {
	var ps []Problem
	bad := func(field, format string, args ...any) {
		ps = append(ps, Problem{File: f.Name, Line: f.Line(field), Field: shownField(field), Msg: fmt.Sprintf(format, args...)})
	}
	if f.Checklist != d.Checklist {
		if f.Checklist == "" {
			bad("checklist", "missing: the file must name the checklist it answers (%q)", d.Checklist)
		} else {
			bad("checklist", "%q is another checklist; this survey is about %q", f.Checklist, d.Checklist)
		}
		return nil, ps
	}
	switch {
	case f.Role == "":
		bad("role", "missing: give the respondent's role, one of %s", strings.Join(Roles, ", "))
	case !ValidRole(f.Role):
		bad("role", "%q is not a role of the format; use one of %s%s", f.Role, strings.Join(Roles, ", "), didYouMean(f.Role, Roles))
	}
	if strings.TrimSpace(f.OrgNr) != "" {
		if _, ok := ValidOrgNr(f.OrgNr); !ok {
			bad("orgnr", "%q is not an organisation number: nine digits with a correct check digit (as in Enhetsregisteret)", f.OrgNr)
		}
	}
	if len([]rune(f.Org)) > 200 {
		bad("org", "longer than 200 characters")
	}
	v := d.Versions[f.ChecklistVersion]
	if v == nil {
		if f.ChecklistVersion == "" {
			bad("checklistVersion", "missing: the file must say which version of the checklist was answered")
		} else {
			bad("checklistVersion", "%q is not a version of %q that this site knows (it knows %s): the answers cannot be matched to the question texts they were given to. If the checklist has changed since the file was written, add an edition of the site as it was then ([[editions]], varde edition snapshot), and its version is known", f.ChecklistVersion, d.Checklist, d.versionNames())
		}
		return nil, ps
	}
	if len(f.Answers) == 0 {
		bad("answers", "empty: the file holds no answers")
	}
	for _, id := range f.AnswerOrder {
		field := "answers." + id
		q, ok := v.Questions[id]
		if !ok {
			bad(field, "%q is not a question of this version of %q%s", id, d.Checklist, didYouMean(id, questionIDs(v)))
			continue
		}
		val := f.Answers[id]
		if val == "" {
			continue // an unanswered question, as a cleared answer is stored
		}
		if _, ok := q.Scale.Level(val); !ok {
			bad(field, "%q is not a value of the question's scale %q (%s)", val, q.Scale.Name, values(q.Scale))
		}
	}
	if len(ps) > 0 {
		return nil, ps
	}
	return &Response{File: f.Name, Role: f.Role, Version: v, Answers: f.Answers}, nil
}

func values(s checklist.Scale) string {
	var vs []string
	for _, l := range s.Levels {
		vs = append(vs, fmt.Sprintf("%q", l.Value))
	}
	return strings.Join(vs, ", ")
}

func questionIDs(v *Version) []string {
	out := make([]string, 0, len(v.Questions))
	for id := range v.Questions {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

func didYouMean(s string, options []string) string {
	if len(s) < 4 {
		return "" // every short id is close to another
	}
	if best := textdist.Closest(s, options, 2); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}
