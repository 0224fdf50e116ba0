package markdown

import (
	"fmt"
	"strings"
	"testing"

	"github.com/varde-portal/varde/internal/diag"
)

// convertWith converts src with the given raw HTML settings; the body starts
// on line 4 of the file (three lines of front matter).
func convertWith(t *testing.T, unsafe, allowScripts bool, src string) *Result {
	t.Helper()
	c := New(Options{Lang: "nb", Unsafe: unsafe, AllowScripts: allowScripts})
	return c.Convert([]byte(src), Doc{File: "content/a.md", LineOffset: 3, ResolveLink: func(p string) (string, string, error) {
		return "/" + strings.TrimSuffix(p, ".md") + "/", "", nil
	}})
}

// diagLines returns the diagnostics as "line severity: message" strings.
func diagLines(ds []diag.Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%d %s: %s", d.Line, d.Severity, d.Msg))
	}
	return out
}

// TestUnsafeScriptsAreErrors: with [markup] unsafe = true every script
// element, handler, script address (in raw HTML and in Markdown links and
// images, in any case and with the tricks a browser reads through) and meta
// refresh is an error at its line; what is harmless is not reported.
func TestUnsafeScriptsAreErrors(t *testing.T) {
	src := strings.Join([]string{
		"# Side",                    // 4
		"",                          // 5
		"<script>alert(1)</script>", // 6
		"",                          // 7
		"Tekst <img src=x.png onerror=alert(1)> her", // 8
		"",                                   // 9
		`<div>`,                              // 10
		`<a`,                                 // 11
		`  HREF="JaVaScRiPt:alert(1)">x</a>`, // 12
		`</div>`,                             // 13
		"",                                   // 14
		`<meta http-equiv="Refresh" content="0; url=https://example.com/">`, // 15
		"",                                   // 16
		"[lenke](jav&#x09;ascript:alert(1))", // 17
		"",                                   // 18
		"![bilde](VBScript:msgbox)",          // 19
		"",                                   // 20
		`<iframe src="data:text/html,<b>x</b>"></iframe>`, // 21
		"", // 22
		`<a href="&#106;avascript&colon;alert(1)">e</a>`, // 23
		"", // 24
		"> <svg><a xlink:href=\"javascript:x\"><text>t</text></a></svg>", // 25
		"", // 26
		"<details open><summary>Mer</summary>Tekst</details>", // 27: harmless
		"", // 28
		"[trygg](https://example.com/) og <b>fet</b>", // 29: harmless
		"",                      // 30
		"<javascript:alert(1)>", // 31: autolink
		"",
		`<iframe srcdoc="<p onclick=x>"></iframe>`, // 33
	}, "\n")
	r := convertWith(t, true, false, src)
	want := map[int]string{
		6:  "a <script> element",
		8:  "the event handler onerror= on <img>",
		12: "a javascript: address in href= on <a>",
		15: `<meta http-equiv="refresh">`,
		17: "link to a javascript: address",
		19: "image to a vbscript: address",
		21: "a data:text/html address in src= on <iframe>",
		23: "a javascript: address in href= on <a>",
		25: "a javascript: address in xlink:href= on <a>",
		31: "link to a javascript: address",
		33: "the event handler onclick= on <p> inside srcdoc= on <iframe>",
	}
	got := map[int]string{}
	for _, d := range r.Diags {
		if d.Severity != diag.Error || d.File != "content/a.md" {
			t.Errorf("not an error of the page: %v", d)
		}
		if got[d.Line] != "" {
			t.Errorf("line %d reported twice: %q and %q", d.Line, got[d.Line], d.Msg)
		}
		got[d.Line] = d.Msg
	}
	for line, what := range want {
		if !strings.Contains(got[line], what) {
			t.Errorf("line %d: want %q in %q", line, what, got[line])
		}
		if !strings.Contains(got[line], "allowScripts = true") {
			t.Errorf("line %d: the message does not say how to allow it: %q", line, got[line])
		}
	}
	if len(got) != len(want) {
		t.Errorf("reported lines:\n%s", strings.Join(diagLines(r.Diags), "\n"))
	}
	// The dropped addresses are not also reported as invalid, nor written.
	if strings.Contains(r.HTML, "ascript:alert(1)\">lenke") || strings.Contains(strings.ToLower(r.HTML), "vbscript") {
		t.Errorf("a refused Markdown address was written:\n%s", r.HTML)
	}
}

// TestAllowScriptsWarns: with [markup] allowScripts = true the same things
// are published and listed as warnings.
func TestAllowScriptsWarns(t *testing.T) {
	r := convertWith(t, true, true, "<button onclick=\"go()\">Gå</button>\n\n[x](javascript:go())\n")
	if len(r.Diags) != 2 {
		t.Fatalf("diags = %v", diagLines(r.Diags))
	}
	for _, d := range r.Diags {
		if d.Severity != diag.Warning || !strings.Contains(d.Msg, "allowScripts = true") {
			t.Errorf("want a warning naming the setting: %v", d)
		}
	}
	if !strings.Contains(r.HTML, `onclick="go()"`) || !strings.Contains(r.HTML, `href="javascript:go()"`) {
		t.Errorf("allowed scripts were not published:\n%s", r.HTML)
	}
}

