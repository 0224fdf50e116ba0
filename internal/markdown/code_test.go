package markdown

import (
	"strings"
	"testing"
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
