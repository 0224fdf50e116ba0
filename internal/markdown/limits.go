package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/diag"
)

// Limits bound the work one page can make goldmark do. goldmark has
// shapes whose cost grows faster than the input: a list nested 3,000 deep
// (8.7 MB) ran past a minute, 100,000 '>' on one line took 7.5 s, a
// paragraph of "[a](" repeated 40,000 times 24 s, a table header of 10,000
// columns over 1,000 short rows 25 s and 2.3 GB. A cheap linear scan
// refuses such a page before goldmark sees it, with an error naming the
// line and the fix, so that no page can stall a build or the dev server.
type Limits struct {
	PageSize int // bytes of a page's Markdown body; 0 for DefaultPageSize
	Nesting  int // levels of block quotes, lists and definitions; 0 for DefaultNesting
}

// Defaults, generous for real content: the largest page of the bundled
// site is a few tens of KB and nests four levels.
const (
	DefaultPageSize = 5 << 20
	DefaultNesting  = 100
)

// Inline work. goldmark's inline parser may, from each delimiter or
// bracket of a block, scan to the end of that block, so the work of a block
// is bounded by (delimiters and brackets) × (bytes of the block); that is
// what these budgets count. Measured worst case: about 1.2 ns a unit, so a
// block stays under a quarter of a second and a page under three seconds.
// A long real paragraph (5 KB with 100 links and emphasis) is about
// 1,500,000.
const (
	maxInlineWork = 200_000_000
	maxPageWork   = 2_000_000_000
	// A table row with fewer cells than its header is filled up to the
	// header's width, so cells, not bytes, are what a table costs
	// (about 5 µs and 450 bytes each).
	maxTableCells = 200_000
)

// Block work: for every line goldmark checks each block still open (list
// items, quotes), reading the line's indentation, so a page costs about
// (open blocks) × (bytes + a line's overhead), summed over its lines.
// Measured worst case about 35 ns a unit: 80,000,000 is under three
// seconds. Nested lists three deep over 5 MB are 15,000,000.
const (
	maxBlockWork = 80_000_000
	lineOverhead = 16
)

// Footnotes: goldmark matches each reference against the definitions one
// by one, so n of them cost n² (20,000 took 3.5 s); 10,000 "[^" (5,000
// notes with their references) take a quarter of a second.
const maxFootnoteMarks = 10_000

// Blocks: each costs a few microseconds through goldmark and Varde's own
// passes (a heading, with its id, slug and anchors, about 16 µs; a list
// item 8 µs; a paragraph 3 µs), so 5 MB of one-line blocks took 10 to 20
// seconds. A real page of 5 MB has some 65,000 lines and a few hundred
// headings.
const (
	maxLines    = 300_000 // non-blank lines
	maxHeadings = 20_000
)

func (l Limits) pageSize() int {
	if l.PageSize > 0 {
		return l.PageSize
	}
	return DefaultPageSize
}

func (l Limits) nesting() int {
	if l.Nesting > 0 {
		return l.Nesting
	}
	return DefaultNesting
}