// TestRawHTMLLeftOutWarns: under the default settings raw HTML that
// goldmark drops is a warning at its line saying how to allow it, once per
// line; comments (editors' notes) are dropped without a word.
func TestRawHTMLLeftOutWarns(t *testing.T) {
	src := strings.Join([]string{
		"<!-- Merknad til redaktøren: oppdater i mars -->", // 4
		"",                                      // 5
		"Trykk <kbd>Ctrl</kbd> + <kbd>C</kbd>.", // 6
		"",                                      // 7
		"<!--",                                  // 8
		"flere linjer notat",                    // 9
		"-->",                                   // 10
		"",                                      // 11
		"<div class=\"boks\">",                  // 12
		"Innhold",                               // 13
		"</div>",                                // 14
		"",                                      // 15
		"Tekst <!-- kort notat --> videre.",     // 16
		"",                                      // 17
		"> <script>alert(1)</script>",           // 18
	}, "\n")
	r := convertWith(t, false, false, src)
	got := diagLines(r.Diags)
	want := []string{"6 warning: raw HTML <kbd>", "12 warning: raw HTML <div>", "18 warning: raw HTML <script>"}
	if len(got) != len(want) {
		t.Fatalf("diags:\n%s", strings.Join(got, "\n"))
	}
	for i, w := range want {
		if !strings.HasPrefix(got[i], w) || !strings.Contains(got[i], "[markup] unsafe = true") || !strings.Contains(got[i], "Markdown") {
			t.Errorf("diag %d = %q, want %q… naming [markup] unsafe = true and Markdown", i, got[i], w)
		}
	}
	if strings.Contains(r.HTML, "<script") || strings.Contains(r.HTML, "<kbd") {
		t.Errorf("raw HTML was published:\n%s", r.HTML)
	}
}

// TestSafeModeScriptLink: a javascript: link is an error whatever unsafe
// says (goldmark would only blank it); with allowScripts but without unsafe
// it is a warning that it was left out.
func TestSafeModeScriptLink(t *testing.T) {
	r := convertWith(t, false, false, "[x](javascript:alert(1))\n")
	if len(r.Diags) != 1 || r.Diags[0].Severity != diag.Error || r.Diags[0].Line != 4 {
		t.Errorf("diags = %v", diagLines(r.Diags))
	}
	r = convertWith(t, false, true, "[x](javascript:alert(1))\n")
	if len(r.Diags) != 1 || r.Diags[0].Severity != diag.Warning || !strings.Contains(r.Diags[0].Msg, "left out") {
		t.Errorf("diags = %v", diagLines(r.Diags))
	}
	if strings.Contains(r.HTML, "javascript") {
		t.Errorf("published: %s", r.HTML)
	}
}

// TestQuizRawHTML: the texts of a quiz, parsed on their own, are checked
// too, at their line.
func TestQuizRawHTML(t *testing.T) {
	src := "```quiz\n? Hva er <b onmouseover=x>riktig</b>?\n- [x] Ja\n- [ ] Nei\n```\n"
	r := convertWith(t, true, false, src)
	var found bool
	for _, d := range r.Diags {
		if strings.Contains(d.Msg, "onmouseover=") {
			found = d.Severity == diag.Error && d.Line == 5
		}
	}
	if !found {
		t.Errorf("diags = %v", diagLines(r.Diags))
	}
}

func TestScriptURL(t *testing.T) {
	for u, want := range map[string]string{
		"javascript:x":                    "javascript:",
		" \x01JAVASCRIPT:x":               "javascript:",
		"java\nscr\tipt:x":                "javascript:",
		"vbscript:x":                      "vbscript:",
		"data:text/html;base64,PHA+":      "data:text/html",
		"DATA: Text/HTML,<p>":             "data:text/html",
		"data:image/svg+xml,<svg>":        "data:image/svg+xml",
		"data:image/png;base64,iVBOR":     "",
		"https://example.com/javascript:": "",
		"/sti/javascript:x":               "",
		"javascript%3Ax":                  "",
		"mailto:personvern@example.no":    "",
	} {
		if got := scriptURL(u, false); got != want {
			t.Errorf("scriptURL(%q) = %q, want %q", u, got, want)
		}
	}
	if scriptURL("data:image/svg+xml,<svg>", true) != "" {
		t.Error("an SVG image runs no script")
	}
}

func TestFirstMarkup(t *testing.T) {
	for in, want := range map[string]string{
		"<B class=x>":            "<b>",
		"  </Kbd>":               "</kbd>",
		"<my-el>":                "<my-el>",
		"<!-- a --> <div>":       "<div>",
		"<!-- a -->\n<!-- b -->": "",
		"<!DOCTYPE html>":        `"<!DOCTYPE html>"`,
		"<?php x ?>":             `"<?php x ?>"`,
	} {
		tag, _, ok := firstMarkup([]byte(in))
		if tag != want || ok != (want != "") {
			t.Errorf("firstMarkup(%q) = %q, %v; want %q", in, tag, ok, want)
		}
	}
}

