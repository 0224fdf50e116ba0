package survey

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/varde-portal/varde/internal/checklist"
)

// fuzzName is the share file's name in messages, as the build names it.
const fuzzName = "modenhet/region-2025/svar.json"

// fuzzDef is testDef with a check question more ("c1", area C), so that
// the unticked box, which is a cell of its own, is fuzzed too.
func fuzzDef(t testing.TB, k int) *Definition {
	d := testDef(t, k)
	scales, err := checklist.Scales("nb", nil)
	if err != nil {
		t.Fatal(err)
	}
	c1 := Question{ID: "c1", Text: "Er det gjort?", Area: "c", AreaTitle: "C", Categories: []string{"3"}, Scale: scales[checklist.ScaleCheck]}
	cur := append(append([]Question(nil), d.Questions...), c1)
	var old []Question
	for _, v := range d.Versions {
		if !v.Current() {
			for _, id := range []string{"a1", "a2", "old", "b1"} {
				old = append(old, v.Questions[id])
			}
		}
	}
	old = append(old, c1)
	nd := &Definition{Name: d.Name, Checklist: d.Checklist, K: k, Questions: cur}
	nd.AddVersion(NewVersion(d.Checklist, "", "nb", cur, nil, nil))
	nd.AddVersion(NewVersion(d.Checklist, "2024", "nb", old, cur, nil))
	return nd
}

// shareSeeds are share files worth starting from: files the browser
// writes, each field wrong in turn, and the shapes of JSON that reach the
// slow path (fields in another case, null, duplicates, a BOM).
func shareSeeds(t testing.TB) []string {
	d := fuzzDef(t, 3)
	cur, old := curVersion(d), oldVersion(d)
	good := map[string]string{"a1": "3", "a2": "2", "b1": "ja", "c1": "done"}
	seeds := []string{
		string(share(t, d, cur, "Os kommune", "964338531", "it", good)),
		string(share(t, d, cur, "", "", "kommunedirektor", map[string]string{"a1": "", "c1": ""})),
		string(share(t, d, old, "Gamle Os", "964 338 531", "personvernombud", map[string]string{"a1": "4", "a2": "1", "old": "2"})),
		string(share(t, d, cur, strings.Repeat("å", 201), "", "annet", good)),
		string(share(t, d, cur, "", "123456789", "it", good)),
		string(share(t, d, cur, "", "", "sjef", good)),
		string(share(t, d, "0000000000000000", "", "", "it", good)),
		string(share(t, d, cur, "", "", "it", map[string]string{"a1": "7", "zz9": "1", "a1-ledelse": "2"})),
		string(share(t, d, cur, "", "", "it", map[string]string{})),
		`{"format":"varde-survey","version":1,"checklist":"sjekk","checklistVersion":"` + cur + `","role":"it","answers":{"a1":"1"}}`,
		"\uFEFF{\"format\":\"varde-survey\",\"version\":1,\"checklist\":\"sjekk\",\"checklistVersion\":\"" + cur + "\",\"role\":\"it\",\"answers\":{\"b1\":\"nei\"}}",
		`{"Format":"varde-survey","VERSION":1,"checklist":"sjekk","checklistVersion":"` + cur + `","Role":"it","answers":{"a1":"1"}}`,
		`{"format":"varde-survey","version":1,"role":"it","role":"annet","answers":{"a1":"1","a1":"2"}}`,
		`{"format":"varde-survey","version":1,"answers":{"a1":null,"a2":3,"b1":["ja"]},"org":null}`,
		"{\"format\": \"varde-survey\", \"version\": 1,\n\"answers\": {},\n\"action\": \"x\",\n\"lin\\nje\": 1}",
		"{\"format\": \"varde-survey\", \"version\": 1,\n\"answers\": {\n\"a\\u0000\\n1\": \"1\"}}",
		`{"format":"varde-cq","version":1,"answers":{},"notes":{"a1":"Kari sa nei"}}`,
		`{"format":"varde-survey","version":2,"answers":{}}`,
		`{"format":"varde-survey","version":1.5,"answers":{}}`,
		`{"format":"varde-survey","version":"1","answers":"a1=1"}`,
		`{"format":"varde-survey","version":1,"answers":{}} {"format":"varde-survey"}`,
		`{"format":"varde-survey","version":1,"answers":{}}` + "\n\n\n",
		"{\n\"format\": 7}",
		"[1, 2]", "", "null", "{", "\"varde-survey\"", "{\"format\":\"varde-survey\",\n\"version\":1,\n\"answers\":{\"a1\":\"1\"\n", "\xff\xfe{}",
	}
	return seeds
}

