// Package quiz is the model of a quiz written in a ```quiz fenced block:
// questions, options, which options are correct, feedback and scoring.
//
// The block's syntax (see docs/format.md, "Quizzes"):
//
//	```quiz id=phishing shuffle=true
//	? A question, inline Markdown allowed
//	- [ ] A wrong option
//	  > Feedback shown when this option was chosen.
//	- [x] A correct option
//	> The question's explanation, shown after answering.
//	```
//
// Parse reads a block into a Quiz and validates it; Score and friends
// define how answers are scored, the same way quiz.js and the SCORM
// exporter score them.
package quiz

import (
	"fmt"
	"hash/fnv"
	"strconv"
)

// Quiz is one ```quiz block on a page.
type Quiz struct {
	ID        string     // from the id= attribute, else derived (page-unique)
	Shuffle   bool       // shuffle=true: options shuffled per attempt in the browser
	Line      int        // line of the opening fence in the source file
	Questions []Question // at least one
}

// Question is one "? " question with its options.
type Question struct {
	Text        string // inline Markdown source
	HTML        string // Text rendered as inline HTML
	Line        int
	Options     []Option // at least two, at least one correct
	Explanation string   // Markdown source of the "> " explanation, may be empty
	ExplHTML    string   // Explanation rendered as HTML
	ExplLine    int      // line of the explanation's first "> " line; 0 when there is none
}

// Option is one "- [ ]" or "- [x]" answer.
type Option struct {
	Text         string // inline Markdown source
	HTML         string
	Correct      bool
	Feedback     string // Markdown source of the indented "  > " feedback, may be empty
	FeedbackHTML string
	Line         int
	FeedbackLine int // line of the feedback's first "  > " line; 0 when there is none
}

// Error is a problem in a quiz block, at a line of the source file.
type Error struct {
	Line int
	Msg  string
}

func (e Error) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// Multi reports whether the question has several correct options, which
// makes it a choose-all-that-apply question with checkboxes.
func (q Question) Multi() bool {
	n := 0
	for _, o := range q.Options {
		if o.Correct {
			n++
		}
	}
	return n > 1
}

// Rev returns a short fingerprint of the quiz's questions, options and
// correct flags. The browser stores it with saved answers and drops them
// when it changes, so an edited quiz never shows old answers against new
// options.
func (q *Quiz) Rev() string {
	h := fnv.New32a()
	for _, qu := range q.Questions {
		h.Write([]byte(qu.Text))
		h.Write([]byte{0})
		for _, o := range qu.Options {
			h.Write([]byte(o.Text))
			if o.Correct {
				h.Write([]byte{1})
			} else {
				h.Write([]byte{2})
			}
		}
		h.Write([]byte{3})
	}
	s := strconv.FormatUint(uint64(h.Sum32()), 16)
	for len(s) < 8 {
		s = "0" + s
	}
	return s
}
