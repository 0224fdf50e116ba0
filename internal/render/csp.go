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

// headStart is the <head> start tag as the default theme writes it.
var headStart = []byte("<head>")

// cspAt is cspOffset, quickly for the usual page: the tokenizer is run
// over the page up to its first "<head>" only, and when it finds the head
// start tag ending there, that is where it would have stopped on the whole
// page too (tokens end where they end, whatever follows). Otherwise (no
// "<head>" near the top, or one inside a comment or an attribute) it runs
// over the whole page. Tokenizing the page cost as much as a tenth of
// rendering it.
func cspAt(page []byte) int {
	if i := bytes.Index(page[:min(len(page), 4096)], headStart); i >= 0 {
		pre := page[:i+len(headStart)]
		if cspOffset(pre) == len(pre) {
			return len(pre)
		}
	}
	return cspOffset(page)
}

// insertCSP puts tag into the page held in b at cspOffset.
func insertCSP(b *bytes.Buffer, tag []byte) {
	if len(tag) == 0 {
		return
	}
	at := cspAt(b.Bytes())
	tail := bytes.Clone(b.Bytes()[at:])
	b.Truncate(at)
	b.Write(tag)
	b.Write(tail)
}
