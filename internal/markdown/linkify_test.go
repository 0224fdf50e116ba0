package markdown

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/varde-portal/varde/internal/checklist"
)

// noAutolink makes src a body in which linkify can find nothing (the
// bodies Convert gives the instance without it), keeping its shape: '@'
// becomes 'a', "://" ":/" and "www." "ww.", and blanks at the end of a
// line go (blanksAtLineEnd).
func noAutolink(src []byte) []byte {
	src = bytes.ReplaceAll(src, []byte("@"), []byte("a"))
	for bytes.Contains(src, []byte("://")) || bytes.Contains(src, []byte("www.")) {
		src = bytes.ReplaceAll(src, []byte("://"), []byte(":/"))
		src = bytes.ReplaceAll(src, []byte("www."), []byte("ww."))
	}
	if blanksAtLineEnd(src) {
		lines := bytes.SplitAfter(src, []byte("\n"))
		for i, l := range lines {
			nl := bytes.HasSuffix(l, []byte("\n"))
			l = bytes.TrimRight(l, " \t\r\n")
			if nl {
				l = append(l, '\n')
			}
			lines[i] = l
		}
		src = bytes.Join(lines, nil)
	}
	return src
}

// sameWithoutLinkify converts src, which mayAutolink refuses, with and
// without linkify and fails unless every part of the results is the same:
// the HTML byte for byte, text, lead, headings, anchors, links, quizzes,
// questions, images and diagnostics.
func sameWithoutLinkify(t *testing.T, c *Converter, src []byte, doc Doc) {
	t.Helper()
	if mayAutolink(src) {
		t.Fatalf("mayAutolink(%q) is true", src)
	}
	with := c.convert(c.md, src, doc)
	without := c.convert(c.noLinkify, src, doc)
	if with.HTML != without.HTML {
		t.Fatalf("HTML differs for %q:\nwith linkify:\n%s\nwithout:\n%s", src, with.HTML, without.HTML)
	}
	if !reflect.DeepEqual(with, without) {
		t.Fatalf("results differ for %q:\nwith linkify:\n%+v\nwithout:\n%+v", src, with, without)
	}
}

// TestLinkifyGate: a page in which no autolink can start converts the
// same with goldmark's linkify as without it (linkify.go), on every seed
// of the fuzz targets (the bundled pages, the spec files' cases, known-bad
// shapes) with what could start an autolink taken out, and Convert still
// links what linkify links.
func TestLinkifyGate(t *testing.T) {
	scales, err := checklist.Scales("nb", nil)
	if err != nil {
		t.Fatal(err)
	}
	c := New(Options{Lang: "nb", Scales: scales})
	unsafe := New(Options{Lang: "nb", Scales: scales, Unsafe: true})
	for _, s := range fuzzSeeds(t) {
		sameWithoutLinkify(t, c, noAutolink([]byte(s)), fuzzDoc())
		sameWithoutLinkify(t, unsafe, noAutolink([]byte(s)), fuzzDoc())
	}
	for _, s := range []string{
		// Blanks inside table cells and closing heading marks, raw HTML.
		"| a  | b |\n|---|---|\n| c   \t | d  |\n", "# Tittel   #\n## Tittel  \t ##\n",
		"x <b>y</b> \nz", "Setext  x  \n===\n", "`code  ` a\n", "[^1]\n\n[^1]: note  x  \n",
		// Text cut at every space with linkify, at line ends without: a
		// heading's soft hyphens, emphasis, escapes and entities across
		// the cuts.
		"## Manuell&shy;vurdering av informasjonssikkerhet i kommunen\n",
		"## Informasjonssikkerhet (personvernkonsekvensvurdering) og\u00adtekst\n",
		"# a\\ b \\(informasjonssikkerhet\\) *c* _d_ ~e~ ~~f~~ (g) &amp; &#40; h\\\n\nx  \ny\n",
		"- [ ] Spørsmål med informasjonssikkerhet? {#sp}\n  Veiledning (med parentes) og *vekt*\n",
		"> [!NOTE]\n> Merk (dette) og *det*\n",
		"Term (a)\n: definisjon *b* (c)\n\n| a (b) | c *d* |\n|---|---|\n| e (f) | g |\n",
	} {
		sameWithoutLinkify(t, c, []byte(s), fuzzDoc())
		sameWithoutLinkify(t, unsafe, []byte(s), fuzzDoc())
	}
	for _, s := range []string{"Se https://www.datatilsynet.no/ nå.", "Skriv til post@kommune.no.", "Se www.nsm.no."} {
		if res := c.Convert([]byte(s), fuzzDoc()); !strings.Contains(res.HTML, "<a href=") {
			t.Errorf("%q: no autolink in %s", s, res.HTML)
		}
	}
	// Blanks at a line's end that goldmark trims differently with linkify
	// (found by FuzzLinkifyGate): such a page keeps it.
	for _, s := range []string{"0    \n00", "a \t\nb", "a  ", "a \r \nb", "a\t\t"} {
		if !mayAutolink([]byte(s)) {
			t.Errorf("mayAutolink(%q) is false", s)
		}
	}
	for _, s := range []string{"a  \r\n  \r\nb", "a  \nb", "a   \nb", "a  \r\nb", "a \nb", "a\t", "a \\\nb"} {
		if mayAutolink([]byte(s)) {
			t.Errorf("mayAutolink(%q) is true", s)
		}
		sameWithoutLinkify(t, c, []byte(s), fuzzDoc())
	}
}

// FuzzLinkifyGate: for any body, with what could start an autolink taken
// out, the results with and without linkify are the same, with raw HTML
// off and on. The seed corpus is FuzzConvert's.
func FuzzLinkifyGate(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add([]byte(s))
	}
	scales, err := checklist.Scales("nb", nil)
	if err != nil {
		f.Fatal(err)
	}
	c := New(Options{Lang: "nb", Scales: scales})
	unsafe := New(Options{Lang: "nb", Scales: scales, Unsafe: true})
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > maxFuzzBody {
			return
		}
		src = noAutolink(src)
		sameWithoutLinkify(t, c, src, fuzzDoc())
		sameWithoutLinkify(t, unsafe, src, fuzzDoc())
	})
}
