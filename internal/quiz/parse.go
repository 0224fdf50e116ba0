package quiz

import (
	"fmt"
	"sort"
	"strings"
)

// Parse reads one ```quiz fenced block. info is the fence's whole info
// string ("quiz id=phishing shuffle=true"), body the block's content and
// firstLine the line of the opening fence in the source file, so that body
// line i (counting from 0) is line firstLine+1+i.
//
// Parse returns the quiz as far as it could be read, never nil, and every
// problem it found, ordered by line; the quiz is only fit to show when
// there are none. The texts' HTML fields are left empty: rendering inline
// Markdown is the caller's job. Parse never panics, whatever the input.
//
// Inside the block every non-blank line is one of:
//
//	? text        starts a question; unmarked lines right after it continue it
//	- [ ] text    a wrong option ("*" and "+" work as bullets too)
//	- [x] text    a correct option; indented lines right after it continue it
//	  > text      (indented) feedback for the option above
//	> text        (at the margin) the question's explanation, after its options
//
// Consecutive "> " lines make one feedback or explanation, and a lone ">"
// or a blank line between them starts a new paragraph in it.
func Parse(info string, body []byte, firstLine int) (*Quiz, []Error) {
	if firstLine < 0 {
		firstLine = 0
	}
	p := &parser{q: &Quiz{Line: firstLine}}
	p.errs = parseAttrs(info, firstLine, p.q)
	lines := strings.Split(string(body), "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	for i, l := range lines {
		p.line(firstLine+1+i, strings.TrimRight(l, "\r"))
	}
	p.finish()
	p.errs = append(p.errs, p.q.validate()...)
	sort.SliceStable(p.errs, func(i, j int) bool { return p.errs[i].Line < p.errs[j].Line })
	return p.q, p.errs
}

// part names what the last content line belonged to, which decides what an
// unmarked line continues.
type part int

const (
	partNone part = iota
	partQuestion
	partOption
	partFeedback
	partExplanation
)

type parser struct {
	q     *Quiz
	errs  []Error
	last  part
	blank bool // a blank line since the last content line
	// stray and prevStray tell whether this line and the one before it were
	// text in the wrong place, so that a run of such lines is reported once.
	stray, prevStray bool
}

func (p *parser) errorf(line int, format string, args ...any) {
	p.errs = append(p.errs, Error{Line: line, Msg: fmt.Sprintf(format, args...)})
}

// cur returns the question being read, or nil before the first one.
func (p *parser) cur() *Question {
	if len(p.q.Questions) == 0 {
		return nil
	}
	return &p.q.Questions[len(p.q.Questions)-1]
}

func (p *parser) line(n int, raw string) {
	p.prevStray, p.stray = p.stray, false
	indent, rest := splitIndent(raw)
	if rest == "" {
		p.blank = true
		return
	}
	defer func() { p.blank = false }()
	if text, ok := questionMarker(rest); ok {
		p.q.Questions = append(p.q.Questions, Question{Text: text, Line: n})
		p.last = partQuestion
		return
	}
	if isBullet(rest) {
		p.option(n, rest)
		return
	}
	if rest[0] == '>' {
		text := strings.TrimPrefix(rest[1:], " ")
		if indent >= 2 {
			p.feedback(n, text)
		} else {
			p.explanation(n, text)
		}
		return
	}
	p.text(n, indent, strings.TrimSpace(rest))
}

func (p *parser) option(n int, rest string) {
	correct, text, ok := checkbox(rest)
	q := p.cur()
	switch {
	case !ok:
		p.errorf(n, "%q is not an option: write \"- [ ] \" before a wrong option and \"- [x] \" before a correct one", clip(rest))
		return
	case q == nil:
		p.errorf(n, "option outside a question; start the question with \"? \" on the line above the options")
		return
	case text == "":
		p.errorf(n, "option has no text after \"%s\"", rest)
	}
	if q.ExplLine != 0 {
		p.errorf(n, "option after the explanation of question %d; the explanation (\"> \") goes after the last option", len(p.q.Questions))
	}
	q.Options = append(q.Options, Option{Text: text, Correct: correct, Line: n})
	p.last = partOption
}

func (p *parser) feedback(n int, text string) {
	q := p.cur()
	switch {
	case q == nil:
		p.outside(n, text)
		return
	case q.ExplLine != 0:
		p.errorf(n, "option feedback (indented \"> \") after the explanation of question %d; put feedback right under its option", len(p.q.Questions))
		return
	case len(q.Options) == 0:
		p.errorf(n, "feedback (indented \"> \") must stand under an option; for the question's explanation write \"> \" at the start of the line, after the options")
		return
	}
	o := &q.Options[len(q.Options)-1]
	if o.FeedbackLine == 0 {
		o.Feedback, o.FeedbackLine = text, n
	} else {
		o.Feedback = appendAt(o.Feedback, o.FeedbackLine, n, text)
	}
	p.last = partFeedback
}

