package markdown

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/varde-portal/varde/internal/quiz"
)

// This file holds the quiz extension: a transformer that turns ```quiz
// fenced blocks into Quiz nodes (see package quiz for the syntax), the small
// Markdown renderer for the texts inside a quiz, and the HTML renderer.

// KindQuiz is the node kind of a quiz.
var KindQuiz = ast.NewNodeKind("Quiz")

// Quiz is a ```quiz fenced block, parsed, validated and with the HTML of
// its texts filled in.
type Quiz struct {
	ast.BaseBlock
	Quiz *quiz.Quiz
	text string // plain text of the questions and options
}

// Kind implements ast.Node.
func (n *Quiz) Kind() ast.NodeKind { return KindQuiz }

// Dump implements ast.Node.
func (n *Quiz) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"ID": n.Quiz.ID, "Questions": strconv.Itoa(len(n.Quiz.Questions))}, nil)
}

// PlainText returns the questions and options, one a line, so that search
// finds a page by its quiz. Explanations are left out: they give the
// answers away in search results.
func (n *Quiz) PlainText() string { return n.text }

// quizExtension turns ```quiz fenced blocks into quizzes.
type quizExtension struct{ opts Options }

func (e *quizExtension) Extend(m goldmark.Markdown) {
	// Priority 100: before collectTransformer (900), so that the quiz's
	// anchor is recorded and its links are checked like any other.
	m.Parser().AddOptions(parser.WithASTTransformers(
		util.Prioritized(&quizTransformer{texts: newQuizTexts(e.opts.Unsafe)}, 100),
	))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(&quizRenderer{t: e.opts.T}, 500),
	))
}

// isQuizFence reports whether a fenced block's info string starts with the
// word quiz.
func isQuizFence(n *ast.FencedCodeBlock, src []byte) bool {
	if n.Info == nil {
		return false
	}
	f := strings.Fields(string(n.Info.Segment.Value(src)))
	return len(f) > 0 && strings.EqualFold(f[0], "quiz")
}

type quizTransformer struct{ texts *quizTexts }

// foundQuiz is one quiz block met on the page, in page order.
type foundQuiz struct {
	fence *ast.FencedCodeBlock
	q     *quiz.Quiz
	ok    bool // parsed without errors and with a unique id
}

func (tr *quizTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if st == nil {
		return
	}
	src := reader.Source()
	var found []*foundQuiz
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if f, ok := n.(*ast.FencedCodeBlock); ok && entering && isQuizFence(f, src) {
			found = append(found, &foundQuiz{fence: f})
		} else if ok && entering && f.Info != nil {
			// ```quiz{id=a} or ```quiz,id=a was shown as code without a
			// word; a word that only starts with quiz (quizzical) is a
			// language name, and stays code quietly.
			info := strings.TrimSpace(string(f.Info.Segment.Value(src)))
			if len(info) > 4 && strings.EqualFold(info[:4], "quiz") && !unicode.IsLetter(rune(info[4])) {
				st.warnAtLine(st.line(f.Info.Segment.Start), "the code block's info string %q is not a quiz, so it is shown as code: a quiz block starts with ```quiz, then a space before its attributes (```quiz id=navn)", info)
			}
		}
		return ast.WalkContinue, nil
	})
	if len(found) == 0 {
		return
	}
	for _, f := range found {
		var body bytes.Buffer
		lines := f.fence.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			body.Write(seg.Value(src))
		}
		var errs []quiz.Error
		f.q, errs = quiz.Parse(string(f.fence.Info.Segment.Value(src)), body.Bytes(), st.line(f.fence.Info.Segment.Start))
		for _, e := range errs {
			st.errorAtLine(e.Line, "%s", e.Msg)
		}
		f.ok = len(errs) == 0
	}
	assignQuizIDs(st, pc, found)
	for _, f := range found {
		if !f.ok {
			continue // left as a code block, so the editor sees the source
		}
		node := &Quiz{Quiz: f.q, text: tr.texts.fill(st, pc, f.q)}
		node.SetAttributeString("id", []byte(quizHTMLID(f.q)))
		parent := f.fence.Parent()
		parent.ReplaceChild(parent, f.fence, node)
		st.res.Quizzes = append(st.res.Quizzes, f.q)
	}
}

