package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/varde-portal/varde/internal/browsertest"
)

// The header (issue 18): one compact row on a phone, a menu button that
// reaches every section and the pages that are not sections, working with
// and without JavaScript, and a dark header as calm as the page.

// menuState is what the header tests read from the page.
type menuState struct {
	HeaderHeight float64  `json:"headerHeight"`
	Expanded     string   `json:"expanded"` // the button's aria-expanded
	Visible      []string `json:"visible"`  // hrefs of the menu's links a reader can see
}

const menuStateJS = `(() => {
  const h = document.querySelector("header.site-header").getBoundingClientRect().height;
  const b = document.querySelector(".menu-toggle");
  const vis = [...document.querySelectorAll("#meny a[href]")].filter(a => {
    const r = a.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(a).visibility !== "hidden";
  }).map(a => a.getAttribute("href"));
  return {headerHeight: h, expanded: b ? b.getAttribute("aria-expanded") || "" : "", visible: vis};
})()`

// menuTargets are the links the menu must reach on the home page: every
// section of the main menu, the audiences, Mine kurs and the NSM pages,
// each where the site has it.
func menuTargets(t *testing.T, p *browsertest.Page) []string {
	t.Helper()
	return browsertest.Eval[[]string](p, `(() => {
	  const want = [...document.querySelectorAll("#meny .nav-sections a[href]")].map(a => a.getAttribute("href"));
	  for (const a of document.querySelectorAll("#meny .nav-more a[href]")) {
	    const h = a.getAttribute("href");
	    if (/\/(malgruppe|mine-kurs|nsm)\/$/.test(h)) want.push(h);
	  }
	  return want;
	})()`)
}

func missing(want, have []string) []string {
	set := map[string]bool{}
	for _, h := range have {
		set[h] = true
	}
	var out []string
	for _, w := range want {
		if !set[w] {
			out = append(out, w)
		}
	}
	return out
}

// TestPhoneHeader: at 360 px the header is at most 120 px tall, with the
// menu closed; the menu button opens a menu that reaches every section,
// Målgrupper, Mine kurs and the NSM pages, by mouse and by keyboard;
// Escape closes it and gives focus back to the button. No page scrolls
// sideways with the menu open.
func TestPhoneHeader(t *testing.T) {
	s := bundled(t)
	p := browsertest.NewPage(t, browsertest.Serve(t, s.Dir, s.Base.Path))
	p.SetViewport(browsertest.PhoneWidth, 740, true)
	p.Navigate(s.Base.Path)
	closed := browsertest.Eval[menuState](p, menuStateJS)
	browsertest.Figure(t, "phone header: %.0f px tall with the menu closed", closed.HeaderHeight)
	if closed.HeaderHeight > 120 {
		t.Errorf("the header is %.0f px tall on a 360 px phone, want at most 120", closed.HeaderHeight)
	}
	if closed.Expanded != "false" {
		t.Errorf("menu button aria-expanded %q before it is pressed, want false", closed.Expanded)
	}
	if len(closed.Visible) != 0 {
		t.Errorf("the closed menu shows %q on a phone", closed.Visible)
	}
	want := menuTargets(t, p)
	if len(want) < 3 {
		t.Fatalf("the menu holds only %q", want)
	}
	if !strings.Contains(strings.Join(want, " "), "/nsm/") || !strings.Contains(strings.Join(want, " "), "/mine-kurs/") || !strings.Contains(strings.Join(want, " "), "/malgruppe/") {
		bundledContentOnly(t, "the bundled site has NSM pages, courses and audiences")
		t.Errorf("the menu lacks NSM, Mine kurs or Målgrupper: %q", want)
	}

	p.Click(".menu-toggle")
	open := browsertest.Eval[menuState](p, menuStateJS)
	if open.Expanded != "true" {
		t.Errorf("after a click the button says aria-expanded %q, want true", open.Expanded)
	}
	if m := missing(want, open.Visible); len(m) > 0 {
		t.Errorf("the open menu does not show %q", m)
	}
	p.AssertNoHorizontalScroll()
	if got := p.Path(); got != s.Base.Path {
		t.Errorf("opening the menu changed the address to %s", got)
	}

	// Escape closes it and puts focus back on the button; Space opens it.
	p.Press("Escape")
	if st := browsertest.Eval[menuState](p, menuStateJS); st.Expanded != "false" || len(st.Visible) != 0 {
		t.Errorf("Escape left the menu open: %+v", st)
	}
	if f := p.Focused(); !strings.Contains(f.Selector, "menu-toggle") {
		t.Errorf("after Escape focus is on %s (%s), want the menu button", f, f.Selector)
	}
	p.Press(" ")
	if st := browsertest.Eval[menuState](p, menuStateJS); st.Expanded != "true" || len(missing(want, st.Visible)) > 0 {
		t.Errorf("Space on the button did not open the whole menu: %+v", st)
	}
	p.Press("Tab")
	if f := p.Focused(); !strings.Contains(" "+f.InNav+" ", " main-nav ") {
		t.Errorf("Tab after opening the menu went to %s in %q, want the menu's first link", f, f.InNav)
	}
}