// checkProblems holds what every problem with a share file must be: named
// by the file, at a line of it, on one line of UTF-8 text, and naming a
// field unless the file is no share file at all.
func checkProblems(t *testing.T, data []byte, ps []Problem) {
	t.Helper()
	lines := strings.Count(string(data), "\n") + 1
	for _, p := range ps {
		s := p.String()
		if p.File != fuzzName {
			t.Fatalf("problem names %q: %s", p.File, s)
		}
		if p.Line < 1 || p.Line > lines {
			t.Fatalf("problem at line %d of a %d-line file: %s\n%q", p.Line, lines, s, data)
		}
		if p.Msg == "" || !utf8.ValidString(s) || strings.ContainsAny(s, "\n\r\x00") {
			t.Fatalf("problem is not one line of text: %q", s)
		}
		if p.Field == "" && !strings.HasPrefix(p.Msg, "not a share file") {
			t.Fatalf("problem names no field: %s", s)
		}
	}
}

// encode writes a decoded file back as a share file, as the browser does.
func encode(t *testing.T, f *File) []byte {
	t.Helper()
	m := map[string]any{"format": f.Format, "version": f.Version, "checklist": f.Checklist, "checklistVersion": f.ChecklistVersion, "role": f.Role, "answers": f.Answers}
	if f.Org != "" {
		m["org"] = f.Org
	}
	if f.OrgNr != "" {
		m["orgnr"] = f.OrgNr
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatalf("a decoded file cannot be written again: %v", err)
	}
	return b
}

func sameFile(a, b *File) bool {
	if len(a.Answers) == 0 && len(b.Answers) == 0 {
		a, b = &File{Answers: nil}, &File{Answers: nil}
	}
	return a.Format == b.Format && a.Version == b.Version && a.Checklist == b.Checklist && a.ChecklistVersion == b.ChecklistVersion &&
		a.Org == b.Org && a.OrgNr == b.OrgNr && a.Role == b.Role && reflect.DeepEqual(a.Answers, b.Answers) && reflect.DeepEqual(a.AnswerOrder, b.AnswerOrder)
}

// FuzzDecode reads any bytes as a share file and checks it against a
// survey: it never panics; every problem names the file, a line of it and
// (unless the file is no share file at all) a field, on one line of UTF-8
// text; a file that decodes has no problem and decodes to the same fields
// after being written again; a file that validates counts again, with the
// same answers, once written again. The seed corpus is in
// testdata/fuzz/FuzzDecode.
func FuzzDecode(f *testing.F) {
	for _, s := range shareSeeds(f) {
		f.Add([]byte(s))
	}
	d := fuzzDef(f, 3)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return // share files are small; the size limit has its own test
		}
		file, ps := Decode(fuzzName, data)
		checkProblems(t, data, ps)
		if file == nil {
			if len(ps) == 0 {
				t.Fatal("no file and no problem")
			}
		} else {
			if len(ps) > 0 {
				t.Fatalf("decoded, yet with problems %v", ps)
			}
			again, ps := Decode(fuzzName, encode(t, file))
			if again == nil || len(ps) > 0 {
				t.Fatalf("a decoded file written again does not decode: %v\n%s", ps, encode(t, file))
			}
			if !sameFile(file, again) {
				t.Fatalf("round trip changed the file:\n%+v\n%+v", file, again)
			}
		}
		rs, ps := d.Check([]Input{{fuzzName, data}})
		checkProblems(t, data, ps)
		if len(rs) == 0 {
			if len(ps) == 0 {
				t.Fatal("a file neither counts nor has a problem")
			}
			return
		}
		if file == nil {
			t.Fatal("a file that does not decode counts")
		}
		for _, p := range ps {
			if !p.Warning {
				t.Fatalf("a file that counts has the problem %s", p)
			}
		}
		rs2, ps2 := d.Check([]Input{{fuzzName, encode(t, file)}})
		if len(rs2) != 1 || len(ps2) != len(ps) || rs2[0].Role != rs[0].Role || rs2[0].Version != rs[0].Version || !reflect.DeepEqual(rs2[0].Answers, rs[0].Answers) {
			t.Fatalf("a valid file written again checks otherwise: %+v %v, was %+v %v", rs2, ps2, rs, ps)
		}
	})
}