// assignQuizIDs checks the quizzes' own ids for duplicates, then gives each
// quiz without one the id quiz-N, N its place among the page's quizzes (or
// the next free number). Its HTML id must not clash with a heading's.
func assignQuizIDs(st *state, pc parser.Context, found []*foundQuiz) {
	used := map[string]int{} // id → line of the quiz that has it
	for _, f := range found {
		if f.q.ID == "" {
			continue
		}
		if line, dup := used[f.q.ID]; dup {
			st.errorAtLine(f.q.Line, "quiz id %q is already used by the quiz on line %d; give each quiz on a page its own id", f.q.ID, line)
			f.ok = false
			continue
		}
		used[f.q.ID] = f.q.Line
	}
	for i, f := range found {
		if f.q.ID != "" {
			continue
		}
		for n := i + 1; ; n++ {
			id := "quiz-" + strconv.Itoa(n)
			if _, taken := used[id]; !taken {
				f.q.ID = id
				used[id] = f.q.Line
				break
			}
		}
	}
	reg, _ := pc.IDs().(*ids)
	for _, f := range found {
		if !f.ok || reg == nil {
			continue
		}
		hid := quizHTMLID(f.q)
		if reg.seen[hid] {
			st.errorAtLine(f.q.Line, "quiz id %q gives the quiz the HTML id %q, which a heading on this page already has; choose another id=", f.q.ID, hid)
			f.ok = false
			continue
		}
		reg.Put([]byte(hid))
	}
}

// quizHTMLID is the id of the quiz's <section>; the ids inside it start
// with it too.
func quizHTMLID(q *quiz.Quiz) string { return "quiz-" + q.ID }

// quizTexts renders the Markdown of the texts inside a quiz with two small
// goldmark instances: for questions and options one that knows no block
// but the paragraph (they are inline Markdown, and "1. januar" must stay
// text, not become a list), for feedback and explanations one with GFM.
// Raw HTML passes only when the site allows it. Links are resolved and
// checked like the page's own, reported at the text's line.
type quizTexts struct{ inline, block goldmark.Markdown }

func newQuizTexts(unsafe bool) *quizTexts {
	var ropts []renderer.Option
	if unsafe {
		ropts = append(ropts, html.WithUnsafe())
	}
	links := parser.WithASTTransformers(util.Prioritized(quizLinkTransformer{}, 100))
	inline := goldmark.New(
		goldmark.WithParser(parser.NewParser(
			parser.WithBlockParsers(util.Prioritized(parser.NewParagraphParser(), 1000)),
			parser.WithInlineParsers(parser.DefaultInlineParsers()...),
		)),
		goldmark.WithExtensions(extension.Strikethrough, extension.Linkify),
		goldmark.WithParserOptions(links),
		goldmark.WithRendererOptions(ropts...),
	)
	block := goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(links),
		goldmark.WithRendererOptions(ropts...),
	)
	return &quizTexts{inline: inline, block: block}
}

// fill renders every text of q into its HTML field and returns the plain
// text of the questions and options.
func (x *quizTexts) fill(st *state, pc parser.Context, q *quiz.Quiz) string {
	var plain []string
	refs := pc.References()
	for i := range q.Questions {
		qu := &q.Questions[i]
		var p string
		qu.HTML, p = x.render(x.inline, st, refs, qu.Text, qu.Line)
		plain = append(plain, p)
		qu.ExplHTML, _ = x.render(x.block, st, refs, qu.Explanation, qu.ExplLine)
		for j := range qu.Options {
			o := &qu.Options[j]
			o.HTML, p = x.render(x.inline, st, refs, o.Text, o.Line)
			plain = append(plain, p)
			o.FeedbackHTML, _ = x.render(x.block, st, refs, o.Feedback, o.FeedbackLine)
		}
	}
	return strings.Join(plain, "\n")
}

