package e2e

import (
	"testing"

	"github.com/varde-portal/varde/internal/browsertest"
)

// TestCodeBlockPages runs axe on every page that has a code block (<pre>),
// in every language and edition, at a phone's width and on a desktop, in
// light and dark mode. The gates check one page of each type, which missed
// an unfocusable code block that scrolls on the nynorsk logging guide
// (issue 18, axe's scrollable-region-focusable); a code block that scrolls
// sideways must also be scrollable by keyboard: it takes focus.
func TestCodeBlockPages(t *testing.T) {
	s := bundled(t)
	var pages []*doc
	for _, d := range s.Docs {
		if d.isAlias() {
			continue
		}
		for _, e := range d.Elements {
			if e.Tag == "pre" {
				pages = append(pages, d)
				break
			}
		}
	}
	if len(pages) == 0 {
		t.Skip("no page of the site has a code block")
	}
	srv := browsertest.Serve(t, s.Dir, s.Base.Path)
	p := browsertest.NewPage(t, srv)
	scrolling := 0
	for _, d := range pages {
		for _, w := range []int64{browsertest.PhoneWidth, 1280} {
			p.SetViewport(w, 800, w < 600)
			p.Navigate(d.URLPath)
			// Every <pre> that scrolls sideways, or the box around it that
			// does, can take focus.
			bad := browsertest.Eval[[]string](p, `[...document.querySelectorAll("pre")].flatMap(pre => {
			  const box = [pre, pre.parentElement].find(e => e && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== "visible");
			  if (!box) return [];
			  window.vardeScrolling = (window.vardeScrolling || 0) + 1;
			  return box.tabIndex >= 0 ? [] : [pre.textContent.slice(0, 40)];
			})`)
			scrolling += browsertest.Eval[int](p, `window.vardeScrolling || 0`)
			for _, b := range bad {
				t.Errorf("%s at %d px: a code block scrolls sideways but cannot take focus: %q", d.URLPath, w, b)
			}
			for _, scheme := range []string{"light", "dark"} {
				p.EmulateMedia("", map[string]string{"prefers-color-scheme": scheme})
				r := p.AssertAxeClean()
				browsertest.Figure(t, "axe: %d violations on %s at %d px (%s)", len(r.Violations), d.URLPath, w, scheme)
			}
			p.EmulateMedia("", nil)
		}
	}
	browsertest.Figure(t, "code blocks: %d pages with one, %d scrolling boxes seen", len(pages), scrolling)
}
