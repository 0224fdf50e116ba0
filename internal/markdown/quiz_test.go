package markdown

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// specFile is the file quiz spec cases are converted as, with no front
// matter, so a diagnostic's line is the line within the case's Markdown. UI
// strings are their keys. Links to b.md resolve; others are missing.
const specFile = "content/quiz.md"

type specOptions struct {
	Unsafe bool `json:"unsafe"`
}

func convertSpec(t *testing.T, c specCase) (html string, diags []string) {
	t.Helper()
	var o specOptions
	if c.options != "" {
		if err := json.Unmarshal([]byte(c.options), &o); err != nil {
			t.Fatalf("case %q: options: %v", c.header, err)
		}
	}
	conv := New(Options{Lang: "nb", Unsafe: o.Unsafe})
	r := conv.Convert([]byte(c.markdown), Doc{File: specFile, ResolveLink: func(p string) (string, string, error) {
		if p == "b.md" {
			return "/b/", "content/b.md", nil
		}
		return "", "", errors.New("no such file")
	}})
	sort.SliceStable(r.Diags, func(i, j int) bool { return r.Diags[i].Line < r.Diags[j].Line })
	for _, d := range r.Diags {
		diags = append(diags, d.String())
	}
	return strings.TrimSpace(string(r.HTML)), diags
}

func TestQuizSpec(t *testing.T) {
	files, err := filepath.Glob("_test/quiz*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no spec files: %v", err)
	}
	for _, path := range files {
		cases := readSpec(t, path)
		for i, c := range cases {
			html, diags := convertSpec(t, c)
			if *update {
				cases[i].html, cases[i].diags = html, diags
				continue
			}
			if html != strings.TrimSpace(c.html) {
				t.Errorf("%s:%d: case %s\nMarkdown:\n%s\ngot HTML:\n%s\nwant:\n%s", path, c.line, c.header, c.markdown, html, c.html)
			}
			if !slices.Equal(diags, c.diags) {
				t.Errorf("%s:%d: case %s\ngot diagnostics:\n%s\nwant:\n%s", path, c.line, c.header, strings.Join(diags, "\n"), strings.Join(c.diags, "\n"))
			}
		}
		if *update {
			writeSpec(t, path, cases)
		}
	}
}

// TestQuizResult checks what a page's Result says about its quizzes, with
// front matter before the body so that lines are shifted.
func TestQuizResult(t *testing.T) {
	r := convert(t, "Tekst\n\n```quiz id=phishing\n? Hva er *phishing*?\n- [x] Svindel på e-post, se [B](b.md#del)\n  > Ja.\n- [ ] En fisk\n> Les [mer](c.md).\n```\n\n```quiz\n? To?\n- [x] a\n- [x] b\n- [ ] c\n```\n")
	if len(r.Quizzes) != 2 {
		t.Fatalf("got %d quizzes; want 2", len(r.Quizzes))
	}
	q := r.Quizzes[0]
	if q.ID != "phishing" || q.Line != 6 || r.Quizzes[1].ID != "quiz-2" || r.Quizzes[1].Line != 14 {
		t.Errorf("ids and lines: %q at %d, %q at %d", q.ID, q.Line, r.Quizzes[1].ID, r.Quizzes[1].Line)
	}
	qu := q.Questions[0]
	if qu.HTML != "Hva er <em>phishing</em>?" ||
		qu.Options[0].HTML != `Svindel på e-post, se <a href="/b/#del">B</a>` ||
		qu.Options[0].FeedbackHTML != "<p>Ja.</p>\n" ||
		qu.ExplHTML != "<p>Les <a href=\"c.md\">mer</a>.</p>\n" {
		t.Errorf("HTML of texts: %+v", qu)
	}
	if !r.Anchors["quiz-phishing"] || !r.Anchors["quiz-quiz-2"] {
		t.Errorf("anchors = %v", r.Anchors)
	}
	// The link in an option is checked later like any other, at its line;
	// the missing page in the explanation is an error at its line.
	if len(r.Links) != 1 || r.Links[0].Target != "content/b.md" || r.Links[0].Fragment != "del" || r.Links[0].Line != 8 {
		t.Errorf("links = %+v", r.Links)
	}
	if len(r.Diags) != 1 || r.Diags[0].Line != 11 || !strings.Contains(r.Diags[0].Msg, `"c.md"`) {
		t.Errorf("diags = %v", r.Diags)
	}
	// Search sees questions and options, not the explanations that give the
	// answers away.
	for _, want := range []string{"Hva er phishing?", "Svindel på e-post, se B", "En fisk", "To?"} {
		if !strings.Contains(r.Text, want) {
			t.Errorf("text lacks %q: %q", want, r.Text)
		}
	}
	if strings.Contains(r.Text, "Les mer") || strings.Contains(r.Text, "Ja.") || strings.Contains(r.Text, "```") {
		t.Errorf("text = %q", r.Text)
	}
}