// fuzzFiles makes share files from bytes: each file takes a role, a
// version, an organisation (now and then another file's, for duplicates)
// and one answer per question of its version, absent, unanswered or a
// value of the question's scale.
func fuzzFiles(t *testing.T, d *Definition, spec []byte) []Input {
	versions := []string{curVersion(d), oldVersion(d)}
	next := func() int {
		if len(spec) == 0 {
			return 0
		}
		b := spec[0]
		spec = spec[1:]
		return int(b)
	}
	var in []Input
	for i := 0; len(spec) > 0 && i < 60; i++ {
		role := Roles[next()%len(Roles)]
		v := d.Versions[versions[next()%2]]
		org, nr := fmt.Sprintf("Kommune %d", i), ""
		if o := next(); o%7 == 0 && i > 0 {
			org = fmt.Sprintf("kommune %d.", o%i) // the same organisation as an earlier file
		}
		if next()%3 == 0 {
			nr = []string{"964338531", "974760673", "964 338 531"}[i%3]
		}
		answers := map[string]string{}
		for _, id := range questionIDs(v) {
			levels := v.Questions[id].Scale.Levels
			switch c := next() % (len(levels) + 2); c {
			case len(levels):
				// absent
			case len(levels) + 1:
				answers[id] = ""
			default:
				answers[id] = levels[c].Value
			}
		}
		if len(answers) == 0 {
			answers["a1"] = ""
		}
		in = append(in, Input{fmt.Sprintf("svar-%02d.json", i), share(t, d, v.ID, org, nr, role, answers)})
	}
	return in
}

