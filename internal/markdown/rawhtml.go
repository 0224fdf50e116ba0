package markdown

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"golang.org/x/net/html"

	"github.com/varde-portal/varde/internal/diag"
)

// This file checks the HTML an editor writes in Markdown and the addresses
// of Markdown links and images.
//
// With [markup] unsafe = true goldmark passes raw HTML through untouched,
// so a page could carry a <script>, an onclick= handler, a javascript: link
// or a <meta http-equiv=refresh> that sends readers elsewhere. Varde's own
// scripts come from the theme; a page that runs code of its own is almost
// always a mistake or a pasted snippet, so each such thing is an error
// unless the site says it wants them ([markup] allowScripts = true), and
// then a warning, so they are still listed.
//
// With unsafe off (the default) goldmark drops raw HTML and writes
// "<!-- raw HTML omitted -->" in its place; an editor would never know, so
// that is a warning at the line. Pure HTML comments are editors' notes and
// are dropped without a word.
//
// The HTML is read with golang.org/x/net/html's tokenizer, which unescapes
// attribute values and knows raw-text elements, as a browser does; the
// address checks then normalise the way the URL standard does before it
// reads a scheme (leading controls and spaces trimmed, tabs and newlines
// removed anywhere, any case).

// rawPolicy is what a site allows in the HTML of its pages.
type rawPolicy struct {
	unsafe       bool // raw HTML is published ([markup] unsafe)
	allowScripts bool // scripts, handlers, script addresses and refreshes are only warned about ([markup] allowScripts)
}

// rawHTMLExtension adds the check of raw HTML and link addresses.
type rawHTMLExtension struct{}

func (rawHTMLExtension) Extend(m goldmark.Markdown) {
	// 890: after every transformer that makes nodes, just before
	// collectTransformer (900) resolves links, so that an address this
	// check refuses is not reported a second time as not valid.
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(rawHTMLTransformer{}, 890)))
}

type rawHTMLTransformer struct{}

func (rawHTMLTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if st == nil {
		return
	}
	st.checkRaw(doc, reader.Source(), func(off int) int { return off })
}

// checkRaw walks a tree parsed from src and reports raw HTML and script
// addresses. at maps an offset in src to an offset in the page body (the
// quiz texts are parsed on their own).
func (st *state) checkRaw(root ast.Node, src []byte, at func(int) int) {
	warnedLine := map[int]bool{} // one "left out" warning per line is enough
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.HTMLBlock:
			var f fragment
			for i := 0; i < n.Lines().Len(); i++ {
				f.add(n.Lines().At(i), src)
			}
			if n.HasClosure() {
				f.add(n.ClosureLine, src)
			}
			st.checkFragment(&f, at, warnedLine)
		case *ast.RawHTML:
			var f fragment
			for i := 0; i < n.Segments.Len(); i++ {
				f.add(n.Segments.At(i), src)
			}
			st.checkFragment(&f, at, warnedLine)
			return ast.WalkSkipChildren, nil
		case *ast.Link:
			if st.checkAddress(n.Destination, "link", false, at(offsetOf(n))) {
				n.Destination = nil
			}
		case *ast.Image:
			if st.checkAddress(n.Destination, "image", true, at(offsetOf(n))) {
				n.Destination = nil
			}
		case *ast.AutoLink:
			u := n.URL(src)
			st.checkAddress(u, "link", false, at(inlineOffset(n, src, u)))
		}
		return ast.WalkContinue, nil
	})
}

// checkAddress reports a Markdown link or image address that runs script
// and returns whether the caller should drop it: when it is an error (the
// page is not published anyway, and a second message about the address not
// being valid would only confuse) or when goldmark leaves it out because
// raw HTML is off.
func (st *state) checkAddress(dest []byte, what string, image bool, offset int) (drop bool) {
	// goldmark keeps a destination as written and decodes backslash
	// escapes and character references only when it writes the href
	// (util.URLEscape): decode them the same way before reading the scheme.
	decoded := util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(dest)))
	kind := scriptURL(string(decoded), image)
	if kind == "" {
		return false
	}
	switch {
	case !st.raw.allowScripts:
		st.errorf(offset, "%s to a %s address: a page must not run scripts of its own; link to a page or a web address instead (or set [markup] allowScripts = true in config.toml if the site really means it)", what, kind)
		return true
	case !st.raw.unsafe:
		st.warnf(offset, "%s to a %s address was left out of the page: such addresses are published only with [markup] unsafe = true in config.toml", what, kind)
		return true
	default:
		st.warnf(offset, "%s to a %s address: published because [markup] allowScripts = true", what, kind)
		return false
	}
}

