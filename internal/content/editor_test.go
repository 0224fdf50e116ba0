package content

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/varde-portal/varde/internal/diag"
)

// TestEditorMistakes: the mistakes editors make in front matter are each
// reported once, as an error at the line where the broken construct
// starts, with the fix in plain words; the page is left out, so nothing
// follows from it ("title is missing", a page without its type).
func TestEditorMistakes(t *testing.T) {
	cases := []struct {
		name, src string
		line      int
		want      string
	}{
		{"tab", "---\ntitle: A\n\taudience: [ansatt]\n---\n", 3, "use spaces, not tabs"},
		{"tab in a list", "---\ntitle: A\naudience:\n\t- ansatt\n---\n", 4, "use spaces, not tabs"},
		{"colon in text", "---\ntitle: A\ndescription: Slik gjør du: les dette\n---\n", 3, `the text of description holds a colon (':'), which YAML reads as the start of a new field: put the text in quotes, e.g. description: "Slik gjør du: les dette"`},
		{"colon in the first field", "---\ntitle: Om oss: hvem vi er\ntype: page\n---\n", 2, "put the text in quotes, e.g. title: \"Om oss: hvem vi er\""},
		{"indented field", "---\ntitle: A\n  description: x\ntype: page\n---\n", 3, "description is indented, but the field above already has its value: start description: at the beginning of the line"},
		{"list item indented differently", "---\ntitle: A\naudience:\n  - ansatt\n - leder\n---\n", 5, "start every \"- \" of a list at the same column"},
		{"unclosed quote", "---\ntitle: \"Personvern\ndescription: Kort\nweight: 2\n---\n", 2, "the quote (\") that starts the text here is never closed: end the text with \" on this line"},
		{"unclosed quote before a quoted field", "---\ntitle: A\ndescription: \"Kort\ntype: \"norm\"\nweight: 3\n---\n", 3, "never closed"},
		{"unclosed single quote", "---\ntitle: A\ndescription: 'Kort\n---\n", 3, "the quote (') that starts the text here is never closed"},
		{"unclosed bracket", "---\ntitle: A\naudience: [ansatt, leder\ndescription: x\n---\n", 3, "the list that starts with [ here is never closed: end it with ]"},
		{"text after quote", "---\ntitle: \"Personvern\" i kommunen\n---\n", 2, `title goes on after its closing ": put all of the text in quotes, e.g. title: '"Personvern" i kommunen'`},
		{"text after quote, a carriage return in it", "---\ntitle: \"\"\r\u2013\n---\n", 2, `title goes on after its closing ": put all of the text in quotes, e.g. title: "\"\"\r–"`},
		{"text after list", "---\ntitle: A\naudience: [ansatt] og leder\n---\n", 3, "audience goes on after its closing ]"},
		{"backtick", "---\ntitle: `kode`\n---\n", 2, "text cannot start with ` in YAML: put the text in quotes"},
		{"no colon", "---\ntitle: A\ndescription: x\ntype norm\n---\n", 4, "this line is not a field (name: value)"},
		{"space before the first field", "---\n title: Skjermlås\ntype: norm\nstatement: Jeg låser skjermen\n---\n", 2, "title is indented by 1 space(s): front matter fields start at the beginning of the line"},
		{"all fields indented", "---\n  title: A\n  type: norm\n---\n", 2, "title is indented by 2 space(s)"},
		{"no opening ---", "title: Skjermlås\ntype: norm\n---\n\nTekst.\n", 1, "the front matter has no opening ---: put a line with only --- above title: (the closing --- on line 3 is there)"},
		{"no opening +++", "\ntitle = \"A\"\n+++\n", 2, "the front matter has no opening +++: put a line with only +++ above title= (the closing +++ on line 3 is there)"},
		{"no delimiters at all", "title: A\ndescription: x\n\nTekst.\n", 1, "put a line with only --- above title:, and one with --- below the last field"},
		{"toml unquoted", "+++\ntitle = Skjermlås\n+++\n", 2, `the text of title must be in quotes: write title = "Skjermlås"`},
		{"toml unclosed quote", "+++\ntitle = \"A\nweight = 2\n+++\n", 2, "the text that starts with a quote on this line is not closed"},
		{"toml colon", "+++\ntitle: \"A\"\n+++\n", 2, "replace ':' with '='"},
		{"toml unclosed list", "+++\ntitle = \"A\"\naudience = [\"ansatt\"\nweight = 2\n+++\n", 3, "the list that starts on this line is not closed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			set, ds := load(t, map[string]string{"content/om/a.md": c.src}, Options{})
			if len(ds) != 1 || ds[0].File != "content/om/a.md" || ds[0].Line != c.line || ds[0].Severity != diag.Error || !strings.Contains(ds[0].Msg, c.want) {
				t.Fatalf("got %v\nwant one error at line %d containing %q", ds, c.line, c.want)
			}
			for _, p := range set.Pages {
				if p.Rel == "om/a.md" {
					t.Errorf("the page with the error was loaded: %+v", p.Meta)
				}
			}
			if set.Unpublished["om/a.md"] != Unreadable {
				t.Errorf("not marked unreadable: %v", set.Unpublished)
			}
		})
	}
}