// quizTextKey holds the *quizText of the text being rendered.
var quizTextKey = parser.NewContextKey()

// quizText tells the link transformer where a text stands in the page.
type quizText struct {
	st   *state
	line int // line in the source file of the text's first line
}

// render returns the HTML and the plain text of the Markdown s, whose first
// line is line of the source file. For the inline instance the HTML has no
// enclosing <p>.
func (x *quizTexts) render(md goldmark.Markdown, st *state, refs []parser.Reference, s string, line int) (htm, plain string) {
	if s == "" {
		return "", ""
	}
	src := []byte(s)
	pc := parser.NewContext()
	pc.Set(quizTextKey, &quizText{st: st, line: line})
	for _, r := range refs { // [text][ref] may use the page's link definitions
		pc.AddReference(r)
	}
	doc := md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	var buf bytes.Buffer
	if err := md.Renderer().Render(&buf, src, doc); err != nil {
		st.errorAtLine(line, "could not render quiz text: %v", err)
	}
	htm = buf.String()
	if md == x.inline {
		htm = strings.TrimSuffix(htm, "\n")
		if strings.HasPrefix(htm, "<p>") && strings.HasSuffix(htm, "</p>") {
			htm = htm[len("<p>") : len(htm)-len("</p>")]
		}
	}
	return htm, inlineText(doc, src)
}

// quizLinkTransformer resolves the links and images in a quiz text as
// collectTransformer does for the page, so a link to a missing page or
// anchor is an error at the right line.
type quizLinkTransformer struct{}

func (quizLinkTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	qt, _ := pc.Get(quizTextKey).(*quizText)
	if qt == nil || qt.st == nil {
		return
	}
	src := reader.Source()
	// at maps a byte of the text to the start of its line in the page,
	// which is all resolve needs to name the line.
	at := func(off int) int {
		off = min(max(off, 0), len(src))
		return quizLineOffset(qt.st, qt.line+bytes.Count(src[:off], []byte("\n")))
	}
	offset := func(n ast.Node) int { return at(offsetOf(n)) }
	// Raw HTML and script addresses are checked as on the page, first, so
	// that an address it drops is not resolved.
	qt.st.checkRaw(doc, src, at)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			n.Destination = qt.st.resolve(n.Destination, offset(n), false)
		case *ast.Image:
			n.Destination = qt.st.resolve(n.Destination, offset(n), true)
		}
		return ast.WalkContinue, nil
	})
}

// quizLineOffset returns the byte offset in the body where a line of the
// source file starts: the inverse of state.line.
func quizLineOffset(st *state, line int) int {
	j := line - 1 - st.doc.LineOffset // 0-based line of the body
	switch {
	case j <= 0:
		return 0
	case j-1 < len(st.newlns):
		return st.newlns[j-1] + 1
	default:
		return len(st.src)
	}
}

// quizRenderer writes a quiz as progressive-enhancement HTML: a fieldset
// per question with real radio buttons or checkboxes, and a "show answer"
// disclosure that holds the correct answers, the option feedback and the
// explanation, so the quiz is complete without JavaScript. quiz.js reads
// the disclosure to check answers, hides it and shows feedback in place.
type quizRenderer struct{ t func(string) string }

func (r *quizRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindQuiz, r.render)
}

func (r *quizRenderer) render(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	q := node.(*Quiz).Quiz
	sid := quizHTMLID(q)
	fmt.Fprintf(w, `<section class="quiz" id="%s" data-quiz="%s" data-rev="%s"`, quizEscape(sid), quizEscape(q.ID), q.Rev())
	if q.Shuffle {
		_, _ = w.WriteString(" data-shuffle")
	}
	_, _ = w.WriteString(">\n")
	for i := range q.Questions {
		r.question(w, q, i)
	}
	_, _ = w.WriteString("<p class=\"quiz-score\" aria-live=\"polite\"></p>\n</section>\n")
	return ast.WalkSkipChildren, nil
}