// TestMenuWithoutJavaScript: the portal's JavaScript is optional for
// reading, so the menu button is a link to #meny and the menu opens as
// the target: on a phone and on a desktop, every target shows.
func TestMenuWithoutJavaScript(t *testing.T) {
	s := bundled(t)
	p := browsertest.NewPage(t, browsertest.Serve(t, s.Dir, s.Base.Path))
	ctx, cancel := context.WithTimeout(p.Context(), p.Timeout)
	defer cancel()
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("disable JavaScript: %v", err)
	}
	for _, w := range []int64{browsertest.PhoneWidth, 1280} {
		p.SetViewport(w, 800, w < 600)
		p.Navigate(s.Base.Path)
		want := menuTargets(t, p)
		if href := browsertest.Eval[string](p, `document.querySelector(".menu-toggle").getAttribute("href")`); href != "#meny" {
			t.Fatalf("the menu button links %q, want #meny", href)
		}
		p.Click(".menu-toggle")
		st := browsertest.Eval[menuState](p, menuStateJS)
		if m := missing(want, st.Visible); len(m) > 0 {
			t.Errorf("%d px, no JavaScript: the menu opened by its link does not show %q", w, m)
		}
	}
}

// TestDarkHeader: in dark mode the header is as dark as the page, not a
// bright band: its background's luminance is low, and its text passes.
func TestDarkHeader(t *testing.T) {
	s := bundled(t)
	p := browsertest.NewPage(t, browsertest.Serve(t, s.Dir, s.Base.Path))
	p.EmulateMedia("screen", map[string]string{"prefers-color-scheme": "dark"})
	p.Navigate(s.Base.Path)
	lum := browsertest.Eval[[]float64](p, `(() => {
	  const rgb = c => c.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
	  const L = c => { const [r, g, b] = rgb(c).map(v => { v /= 255; return v <= .03928 ? v / 12.92 : Math.pow((v + .055) / 1.055, 2.4); }); return .2126 * r + .7152 * g + .0722 * b; };
	  const h = document.querySelector("header.site-header"), b = document.body;
	  return [L(getComputedStyle(h).backgroundColor), L(getComputedStyle(b).backgroundColor), L(getComputedStyle(h.querySelector(".site-title")).color)];
	})()`)
	header, page, text := lum[0], lum[1], lum[2]
	browsertest.Figure(t, "dark mode: header luminance %.3f, page %.3f", header, page)
	if header > 0.05 {
		t.Errorf("dark mode: the header's background has luminance %.3f, a bright band (want ≤ 0.05, the page is %.3f)", header, page)
	}
	if ratio := (text + .05) / (header + .05); ratio < 7 {
		t.Errorf("dark mode: the site name has contrast %.1f:1 on the header, want ≥ 7", ratio)
	}
}

// TestHomeScreenshots takes the home page at 1280×800 and 360×740, light
// and dark, checks that none scrolls sideways and that the header holds
// the short name (the home page's heading has the full title), and, with
// VARDE_SCREENSHOTS set to a folder (docs/screenshots), writes them there:
// the pictures under docs/ are made by this test.
func TestHomeScreenshots(t *testing.T) {
	s := bundled(t)
	p := browsertest.NewPage(t, browsertest.Serve(t, s.Dir, s.Base.Path))
	dir := os.Getenv("VARDE_SCREENSHOTS")
	for _, v := range []struct {
		name          string
		width, height int64
		scheme        string
	}{
		{"home-1280-light", 1280, 800, "light"},
		{"home-1280-dark", 1280, 800, "dark"},
		{"home-360-light", browsertest.PhoneWidth, 740, "light"},
		{"home-360-dark", browsertest.PhoneWidth, 740, "dark"},
	} {
		p.SetViewport(v.width, v.height, v.width < 600)
		p.EmulateMedia("screen", map[string]string{"prefers-color-scheme": v.scheme})
		p.Navigate(s.Base.Path)
		p.AssertNoHorizontalScroll()
		names := browsertest.Eval[[]string](p, `[document.querySelector(".site-title").textContent.trim(), ((document.querySelector("main h1") || {}).textContent || "").replace(/\u00ad/g, "")]`)
		if names[0] == names[1] && len(names[0]) > 30 {
			t.Errorf("%s: the header repeats the home page's %d-character heading %q", v.name, len(names[1]), names[1])
		}
		shoot(t, p, dir, v.name)
		if v.width < 600 {
			// And with the menu open.
			p.Click(".menu-toggle")
			p.AssertNoHorizontalScroll()
			shoot(t, p, dir, strings.Replace(v.name, "home", "menu", 1))
		}
	}
}

// shoot writes a screenshot of the viewport as dir/name.png; nothing
// when dir is "".
func shoot(t *testing.T, p *browsertest.Page, dir, name string) {
	t.Helper()
	if dir == "" {
		return
	}
	ctx, cancel := context.WithTimeout(p.Context(), p.Timeout)
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	cancel()
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
