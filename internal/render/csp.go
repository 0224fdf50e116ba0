package render

import (
	"bytes"

	"golang.org/x/net/html"

	"github.com/varde-portal/varde/internal/csp"
	"github.com/varde-portal/varde/internal/site"
)

// Every built page carries the site's Content-Security-Policy in a <meta>
// tag (csp.MetaTag, the policy `varde serve` sends as a header), so that a
// published page is protected on a host that sends no header of its own:
// raw HTML let through by [markup] unsafe can then run no inline script or
// handler and load nothing from elsewhere. [security] csp = false leaves it
// out.
//
// The renderer puts it in rather than the theme, so that a site's own
// theme gets it too, and first in <head>: a policy in a <meta> governs only
// what comes after it.

// cspMeta returns the tag to put in s's pages, or nil when the site turned
// it off.
func cspMeta(s *site.Site) []byte {
	if s != nil && s.Config != nil && !s.Config.CSPEnabled() {
		return nil
	}
	return []byte(csp.MetaTag)
}

// cspOffset returns where the CSP tag goes in a rendered page: just after
// the <head> start tag, or, when the layout leaves <head> out (HTML allows
// that), before the first element after <html>, which then opens the
// implied head. The tokenizer stops there, near the top of the page.
func cspOffset(page []byte) int {
	z := html.NewTokenizer(bytes.NewReader(page))
	pos := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return 0 // no element at all: at the start
		}
		start := pos
		pos += len(z.Raw())
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, _ := z.TagName()
		switch string(name) {
		case "html":
			continue
		case "head":
			return pos
		default:
			return start
		}
	}
}

// simpleTop finds the end of the top of a page as layouts usually write
// it: a doctype, an <html> start tag whose attributes are quoted and hold
// no markup, and <head>, with nothing else but white space; -1 for any
// other page. For such a page the tokenizer's answer is plainly the end of
// the match. It is the regular expression simpleTopRE (csp_test.go),
// written out: matching the expression was a twentieth of rendering a
// page's layouts (TestSimpleTopIsTheExpression, FuzzSimpleTop).
func simpleTop(b []byte) int {
	ws := func(i int) int {
		for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
			i++
		}
		return i
	}
	i := ws(0)
	if bytes.HasPrefix(b[i:], []byte("<!DOCTYPE html>")) {
		i = ws(i + len("<!DOCTYPE html>"))
	}
	if !bytes.HasPrefix(b[i:], []byte("<html")) {
		return -1
	}
	i += len("<html")
	for {
		j := ws(i)
		if j < len(b) && b[j] == '>' {
			i = j + 1
			break
		}
		// Another attribute, after white space: name="value".
		k := j
		for k < len(b) && ('a' <= b[k] && b[k] <= 'z' || b[k] == '-') {
			k++
		}
		if j == i || k == j || k+1 >= len(b) || b[k] != '=' || b[k+1] != '"' {
			return -1
		}
		k += 2
		for k < len(b) && b[k] != '"' {
			if b[k] == '<' || b[k] == '>' || b[k] == '&' {
				return -1
			}
			k++
		}
		if k >= len(b) {
			return -1
		}
		i = k + 1
	}
	i = ws(i)
	if !bytes.HasPrefix(b[i:], []byte("<head>")) {
		return -1
	}
	return i + len("<head>")
}

// cspAt is cspOffset, quickly for the usual page (simpleTop); any other
// page is tokenized. Tokenizing cost as much as a tenth of rendering a
// page.
func cspAt(page []byte) int {
	if end := simpleTop(page[:min(len(page), 512)]); end >= 0 {
		return end
	}
	return cspOffset(page)
}

// insertCSP puts tag into the page held in b at cspOffset.
func insertCSP(b *bytes.Buffer, tag []byte) {
	if len(tag) == 0 {
		return
	}
	at := cspAt(b.Bytes())
	n := b.Len()
	b.Write(tag) // room at the end, then the tail moves up in place
	page := b.Bytes()
	copy(page[at+len(tag):], page[at:n])
	copy(page[at:], tag)
}
