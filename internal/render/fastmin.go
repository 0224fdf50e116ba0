package render

import (
	"bytes"
	"encoding/binary"
	"sync"

	"github.com/tdewolff/minify/v2"
	htmlmin "github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/buffer"
)

// A fast path for minifying Varde's pages (issue 22): the same bytes as
// tdewolff's HTML minifier with the options of newMinifier, for the HTML
// the layouts and the Markdown stage write, in about a fifth of the time.
//
// Why it can be faster and stay the same: with KeepEndTags, KeepQuotes,
// KeepDocumentTags and KeepDefaultAttrVals the minifier changes little in
// such a page. It collapses whitespace in text and trims it around block
// tags, decodes some entities in text, rewrites a few attributes (the
// viewport's content, empty or boolean values, URL schemes, media types)
// and minifies inline SVG. A page is mostly text between simple tags that
// it writes back unchanged, yet it lexes every byte into tokens with
// look-ahead buffers and hashes every tag and attribute name.
//
// fastHTML mirrors the lexer (internal to tdewolff/parse/v2/html) and the
// minifier loop (tdewolff/minify/v2/html, html.go) for a subset of HTML
// and hands everything else back: on anything outside the subset it
// returns false and the caller minifies the whole page with tdewolff. The
// transformations themselves are tdewolff's own functions where they do
// anything (text: parse.ReplaceMultipleWhitespaceAndEntities; inline SVG:
// the registered SVG minifier; a tag that is not plainly unchanged:
// tdewolff's HTML minifier on that tag alone, whose output does not depend
// on what surrounds it, remembered by the tag's bytes). What is mirrored
// is the tokenizing and the whitespace state (omitSpace, inPre and the
// look-ahead that decides a trailing space), for the tags listed in
// lookupTag with the traits tdewolff's table gives them.
//
// TestFastMinifyMatchesTdewolff compares the two on generated HTML made
// of exactly these pieces (and of pieces outside the subset, which must
// be handed back); TestRenderHashes holds every page of two corpora to
// the bytes of before. The minify module is pinned in go.mod; an upgrade
// must run those tests (they fail on any difference).

// fastTag is what the minifier's table says of a tag (tagMap in
// tdewolff/minify/v2/html/table.go), for the tags the fast path knows
// (lookupTag).
type fastTag struct {
	block  bool // blockTag: whitespace around it is removed
	object bool // objectTag: the space after it is kept
	normal bool // traits are exactly normalTag (the phrasing-tag rule)
	pre    bool // <pre>: text inside is written as is
	// raw: the lexer reads the element's content as raw text up to its
	// end tag; the minifier writes it as is for a <textarea>
	// (rawVerbatim) and as text for a <title> (its table has no rawTag
	// for title).
	raw         bool
	rawVerbatim bool
	script      bool // <script>: raw text; the fast path takes only an empty one
	skipText    bool // <select>, <optgroup>: the text after the start tag is dropped
	skipAfter   bool // </option>, </optgroup>: the text after the end tag is dropped
}

// lookupTag returns what the fast path knows of a tag by its lower-case
// name (a switch: a map lookup per tag was a tenth of the fast path).
func lookupTag(name []byte) (fastTag, bool) {
	switch string(name) {
	case "address", "article", "aside", "blockquote", "br", "caption", "col",
		"dd", "details", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
		"h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "legend", "li",
		"main", "menu", "nav", "noscript", "ol", "p", "section", "summary", "table", "tbody", "td",
		"tfoot", "th", "thead", "tr", "ul":
		return fastTag{block: true}, true
	case "pre":
		return fastTag{block: true, pre: true}, true
	case "title":
		return fastTag{block: true, raw: true}, true
	case "textarea":
		return fastTag{object: true, raw: true, rawVerbatim: true}, true
	case "select":
		return fastTag{object: true, skipText: true}, true
	case "option":
		return fastTag{block: true, skipAfter: true}, true
	case "optgroup":
		return fastTag{normal: true, skipText: true, skipAfter: true}, true
	case "abbr", "b", "bdi", "bdo", "body", "cite", "code", "data", "dfn",
		"em", "i", "kbd", "link", "mark", "meta", "s", "samp", "small", "span", "strong", "sub",
		"sup", "time", "u", "var":
		return fastTag{normal: true}, true
	case "button", "img", "input", "q", "wbr", "progress", "meter":
		return fastTag{object: true}, true
	case "a", "del", "ins", "label": // keepPTag (label also normalTag)
		return fastTag{}, true
	case "script":
		return fastTag{script: true}, true
	}
	return fastTag{}, false
}