// TestQuizLinkInMultilineExplanation checks that a link on a later line of
// an explanation is reported at its own line.
func TestQuizLinkInMultilineExplanation(t *testing.T) {
	r := convert(t, "```quiz\n? Q\n- [x] a\n- [ ] b\n> Første linje\n> andre [lenke](borte.md)\n```\n")
	if len(r.Diags) != 1 || r.Diags[0].Line != 9 {
		t.Errorf("diags = %v; want one at line 9", r.Diags)
	}
}

// TestQuizChooseAllHint checks that the instruction for a multi-answer
// question is added in the page's language, unless the editor wrote it
// into the question already.
func TestQuizChooseAllHint(t *testing.T) {
	c := New(Options{Lang: "nb", T: themeStrings(t, "nb")})
	tests := []struct {
		question string
		hints    int
	}{
		{"Hvilke er personopplysninger?", 1},
		{"Hvilke er personopplysninger? Velg alle som passer.", 0},
	}
	for _, tt := range tests {
		r := c.Convert([]byte("```quiz\n? "+tt.question+"\n- [x] a\n- [x] b\n- [ ] c\n```\n"), Doc{File: "a.md"})
		if got := strings.Count(string(r.HTML), "(velg alle som passer)"); got != tt.hints {
			t.Errorf("%q: %d hints; want %d\n%s", tt.question, got, tt.hints, r.HTML)
		}
	}
}

// TestQuizHTMLWellFormed checks the rules of HTML that the spec files
// cannot show at a glance: ids are unique on the page, every input has a
// label, and every fieldset starts with its legend.
func TestQuizHTMLWellFormed(t *testing.T) {
	src := "## Quiz\n\n```quiz id=a\n? Q\n- [ ] a\n- [x] b\n? R\n- [x] a\n- [x] b\n```\n\n```quiz\n? Q\n- [ ] a\n- [x] b\n```\n\n```quiz\n? Q\n- [ ] a\n- [x] b\n```\n"
	html := string(convert(t, src).HTML)
	ids := regexp.MustCompile(` id="([^"]+)"`).FindAllStringSubmatch(html, -1)
	seen := map[string]bool{}
	for _, m := range ids {
		if seen[m[1]] {
			t.Errorf("duplicate id %q", m[1])
		}
		seen[m[1]] = true
	}
	inputs := regexp.MustCompile(`<input [^>]*id="([^"]+)"`).FindAllStringSubmatch(html, -1)
	if len(inputs) != 8 {
		t.Errorf("got %d inputs; want 8", len(inputs))
	}
	for _, m := range inputs {
		if !strings.Contains(html, `<label for="`+m[1]+`">`) {
			t.Errorf("input %q has no label", m[1])
		}
	}
	if n, m := strings.Count(html, "<fieldset"), strings.Count(html, "\">\n<legend>"); n != 4 || m != n {
		t.Errorf("%d fieldsets, %d starting with a legend", n, m)
	}
	for _, tag := range []string{"section", "fieldset", "legend", "ul", "li", "details", "summary", "label", "button", "p", "div"} {
		if o, c := len(regexp.MustCompile(`<`+tag+`[ >]`).FindAllString(html, -1)), strings.Count(html, "</"+tag+">"); o != c {
			t.Errorf("<%s>: %d opened, %d closed", tag, o, c)
		}
	}
}

// TestQuizI18n checks that the theme's quiz strings exist in every
// language for every key that the renderer and quiz.js use.
func TestQuizI18n(t *testing.T) {
	keys := map[string]bool{}
	goSrc, err := os.ReadFile("quiz.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`r\.t\("(quiz\.[a-z_]+)"\)`).FindAllStringSubmatch(string(goSrc), -1) {
		keys[m[1]] = true
	}
	js, err := os.ReadFile("../../themes/default/assets/js/modules/quiz.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`"(quiz\.[a-z_]+)"`).FindAllStringSubmatch(string(js), -1) {
		keys[m[1]] = true
	}
	if len(keys) < 15 {
		t.Fatalf("found only %d keys in quiz.go and quiz.js: %v", len(keys), keys)
	}
	for _, lang := range []string{"nb", "nn", "en"} {
		strs := themeStrings(t, lang)
		for k := range keys {
			if v := strs(k); v == k || v == "" {
				t.Errorf("%s: no string for %q", lang, k)
			}
		}
		for _, k := range themeKeys(t, lang) {
			if !keys[k] {
				t.Errorf("%s: %q is used neither in quiz.go nor in quiz.js", lang, k)
			}
		}
	}
}

// themeStrings loads the default theme's quiz strings in lang.
func themeStrings(t *testing.T, lang string) func(string) string {
	t.Helper()
	m := loadThemeStrings(t, lang)
	return func(k string) string {
		if v, ok := m[k]; ok {
			return v
		}
		return k
	}
}

func themeKeys(t *testing.T, lang string) []string {
	t.Helper()
	var keys []string
	for k := range loadThemeStrings(t, lang) {
		keys = append(keys, k)
	}
	return keys
}

func loadThemeStrings(t *testing.T, lang string) map[string]string {
	t.Helper()
	m := map[string]string{}
	path := fmt.Sprintf("../../themes/default/i18n/%s/quiz.toml", lang)
	if _, err := toml.DecodeFile(path, &m); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return m
}
