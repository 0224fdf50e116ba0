package markdown

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/varde-portal/varde/internal/checklist"
)

// maxFuzzBody bounds a fuzzed page body: goldmark's cost on hostile shapes
// grows faster than the input (limits.go), and a fuzz run must keep its
// pace; 64 KB is larger than any bundled page's body.
const maxFuzzBody = 64 << 10

// fuzzOffset is the front matter the fuzzed bodies sit under, so that
// lines are file lines, not body lines.
const fuzzOffset = 4

// fuzzSeeds returns the Markdown the targets start from: the bodies of
// the bundled pages (every extension in real use), the spec files' cases
// (quizzes, control questions, their mistakes), and known-bad shapes.
func fuzzSeeds(f testing.TB) []string {
	var out []string
	err := filepath.WalkDir("../../content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if _, body, ok := bytes.Cut(bytes.TrimPrefix(b, []byte("---\n")), []byte("\n---\n")); ok {
			b = body
		}
		if len(b) <= maxFuzzBody {
			out = append(out, string(b))
		}
		return nil
	})
	if err != nil || len(out) == 0 {
		f.Fatalf("the bundled content: %v", err)
	}
	specs, _ := filepath.Glob("_test/*.txt")
	for _, p := range specs {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		for _, c := range strings.Split(string(b), "//= = = = = = = = = = = = = = = = = = = = = = = =//") {
			if parts := strings.Split(c, "//- - - - - - - - -//\n"); len(parts) >= 2 {
				out = append(out, parts[1])
			}
		}
	}
	return append(out,
		"", "\n", "\x00", "\xff\xfe", "# \n#\n##########\n",
		"<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n<a href=\"javascript:alert(1)\">x</a>\n",
		"<meta http-equiv=refresh content=\"0;url=//evil\">\n<iframe src=x></iframe>\n<style>*{}</style>\n",
		"[x](javascript:alert(1)) [y](JaVaScRiPt&#58;alert(1)) [z]( java\tscript:x) ![i](data:text/html,<script>)\n<javascript:alert(1)>\n",
		"[x](<a b.md>) [y](%zz) [z](../../../../etc/passwd) [w](/content/../x.md#y) [v](b.md#del-to)\n",
		"## Egen {#egen-id}\n## Egen {#egen-id}\n## {#}\n## x {onclick=alert(1)}\n",
		"> [!WARNING]\n> Pass på\n\n> [!NOTE]\n",
		"- [ ] Spørsmål? {#a}\n- [ ] Spørsmål? {#a}\n- [x] Ferdig {#b c}\n  - [ ] Nestet?\n",
		"```quiz\n? Q\n- [ ] a\n- [x] b\n```\n", "```quiz id=x shuffle=maybe\n? \n- [x]\n```\n",
		"```go\npackage main\n```\n~~~\nunclosed\n",
		strings.Repeat("> ", 200)+"x\n", strings.Repeat("- ", 200)+"x\n", strings.Repeat("*a ", 2000)+"\n",
		strings.Repeat("[a](", 2000)+"\n", "|"+strings.Repeat(" a |", 300)+"\n|"+strings.Repeat("-|", 300)+"\n"+strings.Repeat("|x\n", 300),
		"[^1]\n\n[^1]: fotnote\n\nTerm\n: definisjon\n",
	)
}

func fuzzDoc() Doc {
	return Doc{File: "content/veiledere/side.md", LineOffset: fuzzOffset, PageID: "veiledere/side",
		ResolveLink: func(p string) (string, string, error) {
			switch p {
			case "b.md", "/b.md", "../b.md":
				return "/b/", "nb/b", nil
			case "bilde.png":
				return "/veiledere/bilde.png", "", nil
			case "utkast.md":
				return "/utkast/", "nb/utkast", &LinkWarning{Msg: "content/utkast.md is a draft"}
			}
			return "", "", errors.New("no such file content/" + p)
		}}
}

// FuzzConvert converts any page body with the default options (raw HTML
// off), as a build does: it never panics, and what it returns holds
// together. The seed corpus is in testdata/fuzz/FuzzConvert.
func FuzzConvert(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add([]byte(s))
	}
	conv := New(Options{Lang: "nb"})
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > maxFuzzBody {
			return
		}
		doc := fuzzDoc()
		res := conv.Convert(src, doc)
		checkResult(t, src, doc, res)
		checkSafeHTML(t, res.HTML)
	})
}

// FuzzControlQuestions converts bodies with control questions on each
// scale a page can name: every question belongs to the page, sits at a
// line of it, has a valid id (unique on a page without errors) and a
// rendered fieldset, and a scale the site does not have is an error at
// the scale: line. The seed corpus is in testdata/fuzz/FuzzControlQuestions.
func FuzzControlQuestions(f *testing.F) {
	for i, s := range fuzzSeeds(f) {
		if strings.Contains(s, "- [") {
			f.Add(s, uint8(i))
		}
	}
	scales, err := checklist.Scales("nb", nil)
	if err != nil {
		f.Fatal(err)
	}
	names := append(checklist.ScaleNames(scales), "", "trafikklys")
	conv := New(Options{Lang: "nb", Scales: scales})
	f.Fuzz(func(t *testing.T, body string, scale uint8) {
		if len(body) > maxFuzzBody {
			return
		}
		doc := fuzzDoc()
		doc.Scale, doc.ScaleLine = names[int(scale)%len(names)], 2
		res := conv.Convert([]byte(body), doc)
		checkResult(t, []byte(body), doc, res)
		failed := false
		for _, d := range res.Diags {
			failed = failed || d.Severity == 0
		}
		want := doc.Scale
		if want == "" {
			want = checklist.DefaultScale
		}
		if _, ok := scales[want]; !ok && len(res.Questions) > 0 && !hasDiagAt(res, doc.ScaleLine) {
			t.Fatalf("unknown scale %q without an error at line %d: %v", want, doc.ScaleLine, res.Diags)
		}
		ids := map[string]bool{}
		for _, q := range res.Questions {
			// A question without text is an error ("has no text").
			if q.PageID != doc.PageID || (q.Text == "" && !failed) || !checklist.ValidID(q.ID) {
				t.Fatalf("question %+v", q)
			}
			if q.Line <= fuzzOffset || q.Line > fuzzOffset+strings.Count(body, "\n")+1 {
				t.Fatalf("question %q at line %d", q.ID, q.Line)
			}
			if !strings.Contains(res.HTML, `id="cq-`+q.ID+`"`) {
				t.Fatalf("question %q is not rendered:\n%s", q.ID, res.HTML)
			}
			if ids[q.ID] && !failed {
				t.Fatalf("question id %q twice without an error", q.ID)
			}
			ids[q.ID] = true
			for _, r := range q.NSM {
				if !checklist.ValidNSMRef(r) {
					t.Fatalf("question %q has NSM reference %q", q.ID, r)
				}
			}
		}
	})
}

