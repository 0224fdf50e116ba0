package browsertest

import (
	"context"
	"strings"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// PhoneWidth is the viewport width of a small phone in CSS pixels.
const PhoneWidth = 360

// SetViewport makes the tab's viewport width×height CSS pixels, as a
// mobile device when mobile is set (touch, meta viewport honoured).
func (p *Page) SetViewport(width, height int64, mobile bool) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, p.Timeout)
	defer cancel()
	if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: width, Height: height, DeviceScaleFactor: 1, Mobile: mobile,
	}); err != nil {
		p.t.Fatalf("set viewport %dx%d: %v", width, height, err)
	}
}

// overflowJS lists the elements whose box or text sticks out past the
// right edge of the viewport without a scrolling box around them to hold
// them (what makes a reader scroll the whole page sideways), the innermost
// ones only: their ancestors stick out because of them.
const overflowJS = `(() => {
  const w = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= w) return [];
  const found = [];
  for (const e of document.querySelectorAll('body *')) {
    const r = e.getBoundingClientRect();
    if (r.width === 0) continue;
    const scrolls = getComputedStyle(e).overflowX !== 'visible';
    const right = Math.max(r.right, scrolls ? 0 : r.left + e.scrollWidth);
    if (right <= w + 1) continue;
    let held = false;
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') { held = true; break; }
    }
    if (!held) found.push([e, right]);
  }
  const out = [];
  for (const [e, right] of found) {
    if (found.some(([o]) => o !== e && e.contains(o))) continue;
    const name = e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
      (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\s+/).join('.') : '');
    out.push(name + ' (ends at ' + Math.round(right) + 'px)');
    if (out.length >= 8) break;
  }
  if (out.length === 0) out.push('the page is ' + document.documentElement.scrollWidth + 'px wide');
  return out;
})()`

// AssertNoHorizontalScroll fails the test when the page is wider than the
// viewport, naming the elements that stick out.
func (p *Page) AssertNoHorizontalScroll() {
	p.t.Helper()
	if out := Eval[[]string](p, overflowJS); len(out) > 0 {
		p.t.Errorf("%s scrolls sideways at %dpx: %s", p.location(), Eval[int](p, `document.documentElement.clientWidth`), strings.Join(out, "; "))
	}
}