var (
	svgMime      = []byte("image/svg+xml")
	htmlMime     = []byte("text/html")
	inlineParams = map[string]string{"inline": "1"}
)

// tagMemo remembers tdewolff's output for start tags the fast path does
// not write back unchanged (a meta viewport, a link with a media type, a
// task list's checkbox): most of them are the same on every page.
type tagMemo struct {
	mu sync.RWMutex
	m  map[string][]byte
}

const (
	tagMemoMaxEntries = 8192
	tagMemoMaxLen     = 1 << 10
)

// fastScratch is a page's working memory for fastHTML.
type fastScratch struct{ text, tag bytes.Buffer }

var fastScratchPool = sync.Pool{New: func() any { return new(fastScratch) }}

// fastHTML minifies in into out and reports whether it could; on false,
// out holds garbage and in is unchanged.
func (mi *minifier) fastHTML(out *bytes.Buffer, in []byte) bool {
	_, _, ok := mi.fast(out, in, fastState{omitSpace: true}, nil, false)
	return ok
}

// fastState is the minifier's state between two tokens that a cached part
// depends on and changes: whether a leading space goes, and <pre>.
type fastState struct{ omitSpace, inPre bool }

// Hint says that a cached part (View.Cached) was written at At in the
// page: the fast path minifies such a part once for each state it meets
// it in and writes the remembered bytes (parts.go).
type Hint struct {
	At   int
	Part string
}