// TestValidFrontMatterIsNotAMistake: what the checks above look for is
// fine where YAML allows it.
func TestValidFrontMatterIsNotAMistake(t *testing.T) {
	for _, src := range []string{
		"---\ntitle: \"Om oss: hvem vi er\"\ndescription: 'Det er ''vi'''\n---\n",
		"---\ntitle: A\ndescription: \"en lang\n  tekst\"\naudience: [ansatt,\n  leder]\n---\n",
		"---\ntitle: A\naudience:\n  - ansatt\n  - leder\ndescription: >\n  Lang\n  tekst\n---\n",
		"---\ntitle: A # kommentar: med kolon\ndescription: x\n---\n",
		"Merk: dette er ikke front matter.\n\n---\n",
	} {
		_, ds := load(t, map[string]string{"content/om/a.md": strings.Replace(src, "Merk", "---\ntitle: B\n---\nMerk", 1)}, Options{})
		if len(ds) > 0 {
			t.Errorf("%q: %v", src, ds)
		}
	}
}

// TestCommaStringForList: `audience: ansatt, leder` is one text in YAML;
// it is warned about at its line and read as the list the editor meant.
func TestCommaStringForList(t *testing.T) {
	set, ds := load(t, map[string]string{
		"content/om/a.md": "---\ntitle: A\naudience: ansatt, leder\nlegal: personopplysningsloven § 2, første ledd\ntopics: personvern\n---\n",
	}, Options{})
	if len(ds) != 1 || ds[0].String() != "content/om/a.md:3: warning: audience is one text, not a list: write it as [ansatt, leder] (it is read as that list now)" {
		t.Errorf("diags = %v", ds)
	}
	for _, p := range set.Pages {
		if p.Rel == "om/a.md" {
			if strings.Join(p.Meta.Audience, "|") != "ansatt|leder" || len(p.Meta.Legal) != 1 || len(p.Meta.Topics) != 1 {
				t.Errorf("audience %q legal %q topics %q", p.Meta.Audience, p.Meta.Legal, p.Meta.Topics)
			}
		}
	}
}

// TestAliasBomb: "billion laughs" front matter is refused at the line of
// its aliases, quickly and without expanding it.
func TestAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("---\ntitle: A\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i < 12; i++ {
		p := fmt.Sprintf("*a%d", i-1)
		fmt.Fprintf(&b, "a%d: &a%d [%s]\n", i, i, strings.Repeat(p+", ", 8)+p)
	}
	b.WriteString("---\n")
	start := time.Now()
	_, ds := load(t, map[string]string{"content/om/a.md": b.String()}, Options{})
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("took %v", took)
	}
	// a4 expands to 66,430 values, the first past the limit, on line 7.
	if len(ds) != 1 || ds[0].Line != 7 || !strings.Contains(ds[0].Msg, "expand the front matter by more than 10000 values") {
		t.Errorf("diags = %v", ds)
	}
	_, ds = load(t, map[string]string{"content/om/b.md": "---\ntitle: A\na: &a [x, *a]\n---\n"}, Options{})
	if len(ds) != 1 || ds[0].Line != 3 {
		t.Errorf("self-reference: %v", ds)
	}
	// An alias or two is fine.
	_, ds = load(t, map[string]string{"content/om/c.md": "---\ntitle: A\nfarge: &f blå\nparams:\n  bakgrunn: *f\n---\n"}, Options{})
	if len(ds) != 0 {
		t.Errorf("small alias: %v", ds)
	}
	// Many values written out, and one alias, are no bomb: 12,000 topics
	// were refused as "the aliases (*name) here expand the front matter to
	// more than 10000 values" (the sweep of session 19).
	var many strings.Builder
	many.WriteString("---\ntitle: A\nfarge: &f blå\nparams:\n  bakgrunn: *f\ntopics:\n")
	for i := range 12000 {
		fmt.Fprintf(&many, "  - t%d\n", i)
	}
	many.WriteString("---\n")
	set, ds := load(t, map[string]string{"content/om/d.md": many.String()}, Options{})
	topics := -1
	for _, p := range set.Pages {
		if p.File == "content/om/d.md" {
			topics = len(p.Meta.Topics)
		}
	}
	if len(ds) != 0 || topics != 12000 {
		t.Errorf("12,000 topics written out: %v, %d topics read", ds, topics)
	}
}

// FuzzFrontMatterMistakes: explaining a YAML error never panics, and the
// line it names is in the front matter.
func FuzzFrontMatterMistakes(f *testing.F) {
	for _, s := range []string{"title: \"A\ndescription: x\n", "\taudience: [a]\n", "a: [b, 'c\nd: {e\n", " title: A\n- x\n", "a: &a [*a]\n", "x: \"a\" b\n  - c\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fm := []byte(s)
		_, _, d := parseFrontMatter("yaml", fm)
		if d != nil && (d.Line < 1 || d.Line > strings.Count(s, "\n")+strings.Count(s, "\r")+3) {
			t.Errorf("line %d for %q: %s", d.Line, s, d.Msg)
		}
	})
}