// checkLimits scans the body once, in linear time, and returns an error for
// the first limit it exceeds (nil when none is): the page's size, how deep
// block quotes and lists nest on a line, and the inline work of a single
// line (an ATX heading is inline text that no paragraph check sees).
func checkLimits(src []byte, doc Doc, lim Limits) []diag.Diagnostic {
	if max := lim.pageSize(); len(src) > max {
		return []diag.Diagnostic{diag.Errorf(doc.File, doc.LineOffset+1,
			"the page's text is %s, more than the %s a page may have; split it into several pages (or raise maxPageSize under [markup] in config.toml)",
			config.FormatSize(len(src)), config.FormatSize(max))}
	}
	maxNest := lim.nesting()
	var (
		items     []int // content columns of the list items open on this line
		afterGap  bool  // the line before was blank
		fence     byte  // '`' or '~' inside a fenced code block, else 0
		fenceLen  int
		pageWork  int
		blockWork int
		openQuote int // quotes open on this line: lazy lines continue them
		footMarks int
		nonBlank  int
		headings  int
		lineNo    = doc.LineOffset
		lineStart = 0
	)
	for lineStart < len(src) {
		end := len(src)
		if i := bytes.IndexByte(src[lineStart:], '\n'); i >= 0 {
			end = lineStart + i
		}
		line := src[lineStart:end]
		lineStart = end + 1
		lineNo++

		footMarks += bytes.Count(line, footnoteMark)
		if footMarks > maxFootnoteMarks {
			return []diag.Diagnostic{diag.Errorf(doc.File, lineNo,
				"the page has more than %d footnote marks ([^…]); goldmark's time grows with their square, so split the page or use fewer footnotes", maxFootnoteMarks)}
		}
		work := inlineOpeners(line) * len(line)
		pageWork += work
		if work > maxInlineWork || pageWork > maxPageWork {
			return []diag.Diagnostic{inlineError(doc.File, lineNo)}
		}

		// Block quote markers: up to three spaces, '>', an optional space.
		// Inside a list item a quote may be indented further; there any
		// '>' counts, which can only overcount.
		i, quotes := 0, 0
		for {
			j := i
			for j < len(line) && (j-i < 3 || len(items) > 0) && line[j] == ' ' {
				j++
			}
			if j < len(line) && line[j] == '>' {
				quotes++
				i = j + 1
				if i < len(line) && (line[i] == ' ' || line[i] == '\t') {
					i++
				}
				continue
			}
			break
		}
		rest := line[i:]
		indent, p := indentOf(rest)
		if quotes > maxNest {
			return []diag.Diagnostic{nestError(doc.File, lineNo, quotes, maxNest)}
		}
		if quotes > 0 || afterGap {
			openQuote = quotes
		}
		blockWork += (openQuote + len(items)) * (len(line) + lineOverhead)
		if blockWork > maxBlockWork {
			return []diag.Diagnostic{diag.Errorf(doc.File, lineNo,
				"the page nests lists and block quotes too deep for its length to be converted in reasonable time (the work grows with depth × size); use fewer levels or split the page")}
		}
		if p == len(rest) || (p == len(rest)-1 && rest[p] == '\r') {
			afterGap = true
			continue
		}
		if nonBlank++; nonBlank > maxLines {
			return []diag.Diagnostic{diag.Errorf(doc.File, lineNo,
				"the page has more than %d lines of text, more than a page may have; split it into several pages", maxLines)}
		}
		if fence == 0 && rest[p] == '#' {
			if headings++; headings > maxHeadings {
				return []diag.Diagnostic{diag.Errorf(doc.File, lineNo,
					"the page has more than %d headings, more than a page may have; split it into several pages", maxHeadings)}
			}
		}
		if fence != 0 {
			if n := runOf(rest[p:], fence); n >= fenceLen {
				fence = 0
			}
			afterGap = false
			continue
		}
		if c := rest[p]; c == '`' || c == '~' {
			if n := runOf(rest[p:], c); n >= 3 {
				fence, fenceLen = c, n
				afterGap = false
				continue
			}
		}
		if w := markerWidth(rest[p:]); w > 0 {
			// A new item closes the items it is not indented into.
			for len(items) > 0 && items[len(items)-1] > indent {
				items = items[:len(items)-1]
			}
			// "- - - a" opens one list in another on a single line.
			col := indent
			for w > 0 {
				col += w
				p += w
				items = append(items, col)
				if len(items)+quotes > maxNest {
					return []diag.Diagnostic{nestError(doc.File, lineNo, len(items)+quotes, maxNest)}
				}
				sp, q := indentOf(rest[p:])
				col += sp
				p += q
				// "- > - > a" nests a quote and a list at each step.
				for p < len(rest) && rest[p] == '>' {
					quotes++
					p++
					sp, q = indentOf(rest[p:])
					col, p = col+1+sp, p+q
				}
				w = markerWidth(rest[p:])
			}
		} else if afterGap {
			// After a blank line, text not indented into an item closes it
			// (without the blank it could be a lazy continuation).
			for len(items) > 0 && items[len(items)-1] > indent {
				items = items[:len(items)-1]
			}
		}
		if quotes+len(items) > maxNest {
			return []diag.Diagnostic{nestError(doc.File, lineNo, quotes+len(items), maxNest)}
		}
		afterGap = false
	}
	return nil
}

var footnoteMark = []byte("[^")

// indentOf returns the width of the leading blanks of b (a tab to the next
// multiple of four) and their length in bytes.
func indentOf(b []byte) (width, n int) {
	for n < len(b) {
		switch b[n] {
		case ' ':
			width++
		case '\t':
			width += 4 - width%4
		default:
			return width, n
		}
		n++
	}
	return width, n
}

// runOf counts the bytes c at the start of b.
func runOf(b []byte, c byte) int {
	n := 0
	for n < len(b) && b[n] == c {
		n++
	}
	return n
}

// markerWidth is the width of a list item marker at the start of b with
// its one following space ("- ", "* ", "+ ", "12. ", "3) ", and ": " of a
// definition), or 0 when b does not start with one. A marker at the end
// of the line opens an (empty) item too.
func markerWidth(b []byte) int {
	n := 0
	switch {
	case len(b) > 0 && (b[0] == '-' || b[0] == '*' || b[0] == '+' || b[0] == ':'):
		n = 1
	default:
		for n < len(b) && n < 9 && b[n] >= '0' && b[n] <= '9' {
			n++
		}
		if n == 0 || n >= len(b) || (b[n] != '.' && b[n] != ')') {
			return 0
		}
		n++
	}
	if n == len(b) || b[n] == '\r' {
		return n
	}
	if b[n] != ' ' && b[n] != '\t' {
		return 0
	}
	return n + 1
}

