// Package checklist is the model of control questions (kontrollspørsmål):
// questions parsed from task-list items, their answer scales, collection
// across pages for checklist pages, and scoring on a common 0–100 basis.
//
// The browser side (themes/default/assets/js/checklist.js) stores and scores
// the answers; the rules in score.go are the reference it follows, so a
// change to one must be made in the other.
package checklist

// Question is one control question: a task-list item on a page.
type Question struct {
	ID         string // stable id from {#id}, else derived from the text
	ExplicitID bool   // false when the id was derived (varde check warns)
	Text       string // plain text of the question, without the {#id}
	HTML       string // the question rendered as inline HTML
	Guidance   string // rendered HTML of the indented text under the item; may be empty
	Area       string // text of the nearest heading above the question
	AreaID     string // that heading's id
	PageID     string // id of the page it is written on
	Scale      string // name of the page's scale: status, maturity, check or a configured one
	Line       int    // line in the source file

	// Levels holds the question's own texts for levels of its scale, as
	// inline HTML by level value ("1" → "Ingen mål er vedtatt."): what a
	// level means for this very question. A level without one is shown
	// by its label alone; the scale's general descriptions are shown once
	// on the page (RenderScaleNote), not under every question.
	Levels map[string]string

	// NSM holds the NSM grunnprinsipper references of the question's area:
	// the nsm attribute of the nearest heading above it that has one
	// (`## Beskytte {#beskytte nsm="2.1 2.2"}`). Nil when no heading has one.
	NSM []string
	// PageNSM is the nsm front matter of the page, which applies where no
	// heading says otherwise. The markdown converter does not know it; the
	// site graph fills it in after conversion.
	PageNSM []string
}

// Refs returns the NSM references that apply to the question: its area's,
// else its page's.
func (q *Question) Refs() []string {
	if len(q.NSM) > 0 {
		return q.NSM
	}
	return q.PageNSM
}

// Categories returns the NSM categories ("1" to "4") of the question's
// references, each once, in the order they first appear.
func (q *Question) Categories() []string {
	var out []string
	for _, r := range q.Refs() {
		c, ok := NSMCategory(r)
		if !ok {
			continue
		}
		dup := false
		for _, o := range out {
			dup = dup || o == c
		}
		if !dup {
			out = append(out, c)
		}
	}
	return out
}
