package quiz

import "fmt"

// validate checks the rules of docs/format.md that concern the quiz as a whole:
// a quiz has at least one question, and each question has text, at least
// two options and at least one correct option.
func (q *Quiz) validate() []Error {
	var errs []Error
	bad := func(line int, format string, args ...any) {
		errs = append(errs, Error{Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	if len(q.Questions) == 0 {
		bad(q.Line, `the quiz has no questions; start each question with "? "`)
	}
	for i, qu := range q.Questions {
		n := i + 1
		if qu.Text == "" {
			bad(qu.Line, `question %d has no text after "? "`, n)
		}
		switch len(qu.Options) {
		case 0:
			bad(qu.Line, `question %d has no options; add at least two lines starting with "- [ ] " (wrong) or "- [x] " (correct)`, n)
			continue
		case 1:
			bad(qu.Line, "question %d has only one option; a question needs at least two", n)
		}
		correct := false
		for _, o := range qu.Options {
			correct = correct || o.Correct
		}
		if !correct {
			bad(qu.Line, `question %d has no correct option; mark each correct option with "- [x] "`, n)
		}
	}
	return errs
}