// fragment is raw HTML gathered from one or more source segments (an HTML
// block's lines are not contiguous inside a quote or list item), with the
// way back from a byte of it to a byte of the source.
type fragment struct {
	buf    []byte
	starts []int // offset in buf where each segment begins
	srcAt  []int // offset in the source where each segment begins
}

func (f *fragment) add(seg text.Segment, src []byte) {
	f.starts = append(f.starts, len(f.buf))
	f.srcAt = append(f.srcAt, seg.Start)
	f.buf = append(f.buf, seg.Value(src)...)
}

// source returns the source offset of byte off of the fragment.
func (f *fragment) source(off int) int {
	i := len(f.starts) - 1
	for i > 0 && f.starts[i] > off {
		i--
	}
	if i < 0 {
		return 0
	}
	return f.srcAt[i] + off - f.starts[i]
}

// checkFragment reports what a piece of raw HTML holds: under unsafe every
// script element, handler, script address and refresh; else, unless it is
// only comments, that it was left out.
func (st *state) checkFragment(f *fragment, at func(int) int, warnedLine map[int]bool) {
	if !st.raw.unsafe {
		tag, off, ok := firstMarkup(f.buf)
		if !ok {
			return // comments and blank space: an editor's note
		}
		line := st.line(at(f.source(off)))
		if warnedLine[line] {
			return
		}
		warnedLine[line] = true
		st.warnAtLine(line, "raw HTML %s was left out of the page: Varde publishes HTML written in Markdown only with [markup] unsafe = true in config.toml; write it in Markdown instead", tag)
		return
	}
	for _, fd := range scanHTML(f.buf) {
		line := st.line(at(f.source(fd.off)))
		if !st.raw.allowScripts {
			st.errorAtLine(line, "raw HTML has %s: a page must not run scripts of its own or send readers elsewhere (the portal's scripts come from the theme); remove it, or set [markup] allowScripts = true in config.toml if the site really means it", fd.what)
		} else {
			st.warnAtLine(line, "raw HTML has %s: published because [markup] allowScripts = true (the page's Content-Security-Policy still blocks inline scripts and handlers unless [security] csp = false)", fd.what)
		}
	}
}

func (s *state) warnAtLine(line int, format string, args ...any) {
	s.res.Diags = append(s.res.Diags, diag.Warnf(s.doc.File, line, format, args...))
}

// firstMarkup returns the first tag (or doctype, processing instruction…)
// of raw HTML and its offset, with ok false when the HTML is only comments
// and white space.
func firstMarkup(b []byte) (tag string, off int, ok bool) {
	// Most raw HTML starts with a tag: name it without a tokenizer, which
	// allocates 4 KB, once per inline tag of a page that may have 100,000.
	start := len(b) - len(bytes.TrimLeft(b, " \t\r\n"))
	rest := b[start:]
	name, end := 1, "" // where the name starts; "/" for an end tag
	if len(rest) > 1 && rest[1] == '/' {
		name, end = 2, "/"
	}
	if len(rest) > name && rest[0] == '<' && isASCIILetter(rest[name]) {
		n := name
		for n < len(rest) && (isASCIILetter(rest[n]) || rest[n] >= '0' && rest[n] <= '9' || rest[n] == '-') {
			n++
		}
		return "<" + end + strings.ToLower(string(rest[name:n])) + ">", start, true
	}
	z := html.NewTokenizer(bytes.NewReader(b))
	pos := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return "", 0, false
		}
		raw := z.Raw()
		start := pos
		pos += len(raw)
		switch tt {
		case html.CommentToken:
			if bytes.HasPrefix(raw, []byte("<!--")) {
				continue // <? … ?> and <!x> are comments to a browser, but no editor's note
			}
			return fmt.Sprintf("%q", shorten(string(raw))), start, true
		case html.TextToken:
			if len(bytes.TrimSpace(raw)) == 0 {
				continue
			}
			return fmt.Sprintf("%q", shorten(string(bytes.TrimSpace(raw)))), start, true
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			return "<" + string(name) + ">", start, true
		case html.EndTagToken:
			name, _ := z.TagName()
			return "</" + string(name) + ">", start, true
		default:
			return fmt.Sprintf("%q", shorten(string(raw))), start, true
		}
	}
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func shorten(s string) string {
	if len(s) > 40 {
		cut := 40
		for cut > 0 && !utf8Start(s[cut]) {
			cut--
		}
		return s[:cut] + "…"
	}
	return s
}

