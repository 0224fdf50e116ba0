package checklist

import (
	"math"
	"sort"
)

// Scoring. Every scale is scored on a common 0–100 basis so that a
// checklist mixing status, maturity and check questions can be averaged:
//
//   - A choice question scores the chosen level's score. It counts towards
//     averages only when answered with a level scored 0–100: no answer, a
//     value the scale does not have (the scale was changed since), or a
//     level scored -1 ("Ikke relevant") leaves it out.
//   - A check question always counts: ticked scores its level's score,
//     not ticked scores 0 ("unanswered counts as not done").
//   - An average is the mean of the counted scores; with none it is
//     undefined (shown as "–"), never 0. The summary shows no overall
//     score, and its charts no bars, until at least one question on the
//     page is answered, since unticked check questions alone would show 0.
//
// For the NSM chart an average a is shown as a maturity m on 1–4, the
// inverse of the maturity scale's scores (1, 2, 3, 4 → 0, 33, 67, 100):
//
//	m = 1 + 3·a/100
//
// so Ja → 4, Delvis → 2.5, Nei → 1. MaturityLevel rounds m to the nearest
// level, halves down, so a score sitting between two levels is not shown
// as the better one. checklist.js implements the same rules.

// Score returns the score of value on s and whether it counts.
func Score(s Scale, value string) (int, bool) {
	if s.IsCheck() {
		if value == "" {
			return 0, true
		}
		l, ok := s.Level(value)
		return l.Score, ok
	}
	l, ok := s.Level(value)
	if !ok || l.Score == Excluded {
		return 0, false
	}
	return l.Score, true
}

// Answered reports whether value is an answer on s; for a check scale,
// whether the box is ticked.
func Answered(s Scale, value string) bool {
	_, ok := s.Level(value)
	return ok
}

// Tally adds up the answers of a set of questions.
type Tally struct {
	Total    int // questions
	Answered int // questions with an answer (for check scales: ticked)
	Counted  int // questions whose score counts
	Sum      int // sum of the counted scores
}

func (t *Tally) add(s Scale, known bool, value string) {
	t.Total++
	if !known {
		return
	}
	if Answered(s, value) {
		t.Answered++
	}
	if score, ok := Score(s, value); ok {
		t.Counted++
		t.Sum += score
	}
}

// Average returns the mean counted score (0–100), false when none counts.
func (t Tally) Average() (float64, bool) {
	if t.Counted == 0 {
		return 0, false
	}
	return float64(t.Sum) / float64(t.Counted), true
}

// Maturity maps an average score (0–100) to the 1–4 maturity scale.
func Maturity(avg float64) float64 {
	return 1 + 3*math.Max(0, math.Min(100, avg))/100
}

// MaturityLevel returns the maturity level 1–4 nearest to an average score,
// rounding halves down.
func MaturityLevel(avg float64) int {
	// The tolerance makes an average exactly between two levels round down
	// even when float arithmetic lands a hair above the half.
	return int(math.Ceil(Maturity(avg) - 0.5 - 1e-9))
}

// AreaTally is the tally of one row of the summary: an area (the
// questions under one heading) of the checklist page itself, or one page
// whose questions the checklist page gathers.
type AreaTally struct {
	PageID string
	AreaID string // "" for questions above the page's first heading, and for a gathered page
	Area   string
	// Gathered is set for the row of a gathered page: all its questions,
	// whatever their headings. A one-pager keeps its questions under one
	// generic heading ("Kontrollspørsmål"), so its title, not its area,
	// names the row.
	Gathered bool
	Tally
}

// CategoryTally is the tally of one NSM category ("1" to "4").
type CategoryTally struct {
	Category string
	Tally
}

// Summary is what a checklist page shows at its top.
type Summary struct {
	Tally                      // all questions
	Areas      []AreaTally     // in the order the areas first appear
	Categories []CategoryTally // NSM categories that have questions, in order 1–4
}

// Summarize scores the questions shown on the checklist page self against
// answers (stored values by question id): the page's own questions by
// area, and each gathered page's questions as one row. A question whose
// scale is not in scales counts in the totals only.
func Summarize(self string, qs []*Question, scales map[string]Scale, answers map[string]string) Summary {
	var sum Summary
	areaIdx := map[AreaTally]int{}
	catIdx := map[string]int{}
	for _, q := range qs {
		s, known := scales[q.Scale]
		value := answers[q.ID]
		sum.add(s, known, value)
		key := AreaTally{PageID: q.PageID, AreaID: q.AreaID, Area: q.Area}
		if q.PageID != self {
			key = AreaTally{PageID: q.PageID, Gathered: true}
		}
		i, ok := areaIdx[key]
		if !ok {
			i = len(sum.Areas)
			areaIdx[key] = i
			sum.Areas = append(sum.Areas, key)
		}
		sum.Areas[i].add(s, known, value)
		for _, c := range q.Categories() {
			j, ok := catIdx[c]
			if !ok {
				j = len(sum.Categories)
				catIdx[c] = j
				sum.Categories = append(sum.Categories, CategoryTally{Category: c})
			}
			sum.Categories[j].add(s, known, value)
		}
	}
	sort.Slice(sum.Categories, func(i, j int) bool { return sum.Categories[i].Category < sum.Categories[j].Category })
	return sum
}
