package browsertest

import _ "embed"

var (
	//go:embed js/focus.js
	focusJS string
	//go:embed js/remember.js
	rememberJS string
)

// FocusInfo describes the focused element.
type FocusInfo struct {
	Tag        string `json:"tag"`
	ID         string `json:"id"`
	ClassName  string `json:"className"`
	Href       string `json:"href"`
	Text       string `json:"text"`       // visible text or aria-label, shortened
	Selector   string `json:"selector"`   // a short CSS path, for messages
	Landmark   string `json:"landmark"`   // the closest landmark element, such as "nav.main-nav"
	InMain     bool   `json:"inMain"`     // inside <main>
	InNav      string `json:"inNav"`      // class of the enclosing <nav>, "" when none
	Outline    string `json:"outline"`    // computed, while focused
	BoxShadow  string `json:"boxShadow"`  // computed, while focused
	Visible    bool   `json:"visible"`    // focus changes the outline or box shadow
	InViewport bool   `json:"inViewport"` // the element is on screen
}

func (f FocusInfo) String() string {
	s := "<" + f.Tag
	if f.ID != "" {
		s += ` id="` + f.ID + `"`
	}
	if f.ClassName != "" {
		s += ` class="` + f.ClassName + `"`
	}
	if f.Href != "" {
		s += ` href="` + f.Href + `"`
	}
	s += ">"
	if f.Text != "" {
		s += " " + f.Text
	}
	return s
}

// RememberUnfocused records how every focusable element looks while it is
// not focused, so that Focused can tell whether focus is visible. Call it
// after loading a page and before the first key press.
func (p *Page) RememberUnfocused() int {
	p.t.Helper()
	return Eval[int](p, rememberJS)
}

// Focused describes document.activeElement; Tag is "" when nothing but the
// body has focus.
func (p *Page) Focused() FocusInfo {
	p.t.Helper()
	return Eval[FocusInfo](p, focusJS)
}