// fast is fastHTML from state st, with hints. With part, in is a cached
// part minified alone, and fast also fails where the bytes it writes could
// depend on what follows the part in a page (a trailing space whose fate
// the next token decides, a text dropped after </option>, an empty
// <span></span> split by the end), so that the bytes it writes are the
// part's in any page. tagEnd: the last token was not text, so what
// follows in a page starts a token of its own.
func (mi *minifier) fast(out *bytes.Buffer, in []byte, st fastState, hints []Hint, part bool) (exit fastState, tagEnd, ok bool) {
	fail := fastState{}
	if bytes.IndexByte(in, 0) >= 0 {
		return fail, false, false // the lexer treats NUL apart
	}
	if part && (bytes.HasSuffix(in, []byte("<")) || bytes.HasSuffix(in, []byte("</"))) {
		return fail, false, false // a '<' the next bytes could make a tag
	}
	sc := fastScratchPool.Get().(*fastScratch)
	defer fastScratchPool.Put(sc)
	out.Grow(len(in))
	w := runWriter{out: out, in: in}
	omitSpace, inPre := st.omitSpace, st.inPre
	var raw []byte // the next text is raw up to </raw
	verbatim := false
	tagEnd = false
	n := len(in)
	for i := 0; i < n; {
		if len(hints) > 0 && raw == nil && !verbatim {
			for len(hints) > 0 && hints[0].At < i {
				hints = hints[1:]
			}
			if len(hints) > 0 && hints[0].At == i {
				h := hints[0]
				hints = hints[1:]
				// White space after the part's last tag is read with the
				// page: what becomes of it depends on what comes next.
				p := h.Part
				k := len(p)
				for k > 0 && parse.IsWhitespace(p[k-1]) {
					k--
				}
				if k < len(p) && k > 0 && p[k-1] == '>' {
					p = p[:k]
				}
				if end := i + len(p); end <= n && string(in[i:end]) == p {
					if pb, pexit, ptag, pok := mi.partBytes(p, fastState{omitSpace, inPre}); pok && (ptag || end == n || tokenAt(in, end)) {
						partsUsed.Add(1)
						w.write(pb)
						omitSpace, inPre, tagEnd = pexit.omitSpace, pexit.inPre, ptag
						i = end
						continue
					}
				}
			}
		}
		var text []byte
		if raw != nil {
			j := rawEnd(in, i, raw)
			raw = nil
			if j < 0 {
				return fail, false, false
			}
			text, i = in[i:j], j
			if len(text) == 0 {
				verbatim = false
				continue
			}
		} else if !tokenAt(in, i) {
			j := textEnd(in, i)
			text, i = in[i:j], j
		}
		if text != nil {
			tagEnd = false
			start := i - len(text)
			if inPre || verbatim {
				verbatim = false
				w.keep(start, i)
				continue
			}
			// d is the text as the minifier makes it; while plain, it is
			// in[from:to].
			d, plain := text, plainText(text)
			if !plain {
				sc.text.Reset()
				sc.text.Write(text) // it writes in place: a copy
				d = parse.ReplaceMultipleWhitespaceAndEntities(sc.text.Bytes(), htmlmin.EntitiesMap, htmlmin.TextRevEntitiesMap)
			}
			from, to := start, i
			if omitSpace && parse.IsWhitespace(d[0]) {
				d = d[1:]
				from++
			}
			omitSpace = false
			if len(d) == 0 {
				omitSpace = true
			} else if parse.IsWhitespace(d[len(d)-1]) {
				trim, ok, atEnd := trailingSpaceGoes(in, i)
				if !ok || part && atEnd {
					return fail, false, false // alone, the part's end decided it
				}
				if trim {
					d = d[:len(d)-1]
					to--
				} else {
					omitSpace = true
				}
			}
			if plain {
				w.keep(from, to)
			} else {
				w.write(d)
			}
			continue
		}

		// A token starting with '<' at i.
		tagEnd = true
		c1 := in[i+1] // tokenAt: there is a byte after '<'
		switch {
		case c1 == '/': // tokenAt: an end tag, '>' or a letter follows "</"
			t, end, ok := endTag(in, i)
			if !ok {
				return fail, false, false
			}
			if t.object {
				omitSpace = false
			} else if t.block {
				omitSpace = true
			}
			if t.pre {
				inPre = false
			}
			w.keep(i, end)
			i = end
			if t.skipAfter {
				// The text it drops may go on past a part's end.
				if i = skipText(in, i); part && i == n {
					return fail, false, false
				}
			}
		case c1 == '!':
			end, comment, ok := markup(in, i)
			if !ok {
				return fail, false, false
			}
			if comment {
				w.flush() // the minifier drops comments
			} else {
				w.write([]byte("<!doctype html>"))
			}
			i = end
		case isLetter(c1):
			st, ok := startTag(in, i)
			if !ok {
				return fail, false, false
			}
			if st.svg {
				w.flush()
				if err := mi.m.MinifyMimetype(svgMime, out, buffer.NewReader(in[i:st.end]), inlineParams); err != nil {
					if err != minify.ErrNotExist {
						return fail, false, false
					}
					out.Write(in[i:st.end])
				}
				omitSpace = false
				i = st.end
				continue
			}
			t := st.tag
			if t.object {
				omitSpace = false
			} else if t.block {
				omitSpace = true
			}
			if t.pre {
				inPre = true
			}
			if st.simple {
				w.keep(i, st.end)
			} else {
				w.flush()
				if !mi.tagAlone(out, in[i:st.end], sc) {
					return fail, false, false
				}
			}
			i = st.end
			switch {
			case t.script:
				// Raw text up to </script; only an empty script is taken,
				// and the end tag must follow as the fast path reads it.
				if !st.attrs || !bytes.HasPrefix(in[i:], []byte("</script>")) {
					return fail, false, false
				}
			case t.raw:
				raw, verbatim = st.name, t.rawVerbatim
			}
			if t.skipText {
				if i = skipText(in, i); part && i == n {
					return fail, false, false
				}
			}
			if t.normal {
				if part && len(in)-i < len(st.name)+3 {
					return fail, false, false
				}
				// "keep space after phrasing tags": an empty <span></span>.
				if len(in)-i >= len(st.name)+3 && in[i] == '<' && in[i+1] == '/' &&
					bytes.Equal(in[i+2:i+2+len(st.name)], st.name) && in[i+2+len(st.name)] == '>' {
					omitSpace = false
				}
			}
		default: // '<?' and anything else the lexer reads as a comment
			return fail, false, false
		}
	}
	if raw != nil || verbatim {
		return fail, false, false
	}
	w.flush()
	return fastState{omitSpace, inPre}, tagEnd, true
}

