package browsertest

import (
	"context"
	"strings"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// keys maps key names to the runes chromedp's kb package encodes.
var keys = map[string]string{
	"Tab": kb.Tab, "Enter": kb.Enter, "Escape": kb.Escape, "Space": " ",
	"Backspace": kb.Backspace, "Delete": kb.Delete, "Home": kb.Home, "End": kb.End,
	"ArrowUp": kb.ArrowUp, "ArrowDown": kb.ArrowDown, "ArrowLeft": kb.ArrowLeft, "ArrowRight": kb.ArrowRight,
	"PageUp": kb.PageUp, "PageDown": kb.PageDown,
}

// modifiers maps modifier names to chromedp's modifier bits.
var modifiers = map[string]chromedp.Modifier{
	"Shift": chromedp.ModifierShift, "Ctrl": chromedp.ModifierCtrl,
	"Alt": chromedp.ModifierAlt, "Meta": chromedp.ModifierMeta,
}

// Press sends one key to the focused element, as a keyboard would: a key
// name such as "Tab", "Enter", "Escape", "ArrowDown", "Space" or a single
// character, optionally with modifiers, such as "Shift+Tab".
func (p *Page) Press(key string) {
	p.t.Helper()
	r, opts := p.key(key)
	p.Do("press "+key, chromedp.KeyEvent(r, opts...))
}

// key parses a key description for Press.
func (p *Page) key(key string) (string, []chromedp.KeyOption) {
	p.t.Helper()
	parts := strings.Split(key, "+")
	name := parts[len(parts)-1]
	var opts []chromedp.KeyOption
	for _, m := range parts[:len(parts)-1] {
		mod, ok := modifiers[m]
		if !ok {
			p.t.Fatalf("press %q: unknown modifier %q", key, m)
		}
		opts = append(opts, chromedp.KeyModifiers(mod))
	}
	r, ok := keys[name]
	if !ok {
		if len([]rune(name)) != 1 {
			p.t.Fatalf("press %q: unknown key %q", key, name)
		}
		r = name
	}
	return r, opts
}

// PressNavigate sends a key (as Press) that leads to another document,
// such as Enter on a focused link or in a form, and waits until that
// document has loaded. It fails the test unless the document answers 200.
func (p *Page) PressNavigate(key string) {
	p.t.Helper()
	from := p.location()
	p.rec.markNavigation()
	ctx, cancel := context.WithTimeout(p.ctx, p.Timeout)
	defer cancel()
	a, opts := p.key(key)
	resp, err := chromedp.RunResponse(ctx, chromedp.KeyEvent(a, opts...))
	if err != nil {
		p.t.Fatalf("press %s on %s and wait for the next page: %v", key, from, err)
	}
	if resp != nil && resp.Status != 200 {
		p.t.Fatalf("press %s on %s: %s answered HTTP %d", key, from, resp.URL, resp.Status)
	}
}