func utf8Start(c byte) bool { return c&0xC0 != 0x80 }

// finding is one thing in raw HTML that runs script or redirects.
type finding struct {
	what string // for the message: "a <script> element", "the event handler onclick=" …
	off  int    // offset in the fragment
}

// urlAttrs are the attributes whose value a browser may load or follow as
// an address, and so run as script when it is a javascript: address.
var urlAttrs = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true, "data": true,
	"xlink:href": true, "poster": true, "background": true, "cite": true,
	"codebase": true, "longdesc": true, "lowsrc": true, "dynsrc": true,
	"ping": true, "manifest": true, "icon": true, "usemap": true,
	// SVG animation can set an href to its to/from/values.
	"to": true, "from": true, "values": true, "by": true,
}

// scanHTML returns every script element, event-handler attribute, script
// address and meta refresh in raw HTML.
func scanHTML(b []byte) []finding {
	if !mayRunScript(b) {
		return nil
	}
	out := scanTokens(b, false)
	// Inside <svg> and <math> a browser reads the content of <style>,
	// <title>, <textarea>… as elements, not as text as the tokenizer does
	// (mutation XSS hides a handler there): read such HTML a second time
	// with no raw text at all, and add what only that reading finds.
	low := bytes.ToLower(b)
	if bytes.Contains(low, []byte("<svg")) || bytes.Contains(low, []byte("<math")) {
		seen := map[finding]bool{}
		for _, f := range out {
			seen[f] = true
		}
		for _, f := range scanTokens(b, true) {
			if !seen[f] {
				out = append(out, f)
			}
		}
		sort.SliceStable(out, func(i, j int) bool { return out[i].off < out[j].off })
	}
	return out
}

// scanTokens is scanHTML's reading of b; noRawText reads the content of
// raw-text elements as markup.
func scanTokens(b []byte, noRawText bool) []finding {
	var out []finding
	z := html.NewTokenizer(bytes.NewReader(b))
	pos := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		raw := z.Raw()
		start := pos
		pos += len(raw)
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		if noRawText {
			z.NextIsNotRawText()
		}
		// Raw is only valid until the next call; find attributes in a copy.
		lower := bytes.ToLower(raw)
		attrAt := func(name string) int {
			if i := bytes.Index(lower, []byte(name)); i >= 0 {
				return start + i
			}
			return start
		}
		tok := z.Token()
		tag := tok.Data
		if tag == "script" {
			out = append(out, finding{"a <script> element", start})
		}
		var httpEquiv string
		for _, a := range tok.Attr {
			key := a.Key
			if a.Namespace != "" {
				key = a.Namespace + ":" + key
			}
			switch {
			case isHandler(key):
				out = append(out, finding{fmt.Sprintf("the event handler %s= on <%s>", key, tag), attrAt(key)})
			case urlAttrs[key]:
				if kind := scriptURL(a.Val, tag == "img" && key == "src"); kind != "" {
					out = append(out, finding{fmt.Sprintf("a %s address in %s= on <%s>", kind, key, tag), attrAt(key)})
				}
			case key == "srcdoc":
				// An <iframe srcdoc> is a page of its own, with its scripts.
				for _, in := range scanHTML([]byte(a.Val)) {
					out = append(out, finding{in.what + " inside srcdoc= on <" + tag + ">", attrAt(key)})
				}
			case key == "http-equiv":
				httpEquiv = strings.ToLower(strings.TrimSpace(a.Val))
			}
		}
		if tag == "meta" && httpEquiv == "refresh" {
			out = append(out, finding{"<meta http-equiv=\"refresh\">, which sends the reader to another address", start})
		}
	}
}

