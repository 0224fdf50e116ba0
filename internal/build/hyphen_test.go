package build

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

const softHyphen = "\u00AD"

// The build puts soft hyphens into long words of headings and of page
// titles in lists (internal/hyphen), and nowhere else: not in <title>, a
// meta tag, an id or any other attribute, a script, and no file that is
// not HTML (feeds, sitemap, search index, JSON) holds one. A soft hyphen
// there would break search ("personvern" would not find
// "per\u00ADsonvern"), copied addresses and the JSON a script reads.
func TestSoftHyphensOnlyInHeadings(t *testing.T) {
	_, dest := buildTypes(t)
	headings := 0
	err := filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dest, p)
		if !bytes.Contains(b, []byte(softHyphen)) {
			return nil
		}
		if !strings.HasSuffix(p, ".html") {
			if utf8.Valid(b) {
				t.Errorf("%s: a soft hyphen in a file that is not a page", rel)
			}
			return nil
		}
		doc, err := html.Parse(bytes.NewReader(b))
		if err != nil {
			t.Errorf("%s: %v", rel, err)
			return nil
		}
		headings += checkSoftHyphens(t, rel, doc)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The types site has long words in titles (Tilgangsstyring,
	// Kontrollspørsmål): without any, this test would check nothing.
	if headings == 0 {
		t.Fatal("no heading with a soft hyphen in the types site")
	}
}

// checkSoftHyphens reports soft hyphens outside h1–h3 and page-list links
// and returns how many headings hold one.
func checkSoftHyphens(t *testing.T, rel string, n *html.Node) int {
	count := 0
	for _, a := range n.Attr {
		if strings.Contains(a.Val, softHyphen) {
			t.Errorf("%s: soft hyphen in the %s attribute of <%s>: %q", rel, a.Key, n.Data, a.Val)
		}
	}
	if n.Type == html.TextNode && strings.Contains(n.Data, softHyphen) {
		if !hyphenPlace(n) {
			t.Errorf("%s: soft hyphen outside a heading in <%s>: %q", rel, n.Parent.Data, n.Data)
		} else {
			count++
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		count += checkSoftHyphens(t, rel, c)
	}
	return count
}

// hyphenPlace reports whether text node n may hold soft hyphens: in an
// h1–h3 or in a link of a page list (titles shown as headings), and not
// in <title>, <script> or <style>.
func hyphenPlace(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		switch p.DataAtom {
		case atom.Title, atom.Script, atom.Style, atom.Head, atom.Code, atom.Pre:
			return false
		case atom.H1, atom.H2, atom.H3:
			return true
		case atom.Ul:
			for _, a := range p.Attr {
				if a.Key == "class" && strings.Contains(" "+a.Val+" ", " page-list ") {
					return true
				}
			}
		}
	}
	return false
}
