// Package markdown converts one page body to HTML with goldmark and Varde's
// extensions (heading ids with Norwegian slugs, alerts, link resolution,
// chroma highlighting, quizzes and control questions), and returns what the
// site graph needs from it: headings, anchors, links, quizzes, questions and
// plain text for search.
package markdown

import (
	"bytes"
	"sort"

	"github.com/yuin/goldmark/parser"

	"github.com/varde-portal/varde/internal/checklist"
	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/quiz"
)

// Doc describes the page being converted.
type Doc struct {
	File       string // site-relative path, for diagnostics
	LineOffset int    // lines before the body in the file (front matter)
	PageID     string // the page's id, recorded on its control questions
	Scale      string // the page's answer scale for control questions
	ScaleLine  int    // the line of scale: in the file (0 when not given), for messages
	// ResolveLink maps the path part of a relative link (no fragment, already
	// unescaped) to the URL to write and a key naming the target page for
	// anchor checks ("" when the target is not a page, such as an image).
	// It returns an error message when the target does not exist.
	ResolveLink func(path string) (url, target string, err error)
}

// Heading is one heading of the page.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Link is a link to another page (or to an anchor on the same page, with
// Target == ""), kept so the site can check anchors once all pages are known.
// A site-absolute link (Root) is kept whatever it holds: only the site knows,
// once every page and file is known, whether it leads anywhere.
type Link struct {
	Dest     string // as written
	Target   string // key of the target page; "" for same page
	Fragment string // without '#'
	Line     int

	Root  bool   // a site-absolute address other than a page file ("/veiledere/"); Target is ""
	Path  string // for a Root link: its path, unescaped
	Image bool   // for a Root link: an image's address
}

// Image is one image in the body.
type Image struct {
	Dest string
	Alt  string
	Line int
}

// Result is what converting one page yields.
type Result struct {
	HTML      string
	Headings  []Heading
	Anchors   map[string]bool // every id in the HTML that a link may point to
	Links     []Link          // links with a fragment, to check after all pages are converted
	Quizzes   []*quiz.Quiz
	Questions []*checklist.Question
	Images    []Image // every image, for alt-text checks
	Text      string  // plain text of the body, for search
	Lead      string  // the body's first prose (no quiz, whose answers it would give away), for summaries
	Words     int     // number of words in Text
	Diags     []diag.Diagnostic
}

var stateKey = parser.NewContextKey()

var newline = []byte{'\n'}

// state is the per-conversion state that extensions reach through the
// parser.Context; it is never shared between conversions.
type state struct {
	doc    Doc
	src    []byte
	res    *Result
	newlns []int // offsets of '\n' in src, for offset → line

	ids *ids      // the page's heading ids
	raw rawPolicy // what raw HTML and link addresses may hold
}

func stateOf(pc parser.Context) *state {
	s, _ := pc.Get(stateKey).(*state)
	return s
}

// line returns the 1-based line in the source file of a byte offset in the body.
func (s *state) line(offset int) int {
	n := sort.SearchInts(s.newlns, offset)
	return n + 1 + s.doc.LineOffset
}

func (s *state) errorf(offset int, format string, args ...any) {
	s.res.Diags = append(s.res.Diags, diag.Errorf(s.doc.File, s.line(offset), format, args...))
}

func (s *state) errorAtLine(line int, format string, args ...any) {
	s.res.Diags = append(s.res.Diags, diag.Errorf(s.doc.File, line, format, args...))
}

func (s *state) warnf(offset int, format string, args ...any) {
	s.res.Diags = append(s.res.Diags, diag.Warnf(s.doc.File, s.line(offset), format, args...))
}

func newState(src []byte, doc Doc) *state {
	s := &state{doc: doc, src: src, res: &Result{Anchors: map[string]bool{}}}
	// With IndexByte rather than a loop over every byte: every page is
	// scanned, and the loop was a twentieth of its conversion.
	s.newlns = make([]int, 0, bytes.Count(src, newline))
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			break
		}
		s.newlns = append(s.newlns, i+j)
		i += j + 1
	}
	return s
}