func (r *quizRenderer) question(w util.BufWriter, q *quiz.Quiz, i int) {
	qu := q.Questions[i]
	qid := fmt.Sprintf("%s-q%d", quizHTMLID(q), i)
	fmt.Fprintf(w, "<fieldset class=\"quiz-q\" data-q=\"%d\">\n<legend>", i)
	if len(q.Questions) > 1 {
		fmt.Fprintf(w, `<span class="quiz-qn">%s</span> `, quizEscape(quizFill(r.t("quiz.question_n"), "n", strconv.Itoa(i+1), "total", strconv.Itoa(len(q.Questions)))))
	}
	_, _ = w.WriteString(qu.HTML)
	kind := "radio"
	if qu.Multi() {
		kind = "checkbox"
		// The editor may have written the instruction into the question.
		if hint := r.t("quiz.choose_all"); !strings.Contains(strings.ToLower(qu.Text), strings.ToLower(hint)) {
			fmt.Fprintf(w, ` <span class="quiz-hint">(%s)</span>`, quizEscape(hint))
		}
	}
	_, _ = w.WriteString("</legend>\n<ul class=\"quiz-opts\">\n")
	for j, o := range qu.Options {
		oid := fmt.Sprintf("%s-o%d", qid, j)
		name := qid // radios of a question form one group; checkboxes stand alone
		if kind == "checkbox" {
			name = oid
		}
		fmt.Fprintf(w, `<li class="quiz-o" data-o="%d"><input type="%s" id="%s" name="%s" value="%d"> <label for="%s">%s</label></li>`+"\n",
			j, kind, quizEscape(oid), quizEscape(name), j, quizEscape(oid), o.HTML)
	}
	fmt.Fprintf(w, "</ul>\n<div class=\"quiz-actions\"><button type=\"button\" class=\"quiz-submit\" hidden>%s</button> <button type=\"button\" class=\"quiz-retry\" hidden>%s</button></div>\n",
		quizEscape(r.t("quiz.answer")), quizEscape(r.t("quiz.retry")))
	_, _ = w.WriteString("<p class=\"quiz-result\" aria-live=\"polite\"></p>\n")
	fmt.Fprintf(w, "<details class=\"quiz-answer\">\n<summary>%s</summary>\n<ul class=\"quiz-key\">\n", quizEscape(r.t("quiz.show_answer")))
	for j, o := range qu.Options {
		fmt.Fprintf(w, `<li data-o="%d"`, j)
		if o.Correct {
			_, _ = w.WriteString(" data-correct")
		}
		_, _ = w.WriteString(">" + o.HTML)
		if o.Correct {
			fmt.Fprintf(w, ` <strong class="quiz-key-mark">(%s)</strong>`, quizEscape(r.t("quiz.correct_answer")))
		}
		if o.FeedbackHTML != "" {
			_, _ = w.WriteString("<div class=\"quiz-fb\">" + o.FeedbackHTML + "</div>")
		}
		_, _ = w.WriteString("</li>\n")
	}
	_, _ = w.WriteString("</ul>\n")
	if qu.ExplHTML != "" {
		_, _ = w.WriteString("<div class=\"quiz-expl\">" + qu.ExplHTML + "</div>\n")
	}
	_, _ = w.WriteString("</details>\n</fieldset>\n")
}

func quizEscape(s string) string { return string(util.EscapeHTML([]byte(s))) }

// quizFill replaces {name} placeholders in a UI string: quizFill(s, "n", "2").
func quizFill(s string, kv ...string) string {
	for i := 0; i+1 < len(kv); i += 2 {
		s = strings.ReplaceAll(s, "{"+kv[i]+"}", kv[i+1])
	}
	return s
}