// runWriter writes the output mostly as stretches of the input: what the
// minifier leaves as it is (most of a page) is kept as one run of input
// bytes and copied when something else is written, rather than token by
// token.
type runWriter struct {
	out  *bytes.Buffer
	in   []byte
	s, e int // the run not yet written, in[s:e]
}

// keep adds in[from:to] to the output.
func (w *runWriter) keep(from, to int) {
	if from != w.e {
		w.flush()
		w.s = from
	}
	w.e = to
}

func (w *runWriter) flush() {
	if w.e > w.s {
		w.out.Write(w.in[w.s:w.e])
	}
	w.s, w.e = -1, -1
}

// write adds b, which is not a stretch of the input, to the output.
func (w *runWriter) write(b []byte) {
	w.flush()
	w.out.Write(b)
}

// textClass sorts bytes for plainText: 1 for the whitespace a text may
// hold alone (space, newline), 2 for '&' and the control bytes, among
// them what ReplaceMultipleWhitespaceAndEntities changes (tab, carriage
// return, form feed).
var textClass = func() (c [256]uint8) {
	for b := 0; b < 0x20; b++ {
		c[b] = 2
	}
	c['&'], c[' '], c['\n'] = 2, 1, 1
	return c
}()

// plainText reports whether ReplaceMultipleWhitespaceAndEntities leaves
// the text as it is: no entity, and whitespace only as single spaces or
// newlines. Most of a page's text is, and is then not copied. Eight bytes
// at a time (a space every few bytes made a byte loop's branches miss);
// control bytes other than newline count as changed, which only sends
// such a text the slow way.
func plainText(b []byte) bool {
	const (
		ones = 0x0101010101010101
		lo7  = 0x7f * ones
	)
	// zero has 0x80 in each byte of y that is 0, and nothing else.
	zero := func(y uint64) uint64 { return ^(((y & lo7) + lo7) | y | lo7) }
	var prev uint64 // ws of the previous eight bytes
	i := 0
	for ; i+8 <= len(b); i += 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		nl := zero(w ^ ('\n' * ones))
		ws := zero(w^(' '*ones)) | nl
		bad := zero(w^('&'*ones)) | zero(w&(0xe0*ones))&^nl
		if bad != 0 || ws&(ws<<8) != 0 || prev>>56&ws != 0 {
			return false
		}
		prev = ws
	}
	wsPrev := prev>>63 != 0
	for _, c := range b[i:] {
		switch textClass[c] {
		case 0:
			wsPrev = false
		case 1:
			if wsPrev {
				return false
			}
			wsPrev = true
		default:
			return false
		}
	}
	return true
}