func hasDiagAt(res *Result, line int) bool {
	for _, d := range res.Diags {
		if d.Line == line && d.Severity == 0 {
			return true
		}
	}
	return false
}

// checkResult holds a conversion to what the rest of the build relies on.
func checkResult(t *testing.T, src []byte, doc Doc, res *Result) {
	t.Helper()
	if res == nil || res.Anchors == nil {
		t.Fatal("no result")
	}
	first, last := doc.LineOffset+1, doc.LineOffset+bytes.Count(src, []byte("\n"))+1
	for _, d := range res.Diags {
		if d.File != doc.File {
			t.Fatalf("diagnostic names %q: %v", d.File, d)
		}
		if (d.Line < first || d.Line > last) && d.Line != doc.ScaleLine {
			t.Fatalf("diagnostic at line %d, the body is lines %d–%d: %v\n%q", d.Line, first, last, d, src)
		}
		if d.Msg == "" || strings.ContainsAny(d.Msg, "\r\n") || (utf8.Valid(src) && !utf8.ValidString(d.Msg)) {
			t.Fatalf("message is not one line of text: %q", d.Msg)
		}
	}
	if utf8.Valid(src) {
		for what, s := range map[string]string{"HTML": res.HTML, "text": res.Text, "lead": res.Lead} {
			if !utf8.ValidString(s) {
				t.Fatalf("%s is not UTF-8: %q", what, s)
			}
		}
	}
	if res.Words != len(strings.Fields(res.Text)) {
		t.Fatalf("Words = %d for %q", res.Words, res.Text)
	}
	failed := false
	for _, d := range res.Diags {
		failed = failed || d.Severity == 0
	}
	seen := map[string]bool{}
	for _, h := range res.Headings {
		if h.Level < 1 || h.Level > 6 || !res.Anchors[h.ID] {
			t.Fatalf("heading %+v (anchors %v)", h, res.Anchors)
		}
		// An empty or repeated id is an error (headingids.go).
		if (h.ID == "" || seen[h.ID]) && !failed {
			t.Fatalf("heading %+v: empty or repeated id without an error", h)
		}
		seen[h.ID] = true
	}
	for _, l := range res.Links {
		// A link is kept for its fragment, or as a site-absolute address
		// (Root) whatever it holds: the site checks those (doc.go).
		if l.Line < first || l.Line > last || l.Fragment == "" && !l.Root {
			t.Fatalf("link %+v, body lines %d–%d", l, first, last)
		}
	}
	for _, im := range res.Images {
		if im.Line < first || im.Line > last {
			t.Fatalf("image %+v, body lines %d–%d", im, first, last)
		}
	}
}

// dangerous are the elements no page may carry without [markup] unsafe.
var dangerous = map[string]bool{"script": true, "iframe": true, "object": true, "embed": true, "meta": true, "base": true, "style": true, "link": true, "form": true, "frame": true, "frameset": true, "svg": true, "math": true}

// checkSafeHTML: with raw HTML off, the output has no element or attribute
// that runs script or leaves the page, however the input is written.
func checkSafeHTML(t *testing.T, out string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				t.Fatalf("tokenizer: %v", z.Err())
			}
			return
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		if dangerous[tok.Data] {
			t.Fatalf("<%s> in the output:\n%s", tok.Data, out)
		}
		for _, a := range tok.Attr {
			if strings.HasPrefix(a.Key, "on") || a.Key == "style" || a.Key == "srcdoc" || a.Key == "formaction" {
				t.Fatalf("attribute %s=%q on <%s>:\n%s", a.Key, a.Val, tok.Data, out)
			}
			if a.Key == "href" || a.Key == "src" || a.Key == "action" || a.Key == "xlink:href" {
				if u := scriptScheme(a.Val); u != "" {
					t.Fatalf("%s=%q (%s) on <%s>:\n%s", a.Key, a.Val, u, tok.Data, out)
				}
			}
		}
	}
}

// scriptScheme returns the scheme of an address that runs script as a
// browser reads it (control characters and white space inside the scheme
// ignored, any case), or "".
func scriptScheme(v string) string {
	var b strings.Builder
	for _, r := range v {
		if r <= ' ' {
			continue
		}
		if r == ':' {
			break
		}
		b.WriteRune(r)
	}
	s := strings.ToLower(b.String())
	if s == "javascript" || s == "vbscript" {
		return s
	}
	if s == "data" && strings.Contains(strings.ToLower(v), "text/html") {
		return s
	}
	return ""
}
