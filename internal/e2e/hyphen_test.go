package e2e

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/varde-portal/varde/internal/browsertest"
)

// wordBreaksJS finds, in every h1–h3 of the page, the places where a line
// ends inside a word without a hyphen: two letters of one word (no space
// or other character between them, soft hyphens aside) on different lines
// with no soft hyphen between them. A soft hyphen where the line breaks is
// drawn as a hyphen, so a break there is a proper one. Each character's
// line is the top of its box, measured with a Range.
const wordBreaksJS = `(() => {
  const bad = [];
  const letter = /\p{L}/u;
  for (const h of document.querySelectorAll("main h1, main h2, main h3")) {
    if (!h.getClientRects().length) continue; // hidden
    const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
    const r = document.createRange();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const s = n.data;
      let prevTop = null, prevBottom = null, shy = false, word = "";
      for (let i = 0; i < s.length; i++) {
        const c = s[i];
        if (c === "\u00ad") { shy = true; continue; }
        if (!letter.test(c)) { prevTop = null; shy = false; word = ""; continue; }
        r.setStart(n, i); r.setEnd(n, i + 1);
        const box = r.getBoundingClientRect();
        if (prevTop !== null && box.top >= prevBottom - 1 && !shy) {
          bad.push(h.tagName + ": " + word + "/" + s.slice(i).split(/\s/)[0] + " in " + JSON.stringify(h.textContent.replace(/\u00ad/g, "").trim()));
        }
        prevTop = box.top; prevBottom = box.bottom; shy = false; word += c;
      }
    }
  }
  return bad;
})()`

// TestHeadingsBreakWithHyphens loads the bokmål and nynorsk pages of the
// bundled portal that have long words in headings at 360×740 and checks that
// no heading breaks a word without a hyphen and none is wider than its
// box. Chromium here has no Norwegian hyphenation dictionary, so this
// holds only thanks to the soft hyphens the build inserts
// (internal/hyphen). With VARDE_SCREENSHOTS set, the DPIA guide is shot.
func TestHeadingsBreakWithHyphens(t *testing.T) {
	s := bundled(t)
	p := browsertest.NewPage(t, browsertest.Serve(t, s.Dir, s.Base.Path))
	p.SetViewport(browsertest.PhoneWidth, 740, true)
	checked, long := 0, 0
	for _, d := range s.Docs {
		if d.isAlias() || d.NoIndex || (d.Lang != "nb" && d.Lang != "nn") {
			continue
		}
		// A page whose headings have no word of hyphen.MinWordLength
		// letters has none too long for a phone's line: only pages with
		// soft hyphens are loaded (half the portal; all took two minutes).
		if b, err := os.ReadFile(filepath.Join(s.Dir, filepath.FromSlash(d.File))); err != nil {
			t.Fatal(err)
		} else if !bytes.Contains(b, []byte("­")) {
			continue
		}
		p.Navigate(d.URLPath)
		for _, b := range browsertest.Eval[[]string](p, wordBreaksJS) {
			t.Errorf("%s: a word breaks without a hyphen: %s", d.URLPath, b)
		}
		// A visually hidden heading is a 1 px box: not a layout problem.
		wide := browsertest.Eval[[]string](p, `Array.from(document.querySelectorAll("main h1, main h2, main h3")).filter(h => h.clientWidth > 1 && h.scrollWidth > h.clientWidth + 1).map(h => h.tagName + " " + h.textContent.trim())`)
		for _, w := range wide {
			t.Errorf("%s: heading wider than its box at 360 px: %s", d.URLPath, w)
		}
		// How many headings hold a word that needs more than one line of
		// a phone's width: the test must see some for it to mean anything.
		long += browsertest.Eval[int](p, `Array.from(document.querySelectorAll("main h1, main h2, main h3")).filter(h => h.getClientRects().length > 0 && h.textContent.includes("\u00ad")).length`)
		checked++
	}
	if checked < 20 || long == 0 {
		t.Fatalf("checked %d pages with %d hyphenated headings: the bundled portal should give many", checked, long)
	}
	t.Logf("%d pages, %d headings with soft hyphens", checked, long)

	// The guide the issue named ("personvernkonsekven/ser" broke there).
	const dpia = "veiledere/dpia/"
	p.Navigate(s.Base.Path + dpia)
	if h1 := browsertest.Eval[string](p, `document.querySelector("main h1").textContent`); !strings.Contains(h1, "\u00ad") {
		t.Errorf("DPIA guide's h1 has no soft hyphen: %q", h1)
	}
	shoot(t, p, os.Getenv("VARDE_SCREENSHOTS"), "dpia-360-headings")
}