// Finding is something in an HTML or SVG file that runs script or sends
// the reader elsewhere, at its line.
type Finding struct {
	Line int    // 1-based
	What string // "a <script> element", "the event handler onclick= on <p>" …
}

// ScriptsIn reads a whole HTML or SVG file (one published as it is, from
// under content/) as raw HTML in a page is read, and returns every script
// element, event handler, script address and meta refresh in it.
func ScriptsIn(b []byte) []Finding {
	var out []Finding
	for _, f := range scanHTML(b) {
		out = append(out, Finding{Line: 1 + bytes.Count(b[:f.off], []byte("\n")), What: f.what})
	}
	return out
}

// mayRunScript reports whether raw HTML could hold anything scanHTML
// finds, so that the tokenizer (4 KB a fragment) runs only where it may.
// Each finding needs one of these words in the raw text, in any case and
// with the tabs and newlines a browser skips in an address removed: a
// <script>, a javascript: or vbscript: address ("script"), an on…=
// handler, a data: address, a refresh, or a character reference ('&')
// that could spell any of them.
func mayRunScript(b []byte) bool {
	if bytes.IndexByte(b, '&') >= 0 {
		return true
	}
	low := make([]byte, 0, len(b))
	for _, c := range b {
		switch {
		case c == '\t' || c == '\n' || c == '\r':
		case 'A' <= c && c <= 'Z':
			low = append(low, c+'a'-'A')
		default:
			low = append(low, c)
		}
	}
	for _, w := range []string{"script", "data", "refresh"} {
		if bytes.Contains(low, []byte(w)) {
			return true
		}
	}
	// A handler's name starts an attribute: "on" after something other
	// than a letter (not "personvern", "<button>").
	for i := 0; i+1 < len(b); i++ {
		if b[i]|0x20 == 'o' && b[i+1]|0x20 == 'n' && (i == 0 || !isASCIILetter(b[i-1])) {
			return true
		}
	}
	return false
}

// isHandler reports whether an attribute is an event handler (onclick,
// onerror…). "open" (of <details> and <dialog>) is the one attribute of
// HTML that starts with "on" and is none.
func isHandler(key string) bool {
	return len(key) > 2 && strings.HasPrefix(key, "on") && key != "open"
}

// scriptURL returns the kind of a script address ("javascript:",
// "vbscript:", "data:text/html" …) or "" when u is none. It reads the
// scheme as a browser does: C0 controls and spaces trimmed at the start,
// tabs and newlines removed anywhere, any case. An image may be an SVG
// data address: <img> never runs its scripts.
func scriptURL(u string, image bool) string {
	u = strings.TrimLeft(u, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\v\f\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	if strings.ContainsAny(u, "\t\n\r") {
		u = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(u)
	}
	scheme, rest, ok := strings.Cut(u, ":")
	if !ok {
		return ""
	}
	switch strings.ToLower(scheme) {
	case "javascript":
		return "javascript:"
	case "vbscript":
		return "vbscript:"
	case "data":
		mime, _, _ := strings.Cut(rest, ",")
		mime, _, _ = strings.Cut(mime, ";")
		mime = strings.ToLower(strings.TrimSpace(mime))
		switch mime {
		case "text/html", "application/xhtml+xml", "text/xml", "application/xml":
			return "data:" + mime
		case "image/svg+xml":
			if !image {
				return "data:" + mime
			}
		}
	}
	return ""
}

// inlineOffset returns where an inline node without text children (an
// autolink) stands: the first line of its block that holds needle, else
// the block's first line.
func inlineOffset(n ast.Node, src []byte, needle []byte) int {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() != ast.TypeBlock || p.Lines().Len() == 0 {
			continue
		}
		for i := 0; i < p.Lines().Len(); i++ {
			seg := p.Lines().At(i)
			if bytes.Contains(seg.Value(src), needle) {
				return seg.Start
			}
		}
		return p.Lines().At(0).Start
	}
	return 0
}
