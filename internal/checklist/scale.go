package checklist

// Scale kinds: how a question on the scale is answered.
const (
	// KindChoice is answered by picking one level (radio buttons).
	KindChoice = "choice"
	// KindCheck is a single checkbox: ticked gives the level's score, not
	// ticked counts as not done (score 0) rather than as unanswered.
	KindCheck = "check"
)

// Names of the built-in scales.
const (
	ScaleStatus   = "status"
	ScaleMaturity = "maturity"
	ScaleCheck    = "check"
	// DefaultScale is used when a page does not name one.
	DefaultScale = ScaleStatus
)

// Scale is a set of answers a control question can take, with labels in one
// language.
type Scale struct {
	Name   string  // status, maturity, check or a name configured in config.toml
	Kind   string  // KindChoice or KindCheck
	Levels []Level // in display order; a check scale has exactly one
}

// Level is one answer on a scale.
type Level struct {
	Value       string // stored value, language-independent (e.g. "ja", "1")
	Label       string // shown to the reader in the page's language
	Description string // optional longer text (maturity levels describe themselves)
	Score       int    // 0–100 on the common basis; -1 leaves the question out of scores
}

// Excluded is the score of a level that leaves the question out of scores,
// such as "Ikke relevant".
const Excluded = -1

// IsCheck reports whether the scale is a single checkbox.
func (s Scale) IsCheck() bool { return s.Kind == KindCheck }

// Level returns the level with the given stored value.
func (s Scale) Level(value string) (Level, bool) {
	for _, l := range s.Levels {
		if l.Value == value {
			return l, true
		}
	}
	return Level{}, false
}

// Top returns the highest score on the scale: an answer below it asks for
// an action (tiltak). It is 0 for a scale with no scored level.
func (s Scale) Top() int {
	top := 0
	for _, l := range s.Levels {
		top = max(top, l.Score)
	}
	return top
}

// Described reports whether any level has a description, in which case the
// descriptions are shown beside the answers.
func (s Scale) Described() bool {
	for _, l := range s.Levels {
		if l.Description != "" {
			return true
		}
	}
	return false
}
