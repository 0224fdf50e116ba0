package search

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// plainText drops the control characters of a stored text (a title)
// before it goes out in a hit; see collapse.
func plainText(s string) string {
	if !strings.ContainsFunc(s, unicode.IsControl) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t' || r == '\r':
			return ' '
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
}

// Snippet lengths, in bytes of the source text.
const (
	snippetLen    = 220 // the window shown from the body
	snippetBefore = 60  // context kept before the first match
	maxWindows    = 64  // windows compared for the best snippet
	// The body is read scanPiece bytes at a time, up to scanAfterMatch
	// bytes past its first match (see marksBounded).
	scanPiece      = 1 << 10
	scanAfterMatch = 2 << 10
)

// maxSnippetSource is how much of a page's text the index stores for
// snippets. The whole text is indexed, so every word of a page finds it,
// but a snippet is made from this much only: a search once read, stored
// in memory and highlighted the whole 20 MB of a huge page for every hit
// (265 ms a request, 5.5 GB under load). With the cap, a hit costs the
// same on any page. A word found only further on gets the description or
// the page's start as its snippet; real pages rarely hold 32 KB of text.
const maxSnippetSource = 32 << 10

// snippetSource is the part of body stored for snippets: all of it up to
// maxSnippetSource bytes, else that much ending at a word.
func snippetSource(body string) string {
	if len(body) <= maxSnippetSource {
		return body
	}
	return body[:cut(body, 0, maxSnippetSource)]
}

// highlighter marks the words of a text that a query matched: words whose
// stem is a matched term, or holds one of four or more letters (a compound
// that matched by its part).
type highlighter struct {
	an    *analyzer
	match map[string]bool
}

func (h highlighter) matches(stem string) bool {
	if h.match[stem] {
		return true
	}
	for m := range h.match {
		if utf8.RuneCountInString(m) >= 4 && strings.Contains(stem, m) {
			return true
		}
	}
	return false
}

// mayMatch is a cheap test before stemming, which is most of a snippet's
// cost: the Norwegian stemmer only removes endings (the rules of a
// language may replace them, so with rules every word is stemmed), so a stem is the start
// of its folded word, and a word whose folded form holds no matched term
// cannot match (its stem neither equals nor contains one). Other languages'
// stemmers also change letters (English happy → happi): there every word
// is stemmed.
func (h highlighter) mayMatch(folded string) bool {
	if !h.an.nordic || len(h.an.rules) > 0 {
		return true // rules replace endings: a stem may hold other letters
	}
	for m := range h.match {
		if strings.Contains(folded, m) {
			return true
		}
	}
	return false
}

// marks returns the byte spans of the matched words of text. Each
// distinct word is analyzed once: most words of a page recur.
func (h highlighter) marks(text string) [][2]int { return h.marksBounded(text, len(text)) }

// marksBounded is marks for a body: it reads the text a piece at a time
// and stops once the matches it has are all the best snippet can use:
// maxWindows of them with the window after the last, or whatever lies
// within scanAfterMatch bytes of the first. The cost of a hit is then that
// of a few KB of text, wherever the page puts its matches.
func (h highlighter) marksBounded(text string, scanAfterMatch int) [][2]int {
	q := h.quick()
	if q != nil {
		defer q.release()
	}
	return h.marksWith(text, scanAfterMatch, q)
}

// marksWith is marksBounded, finding the words with q (snippet_quick.go)
// or, when q is nil, by analyzing every word.
func (h highlighter) marksWith(text string, scanAfterMatch int, q *quickMarker) [][2]int {
	var out [][2]int
	var seen map[string]bool
	if q != nil {
		seen = q.seen
	} else {
		seen = make(map[string]bool, 64)
	}
	var words []word
	for at := 0; at < len(text); {
		end := cut(text, at, scanPiece)
		if end <= at {
			end = len(text)
		}
		piece := text[at:end]
		if q != nil {
			out = q.marks(out, piece, at, seen)
		} else {
			words = tokenizeAppend(words[:0], piece)
			for _, w := range words {
				if h.memoMatch(seen, piece[w.start:w.end]) {
					out = append(out, [2]int{at + w.start, at + w.end})
				}
			}
		}
		at = end
		switch {
		case len(out) >= maxWindows && at >= out[maxWindows-1][0]+snippetLen:
			return out
		case len(out) > 0 && at >= out[0][0]+scanAfterMatch:
			return out
		}
	}
	return out
}