func (p *parser) explanation(n int, text string) {
	q := p.cur()
	if q == nil {
		p.outside(n, text)
		return
	}
	if q.ExplLine == 0 {
		q.Explanation, q.ExplLine = text, n
	} else {
		q.Explanation = appendAt(q.Explanation, q.ExplLine, n, text)
	}
	p.last = partExplanation
}

// text handles a line with no marker: it continues the question or option
// right above it, or is a mistake.
func (p *parser) text(n, indent int, text string) {
	q := p.cur()
	switch {
	case q == nil:
		p.outside(n, text)
	case !p.blank && p.last == partQuestion:
		q.Text = joinLine(q.Text, text)
	case !p.blank && p.last == partOption && indent >= 2:
		o := &q.Options[len(q.Options)-1]
		o.Text = joinLine(o.Text, text)
	default:
		if !p.prevStray {
			p.errorf(n, "unexpected text %q in question %d: a line in a quiz starts with \"? \" (question), \"- [ ] \" or \"- [x] \" (option), \"> \" (explanation) or an indented \"> \" (option feedback)", clip(text), len(p.q.Questions))
		}
		p.stray = true
	}
}

// outside reports text before the first question, once per run of lines.
func (p *parser) outside(n int, text string) {
	if !p.prevStray {
		p.errorf(n, "text outside a question: %q; start each question with \"? \"", clip(text))
	}
	p.stray = true
}

// finish trims what the line-by-line reading left untidy.
func (p *parser) finish() {
	for i := range p.q.Questions {
		q := &p.q.Questions[i]
		q.Explanation, q.ExplLine = trimBlock(q.Explanation, q.ExplLine)
		for j := range q.Options {
			o := &q.Options[j]
			o.Feedback, o.FeedbackLine = trimBlock(o.Feedback, o.FeedbackLine)
		}
	}
}

// trimBlock drops trailing blank lines of a feedback or explanation, and
// the whole of one that holds nothing but blank lines.
func trimBlock(s string, line int) (string, int) {
	s = strings.TrimRight(s, " \t\n")
	if strings.TrimSpace(s) == "" {
		return "", 0
	}
	return s, line
}

// appendAt appends s to a block of lines that starts at line start, as the
// text of line n: lines in between (blank ones or ones in error) become
// empty lines, so that line k of the block stays line start+k of the file
// and a blank line still separates paragraphs.
func appendAt(block string, start, n int, s string) string {
	have := strings.Count(block, "\n") + 1
	var b strings.Builder
	b.WriteString(block)
	for l := start + have; l <= n; l++ {
		b.WriteByte('\n')
	}
	b.WriteString(s)
	return b.String()
}

func joinLine(a, b string) string {
	if a == "" {
		return b
	}
	return a + "\n" + b
}

// splitIndent returns the width of the line's leading white space (a tab
// advancing to the next multiple of 4, as in Markdown) and the rest of it.
func splitIndent(s string) (int, string) {
	w := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ':
			w++
		case '\t':
			w += 4 - w%4
		default:
			return w, strings.TrimRight(s[i:], " \t")
		}
	}
	return w, ""
}

// questionMarker reports whether rest starts a question and returns its text.
func questionMarker(rest string) (string, bool) {
	if rest == "?" {
		return "", true
	}
	if len(rest) > 1 && rest[0] == '?' && (rest[1] == ' ' || rest[1] == '\t') {
		return strings.TrimSpace(rest[2:]), true
	}
	return "", false
}

// isBullet reports whether rest starts like a Markdown list item.
func isBullet(rest string) bool {
	if rest[0] != '-' && rest[0] != '*' && rest[0] != '+' {
		return false
	}
	return len(rest) == 1 || rest[1] == ' ' || rest[1] == '\t'
}

// checkbox reads "- [ ] text" or "- [x] text" (the bullet already known).
func checkbox(rest string) (correct bool, text string, ok bool) {
	s := strings.TrimLeft(rest[1:], " \t")
	if len(s) < 3 || s[0] != '[' || s[2] != ']' {
		return false, "", false
	}
	if len(s) > 3 && s[3] != ' ' && s[3] != '\t' {
		return false, "", false
	}
	switch s[1] {
	case ' ':
	case 'x', 'X':
		correct = true
	default:
		return false, "", false
	}
	return correct, strings.TrimSpace(s[3:]), true
}
