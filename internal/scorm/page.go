package scorm

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"io"
	"net/url"
	"regexp"
	"strings"

	"github.com/tdewolff/parse/v2"
	htmllex "github.com/tdewolff/parse/v2/html"
)

// This file turns the course page as the site renders it into the body of
// the package's launch page: the <main> element with every reference
// rewritten for the package, and the attributes of <body>, which the
// scripts read (data-type, data-id, data-site, data-pass …).

// attr is one attribute of a tag, its value decoded.
type attr struct {
	key, val string
	hasVal   bool
}

func (a attr) String() string {
	if !a.hasVal {
		return " " + a.key
	}
	return " " + a.key + `="` + html.EscapeString(a.val) + `"`
}

func attrsString(as []attr) string {
	var b strings.Builder
	for _, a := range as {
		b.WriteString(a.String())
	}
	return b.String()
}

func get(as []attr, key string) (string, bool) {
	for _, a := range as {
		if a.key == key {
			return a.val, true
		}
	}
	return "", false
}

func set(as []attr, key, val string) []attr {
	for i := range as {
		if as[i].key == key {
			as[i].val, as[i].hasVal = val, true
			return as
		}
	}
	return append(as, attr{key: key, val: val, hasVal: true})
}

// omitAttr marks an element of a layout that the package leaves out with
// all it holds, such as the link to the site's "Mine kurs" page.
const omitAttr = "data-export-omit"

// voidElements have no end tag.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
}

// extracted is what the launch page takes from the rendered course page.
type extracted struct {
	body  []attr   // attributes of <body>
	main  []attr   // attributes of <main>
	icons [][]attr // <link rel="icon"> of the head, rewritten
	html  []byte   // what <main> holds, rewritten
}

// extract reads a rendered page and returns its <main> with every URL
// rewritten by k. It fails when the page has no <main>.
func (k *packer) extract(page []byte) (*extracted, error) {
	lx := htmllex.NewLexer(parse.NewInputBytes(bytes.Clone(page))) // the lexer lowercases in place
	ex := &extracted{}
	var out bytes.Buffer
	inMain, seenMain := false, false
	omitTag, omitDepth := "", 0
	newWindow := false // inside an <a> that opens a new window
	for {
		tt, data := lx.Next()
		switch tt {
		case htmllex.ErrorToken:
			if err := lx.Err(); err != nil && !errors.Is(err, io.EOF) {
				return nil, fmt.Errorf("read the rendered page: %w", err)
			}
			if !seenMain {
				return nil, errors.New("the course layout renders no <main> element, which holds what the package shows")
			}
			ex.html = out.Bytes()
			return ex, nil
		case htmllex.StartTagToken:
			name := string(lx.Text())
			attrs, selfClosed := readAttrs(lx)
			void := selfClosed || voidElements[name]
			switch {
			case name == "body" && !seenMain:
				ex.body = attrs
				continue
			case name == "main" && !seenMain:
				inMain, seenMain = true, true
				ex.main = attrs
				continue
			case name == "link" && !seenMain && isIcon(attrs):
				// The site's icon, so that the page opened on its own
				// does not ask the platform's server for /favicon.ico.
				if href, ok := get(attrs, "href"); ok {
					ex.icons = append(ex.icons, set(attrs, "href", k.resource(href)))
				}
				continue
			case !inMain:
				continue
			case omitDepth > 0:
				if name == omitTag && !void {
					omitDepth++
				}
				continue
			}
			if _, ok := get(attrs, omitAttr); ok {
				if !void {
					omitTag, omitDepth = name, 1
				}
				continue
			}
			attrs, opensWindow := k.rewriteTag(name, attrs)
			if opensWindow && name == "a" {
				newWindow = true
			}
			out.WriteString("<" + name + attrsString(attrs) + ">")
		case htmllex.EndTagToken:
			name := strings.ToLower(string(lx.Text()))
			switch {
			case !inMain:
				continue
			case name == "main" && omitDepth == 0:
				inMain = false
				continue
			case omitDepth > 0:
				if name == omitTag {
					omitDepth--
				}
				continue
			}
			if name == "a" && newWindow {
				out.WriteString(`<span class="visually-hidden"> ` + html.EscapeString(k.newWindowText) + `</span>`)
				newWindow = false
			}
			out.Write(data)
		case htmllex.CommentToken:
			// Comments are for people reading the theme, not the package.
		case htmllex.SVGToken, htmllex.MathToken:
			if inMain && omitDepth == 0 {
				k.checkInline(data)
				out.Write(data)
			}
		default:
			if inMain && omitDepth == 0 {
				out.Write(data)
			}
		}
	}
}

