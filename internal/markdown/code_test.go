package markdown

import (
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2/lexers"
)

// TestCodeBlockFocusable: every code block, highlighted or not, is in a
// box that takes keyboard focus and is named, so that one that scrolls
// sideways can be scrolled by keyboard (axe: scrollable-region-focusable;
// issue 18 found an unhighlighted one in the nynorsk logging guide).
func TestCodeBlockFocusable(t *testing.T) {
	c := New(Options{Lang: "nn", T: func(k string) string {
		if k == "code_label" {
			return "Kodeeksempel"
		}
		return k
	}})
	for _, src := range []string{"```go\nfunc main() {}\n```\n", "```\n2024-03-01 innlogging feila\n```\n", "```ukjentspraak\nx\n```\n"} {
		html := string(c.Convert([]byte(src), Doc{File: "content/a.nn.md"}).HTML)
		if !strings.HasPrefix(html, `<div class="code" tabindex="0" role="group" aria-label="Kodeeksempel"`) || !strings.Contains(html, "<pre") || !strings.HasSuffix(strings.TrimSpace(html), "</div>") {
			t.Errorf("%q:\n%s\nwant the code in a focusable, named div.code", src, html)
		}
	}
	// Without a label from the theme: focusable still, no empty name.
	html := string(New(Options{Lang: "nb"}).Convert([]byte("```\nx\n```\n"), Doc{File: "content/a.md"}).HTML)
	if !strings.HasPrefix(html, `<div class="code" tabindex="0"><pre`) {
		t.Errorf("without a label: %s", html)
	}
}

// TestHighlightMemo: a code block met again is written from codeMemo, and
// what it holds is chroma's own HTML for that language and code; the same
// code in another language is highlighted for that language; a block over
// the memo's size bound is highlighted afresh and not kept.
func TestHighlightMemo(t *testing.T) {
	c := New(Options{Lang: "nb"})
	yaml := "navn: varde\nliste:\n  - a # kommentar\n"
	for _, lang := range []string{"yaml", "go", "bash"} {
		src := "```" + lang + "\n" + yaml + "```\n"
		first := c.Convert([]byte(src), Doc{File: "content/a.md"}).HTML
		again := c.Convert([]byte("Tekst.\n\n"+src), Doc{File: "content/b.md"}).HTML
		if !strings.HasSuffix(again, first) {
			t.Errorf("%s: the block again:\n%s\nfirst:\n%s", lang, again, first)
		}
		html, ok := codeMemo.Load(lang + "\x00" + yaml)
		if !ok {
			t.Fatalf("%s: not remembered", lang)
		}
		direct, err := format(lexers.Get(lang), yaml)
		if err != nil {
			t.Fatal(err)
		}
		if html.(string) != direct || !strings.Contains(first, direct) {
			t.Errorf("%s: remembered %q, chroma writes %q", lang, html, direct)
		}
	}
	if a, _ := codeMemo.Load("yaml\x00" + yaml); a == nil {
		t.Fatal("yaml not remembered")
	} else if b, _ := codeMemo.Load("go\x00" + yaml); a == b {
		t.Error("yaml and go share their highlighting")
	}
	long := strings.Repeat("nøkkel: verdi\n", codeMemoMaxInput/10)
	html := c.Convert([]byte("```yaml\n"+long+"```\n"), Doc{File: "content/c.md"}).HTML
	direct, err := format(lexers.Get("yaml"), long)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(html, direct) {
		t.Error("a long block is not chroma's HTML")
	}
	if _, ok := codeMemo.Load("yaml\x00" + long); ok {
		t.Error("a block over the size bound was remembered")
	}
}
