package search

import (
	"bytes"
	"slices"
	"sync"
	"unicode/utf8"
	"unsafe"
)

// Finding the matched words of a snippet's text without analyzing every
// word (issue 15). Analyzing a word (fold, stop words, stem) allocates and
// was about half the cost of an uncached search: ten hits, each up to a
// few KB of text read word by word. But with the Norwegian analysis a word
// can only match when its folded form contains a matched term (see
// mayMatch), and for a word of ASCII letters and digits and æ, ø, å (ä, ö)
// the folded form is the word lower-cased byte for byte. So a piece of
// text is lower-cased once and searched for each matched term, which is
// fast; only the words around what is found, and the few words with other
// letters or inner apostrophes, dots and commas (which folding changes),
// are analyzed, as before. The marks are the same as analyzing every word
// (TestQuickMarksEqualSlow).

// quickMarker finds the matches of one highlighter in pieces of text.
type quickMarker struct {
	h       highlighter
	needles []string // the matched terms, and the endings the rules replace
	lower   []byte
	cands   []int
	words   []word
	seen    map[string]bool // the words of the text seen, and whether they match
}

var quickMarkers = sync.Pool{New: func() any { return &quickMarker{} }}

// quick returns a quickMarker for h, or nil when its analysis may change
// letters other than at the end of a word (English stemming), where every
// word must be analyzed.
func (h highlighter) quick() *quickMarker {
	if !h.an.nordic {
		return nil
	}
	q := quickMarkers.Get().(*quickMarker)
	q.h, q.needles = h, q.needles[:0]
	if q.seen == nil || len(q.seen) > 4096 {
		q.seen = make(map[string]bool, 64)
	}
	clear(q.seen)
	for m := range h.match {
		if m != "" {
			q.needles = append(q.needles, m)
		}
	}
	// A rule rewrites an ending before stemming (nynorsk -heit → -het), so
	// the stem of a word holding the ending need not be in its folded form.
	for _, r := range h.an.rules {
		q.needles = append(q.needles, r[0])
	}
	return q
}

// release returns q to the pool.
func (q *quickMarker) release() {
	q.h = highlighter{}
	if cap(q.lower) > 4*scanPiece { // a piece of one very long word
		q.lower = nil
	}
	quickMarkers.Put(q)
}

// marks appends the spans of the matched words of piece (which starts at
// byte at of the text) to out.
func (q *quickMarker) marks(out [][2]int, piece string, at int, seen map[string]bool) [][2]int {
	q.lower = append(q.lower[:0], piece...)
	cands := q.cands[:0]
	lower := q.lower
	for i := 0; i < len(lower); i++ {
		c := lower[i]
		switch {
		case c >= 'A' && c <= 'Z':
			lower[i] = c + ('a' - 'A')
		case c == '\'' || c == '.' || c == ',':
			// Inside a word (don't, 2.3) folding drops it: analyze that word.
			if i > 0 && i+1 < len(lower) && !isSpaceByte(lower[i-1]) && !isSpaceByte(piece[i+1]) {
				cands = append(cands, i)
			}
		case c >= utf8.RuneSelf:
			if c == 0xC3 && i+1 < len(lower) {
				if f := foldNordic[lower[i+1]]; f != 0 {
					lower[i+1] = f
					i++
					continue
				}
			}
			r, n := utf8.DecodeRuneInString(piece[i:])
			if isWordRune(r) || isApostrophe(r) {
				cands = append(cands, i)
			}
			i += n - 1
		}
	}
	for _, nd := range q.needles {
		for from := 0; ; {
			k := bytes.Index(lower[from:], unsafeBytes(nd))
			if k < 0 {
				break
			}
			cands = append(cands, from+k)
			from += k + 1
		}
	}
	slices.Sort(cands)
	q.cands = cands
	segEnd := -1
	for _, p := range cands {
		if p < segEnd {
			continue
		}
		// The words around p up to white space on either side: the
		// tokenizer starts afresh after white space, so these are the words
		// it finds there in the whole piece.
		s, e := p, p
		for s > 0 && !isSpaceByte(piece[s-1]) {
			s--
		}
		for e < len(piece) && !isSpaceByte(piece[e]) {
			e++
		}
		segEnd = e
		q.words = tokenizeAppend(q.words[:0], piece[s:e])
		for _, w := range q.words {
			word := piece[s+w.start : s+w.end]
			m, ok := seen[word]
			if !ok {
				if f, fast := q.folded(lower[s+w.start : s+w.end]); fast {
					m = q.matchFolded(f)
				} else {
					m = q.h.memoMatch(seen, word)
				}
				seen[word] = m
			}
			if m {
				out = append(out, [2]int{at + s + w.start, at + s + w.end})
			}
		}
	}
	return out
}

// folded returns the folded form of a word from its lower-cased bytes when
// the word holds only ASCII letters and digits and the Nordic letters,
// whose folding is lower-casing (see marks); fast is false otherwise.
func (q *quickMarker) folded(lw []byte) (f []byte, fast bool) {
	for i := 0; i < len(lw); i++ {
		c := lw[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
		case c == 0xC3 && i+1 < len(lw) && foldNordic[lw[i+1]] == lw[i+1]:
			i++
		default:
			return nil, false
		}
	}
	return lw, true
}

// matchFolded is memoMatch for a word whose folded form f needs none of
// normal's other steps (it holds no apostrophe): normal's stop words and
// length limits, then mayMatch and the stem.
func (q *quickMarker) matchFolded(f []byte) bool {
	an := q.h.an
	if an.stop[string(f)] {
		return false
	}
	if n := utf8.RuneCount(f); n < minTermLen || n > maxTermLen {
		return false
	}
	if len(an.rules) == 0 {
		may := false
		for m := range q.h.match {
			if bytes.Contains(f, unsafeBytes(m)) {
				may = true
				break
			}
		}
		if !may {
			return false
		}
	}
	return q.h.matches(an.stemWord(string(f)))
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// foldNordic maps the second byte of the UTF-8 of æ, ø, å, their capitals
// and ä, ö (two bytes each, the first 0xC3) to that of the letter fold
// gives them with the Norwegian analysis: æ, ø, å, ä → æ, ö → ø.
// Other bytes map to 0.
var foldNordic = [256]byte{
	0xA6: 0xA6, 0x86: 0xA6, 0xA4: 0xA6, 0x84: 0xA6, // æ Æ ä Ä → æ
	0xB8: 0xB8, 0x98: 0xB8, 0xB6: 0xB8, 0x96: 0xB8, // ø Ø ö Ö → ø
	0xA5: 0xA5, 0x85: 0xA5, // å Å → å
}

// unsafeBytes is s as a byte slice without a copy; it is only read.
func unsafeBytes(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }
