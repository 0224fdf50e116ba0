package render

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	htmlmin "github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/parse/v2"
)

// tdewolffHTML minifies with tdewolff alone, as pages were before the
// fast path.
func tdewolffHTML(t testing.TB, mi *minifier, in string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	src := bytes.NewBuffer(append(make([]byte, 0, len(in)+1), in...))
	err := mi.m.Minify("text/html", &out, src)
	return out.String(), err
}

// fastOrNot runs the fast path: its output, or ok false when it handed
// the input back. It also checks that the input was left as it was.
func fastOrNot(t testing.TB, mi *minifier, in string) (string, bool) {
	t.Helper()
	b := []byte(in)
	var out bytes.Buffer
	ok := mi.fastHTML(&out, b)
	if string(b) != in {
		t.Fatalf("fastHTML changed its input %q", in)
	}
	return out.String(), ok
}

// checkSame fails when the fast path takes in and writes other bytes than
// tdewolff; it reports whether the fast path took it.
func checkSame(t testing.TB, mi *minifier, in string) bool {
	t.Helper()
	got, ok := fastOrNot(t, mi, in)
	if !ok {
		return false
	}
	want, err := tdewolffHTML(t, mi, in)
	if err != nil {
		t.Fatalf("fast path took %q, tdewolff fails: %v", in, err)
	}
	if got != want {
		t.Fatalf("fast path differs from tdewolff\n input: %q\n fast:  %q\n tdewolff: %q", in, got, want)
	}
	return true
}

func TestFastMinifyCases(t *testing.T) {
	mi := newMinifier()
	for _, tc := range []struct {
		in   string
		fast bool // the fast path must take it
	}{
		{"<!DOCTYPE html>\n<html lang=\"nb\">\n<head>\n<meta charset=\"utf-8\">\n<title> A  &amp; B </title>\n</head>\n<body>\n<p>x</p>\n</body>\n</html>\n", true},
		{`<meta name="viewport" content="width=device-width, initial-scale=1">`, true},
		{`<link rel="alternate" type="application/atom+xml" title="Korpus" href="/index.xml">`, true},
		{"<p>a <span></span> b</p>", true},
		{"<p>a <em>b</em> c </p> <div> d </div>", true},
		{"<p>a\n\n  b\t c &quot;q&quot; &#39; &lt; 3 &nbsp; </p>", true},
		{"<pre><code>  a\n   b  </code></pre>\n<p> x </p>", true},
		{`<a class="site-title" href="/"><svg class="logo" viewBox="0 0 32 32"><path d="M16 3 L27 27 H5 Z"/></svg><span>V</span></a>`, true},
		{`<script src="/js/a.js" defer></script>`, true},
		{`<input type="checkbox" checked="" disabled="">`, true},
		{`<a href="HTTP://x.example/">x</a>`, true},
		{"a < b and </> c", true},
		{"<p>x</p> <!-- c --> <p>y</p>", true},
		{"<p>x <!-- a -- b --!> </p><!--", false},
		{"<![CDATA[x]]>", false},
		{"<script>var x = 1;</script>", false},
		{"<select> x <option value=\"a\">A</option> y </select>", true},
		{"<textarea rows=\"2\">  a  &amp; </textarea> b", true},
		{"<textarea></textarea> b", true},
		{"<P>x</P>", false},
		{"<br/>", false},
		{"<p>x\x00</p>", false},
	} {
		if got := checkSame(t, mi, tc.in); got != tc.fast {
			t.Errorf("%q: fast path took it: %v, want %v", tc.in, got, tc.fast)
		}
	}
}