// inlineOpeners counts the bytes of b that make goldmark's inline parser
// look ahead: brackets, emphasis and strikethrough delimiters, code span
// backticks and '<' (raw HTML and autolinks).
//
// A count per byte value, each at memory speed, rather than one loop
// that switches on every byte: every page is scanned twice (checkLimits,
// then a paragraph at a time), and the loop was a tenth of Markdown's time.
func inlineOpeners(b []byte) int {
	n := 0
	for _, c := range inlineOpenerBytes {
		n += bytes.Count(b, c)
	}
	return n
}

var inlineOpenerBytes = [][]byte{{'['}, {']'}, {'<'}, {'*'}, {'_'}, {'~'}, {'`'}}

func nestError(file string, line, depth, max int) diag.Diagnostic {
	return diag.Errorf(file, line,
		"block quotes and lists are nested %d levels deep here, more than the %d a page may have; use fewer levels (or raise maxNesting under [markup] in config.toml)",
		depth, max)
}

func inlineError(file string, line int) diag.Diagnostic {
	return diag.Errorf(file, line,
		"this text holds too many brackets, '*', '_', '~', '`' or '<' for its length to be converted in reasonable time; break it into shorter paragraphs or escape the characters that are meant literally (\\*)")
}

// limitsExtension checks each paragraph as goldmark closes it, before any
// inline parsing: the exact text goldmark will parse (lazy lines, quote
// markers and all, which a line scan can only guess), its inline work and,
// when it is a table, its cells. A paragraph over a budget is reported and
// dropped, and so is every paragraph after it, so that the rest of the page
// costs nothing more; the page's error stops the build.
type limitsExtension struct{}

func (limitsExtension) Extend(m goldmark.Markdown) {
	// Before the link reference (100) and table (200) transformers, which
	// are themselves superlinear on such text.
	m.Parser().AddOptions(parser.WithParagraphTransformers(util.Prioritized(limitsTransformer{}, 10)))
}

var budgetKey = parser.NewContextKey()

// budget is the inline work and table cells spent so far on one page.
type budget struct {
	work, cells int
	failed      bool
}

type limitsTransformer struct{}

func (limitsTransformer) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	b, _ := pc.Get(budgetKey).(*budget)
	if b == nil {
		b = &budget{}
		pc.Set(budgetKey, b)
	}
	src := reader.Source()
	lines := node.Lines()
	if !b.failed {
		length, openers, table := 0, 0, -1
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			v := seg.Value(src)
			length += len(v)
			openers += inlineOpeners(v)
			if table < 0 && i > 0 && delimiterRow(v) {
				table = i
			}
		}
		work := length * openers
		b.work += work
		if table > 0 {
			b.cells += cellCount(headerRow(lines, table-1, src)) * (lines.Len() - table + 1)
		}
		if st := stateOf(pc); st != nil && lines.Len() > 0 {
			switch {
			case work > maxInlineWork || b.work > maxPageWork:
				b.failed = true
				st.errorf(lines.At(0).Start, "%s", inlineError("", 0).Msg)
			case b.cells > maxTableCells:
				b.failed = true
				st.errorf(lines.At(0).Start,
					"the tables of this page have %d cells or more (a row is filled up to its header's width), more than the %d a page may have; split the table, or give it fewer columns",
					b.cells, maxTableCells)
			}
		}
	}
	if b.failed {
		// Nothing more to parse: the page fails, and its output is not used.
		lines.Clear()
		if p := node.Parent(); p != nil {
			p.RemoveChild(p, node)
		}
	}
}

// delimiterRow reports whether a line could be a table's delimiter row:
// only '|', '-', ':' and blanks, with at least one '-'. Any such line
// counts, so that no table escapes the cell count.
func delimiterRow(b []byte) bool {
	dash := false
	for _, c := range b {
		switch c {
		case '-':
			dash = true
		case '|', ':', ' ', '\t', '\r', '\n':
		default:
			return false
		}
	}
	return dash
}

// cellCount is an upper bound of the cells of a table row: its pipes plus one.
func cellCount(b []byte) int {
	n := 1
	for _, c := range b {
		if c == '|' {
			n++
		}
	}
	return n
}

func headerRow(lines *text.Segments, i int, src []byte) []byte {
	seg := lines.At(i)
	return seg.Value(src)
}