// FuzzAggregate aggregates any set of valid share files (made from the
// input bytes) with k from 3 to 6: every file is valid, so each counts
// unless it is a duplicate; and the published result never holds a group
// under k: every shown count is 0 or at least k, hidden cells carry no
// count, and the total minus the shown cells is never a group under k nor
// a single hidden cell (checkNoSmallGroup, the package's own property).
// Shown counts are the true counts. The seed corpus is in
// testdata/fuzz/FuzzAggregate.
func FuzzAggregate(f *testing.F) {
	f.Add(uint8(0), []byte{})
	f.Add(uint8(2), []byte(strings.Repeat("\x01\x00\x00\x01\x02\x03\x01\x00", 5)))
	f.Add(uint8(0), []byte(strings.Repeat("\x00\x00\x01\x01\x02\x02\x02\x02", 3)+strings.Repeat("\x02\x01\x02\x03\x03\x03\x03\x03\x03", 2)))
	f.Add(uint8(1), []byte(strings.Repeat("\x00\x00\x00\x00\x03\x03\x03\x03", 4)+"\x01\x00\x07\x00\x00\x00\x00\x00"))
	f.Add(uint8(3), []byte("\x00\x00\x01\x00\x01\x02\x03\x04\x01\x00\x01\x00\x01\x02\x03\x04\x02\x00\x01\x00\x01\x02\x03\x04\x03\x00\x01\x00\x01\x02\x03\x04\x00\x00\x01\x00\x01\x02\x03\x04\x00\x00\x01\x00\x01\x02\x03\x04"))
	f.Add(uint8(1), []byte(strings.Repeat("\x00\x01\x01\x00\x00\x01\x02\x03\x04\x05", 7)))
	f.Fuzz(func(t *testing.T, kb uint8, spec []byte) {
		k := 3 + int(kb%4)
		d := fuzzDef(t, k)
		in := fuzzFiles(t, d, spec)
		rs, ps := d.Check(in)
		for _, p := range ps {
			if !strings.Contains(p.Msg, "duplicate") {
				t.Fatalf("a valid file has the problem %s", p)
			}
		}
		if len(rs)+len(ps) != len(in) {
			t.Fatalf("%d files: %d counted, %d problems", len(in), len(rs), len(ps))
		}
		res := d.Aggregate(rs)
		if res.K != k {
			t.Fatalf("k = %d, want %d", res.K, k)
		}
		checkNoSmallGroup(t, res)
		if t.Failed() {
			return
		}
		if res.Enough != (len(rs) >= k) || (res.Enough && res.N != len(rs)) {
			t.Fatalf("%d files counted, k %d: enough %v, n %d", len(rs), k, res.Enough, res.N)
		}
		if !res.Enough {
			return
		}
		// The shown counts are the true ones.
		role := map[string]int{}
		level := map[string]int{}
		answered := map[string]int{}
		for _, r := range rs {
			role[r.Role]++
			for id, v := range r.Answers {
				q := r.Version.Questions[id]
				if r.Version.Apart[id] != "" || (v == "" && !q.Scale.IsCheck()) {
					continue
				}
				if _, ok := q.Scale.Level(v); !ok && v != "" {
					continue
				}
				level[id+"\x00"+v]++
				answered[id]++
			}
		}
		for _, r := range res.Roles {
			if !r.Hidden && r.Count != role[r.Role] {
				t.Fatalf("role %s shown as %d, counted %d", r.Role, r.Count, role[r.Role])
			}
		}
		for _, q := range res.Questions {
			if q.Hidden != (answered[q.ID] < k) || (!q.Hidden && q.N != answered[q.ID]) {
				t.Fatalf("%s: hidden %v, n %d; %d answered", q.ID, q.Hidden, q.N, answered[q.ID])
			}
			for _, c := range q.Levels {
				if !c.Hidden && c.Count != level[q.ID+"\x00"+c.Value] {
					t.Fatalf("%s level %q shown as %d, counted %d", q.ID, c.Value, c.Count, level[q.ID+"\x00"+c.Value])
				}
			}
		}
	})
}

// A key or question id with a line break or another unprintable character
// is named in quotes, so the message stays one line, and so is an empty
// key, so the message names it (FuzzDecode: the key "lin\nje" split the
// message in two, in varde build's and varde survey check's output alike;
// the key "" named no field).
func TestUnprintableFieldQuoted(t *testing.T) {
	_, ps := Decode("x.json", []byte("{\"format\": \"varde-survey\", \"version\": 1, \"answers\": {},\n\"lin\\nje\": 1}"))
	if len(ps) != 1 || ps[0].String() != `x.json:2: "lin\nje": a share file has no such field (it holds format, version, checklist, checklistVersion, org, orgnr, role and answers only); remove it` {
		t.Errorf("got %v", ps)
	}
	_, ps = Decode("x.json", []byte(`{"": 1, "format": "varde-survey", "version": 1, "answers": {}}`))
	if len(ps) != 1 || !strings.HasPrefix(ps[0].String(), `x.json:1: "": a share file has no such field`) {
		t.Errorf("got %v", ps)
	}
	d := testDef(t, 3)
	_, ps = d.Check([]Input{{"y.json", []byte("{\"format\": \"varde-survey\", \"version\": 1, \"checklist\": \"sjekk\", \"checklistVersion\": \"" + curVersion(d) + "\", \"role\": \"it\",\n\"answers\": {\n\"a1\\u2028\": \"1\"}}")}})
	if len(ps) != 1 || !strings.HasPrefix(ps[0].String(), `y.json:3: "answers.a1\u2028": "a1\u2028" is not a question`) {
		t.Errorf("got %v", ps)
	}
}