func isIcon(attrs []attr) bool {
	rel, _ := get(attrs, "rel")
	for _, r := range strings.Fields(strings.ToLower(rel)) {
		if r == "icon" {
			return true
		}
	}
	return false
}

// readAttrs reads the attributes of the tag the lexer is in and reports
// whether the tag closed with "/>".
func readAttrs(lx *htmllex.Lexer) ([]attr, bool) {
	var as []attr
	for {
		tt, _ := lx.Next()
		switch tt {
		case htmllex.AttributeToken:
			a := attr{key: strings.ToLower(string(lx.AttrKey()))}
			if v := lx.AttrVal(); v != nil {
				a.hasVal = true
				if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
					v = v[1 : len(v)-1]
				}
				a.val = html.UnescapeString(string(v))
			}
			as = append(as, a)
		case htmllex.StartTagVoidToken:
			return as, true
		default: // StartTagCloseToken, or the end of the input
			return as, false
		}
	}
}

// rewriteTag rewrites the URLs in one tag's attributes and reports whether
// the tag is now a link that opens a new window.
func (k *packer) rewriteTag(name string, attrs []attr) ([]attr, bool) {
	opens := false
	for i := 0; i < len(attrs); i++ {
		a := &attrs[i]
		if !a.hasVal {
			continue
		}
		switch {
		case (a.key == "href" && (name == "a" || name == "area")) || (a.key == "action" && name == "form"):
			v, newWindow := k.link(a.val)
			if v == "" && a.key == "href" {
				// A page that has no public address: keep the text, drop the link.
				attrs = append(attrs[:i], attrs[i+1:]...)
				i--
				continue
			}
			a.val = v
			if newWindow {
				opens = true
			}
		case a.key == "src" || a.key == "poster" || (a.key == "data" && name == "object") || (a.key == "href" && name == "link"):
			a.val = k.resource(a.val)
		case a.key == "srcset" || a.key == "imagesrcset":
			a.val = k.srcset(a.val)
		}
	}
	if opens {
		attrs = set(attrs, "target", "_blank")
		attrs = set(attrs, "rel", "noopener noreferrer")
	}
	return attrs, opens
}

// srcset rewrites every URL of a srcset list.
func (k *packer) srcset(v string) string {
	parts := strings.Split(v, ",")
	for i, p := range parts {
		f := strings.Fields(p)
		if len(f) == 0 {
			continue
		}
		f[0] = k.resource(f[0])
		parts[i] = strings.Join(f, " ")
	}
	return strings.Join(parts, ", ")
}

// inlineLoad finds the elements of inline SVG that load a file from
// another site: <image>, <use> and <feImage> with an absolute href.
var inlineLoad = regexp.MustCompile(`(?i)<(?:image|use|feimage)\b[^>]*?\bhref\s*=\s*["']((?:https?:)?//[^"']*)`)

// checkInline reports inline SVG that loads a file from another site. Its
// links (<a href>) are left alone: they load nothing.
func (k *packer) checkInline(data []byte) {
	for _, m := range inlineLoad.FindAllSubmatch(data, -1) {
		k.problem(string(m[1]), "an inline SVG on the course page loads %s from another site, which a SCORM package cannot do: draw it inline or save the file beside the page in content/")
	}
}

// parseRef parses a URL of the rendered page; ok is false when it cannot
// be parsed, which the caller reports.
func parseRef(v string) (*url.URL, bool) {
	u, err := url.Parse(strings.TrimSpace(v))
	return u, err == nil
}
