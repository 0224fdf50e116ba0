package quiz

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse checks that Parse never panics and that what it returns holds
// together: a quiz without errors obeys every rule of the format, and every
// line it names lies inside the block. The seed corpus is in
// testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Add("quiz id=phishing shuffle=true", []byte("? Q\n- [ ] a\n  > fb\n- [x] b\n> e\n"), 3)
	// Every quiz of the bundled courses and pages, as written.
	for _, q := range bundledQuizzes(f) {
		f.Add(q[0], []byte(q[1]), 10)
	}
	f.Fuzz(func(t *testing.T, info string, body []byte, first int) {
		q, errs := Parse(info, body, first)
		if q == nil {
			t.Fatal("nil quiz")
		}
		if first < 0 {
			first = 0
		}
		last := first + strings.Count(string(body), "\n") + 1
		inBlock := func(what string, l int) {
			if l < first || l > last {
				t.Fatalf("%s at line %d, outside the block (lines %d–%d)", what, l, first, last)
			}
		}
		for i, e := range errs {
			inBlock("error", e.Line)
			if e.Msg == "" {
				t.Fatal("error without a message")
			}
			if i > 0 && errs[i-1].Line > e.Line {
				t.Fatalf("errors out of line order: %v", errs)
			}
		}
		for _, qu := range q.Questions {
			inBlock("question", qu.Line)
			if qu.ExplLine != 0 {
				inBlock("explanation", qu.ExplLine)
			}
			for _, o := range qu.Options {
				inBlock("option", o.Line)
				if o.FeedbackLine != 0 {
					inBlock("feedback", o.FeedbackLine)
				}
			}
		}
		if len(errs) > 0 {
			return
		}
		if len(q.Questions) == 0 {
			t.Fatal("no errors for a quiz without questions")
		}
		for i, qu := range q.Questions {
			if qu.Text == "" || len(qu.Options) < 2 {
				t.Fatalf("question %d is invalid but passed: %+v", i+1, qu)
			}
			right := []int{}
			for j, o := range qu.Options {
				if o.Text == "" {
					t.Fatalf("option without text passed: %+v", qu)
				}
				if o.Correct {
					right = append(right, j)
				}
			}
			if len(right) == 0 || !qu.Right(right) || qu.Multi() != (len(right) > 1) {
				t.Fatalf("question %d: correct options %v inconsistent: %+v", i+1, right, qu)
			}
		}
		if len(q.Rev()) != 8 {
			t.Fatalf("Rev() = %q", q.Rev())
		}
	})
}

// bundledQuizzes returns the info string and body of every ```quiz block
// in the bundled content.
func bundledQuizzes(f *testing.F) [][2]string {
	var out [][2]string
	err := filepath.WalkDir("../../content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		lines := strings.Split(string(b), "\n")
		for i := 0; i < len(lines); i++ {
			info, ok := strings.CutPrefix(lines[i], "```")
			if !ok || !strings.HasPrefix(info, "quiz") {
				continue
			}
			var body []string
			for i++; i < len(lines) && lines[i] != "```"; i++ {
				body = append(body, lines[i])
			}
			out = append(out, [2]string{info, strings.Join(body, "\n") + "\n"})
		}
		return nil
	})
	if err != nil || len(out) == 0 {
		f.Fatalf("no quizzes in the bundled content: %v", err)
	}
	return out
}
