package render

import (
	"bytes"
	"html/template"
	"sync"
)

// Minifying a page minifies its cached parts (View.Cached: menus, footer,
// related pages…) again on every page, though they are the same bytes on
// thousands of pages. minifyPage minifies each such part once, keeps the
// result, and minifies only the rest of the page, where it can show that
// the minifier would have written the same bytes for the part inside the
// whole page. That holds at a cut where the minifier's state is the one
// it starts a document with and none of its look-ahead crosses the cut:
//
//   - before the part: what precedes it ends with a tag that is
//     block-level for the minifier (html.Minifier trims the white space
//     after such a tag and looks no further), then only white space;
//   - the part starts with a tag and ends with the '>' of a block-level
//     tag, so that nothing in it looks past its end;
//   - no <pre>, <textarea>, <script>, <style>, <template>, <iframe>,
//     <noscript>, <math>, <svg> or comment is open at either cut (the
//     minifier treats their insides differently).
//
// A part whose cuts do not qualify stays in the page and is minified with
// it. TestCachedPartialsChangeNothing compares every page of the bundled
// portal and a corpus so minified with the whole page minified at once.

// fragUse is one View.Cached part a page used: its key and its HTML.
type fragUse struct {
	key  string
	html string
}

// usedPart notes a part the page holds, when its page will be minified
// (parts inside another part come with it).
func (v *View) usedPart(key string, h template.HTML) {
	if v.partDepth == 0 && v.r.opts.Minify && !v.r.opts.Dev {
		v.frags = append(v.frags, fragUse{key: key, html: string(h)})
	}
}

// minifyPage minifies the page in into out, reusing the minified parts.
func (r *Renderer) minifyPage(out, in *bytes.Buffer, used []fragUse) error {
	page := in.Bytes()
	if len(used) == 0 {
		return r.min.into(out, "text/html", in)
	}
	out.Grow(len(page))
	var sc rawScan
	last, from := 0, 0 // minified up to last; search parts from from
	for _, f := range used {
		i := bytes.Index(page[from:], []byte(f.html))
		if i < 0 {
			continue // escaped where it was put (an attribute, say): not in the page as such
		}
		start, end := from+i, from+i+len(f.html)
		from = end
		if !sc.closedAt(page, start) || !cutBefore(page[:start]) || !partQualifies(f.html) || !sc.closedAt(page, end) {
			continue
		}
		if err := r.minifySlice(out, page[last:start]); err != nil {
			return err
		}
		m, err := r.minifiedPart(f)
		if err != nil {
			return err
		}
		out.Write(m)
		last = end
	}
	return r.minifySlice(out, page[last:])
}

// minifySlice minifies b, a piece of a page, onto out.
func (r *Renderer) minifySlice(out *bytes.Buffer, b []byte) error {
	if len(b) == 0 {
		return nil
	}
	// The cap keeps the minifier's input from looking at (or writing its
	// end marker into) the page after b.
	return r.min.m.Minify("text/html", out, bytes.NewBuffer(b[:len(b):len(b)]))
}

// minifiedPart returns the part minified, minifying it the first time.
func (r *Renderer) minifiedPart(f fragUse) ([]byte, error) {
	if m, ok := r.minParts.Load(f.key); ok {
		return m.([]byte), nil
	}
	var b bytes.Buffer
	if err := r.minifySlice(&b, []byte(f.html)); err != nil {
		return nil, err
	}
	m, _ := r.minParts.LoadOrStore(f.key, b.Bytes())
	return m.([]byte), nil
}

// cutBefore reports whether the page up to a part ends with a block-level
// tag and white space.
func cutBefore(b []byte) bool {
	b = bytes.TrimRight(b, " \t\r\n\f")
	if len(b) == 0 || b[len(b)-1] != '>' {
		return false
	}
	lt := bytes.LastIndexByte(b, '<')
	return lt >= 0 && blockTag(b[lt:])
}

// partQualifies reports whether a part starts with a tag and ends with a
// block-level one.
func partQualifies(s string) bool {
	if len(s) < 3 || s[0] != '<' || s[len(s)-1] != '>' {
		return false
	}
	lt := lastIndexByte(s, '<')
	return lt >= 0 && blockTag([]byte(s[lt:]))
}

func lastIndexByte(s string, c byte) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// blockTags are the tags tdewolff/minify's HTML minifier treats as block
// level (html/table.go, blockTag) that Varde's layouts end parts with.
var blockTags = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "br": true,
	"caption": true, "dd": true, "details": true, "div": true, "dl": true, "dt": true,
	"fieldset": true, "figcaption": true, "figure": true, "footer": true, "form": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"header": true, "hgroup": true, "hr": true, "li": true, "main": true, "nav": true,
	"ol": true, "p": true, "section": true, "table": true, "ul": true,
}

// blockTag reports whether tag ("<nav class=x>", "</ul>") is a start or
// end tag of a blockTags element.
func blockTag(tag []byte) bool {
	if len(tag) < 3 || tag[0] != '<' {
		return false
	}
	name := tag[1:]
	if name[0] == '/' {
		name = name[1:]
	}
	n := 0
	for n < len(name) && ('a' <= name[n] && name[n] <= 'z' || '0' <= name[n] && name[n] <= '9') {
		n++
	}
	if n == 0 || n == len(name) || !(name[n] == '>' || name[n] == ' ' || name[n] == '\t' || name[n] == '\n' || name[n] == '\r' || name[n] == '/') {
		return false
	}
	return blockTags[string(name[:n])]
}

// rawScan walks a page once, from its start, keeping count of the elements
// whose inside the minifier treats apart and that are open.
type rawScan struct {
	pos   int
	open  int  // elements opened and not closed
	dirty bool // a comment or markup it cannot follow: no cut after this
}

// rawNames are the elements rawScan follows.
var rawNames = []string{"pre", "textarea", "script", "style", "template", "iframe", "noscript", "math", "svg", "xmp", "plaintext", "title"}

// closedAt reports whether none of those elements is open at offset at
// (at never less than at a previous call).
func (sc *rawScan) closedAt(page []byte, at int) bool {
	for !sc.dirty && sc.pos < at {
		i := bytes.IndexByte(page[sc.pos:at], '<')
		if i < 0 {
			sc.pos = at
			break
		}
		p := sc.pos + i + 1
		sc.pos = p
		if p >= len(page) {
			break
		}
		if page[p] == '!' || page[p] == '?' {
			if bytes.HasPrefix(page[p:], []byte("!DOCTYPE")) || bytes.HasPrefix(page[p:], []byte("!doctype")) {
				continue
			}
			sc.dirty = true // a comment, CDATA or processing instruction
			break
		}
		end := page[p] == '/'
		if end {
			p++
		}
		for _, name := range rawNames {
			if hasPrefixFold(page[p:], name) && p+len(name) < len(page) && !isNameByte(page[p+len(name)]) {
				if end {
					sc.open--
				} else {
					sc.open++
				}
				break
			}
		}
	}
	return !sc.dirty && sc.open == 0
}

func hasPrefixFold(b []byte, lower string) bool {
	if len(b) < len(lower) {
		return false
	}
	for i := 0; i < len(lower); i++ {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

func isNameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-'
}

// partsMemo is the renderer's store of minified parts (by Cached key).
type partsMemo = sync.Map