// TestMayRunScript: the quick test before the tokenizer lets through
// everything scanHTML could find.
func TestMayRunScript(t *testing.T) {
	for _, in := range []string{"<SCRIPT>", "<b ONclick=x>", "<b\tonclick=x>", "<a href=\"x\"onclick=y>", "<a href='jav\tascr\nipt:x'>", "<a href='&#106;avascript:x'>", "<iframe src='DATA:text/html,x'>", "<meta http-equiv=REFRESH>"} {
		if !mayRunScript([]byte(in)) || len(scanHTML([]byte(in))) != 1 {
			t.Errorf("%q: may %v, found %v", in, mayRunScript([]byte(in)), scanHTML([]byte(in)))
		}
	}
	for _, in := range []string{"<b>", "</div>", "<span class=\"x\">", "<abbr title=\"personvern\">", "<button type=button>"} {
		if mayRunScript([]byte(in)) {
			t.Errorf("%q needs no tokenizer", in)
		}
	}
}

// TestScanForeignContent: inside <svg> and <math> a browser parses the
// content of <style> as elements, so a handler hidden there is found; in
// HTML the content of <textarea> is text and runs nothing.
func TestScanForeignContent(t *testing.T) {
	if fs := scanHTML([]byte(`<math><style><img src=x onerror=alert(1)></style></math>`)); len(fs) != 1 || !strings.Contains(fs[0].what, "onerror=") {
		t.Errorf("math/style: %v", fs)
	}
	if fs := scanHTML([]byte(`<svg><style><a xlink:href="javascript:x">t</a></style></svg><script>y</script>`)); len(fs) != 2 {
		t.Errorf("svg/style: %v", fs)
	}
	if fs := scanHTML([]byte(`<textarea><b onclick=x>eksempel</b></textarea>`)); len(fs) != 0 {
		t.Errorf("textarea: %v", fs)
	}
}

// TestHeadingStyleAttribute: goldmark passes a heading's style="…"
// attribute to the page, where the Content-Security-Policy (no inline
// style) blocks it and every reader's browser reports a violation. It is
// left out, with a warning at the heading's line; id, class and nsm stay.
func TestHeadingStyleAttribute(t *testing.T) {
	for _, unsafe := range []bool{false, true} {
		res := convertWith(t, unsafe, false, "## Tittel {#t class=\"viktig\" style=\"color:red\" nsm=\"2\"}\n\nTekst.\n\n## Annen {#b style=x}\n")
		html := string(res.HTML)
		if strings.Contains(strings.ToLower(html), "style") || !strings.Contains(html, `<h2 id="t" class="viktig">`) {
			t.Errorf("unsafe=%t: %s", unsafe, html)
		}
		got := strings.Join(diagLines(res.Diags), "\n")
		for _, line := range []string{"4 warning: heading attribute style", "8 warning: heading attribute style"} {
			if !strings.Contains(got, line) {
				t.Errorf("unsafe=%t: no %q in\n%s", unsafe, line, got)
			}
		}
	}
}

// TestImageFromAnotherSite: ![Logo](https://tracker.example/p.gif) passed
// check and build without a word, and every reader got a broken image: the
// page's Content-Security-Policy loads images from the site itself only
// (and without it the other site would see every reader). It is a warning
// at the image's line, naming the host; a link to another site is not.
func TestImageFromAnotherSite(t *testing.T) {
	res := convertWith(t, false, false, "![Logo](https://tracker.example/p.gif)\n\n![CDN](//cdn.example/x.png)\n\n[Lenke](https://example.org/) ![Lokal](bilde.png) ![Data](data:image/png;base64,AAAA)\n")
	got := strings.Join(diagLines(res.Diags), "\n")
	for _, want := range []string{"4 warning: image from another site (tracker.example)", "6 warning: image from another site (cdn.example)"} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in\n%s", want, got)
		}
	}
	if n := len(res.Diags); n != 2 {
		t.Errorf("%d diagnostics, want 2:\n%s", n, got)
	}
}

// TestNearlyAQuizFence: ```quiz{id=a} and ```quiz,id=b were shown as
// code without a word. The info string's first word must be quiz; one
// where quiz runs into attributes is a warning at the fence, while a word
// that only starts with quiz (a language, quizzical) stays code quietly.
func TestNearlyAQuizFence(t *testing.T) {
	res := convertWith(t, false, false, "```quiz{id=a}\n? Q\n- [x] A\n- [ ] B\n```\n\n```quiz,id=b\n? Q\n```\n\n```quiz id=c\n? Q\n- [x] A\n- [ ] B\n```\n\n```quizzical\nx\n```\n")
	got := strings.Join(diagLines(res.Diags), "\n")
	for _, want := range []string{"4 warning: the code block's info string \"quiz{id=a}\" is not a quiz", "10 warning: the code block's info string \"quiz,id=b\" is not a quiz"} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in\n%s", want, got)
		}
	}
	if len(res.Diags) != 2 || len(res.Quizzes) != 1 {
		t.Errorf("%d diagnostics, %d quizzes:\n%s", len(res.Diags), len(res.Quizzes), got)
	}
}