// tagAlone writes tdewolff's minification of one start tag: the minifier
// writes a start tag from its own bytes alone (its attributes, the meta
// and script rules), so the tag minified by itself gives the bytes it
// gives in the page.
func (mi *minifier) tagAlone(out *bytes.Buffer, tag []byte, sc *fastScratch) bool {
	mi.tags.mu.RLock()
	b, ok := mi.tags.m[string(tag)]
	mi.tags.mu.RUnlock()
	if ok {
		out.Write(b)
		return true
	}
	sc.tag.Reset()
	sc.tag.Grow(len(tag) + 1)
	sc.tag.Write(tag) // the minifier writes into its input: a copy
	var res bytes.Buffer
	if err := mi.m.MinifyMimetype(htmlMime, &res, &sc.tag, nil); err != nil {
		return false
	}
	out.Write(res.Bytes())
	if len(tag) <= tagMemoMaxLen {
		mi.tags.mu.Lock()
		if mi.tags.m == nil {
			mi.tags.m = map[string][]byte{}
		}
		if len(mi.tags.m) < tagMemoMaxEntries {
			mi.tags.m[string(tag)] = res.Bytes()
		}
		mi.tags.mu.Unlock()
	}
	return true
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// tokenAt reports whether the lexer starts a token other than text at
// in[i]: a '<' followed by a letter, '!' or '?', or by '/' and a byte
// other than '>'. Any other '<' is text.
func tokenAt(in []byte, i int) bool {
	if in[i] != '<' || i+1 >= len(in) {
		return false
	}
	c := in[i+1]
	if c == '/' {
		return i+2 < len(in) && in[i+2] != '>'
	}
	return isLetter(c) || c == '!' || c == '?'
}

// textEnd is where the text starting at i ends: the next token or the end.
func textEnd(in []byte, i int) int {
	for {
		k := bytes.IndexByte(in[i+1:], '<')
		if k < 0 {
			return len(in)
		}
		i += 1 + k
		if tokenAt(in, i) {
			return i
		}
	}
}

// rawEnd is where raw text from i ends for the lexer: at "</" followed by
// the tag's name (in any case) and a byte that is not a letter; -1 when
// the page ends first (left to tdewolff).
func rawEnd(in []byte, i int, name []byte) int {
	for {
		k := bytes.Index(in[i:], []byte("</"))
		if k < 0 {
			return -1
		}
		j := i + k + 2
		e := j
		for e < len(in) && isLetter(in[e]) {
			e++
		}
		if e < len(in) && e-j == len(name) && parse.EqualFold(in[j:e], name) {
			return i + k
		}
		i = i + k + 2
	}
}

// skipText is where the text token at i ends, or i when a tag is there:
// the minifier drops the text after <select> and <optgroup> and after
// </option> and </optgroup>.
func skipText(in []byte, i int) int {
	if i < len(in) && !tokenAt(in, i) {
		return textEnd(in, i)
	}
	return i
}

// endTag reads "</name>" at i, name one of lookupTag's in lower case and
// nothing else before '>'.
func endTag(in []byte, i int) (t fastTag, end int, ok bool) {
	j := i + 2
	e := j
	for e < len(in) && ('a' <= in[e] && in[e] <= 'z' || '0' <= in[e] && in[e] <= '9') {
		e++
	}
	if e == j || e >= len(in) || in[e] != '>' {
		return t, 0, false
	}
	if t, ok = lookupTag(in[j:e]); !ok {
		return t, 0, false
	}
	return t, e + 1, true
}

// markup reads what starts with "<!" at i: a comment "<!--…-->" (or
// "--!>"), which the minifier drops, or "<!doctype …>" (any case), which
// it writes as "<!doctype html>" whatever it says. Anything else (CDATA,
// a bogus comment) and a comment or doctype the page ends in are left to
// tdewolff.
func markup(in []byte, i int) (end int, comment, ok bool) {
	if bytes.HasPrefix(in[i+2:], []byte("--")) {
		for k := i + 4; k+2 < len(in); k++ {
			if in[k] == '-' && in[k+1] == '-' {
				if in[k+2] == '>' {
					return k + 3, true, true
				}
				if k+3 < len(in) && in[k+2] == '!' && in[k+3] == '>' {
					return k + 4, true, true
				}
			}
		}
		return 0, false, false
	}
	const d = "doctype"
	if len(in)-i < 2+len(d) || !parse.EqualFold(in[i+2:i+2+len(d)], []byte(d)) {
		return 0, false, false
	}
	k := bytes.IndexByte(in[i+2+len(d):], '>')
	if k < 0 {
		return 0, false, false
	}
	return i + 2 + len(d) + k + 1, false, true
}

// startTagInfo is a start tag the fast path read.
type startTagInfo struct {
	name   []byte
	tag    fastTag
	end    int  // after its '>' (after "</svg>" for an SVG)
	attrs  bool // it has attributes
	simple bool // the minifier writes it unchanged
	svg    bool // an <svg> element, end is after it
}

// startTag reads a start tag at i in the form the layouts and the
// Markdown stage write: a lower-case name lookupTag knows, then attributes
// each after one space, a lower-case name, and optionally ="value" with no
// '"' inside, then '>'. Anything else (other spacing, "/>", other quotes)
// is left to tdewolff.
func startTag(in []byte, i int) (st startTagInfo, ok bool) {
	j := i + 1
	e := j
	for e < len(in) && ('a' <= in[e] && in[e] <= 'z' || '0' <= in[e] && in[e] <= '9') {
		e++
	}
	if e >= len(in) || in[e] != ' ' && in[e] != '>' {
		return st, false
	}
	st.name = in[j:e]
	if string(st.name) == "svg" {
		end, ok := svgEnd(in, e)
		st.end, st.svg = end, true
		return st, ok
	}
	st.tag, ok = lookupTag(st.name)
	if !ok {
		return st, false
	}
	st.simple = true
	var hasID, hasName bool
	isMeta, isA, isScript := string(st.name) == "meta", string(st.name) == "a", st.tag.script
	k := e
	for in[k] == ' ' {
		st.attrs = true
		k++
		a := k
		for k < len(in) && attrNameByte[in[k]] {
			k++
		}
		if k == a || k >= len(in) {
			return st, false
		}
		an := string(in[a:k])
		var val []byte
		hasVal := false
		if in[k] == '=' {
			if k+1 >= len(in) || in[k+1] != '"' {
				return st, false
			}
			q := bytes.IndexByte(in[k+2:], '"')
			if q < 0 {
				return st, false
			}
			val, hasVal = in[k+2:k+2+q], true
			k += 2 + q + 1
			if k >= len(in) {
				return st, false
			}
		}
		if in[k] != ' ' && in[k] != '>' {
			return st, false
		}
		if st.simple && !simpleAttr(an, val, hasVal, string(st.name)) {
			st.simple = false
		}
		switch an {
		case "id":
			hasID = true
		case "name":
			hasName = true
			if isMeta && hasVal && (parse.EqualFold(val, []byte("keywords")) || parse.EqualFold(val, []byte("viewport"))) {
				st.simple = false
			}
		case "http-equiv":
			if isMeta && parse.EqualFold(val, []byte("content-type")) {
				st.simple = false
			}
		case "charset":
			if isScript {
				st.simple = false
			}
		}
	}
	if in[k] != '>' {
		return st, false
	}
	if isA && hasID && hasName {
		st.simple = false // a name equal to the id is dropped
	}
	if string(st.name) == "input" {
		st.simple = false // type and value rules
	}
	if isScript && !st.attrs {
		return st, false // an empty <script></script> is dropped whole
	}
	st.end = k + 1
	return st, true
}

// attrNameByte: the bytes of an attribute name the fast path reads.
var attrNameByte = func() (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	t['-'], t['_'], t[':'], t['.'] = true, true, true, true
	return t
}()

// attrValByte sorts the bytes of an attribute value for simpleAttr: 1 a
// space (single ones are kept), 2 what the minifier may change.
var attrValByte = func() (t [256]uint8) {
	t[' '] = 1
	for _, c := range []byte{'&', '\t', '\n', '\r', '\f', '"'} {
		t[c] = 2
	}
	return t
}()

// booleanAttr reports whether tdewolff writes the attribute without its
// value (booleanAttr in its attrMap).
func booleanAttr(name string) bool {
	switch name {
	case "allowfullscreen", "async", "autofocus", "autoplay", "checked", "controls", "default",
		"defer", "disabled", "formnovalidate", "inert", "ismap", "itemscope", "loop", "multiple",
		"muted", "nomodule", "novalidate", "open", "playsinline", "readonly", "required",
		"reversed", "selected", "shadowrootdelegatesfocus":
		return true
	}
	return false
}

// simpleAttr reports whether the minifier writes the attribute back as it
// is (" name" or ` name="value"`), whatever its tag: no entity, no
// whitespace but single inner spaces, not empty, none of the attributes
// it rewrites (style, event handlers, media types, boolean values, URL
// schemes it lower-cases, data: URIs). Conservative: false only costs the
// tag a run of tdewolff.
func simpleAttr(name string, val []byte, hasVal bool, tag string) bool {
	switch name {
	case "style", "enctype", "formenctype", "accept":
		return false
	case "type":
		switch tag {
		case "a", "link", "embed", "object", "source", "script":
			return false
		}
	}
	if len(name) > 2 && name[0] == 'o' && name[1] == 'n' {
		return false
	}
	if !hasVal {
		switch name {
		case "class", "dir", "id", "name", "action":
			return false
		}
		return true
	}
	if len(val) == 0 || booleanAttr(name) {
		return false
	}
	if val[0] == ' ' || val[len(val)-1] == ' ' {
		return false
	}
	for k, c := range val {
		switch attrValByte[c] {
		case 0:
		case 1:
			if val[k+1] == ' ' {
				return false
			}
		default:
			return false
		}
	}
	if len(val) > 5 {
		if parse.EqualFold(val[:5], []byte("data:")) {
			return false
		}
		if parse.EqualFold(val[:4], []byte("http")) && (string(val[:4]) != "http" || val[4] == 'S') {
			return false
		}
	}
	return true
}

// svgEnd mirrors the lexer's shiftXML from just after "<svg": the element
// ends at the '>' after the "</svg" that closes it (nested <svg> counted,
// '"' toggling a quoted stretch); -1 and false when the page ends first.
func svgEnd(in []byte, k int) (int, bool) {
	nested := 0
	inQuote := false
	for k < len(in) {
		c := in[k]
		if c == '"' {
			inQuote = !inQuote
			k++
			continue
		}
		if c != '<' || inQuote {
			k++
			continue
		}
		isEnd := k+1 < len(in) && in[k+1] == '/'
		if isEnd {
			k += 2
		} else {
			k++
		}
		s := k
		for k < len(in) && isLetter(in[k]) {
			k++
		}
		if !isEnd && k < len(in) && in[k] == '/' {
			continue // a self-closing tag
		}
		if k-s == 3 && parse.EqualFold(in[s:k], []byte("svg")) {
			if isEnd {
				if nested == 0 {
					gt := bytes.IndexByte(in[k:], '>')
					if gt < 0 {
						return -1, false
					}
					return k + gt + 1, true
				}
				nested--
			} else {
				nested++
			}
		}
	}
	return -1, false
}

// trailingSpaceGoes mirrors the minifier's look-ahead for a text ending in
// whitespace, from the token at i: the space goes (trim) when the page
// ends or a block tag comes before any other text or start tag. ok is
// false where the look-ahead meets what the fast path does not read, or
// runs long (tdewolff stops after 100 tokens). atEnd: the end of in
// decided it.
func trailingSpaceGoes(in []byte, i int) (trim, ok, atEnd bool) {
	for count := 0; count < 90; count++ {
		if i >= len(in) {
			return true, true, true
		}
		if !tokenAt(in, i) {
			j := textEnd(in, i)
			if !parse.IsAllWhitespace(in[i:j]) {
				return false, true, false
			}
			i = j
			continue
		}
		switch c1 := in[i+1]; {
		case c1 == '/':
			t, end, ok := endTag(in, i)
			if !ok {
				return false, false, false
			}
			if t.block {
				return true, true, false
			}
			i = end
		case c1 == '!': // a comment or doctype: the look-ahead goes on
			end, _, ok := markup(in, i)
			if !ok {
				return false, false, false
			}
			i = end
		case isLetter(c1):
			j := i + 1
			for j < len(in) && ('a' <= in[j] && in[j] <= 'z' || '0' <= in[j] && in[j] <= '9') {
				j++
			}
			if j >= len(in) || in[j] != ' ' && in[j] != '>' {
				return false, false, false
			}
			name := in[i+1 : j]
			if string(name) == "svg" {
				return false, true, false
			}
			t, known := lookupTag(name)
			if !known {
				return false, false, false
			}
			return t.block, true, false
		default:
			return false, false, false
		}
	}
	return false, false, false
}