// memoMatch tells whether a word of the text matched, analyzing each
// distinct word once.
func (h highlighter) memoMatch(seen map[string]bool, word string) bool {
	m, ok := seen[word]
	if !ok {
		f := h.an.normal(word)
		m = f != "" && h.mayMatch(f) && h.matches(h.an.stemWord(f))
		seen[word] = m
	}
	return m
}

// snippet shows why a page matched: the description when a matched word is
// in it, else the stretch of the body with the most matches, else the
// description or the start of the body. The result is HTML-escaped with
// the matched words in <mark>.
func snippet(an *analyzer, desc, body string, match map[string]bool) string {
	desc, body = snippetSource(desc), snippetSource(body)
	h := highlighter{an, match}
	if m := h.marks(desc); len(m) > 0 || body == "" {
		return render(desc, 0, len(desc), m)
	}
	m := h.marksBounded(body, scanAfterMatch)
	if len(m) == 0 {
		if desc != "" {
			return render(desc, 0, len(desc), nil)
		}
		return render(body, 0, cut(body, 0, snippetLen), nil)
	}
	best, bestStart, bestEnd := -1, 0, 0
	// The windows starting at the first maxWindows matches are compared:
	// enough to find the best of a real page, and bounded on a page that
	// repeats the word thousands of times.
	distinct := map[string]bool{}
	for i := range m[:min(len(m), maxWindows)] {
		start := wordStart(body, m[i][0]-snippetBefore)
		if start > m[i][0] {
			start = m[i][0]
		}
		end := cut(body, start, snippetLen)
		clear(distinct)
		for _, s := range m[i:] {
			if s[1] > end {
				break
			}
			distinct[strings.ToLower(body[s[0]:s[1]])] = true
		}
		if len(distinct) > best {
			best, bestStart, bestEnd = len(distinct), start, end
		}
	}
	return render(body, bestStart, bestEnd, m)
}

// wordStart moves i (clamped to the text) forward to the start of a word.
func wordStart(s string, i int) int {
	if i <= 0 {
		return 0
	}
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	for i < len(s) && s[i] != ' ' && s[i] != '\n' {
		i++
	}
	for i < len(s) && (s[i] == ' ' || s[i] == '\n') {
		i++
	}
	return i
}

// cut returns the end of a window of at most n bytes from start, at the end
// of a word.
func cut(s string, start, n int) int {
	end := start + n
	if end >= len(s) {
		return len(s)
	}
	for end > start && s[end] != ' ' && s[end] != '\n' {
		end--
	}
	if end == start { // one very long word
		end = start + n
		for end < len(s) && !utf8.RuneStart(s[end]) {
			end++
		}
	}
	return end
}

// render escapes s[start:end] and wraps the marked spans in <mark>.
func render(s string, start, end int, marks [][2]int) string {
	var b strings.Builder
	if start > 0 {
		b.WriteString("… ")
	}
	at := start
	for _, m := range marks {
		if m[0] < at || m[1] > end {
			continue
		}
		b.WriteString(html.EscapeString(collapse(s[at:m[0]])))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(s[m[0]:m[1]]))
		b.WriteString("</mark>")
		at = m[1]
	}
	b.WriteString(html.EscapeString(collapse(s[at:end])))
	if end < len(s) {
		b.WriteString(" …")
	}
	return strings.TrimSpace(b.String())
}

// collapse turns each run of white space into one space and drops
// control characters, which have no place in HTML and would reach a
// terminal as escape codes (varde search prints snippets).
func collapse(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == ' ' || r == '\n' || r == '\t' || r == '\r' {
			space = true
			continue
		}
		if unicode.IsControl(r) {
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}
