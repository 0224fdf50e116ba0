package markdown

import "bytes"

// GFM's autolinks (goldmark's linkify) cost more than their share: the
// parser is registered for every space and for the start of every line,
// so at each of them goldmark's inline loop stops, cuts the text there,
// calls linkify, which reads on to rule out an e-mail address, and goes
// back. On a page without a single autolink that was a tenth of Markdown's
// time (docs/performance.md, "Session 17: Markdown and overlap").
//
// goldmark triggers inline parsers only at spaces and punctuation, so a
// parser that waits for "http" or "@" cannot replace linkify without
// undoing text already emitted. Instead a Converter has a second goldmark
// instance without linkify and uses it for a page in which linkify cannot
// match anywhere (mayAutolink). Linkify changes nothing else: where it
// finds no link it returns nothing and leaves no state, so the two
// instances give the same tree but for where plain text is cut into Text
// nodes (at every space with linkify, at the end of each line without),
// which nothing reads: the HTML and the results are byte for byte the same
// (TestLinkifyGate, FuzzLinkifyGate). The one pass that looked at a Text
// node on its own, the soft hyphens of headings, works word by word
// (hyphenate.go). One place in goldmark does depend on the cuts: it trims
// the blanks at the end of a line from the line's last Text node only, so
// with linkify "a" followed by two blanks and a line break keeps a blank
// (the cut falls between the two); such a page keeps linkify
// (blanksAtLineEnd).

// mayAutolink reports whether goldmark's linkify could find a link in src:
// it matches only text that starts with "http:", "https:" or "ftp:"
// followed by "//" (its URL pattern), with "www." or, as an e-mail address,
// text with an '@'. Padding goldmark adds for tabs is spaces, which none
// of these holds. Three scans for bytes, each at memory speed.
func mayAutolink(src []byte) bool {
	return bytes.IndexByte(src, '@') >= 0 || bytes.Contains(src, []byte("://")) || bytes.Contains(src, []byte("www.")) ||
		blanksAtLineEnd(src)
}

// blanksAtLineEnd reports whether a line of src ends in two or more
// blanks (space or tab) that goldmark's inline parser would trim from its
// text: those that a hard line break ("  " before the line feed) does not
// take, with any carriage returns among them. With linkify, whose cuts
// fall at every blank, only the blanks after the last cut are trimmed.
func blanksAtLineEnd(src []byte) bool {
	for start := 0; start <= len(src); {
		end, newline := len(src), false
		if i := bytes.IndexByte(src[start:], '\n'); i >= 0 {
			end, newline = start+i, true
		}
		j := end
		if newline {
			// goldmark's hard break: two spaces before "\n" or "\r\n".
			k := j
			if k > start && src[k-1] == '\r' {
				k--
			}
			if k-2 >= start && src[k-1] == ' ' && src[k-2] == ' ' {
				j = k - 2
			}
		}
		blanks := 0
		for ; j > start; j-- {
			c := src[j-1]
			if c == ' ' || c == '\t' {
				blanks++
			} else if c != '\r' {
				break
			}
		}
		if blanks >= 2 {
			return true
		}
		start = end + 1
	}
	return false
}
