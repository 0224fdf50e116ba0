package site

import (
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/content"
	"github.com/varde-portal/varde/internal/markdown"
)

// linkSite is a small site under a base path with what links can reach:
// pages in two languages, a section, a draft, a page whose front matter is
// broken, a resource, a folder without a page, aliases.
var linkSite = map[string]string{
	"content/_index.md":            "---\ntitle: Hjem\n---\n",
	"content/veiledere/_index.md":  "---\ntitle: Veiledere\n---\n",
	"content/veiledere/a.md":       "---\ntitle: A\n---\n## Del én\n",
	"content/veiledere/a.nn.md":    "---\ntitle: A nn\n---\n",
	"content/veiledere/b.md":       "---\ntitle: B\naliases: [/gammel/b/]\n---\n## Del to\n",
	"content/veiledere/utkast.md":  "---\ntitle: Utkast\ndraft: true\n---\n",
	"content/veiledere/odelagt.md": "---\ntitle: \"Ødelagt\n---\n",
	"content/veiledere/bilde.png":  "png",
	"content/tom/fil.pdf":          "pdf",
	"content/om/å.md":              "---\ntitle: Å\n---\n",
}

const linkConfig = "baseURL = \"https://kommune.example/portal/\"\n[languages.nb]\n[languages.nn]\n"

// loadLinkSite builds linkSite with one more page, veiledere/side.md, of
// the given body; the diagnostics are those of side.md.
func loadLinkSite(t testing.TB, body string) (*Site, []string) {
	t.Helper()
	cfg, ds := config.Parse([]byte(linkConfig))
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	fsys := fstest.MapFS{}
	for name, b := range linkSite {
		fsys[name] = &fstest.MapFile{Data: []byte(b)}
	}
	fsys["content/veiledere/side.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Side\n---\n" + body)}
	set, _ := content.Load(fsys, cfg, content.Options{})
	s, ds := New(cfg, set, Options{})
	conv := markdown.New(markdown.Options{Lang: "nb"})
	ds = append(ds, s.Convert(func(string) *markdown.Converter { return conv })...)
	ds = append(ds, s.CheckRootLinks(nil)...)
	var mine []string
	for _, d := range ds {
		if d.File == "content/veiledere/side.md" {
			if d.Line < 4 || d.Line > 4+strings.Count(body, "\n") {
				t.Fatalf("diagnostic at line %d: %v", d.Line, d)
			}
			mine = append(mine, d.Msg)
		}
	}
	return s, mine
}

// FuzzResolveLink resolves any link target written on a page, as
// conversion does (Site.resolve), and then the whole way: written in a
// page, converted, and checked with the site-absolute links. A target that
// resolves leads to an address on the site, below its base path, and to
// the page it names; nothing ever gives a protocol-relative or climbing
// address; every problem is one line of text at the link's line. The
// seed corpus is in testdata/fuzz/FuzzResolveLink.
func FuzzResolveLink(f *testing.F) {
	for _, s := range []string{
		"a.md", "b.md", "b.md#del-to", "a.md#mangler", "../veiledere/a.md", "/veiledere/a.md", "/content/veiledere/b.md#del-to",
		"./a.md", "veiledere/", "../", "/", "", ".", "bilde.png", "bilde.png?v=1", "/tom/", "../tom/fil.pdf", "utkast.md",
		"odelagt.md#x", "finnes-ikke.md", "A.MD", "../om/å.md", "../om/%C3%A5.md", "../../etc/passwd", "/../x.md", "//evil.example/x.md",
		"/portal/veiledere/a/", "/veiledere/a/", "/gammel/b/", "/portal/gammel/b/#x", "/portal/finnes/ikke/", "/portal/nn/veiledere/a/",
		"%2F%2Fevil.example", "a.md%0A", "a%00.md", "\\..\\a.md", "a.md#", "#del-en", "#", "?q=1", "mailto:x@y.no", "javascript:alert(1)",
		"https://example.com/a.md", "a b.md", "<a.md>", "a.md \"tittel\"", "\xff.md",
	} {
		f.Add(s)
	}
	s, _ := loadLinkSite(f, "")
	page := s.ByID("veiledere/side", "nb")
	if page == nil {
		f.Fatal("no page veiledere/side")
	}
	f.Fuzz(func(t *testing.T, target string) {
		if len(target) > 4096 {
			return
		}
		url, key, err := s.resolve(page, target)
		if err != nil {
			msg := err.Error()
			if msg == "" || (utf8.ValidString(target) && !utf8.ValidString(msg)) {
				t.Fatalf("resolve(%q): message %q", target, msg)
			}
		} else if url != target { // a link to a file with errors is left as written
			if !strings.HasPrefix(url, s.BasePath) || strings.HasPrefix(url, "//") || strings.Contains(url, "/../") || strings.HasSuffix(url, "/..") {
				t.Fatalf("resolve(%q) = %q: not an address on the site", target, url)
			}
			if key != "" {
				q := s.ByKey(key)
				if q == nil || q.URL != url {
					t.Fatalf("resolve(%q) = %q, %q: the key names %+v", target, url, key, q)
				}
			}
		}
		if strings.ContainsAny(target, "\n\r()<>[]\\`") {
			return // not a destination Markdown reads as one
		}
		_, msgs := loadLinkSite(t, "Tekst [lenke]("+target+") og ![bilde]("+target+").\n")
		for _, m := range msgs {
			if m == "" || strings.ContainsAny(m, "\r\n") || (utf8.ValidString(target) && !utf8.ValidString(m)) {
				t.Fatalf("link %q: message is not one line of text: %q", target, m)
			}
		}
	})
}

// A link whose file name or #fragment unescapes to a line break or a byte
// that is not UTF-8 is reported with it quoted, on one line
// (FuzzResolveLink).
func TestLinkToOddFileNameIsOneLine(t *testing.T) {
	_, msgs := loadLinkSite(t, "[a](a.md%0A) [b](x%ff.md) [c](mappe%0A/) [d](/portal/vei%0Aledere/) [e](#%80) [f](a.md#%0A)\n")
	want := []string{
		`link to "a.md\n": no such file "content/veiledere/a.md\n" (did you mean content/veiledere/a.md?)`,
		`link to "x\xff.md": no such file "content/veiledere/x\xff.md" (did you mean content/veiledere/a.md?)`,
		`link to "mappe\n/": no such file "content/veiledere/mappe\n"`,
		`link "#%80": no heading or anchor "#\x80" in this page`,
		`link "a.md#%0A": no heading or anchor "#\n" in content/veiledere/a.md (anchors there: #del-en, #del-én)`,
		`link "/portal/vei%0Aledere/": the site has no page or file at "/portal/vei\nledere/" (did you mean /portal/veiledere/?)`,
	}
	if strings.Join(msgs, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
}
