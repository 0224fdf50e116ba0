package contenttest

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/varde-portal/varde/internal/quiz"
)

// root is the repository root, seen from this package's folder.
const root = "../.."

// markdownFiles returns the .md files under dir (relative to root), by their
// path from root. Bundled content that disappears would make every test below
// pass vacuously, so finding none is a failure.
func markdownFiles(t *testing.T, dirs ...string) []string {
	t.Helper()
	var out []string
	for _, dir := range dirs {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(p, ".md") {
				rel, _ := filepath.Rel(root, p)
				out = append(out, filepath.ToSlash(rel))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(out) == 0 {
		t.Fatalf("no Markdown files under %v", dirs)
	}
	return out
}

func read(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The GDPR's Norwegian term is "behandlingsansvarlig" (nynorsk
// "behandlingsansvarleg"); "dataansvarlig" is the Danish word, and municipalities
// copy what the portal says. The editions are frozen, but they are published
// too, so they are held to the same rule.
func TestNoDataansvarlig(t *testing.T) {
	bad := regexp.MustCompile(`(?i)dataansvarl`)
	for _, f := range markdownFiles(t, "content", "editions") {
		sc := bufio.NewScanner(strings.NewReader(read(t, f)))
		for n := 1; sc.Scan(); n++ {
			if bad.MatchString(sc.Text()) {
				t.Errorf("%s:%d: write behandlingsansvarlig (nn behandlingsansvarleg), not %q", f, n, bad.FindString(sc.Text()))
			}
		}
	}
}

var (
	question = regexp.MustCompile(`^- \[ \] .*\{#([A-Za-z0-9._-]+)\}\s*$`)
	level    = regexp.MustCompile(`^  - Nivå ([1-4]): (\S.*)$`)
	scaleRe  = regexp.MustCompile(`(?m)^scale:\s*"?maturity"?\s*$`)
)

// Every maturity question in the toolbox describes its own four levels
// ("  - Nivå 1: …" to "  - Nivå 4: …" under the question), so that a reader
// can tell what level 2 means for exactly that question.
func TestToolboxMaturityLevels(t *testing.T) {
	pages := 0
	for _, f := range markdownFiles(t, "content/verktoykasse") {
		src := read(t, f)
		if !scaleRe.MatchString(src) {
			continue
		}
		pages++
		questions := 0
		for _, q := range splitQuestions(src) {
			questions++
			var got []string
			for _, l := range q.lines {
				if m := level.FindStringSubmatch(l); m != nil {
					got = append(got, m[1])
				}
			}
			if strings.Join(got, ",") != "1,2,3,4" {
				t.Errorf("%s:%d: question {#%s} has level descriptions %v; want one each for Nivå 1, 2, 3 and 4, in order", f, q.line, q.id, got)
			}
		}
		if questions == 0 {
			t.Errorf("%s: a maturity page without control questions", f)
		}
	}
	if pages < 2 {
		t.Errorf("found %d toolbox pages on the maturity scale; want the bokmål and the nynorsk one", pages)
	}
}

type cq struct {
	id    string
	line  int
	lines []string // the lines under the question, up to the next question or heading
}

func splitQuestions(src string) []cq {
	var out []cq
	lines := strings.Split(src, "\n")
	for i := 0; i < len(lines); i++ {
		m := question.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		q := cq{id: m[1], line: i + 1}
		for j := i + 1; j < len(lines); j++ {
			l := lines[j]
			if strings.HasPrefix(l, "- [") || strings.HasPrefix(l, "#") {
				break
			}
			q.lines = append(q.lines, l)
		}
		out = append(out, q)
	}
	return out
}

// Every wrong option in every quiz says why it is wrong: a reader who picks
// it learns nothing from a bare "wrong". The quizzes are read with the same
// parser the build uses.
func TestQuizWrongOptionsHaveFeedback(t *testing.T) {
	quizzes := 0
	for _, f := range markdownFiles(t, "content") {
		for _, b := range quizBlocks(read(t, f)) {
			qz, errs := quiz.Parse(b.info, []byte(b.body), b.line)
			if len(errs) > 0 {
				t.Errorf("%s:%d: quiz does not parse: %v", f, b.line, errs)
				continue
			}
			quizzes++
			for _, q := range qz.Questions {
				for _, o := range q.Options {
					if !o.Correct && strings.TrimSpace(o.Feedback) == "" {
						t.Errorf("%s:%d: wrong option %q has no feedback (add an indented \"  > …\" line saying why)", f, o.Line, o.Text)
					}
				}
			}
		}
	}
	if quizzes == 0 {
		t.Fatal("no quizzes found in content/")
	}
}

type block struct {
	info, body string
	line       int // line of the opening fence (1-based)
}

func quizBlocks(src string) []block {
	var out []block
	lines := strings.Split(src, "\n")
	for i := 0; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "```quiz") {
			continue
		}
		b := block{info: strings.TrimPrefix(lines[i], "```"), line: i + 1} // Parse wants the fence's line
		var body bytes.Buffer
		for i++; i < len(lines) && !strings.HasPrefix(lines[i], "```"); i++ {
			fmt.Fprintln(&body, lines[i])
		}
		b.body = body.String()
		out = append(out, b)
	}
	return out
}

// The checkers themselves must see what they are meant to see, or the tests
// above would pass on content that breaks the rules.
func TestCheckersFindProblems(t *testing.T) {
	src := "## Område {#a}\n\n- [ ] Første? {#q1}\n  Hvorfor.\n\n  - Nivå 1: a\n  - Nivå 2: b\n  - Nivå 4: d\n- [ ] Andre? {#q2}\n  - Nivå 1: a\n  - Nivå 2: b\n  - Nivå 3: c\n  - Nivå 4: d\n## Neste\n"
	qs := splitQuestions(src)
	if len(qs) != 2 || qs[0].id != "q1" || qs[0].line != 3 {
		t.Fatalf("splitQuestions = %+v", qs)
	}
	count := func(q cq) (n int) {
		for _, l := range q.lines {
			if level.MatchString(l) {
				n++
			}
		}
		return n
	}
	if count(qs[0]) != 3 || count(qs[1]) != 4 {
		t.Errorf("levels found: %d and %d; want 3 and 4", count(qs[0]), count(qs[1]))
	}

	md := "Tekst\n\n```quiz id=x\n? Hva?\n- [ ] Galt uten forklaring\n- [x] Riktig\n- [ ] Galt\n  > Fordi.\n```\n"
	bs := quizBlocks(md)
	if len(bs) != 1 || bs[0].line != 3 {
		t.Fatalf("quizBlocks = %+v", bs)
	}
	qz, errs := quiz.Parse(bs[0].info, []byte(bs[0].body), bs[0].line)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	o := qz.Questions[0].Options
	if o[0].Feedback != "" || o[2].Feedback == "" || o[0].Line != 5 {
		t.Errorf("options = %+v", o)
	}
}