// The pieces TestFastMinifyMatchesTdewolff builds HTML from: the tags and
// attributes the layouts and the Markdown stage write, text with every
// kind of whitespace and entity, and pieces the fast path must hand back.
var (
	genTags = []string{"p", "div", "span", "a", "em", "strong", "code", "pre", "ul", "li", "ol",
		"h1", "h2", "nav", "header", "footer", "main", "article", "aside", "section", "dl", "dt",
		"dd", "table", "tr", "td", "th", "thead", "tbody", "button", "label", "time", "del", "ins",
		"br", "img", "hr", "details", "summary", "form", "input", "q", "wbr", "small", "sup",
		"blockquote", "figure", "figcaption", "noscript", "body", "head", "html", "meta", "link",
		"title", "script", "b", "i", "mark", "abbr", "kbd", "caption", "textarea", "select",
		"option", "optgroup"}
	genOdd = []string{"template", "iframe", "style", "math",
		"object", "video", "colgroup", "xmp", "custom-el", "P", "Div"}
	genAttrs = []string{
		` class="c"`, ` class="a b"`, ` class="a  b"`, ` class=""`, ` class`, ` id`, ` name`, ` dir`, ` defer="defer"`, ` open=""`, ` id="x"`, ` id=""`,
		` name="x"`, ` href="/a/b/"`, ` href="HTTP://x"`, ` href="http://x.example/"`,
		` href="https://x.example/?a=1&amp;b=2"`, ` href="Https://x"`, ` href="data:text/plain,x"`,
		` src="/i.png"`, ` alt="a picture"`, ` alt=" a"`, ` alt="a "`, ` title="a&quot;b"`,
		` title="it's"`, ` aria-label="Hoved meny"`, ` data-x="1"`, ` defer`, ` hidden`,
		` checked=""`, ` checked="checked"`, ` disabled`, ` open`, ` type="submit"`,
		` type="text/javascript"`, ` type="Application/JSON"`, ` type="checkbox"`, ` value=""`,
		` value="on"`, ` style="color: red"`, ` onclick="f()"`, ` tabindex="-1"`, ` lang="nb"`,
		` content="width=device-width, initial-scale=1.0"`, ` name="viewport"`, ` name="keywords"`,
		` content="a, b"`, ` http-equiv="Content-Type"`, ` content="text/html; charset=utf-8"`,
		` charset="utf-8"`, ` datetime="2025-01-02"`, ` rel="alternate"`, ` hreflang="en"`,
		` action=""`, ` dir="ltr"`, ` media="all"`, ` enctype="a/b"`,
		"\tclass=\"t\"", ` class='s'`, ` class=u`, ` x = "y"`, ` a="1"b="2"`,
	}
	genTexts = []string{"", " ", "  ", "\n", " \n ", "\t", "\r\n", "tekst", "to ord", " lead",
		"trail ", " both ", "a  b", "a\n\nb", "&amp;", "&quot;", "&#39;", "&lt;", "&gt;", "&nbsp;",
		"&#8211;", "&#x41;", "&copy;", "&bogus;", "& ", "a&b", "5 < 6", "<3", "</>", "<", "æøå",
		"data\u00adbe\u00adhand\u00adler", "&#0;", "x &amp", "]]>"}
	genOther = []string{"<!-- c -->", "<!DOCTYPE html>", "<!doctype html>", "<?x?>", "</ p>",
		"</p >", "<br/>", "<br />", `<svg viewBox="0 0 20 20" width="18"><path d="M2 5h16M2 10h16"/></svg>`,
		`<svg><circle cx="8.5" cy="8.5" r="5.5"/><svg></svg></svg>`, `<svg aria-hidden="true"><path d="M1 1"/></svg >`,
		"<svg", "<p", "</", "<script></script>", `<script src="/a.js" defer></script>`,
		`<script src="/a.js" charset="utf-8"></script>`, `<script src="/a.js">x()</script>`,
		"<title>a <b> &amp;  c </title>", "<title></title>", "<title>x</TITLE>", "<title>x",
		"<![CDATA[x]]>", "<!---->", "<!-->", "<!--x--!>", "<!-- -- -->", "<!--", "</1>", "<a id=\"x\" name=\"x\">", "</unknown>", "<span></span>",
		"<span> </span>", "<em></em>", "<label></label>", "<textarea> a  b </textarea>",
		"<textarea></textarea>", "<textarea>x</TEXTAREA >", "<textarea>x", "<optgroup></optgroup>"}
)

func genHTML(r *rand.Rand, odd bool) string {
	var b strings.Builder
	n := 1 + r.IntN(30)
	for i := 0; i < n; i++ {
		switch k := r.IntN(20); {
		case k < 7:
			b.WriteString(genTexts[r.IntN(len(genTexts))])
		case k < 12:
			tag := genTags[r.IntN(len(genTags))]
			b.WriteString("<" + tag)
			for a := r.IntN(4); a > 0; a-- {
				b.WriteString(genAttrs[r.IntN(len(genAttrs))])
			}
			b.WriteString(">")
		case k < 17:
			b.WriteString("</" + genTags[r.IntN(len(genTags))] + ">")
		case k < 19 || !odd:
			b.WriteString(genOther[r.IntN(len(genOther))])
		default:
			tag := genOdd[r.IntN(len(genOdd))]
			if r.IntN(2) == 0 {
				b.WriteString("<" + tag + ">")
			} else {
				b.WriteString("</" + tag + ">")
			}
		}
	}
	return b.String()
}

// TestFastMinifyMatchesTdewolff builds random HTML from the pieces above
// and requires, wherever the fast path takes it, tdewolff's bytes; and
// that the fast path takes a good share (it is not tested by giving up).
func TestFastMinifyMatchesTdewolff(t *testing.T) {
	mi := newMinifier()
	r := rand.New(rand.NewPCG(22, 16))
	n := 200000
	if testing.Short() {
		n = 20000
	}
	taken := 0
	for i := 0; i < n; i++ {
		if checkSame(t, mi, genHTML(r, i%4 == 0)) {
			taken++
		}
	}
	t.Logf("fast path took %d of %d", taken, n)
	if taken < n/10 {
		t.Errorf("the fast path took only %d of %d inputs", taken, n)
	}
}

func FuzzFastMinify(f *testing.F) {
	for _, s := range genOther {
		f.Add(s)
	}
	f.Add("<p>a <em>b</em> c </p> <div> d </div>")
	f.Add("<pre>\n x  </pre>  <p> y</p>")
	mi := newMinifier()
	f.Fuzz(func(t *testing.T, in string) {
		checkSame(t, mi, in)
	})
}

// TestPlainText holds the eight-bytes-at-a-time plainText to a byte loop
// and to its meaning: ReplaceMultipleWhitespaceAndEntities changes
// nothing.
func TestPlainText(t *testing.T) {
	slow := func(b []byte) bool {
		ws := false
		for _, c := range b {
			switch {
			case c == ' ' || c == '\n':
				if ws {
					return false
				}
				ws = true
			case c == '&' || c < 0x20:
				return false
			default:
				ws = false
			}
		}
		return true
	}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("ab \n\t\r\f&;<\x01\xc3\xa5\x7f\x80\xe0")
	for n := 0; n < 200000; n++ {
		b := make([]byte, r.IntN(40))
		for i := range b {
			if r.IntN(3) == 0 {
				b[i] = alphabet[r.IntN(len(alphabet))]
			} else {
				b[i] = 'a' + byte(r.IntN(26))
			}
		}
		got := plainText(b)
		if got != slow(b) {
			t.Fatalf("plainText(%q) = %v", b, got)
		}
		if got {
			c := bytes.Clone(b)
			if d := parse.ReplaceMultipleWhitespaceAndEntities(c, htmlmin.EntitiesMap, htmlmin.TextRevEntitiesMap); !bytes.Equal(d, b) {
				t.Fatalf("plainText(%q) but it becomes %q", b, d)
			}
		}
	}
}

// TestFastMinifyParts cuts generated HTML at random places and tells the
// fast path that the stretch between two of them is a cached part: where
// it takes the document, the bytes must be tdewolff's, whether it wrote
// the part from memory or read it.
func TestFastMinifyParts(t *testing.T) {
	mi := newMinifier()
	r := rand.New(rand.NewPCG(16, 22))
	n := 100000
	if testing.Short() {
		n = 10000
	}
	used0 := partsUsed.Load()
	for i := 0; i < n; i++ {
		doc := genHTML(r, i%4 == 0)
		if len(doc) < 2 {
			continue
		}
		// Cut where a tag starts, mostly, as the layouts' parts do.
		cut := func() int {
			p := r.IntN(len(doc) + 1)
			if r.IntN(4) > 0 {
				if k := strings.Index(doc[p:], "<"); k >= 0 {
					return p + k
				}
			}
			return p
		}
		a, b := cut(), cut()
		if a > b {
			a, b = b, a
		}
		hints := []Hint{{At: a, Part: doc[a:b]}}
		if r.IntN(3) == 0 && b < len(doc) { // a second part right after
			c := b + r.IntN(len(doc)-b+1)
			hints = append(hints, Hint{At: b, Part: doc[b:c]})
		}
		var out bytes.Buffer
		in := []byte(doc)
		if _, _, ok := mi.fast(&out, in, fastState{omitSpace: true}, hints, false); !ok {
			continue
		}
		if string(in) != doc {
			t.Fatalf("fast changed its input %q", doc)
		}
		want, err := tdewolffHTML(t, mi, doc)
		if err != nil {
			t.Fatalf("fast path took %q, tdewolff fails: %v", doc, err)
		}
		if out.String() != want {
			t.Fatalf("fast path with parts %v differs from tdewolff\n input: %q\n fast:  %q\n tdewolff: %q", hints, doc, out.String(), want)
		}
	}
	used := partsUsed.Load() - used0
	t.Logf("%d parts written from memory", used)
	if used < int64(n/20) {
		t.Errorf("only %d parts were written from memory", used)
	}
}

// FuzzFastMinifyParts is TestFastMinifyParts with the fuzzer's documents
// and cuts.
func FuzzFastMinifyParts(f *testing.F) {
	f.Add("<p>a <em>b</em> c </p>\n<div> d </div>", uint16(0), uint16(12))
	f.Add("<ul><li>x</li></ul>\n\n<select><option>a</option> b</select>", uint16(20), uint16(45))
	mi := newMinifier()
	f.Fuzz(func(t *testing.T, doc string, a, b uint16) {
		i, j := int(a)%(len(doc)+1), int(b)%(len(doc)+1)
		if i > j {
			i, j = j, i
		}
		var out bytes.Buffer
		if _, _, ok := mi.fast(&out, []byte(doc), fastState{omitSpace: true}, []Hint{{At: i, Part: doc[i:j]}}, false); !ok {
			return
		}
		want, err := tdewolffHTML(t, mi, doc)
		if err != nil {
			t.Fatalf("fast path took %q, tdewolff fails: %v", doc, err)
		}
		if out.String() != want {
			t.Fatalf("fast path with part %q differs from tdewolff\n input: %q\n fast:  %q\n tdewolff: %q", doc[i:j], doc, out.String(), want)
		}
	})
}
