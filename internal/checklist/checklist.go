// Package checklist is the model of control questions (kontrollspørsmål):
// questions parsed from task-list items, their answer scales, collection
// across pages for checklist pages, and scoring on a common 0–100 basis.
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
}

// Scale is a set of answers a control question can take, with labels in one
// language.
type Scale struct {
	Name   string  // status, maturity, check or a name configured in config.toml
	Levels []Level // in display order
}

// Level is one answer on a scale.
type Level struct {
	Value       string // stored value, language-independent (e.g. "ja", "1")
	Label       string // shown to the reader in the page's language
	Description string // optional longer text (maturity levels describe themselves)
	Score       int    // 0–100 on the common basis; -1 leaves the question out of scores
}
