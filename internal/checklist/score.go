package checklist

import (
	"math"
	"sort"
	"strconv"
)

// Scoring. Every scale is scored on a common 0–100 basis, but a summary
// never adds answers on two scales together (3 on maturity is not "Ja"):
// it has one section a scale (Summarize).
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
// A section's average is shown on its own scale: on a levelled scale
// (values 1…N, scores rising, as maturity) as a place between its levels
// (Position: 2,4 of 4), on any other as a per cent; and in words as the
// nearest level (Nearest), halves down, so a score sitting between two
// levels is not shown as the better one. A tally with fewer than half of
// its questions answered is thin evidence (Thin), marked so in charts.
// Maturity and MaturityLevel map an average onto 1–4 for other callers.
// checklist.js implements the same rules.

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

// Thin reports whether fewer than half of the questions are answered, so
// that an average says little: a score from 1 answer of 5 is marked as
// thin evidence, not drawn as a full bar.
func (t Tally) Thin() bool { return t.Answered*2 < t.Total }

// scored returns the levels that count towards scores, in scale order.
func (s Scale) scored() []Level {
	var out []Level
	for _, l := range s.Levels {
		if l.Score != Excluded {
			out = append(out, l)
		}
	}
	return out
}

// Levelled reports whether a scale is read as levels 1 to N: a choice
// scale whose scored levels have the values "1", "2", … in order, with
// rising scores (maturity). Its averages are shown as a level; other
// scales' as a per cent.
func (s Scale) Levelled() bool {
	if s.IsCheck() {
		return false
	}
	l := s.scored()
	if len(l) < 2 {
		return false
	}
	for i, lv := range l {
		if lv.Value != strconv.Itoa(i+1) || (i > 0 && lv.Score <= l[i-1].Score) {
			return false
		}
	}
	return true
}

// Position maps an average score (0–100) onto a levelled scale, 1 to N,
// straight between the scores of the levels on either side: on maturity,
// 50 → 2.5, 33 → 2.
func Position(s Scale, avg float64) float64 {
	l := s.scored()
	if len(l) == 0 {
		return 0
	}
	if avg <= float64(l[0].Score) {
		return 1
	}
	for i := 1; i < len(l); i++ {
		if avg <= float64(l[i].Score) {
			return float64(i) + (avg-float64(l[i-1].Score))/float64(l[i].Score-l[i-1].Score)
		}
	}
	return float64(len(l))
}

// Nearest returns the scored level whose score is nearest an average,
// the lower one of two as near, and false for a scale with none.
func Nearest(s Scale, avg float64) (Level, bool) {
	var best Level
	bestD, found := 0.0, false
	for _, l := range s.scored() {
		d := math.Abs(float64(l.Score) - avg)
		if !found || d < bestD-1e-9 || (math.Abs(d-bestD) <= 1e-9 && l.Score < best.Score) {
			best, bestD, found = l, d, true
		}
	}
	return best, found
}

// AreaTally is the tally of one row of a section: an area (the questions
// under one heading) of the checklist page itself, or one page whose
// questions the checklist page gathers.
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

// Section is the part of a checklist answered on one scale.
type Section struct {
	Scale      string
	Own        bool            // holds questions of the checklist page itself
	Gathered   bool            // holds questions gathered from other pages
	Tally                      // its questions
	Rows       []AreaTally     // in the order the areas first appear
	Categories []CategoryTally // NSM categories that have questions, in order 1–4
}

// Summary is what a checklist page's summary shows. Its headline is the
// first section's average: the section of the page's own questions when
// it has any, as they come first.
type Summary struct {
	Tally              // all questions, for progress
	Sections []Section // one a scale, in the order the scales first appear
}

// Summarize scores the questions shown on the checklist page self against
// answers (stored values by question id): one section a scale, each with
// the page's own questions by area and each gathered page's questions as
// one row, and its questions by NSM category. A question whose scale is
// not in scales counts in the totals only.
func Summarize(self string, qs []*Question, scales map[string]Scale, answers map[string]string) Summary {
	var sum Summary
	secIdx := map[string]int{}
	type rowKey struct {
		scale string
		row   AreaTally
	}
	rowIdx := map[rowKey]int{}
	catIdx := map[[2]string]int{}
	for _, q := range qs {
		s, known := scales[q.Scale]
		value := answers[q.ID]
		sum.add(s, known, value)
		if !known {
			continue
		}
		si, ok := secIdx[q.Scale]
		if !ok {
			si = len(sum.Sections)
			secIdx[q.Scale] = si
			sum.Sections = append(sum.Sections, Section{Scale: q.Scale})
		}
		sec := &sum.Sections[si]
		sec.add(s, known, value)
		key := AreaTally{PageID: q.PageID, AreaID: q.AreaID, Area: q.Area}
		if q.PageID != self {
			key = AreaTally{PageID: q.PageID, Gathered: true}
			sec.Gathered = true
		} else {
			sec.Own = true
		}
		i, ok := rowIdx[rowKey{q.Scale, key}]
		if !ok {
			i = len(sec.Rows)
			rowIdx[rowKey{q.Scale, key}] = i
			sec.Rows = append(sec.Rows, key)
		}
		sec.Rows[i].add(s, known, value)
		for _, c := range q.Categories() {
			j, ok := catIdx[[2]string{q.Scale, c}]
			if !ok {
				j = len(sec.Categories)
				catIdx[[2]string{q.Scale, c}] = j
				sec.Categories = append(sec.Categories, CategoryTally{Category: c})
			}
			sec.Categories[j].add(s, known, value)
		}
	}
	for i := range sum.Sections {
		cats := sum.Sections[i].Categories
		sort.Slice(cats, func(a, b int) bool { return cats[a].Category < cats[b].Category })
	}
	return sum
}
