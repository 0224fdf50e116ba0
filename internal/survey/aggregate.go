package survey

import (
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/varde-portal/varde/internal/checklist"
)

// Quartiles summarise a group of at least K levels on the 1–4 maturity
// scale (an answer's score a on the common 0–100 basis is the level
// 1 + 3a/100, as on the checklist's NSM chart). Q1, Median and Q3 are the
// 25th, 50th and 75th percentiles with linear interpolation between the
// closest ranks (the definition of Excel's QUARTILE.INC and R's type 7).
type Quartiles struct {
	N      int     `json:"n"`
	Q1     float64 `json:"q1"`
	Median float64 `json:"median"`
	Q3     float64 `json:"q3"`
}

// MarshalJSON writes the levels with two decimals: more would only say
// more about the individual answers behind them.
func (q Quartiles) MarshalJSON() ([]byte, error) {
	return []byte(fmt.Sprintf(`{"n":%d,"q1":%s,"median":%s,"q3":%s}`, q.N, Round2(q.Q1), Round2(q.Median), Round2(q.Q3))), nil
}

// Round2 formats a level with at most two decimals.
func Round2(x float64) string {
	return strconv.FormatFloat(math.Round(x*100)/100, 'f', -1, 64)
}

// Cell is one count of a distribution: the answers of one level of a
// question's scale. Hidden cells carry no count.
type Cell struct {
	Value  string `json:"value"` // the level's stored value; "" is an unticked check question
	Count  int    `json:"count,omitempty"`
	Hidden bool   `json:"hidden,omitempty"`
}

// QuestionStat is the aggregate of one question.
type QuestionStat struct {
	ID string `json:"id"`
	// N is the number of respondents who answered; shown only when at
	// least K (Hidden otherwise, and then nothing else is filled in).
	N      int        `json:"n,omitempty"`
	Hidden bool       `json:"hidden,omitempty"`
	Levels []Cell     `json:"levels,omitempty"`
	Stats  *Quartiles `json:"stats,omitempty"` // nil when fewer than K answers count towards a score
	// Edition and Why are set for answers kept apart: given to an
	// edition's wording of a question since reworded, removed or moved to
	// another scale.
	Edition string `json:"edition,omitempty"`
	Why     string `json:"why,omitempty"`
}

// GroupStat is the aggregate of an area or an NSM category: for each
// respondent the mean level of their counted answers in it, summarised.
type GroupStat struct {
	Key    string                `json:"key"`
	Stats  *Quartiles            `json:"stats,omitempty"`
	ByRole map[string]*Quartiles `json:"byRole,omitempty"` // only roles whose count is shown
}

// RoleCount is the number of respondents of one role.
type RoleCount struct {
	Role   string `json:"role"`
	Count  int    `json:"count,omitempty"`
	Hidden bool   `json:"hidden,omitempty"`
}

// Result is what a survey publishes. Every number in it comes from a group
// of at least K respondents; a smaller group is marked hidden and carries
// no figure.
type Result struct {
	K int `json:"k"`
	// N is the number of respondents counted, shown when at least K;
	// Enough is false otherwise, and the rest of the result is empty.
	N          int            `json:"n,omitempty"`
	Enough     bool           `json:"enough"`
	Roles      []RoleCount    `json:"roles,omitempty"`
	Questions  []QuestionStat `json:"questions,omitempty"` // in checklist order
	Areas      []GroupStat    `json:"areas,omitempty"`
	Categories []GroupStat    `json:"categories,omitempty"`
	Lowest     []string       `json:"lowest,omitempty"` // question ids, lowest median first
	Spread     []string       `json:"spread,omitempty"` // question ids, widest interquartile range first
	Apart      []QuestionStat `json:"apart,omitempty"`  // answers to changed questions, by edition
}

// Level converts a score on the common 0–100 basis to the 1–4 maturity
// scale: 1 + 3·score/100. The maturity scale scores its levels 0, 33, 67
// and 100, whole numbers for thirds; a score within half a point of a
// third is that third, so maturity 2 and 3 are the levels 2 and 3, not
// 1.99 and 3.01.
func Level(score int) float64 {
	x := 1 + 3*float64(score)/100
	if r := math.Round(x); math.Abs(x-r) < 0.015 {
		return r
	}
	return x
}

// Percentile returns the p-th percentile (0–1) of sorted xs with linear
// interpolation between closest ranks.
func Percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	pos := p * float64(len(sorted)-1)
	lo := int(math.Floor(pos))
	if lo+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[lo] + (pos-float64(lo))*(sorted[lo+1]-sorted[lo])
}

// summarise returns the quartiles of xs, or nil when fewer than k.
func summarise(xs []float64, k int) *Quartiles {
	if len(xs) < k || len(xs) == 0 {
		return nil
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return &Quartiles{N: len(s), Q1: Percentile(s, .25), Median: Percentile(s, .5), Q3: Percentile(s, .75)}
}

// Suppress decides which cells of counts adding up to a shown total are
// hidden: every count from 1 to k-1, and with them the smallest other
// non-zero counts until the hidden cells are at least two and hold at
// least k together (or all are hidden), so that the total minus the shown
// cells never reveals a group under k. Zero cells are shown: they are no
// group of anyone.
func Suppress(counts []int, k int) []bool {
	hide := make([]bool, len(counts))
	any := false
	for i, c := range counts {
		if c > 0 && c < k {
			hide[i] = true
			any = true
		}
	}
	if !any {
		return hide
	}
	for {
		n, sum := 0, 0
		for i, c := range counts {
			if hide[i] {
				n++
				sum += c
			}
		}
		if n >= 2 && sum >= k {
			return hide
		}
		next := -1
		for i, c := range counts {
			if !hide[i] && c > 0 && (next < 0 || c < counts[next]) {
				next = i
			}
		}
		if next < 0 {
			return hide // everything non-zero is hidden
		}
		hide[next] = true
	}
}

// Aggregate computes the survey's result from the responses that count.
func (d *Definition) Aggregate(rs []Response) *Result {
	k := d.K
	res := &Result{K: k}
	if len(rs) < k {
		return res
	}
	res.Enough, res.N = true, len(rs)

	roleN := make([]int, len(Roles))
	roleOf := make([]int, len(rs))
	for i, r := range rs {
		roleOf[i] = -1
		for j, role := range Roles {
			if r.Role == role {
				roleN[j]++
				roleOf[i] = j
			}
		}
	}
	hideRole := Suppress(roleN, k)
	shownRole := make([]bool, len(Roles))
	for j, role := range Roles {
		rc := RoleCount{Role: role, Count: roleN[j], Hidden: hideRole[j]}
		if rc.Hidden {
			rc.Count = 0
		} else if roleN[j] >= k {
			shownRole[j] = true
		}
		res.Roles = append(res.Roles, rc)
	}

	// Index questions, areas and categories, and each question's levels.
	nq := len(d.Questions)
	qIndex := make(map[string]int, nq)
	areaOf := make([]int, nq)
	var areaKeys, catKeys []string
	areaIdx, catIdx := map[string]int{}, map[string]int{}
	levelIdx := make([]map[string]int, nq)
	for qi, q := range d.Questions {
		qIndex[q.ID] = qi
		a, ok := areaIdx[q.Area]
		if !ok {
			a = len(areaKeys)
			areaIdx[q.Area] = a
			areaKeys = append(areaKeys, q.Area)
		}
		areaOf[qi] = a
		for _, c := range q.Categories {
			if _, ok := catIdx[c]; !ok {
				catIdx[c] = len(catKeys)
				catKeys = append(catKeys, c)
			}
		}
		m := make(map[string]int, len(q.Scale.Levels)+1)
		for li, l := range q.Scale.Levels {
			m[l.Value] = li
		}
		if q.Scale.IsCheck() {
			m[""] = len(q.Scale.Levels) // the unticked box
		}
		levelIdx[qi] = m
	}
	sort.Strings(catKeys)
	for i, c := range catKeys {
		catIdx[c] = i
	}
	qCats := make([][]int, nq)
	for qi, q := range d.Questions {
		for _, c := range q.Categories {
			qCats[qi] = append(qCats[qi], catIdx[c])
		}
	}

	// answer[r*nq+qi] is the level index response r chose for question
	// qi, -1 for none (or an answer given to another wording).
	answer := make([]int16, len(rs)*nq)
	for i := range answer {
		answer[i] = -1
	}
	for ri, r := range rs {
		for id, v := range r.Answers {
			qi, ok := qIndex[id]
			if !ok || r.Version.Apart[id] != "" {
				continue
			}
			if li, ok := levelIdx[qi][v]; ok {
				answer[ri*nq+qi] = int16(li)
			}
		}
	}

	na, nc := len(areaKeys), len(catKeys)
	areaSum, areaCnt := make([]float64, len(rs)*na), make([]int, len(rs)*na)
	catSum, catCnt := make([]float64, len(rs)*nc), make([]int, len(rs)*nc)
	for qi, q := range d.Questions {
		nl := len(q.Scale.Levels)
		counts := make([]int, nl+1)
		lv := make([]float64, nl+1)
		counted := make([]bool, nl+1)
		for li, l := range q.Scale.Levels {
			sc, ok := checklist.Score(q.Scale, l.Value)
			lv[li], counted[li] = Level(sc), ok
		}
		if q.Scale.IsCheck() {
			lv[nl], counted[nl] = Level(0), true
		}
		var levels []float64
		answered := 0
		for ri := range rs {
			li := answer[ri*nq+qi]
			if li < 0 {
				continue
			}
			answered++
			counts[li]++
			if !counted[li] {
				continue
			}
			x := lv[li]
			levels = append(levels, x)
			a := ri*na + areaOf[qi]
			areaSum[a] += x
			areaCnt[a]++
			for _, c := range qCats[qi] {
				catSum[ri*nc+c] += x
				catCnt[ri*nc+c]++
			}
		}
		res.Questions = append(res.Questions, questionStat(q, counts[:nl], counts[nl], answered, levels, k))
	}

	// Areas and categories: each respondent's mean level in it.
	group := func(key string, sum []float64, cnt []int, n, gi int) GroupStat {
		g := GroupStat{Key: key}
		var all []float64
		byRole := make([][]float64, len(Roles))
		for ri := range rs {
			c := cnt[ri*n+gi]
			if c == 0 {
				continue
			}
			m := sum[ri*n+gi] / float64(c)
			all = append(all, m)
			if j := roleOf[ri]; j >= 0 {
				byRole[j] = append(byRole[j], m)
			}
		}
		g.Stats = summarise(all, k)
		if g.Stats == nil {
			return g
		}
		for j, role := range Roles {
			if !shownRole[j] {
				continue
			}
			if s := summarise(byRole[j], k); s != nil {
				if g.ByRole == nil {
					g.ByRole = map[string]*Quartiles{}
				}
				g.ByRole[role] = s
			}
		}
		return g
	}
	for ai, a := range areaKeys {
		res.Areas = append(res.Areas, group(a, areaSum, areaCnt, na, ai))
	}
	for ci, c := range catKeys {
		res.Categories = append(res.Categories, group(c, catSum, catCnt, nc, ci))
	}

	res.Lowest, res.Spread = extremes(res.Questions, 5)
	res.Apart = d.apart(rs, k)
	return res
}

// questionStat fills in a question's aggregate, hiding what comes from
// fewer than k respondents.
func questionStat(q Question, counts []int, unticked, answered int, levels []float64, k int) QuestionStat {
	qs := QuestionStat{ID: q.ID}
	if answered < k {
		qs.Hidden = true
		return qs
	}
	qs.N = answered
	all := append([]int(nil), counts...)
	values := make([]string, 0, len(all)+1)
	for _, l := range q.Scale.Levels {
		values = append(values, l.Value)
	}
	if q.Scale.IsCheck() {
		all = append(all, unticked)
		values = append(values, "")
	}
	hide := Suppress(all, k)
	for i, c := range all {
		cell := Cell{Value: values[i], Count: c, Hidden: hide[i]}
		if cell.Hidden {
			cell.Count = 0
		}
		qs.Levels = append(qs.Levels, cell)
	}
	qs.Stats = summarise(levels, k)
	return qs
}

// extremes returns up to n questions with the lowest median (then lowest
// Q1, Q3) and up to n with the widest interquartile range.
func extremes(qs []QuestionStat, n int) (lowest, spread []string) {
	var withStats []int
	for i, q := range qs {
		if q.Stats != nil {
			withStats = append(withStats, i)
		}
	}
	low := append([]int(nil), withStats...)
	sort.SliceStable(low, func(a, b int) bool {
		x, y := qs[low[a]].Stats, qs[low[b]].Stats
		if x.Median != y.Median {
			return x.Median < y.Median
		}
		if x.Q1 != y.Q1 {
			return x.Q1 < y.Q1
		}
		return x.Q3 < y.Q3
	})
	wide := append([]int(nil), withStats...)
	sort.SliceStable(wide, func(a, b int) bool {
		x, y := qs[wide[a]].Stats, qs[wide[b]].Stats
		return x.Q3-x.Q1 > y.Q3-y.Q1
	})
	for i := 0; i < len(low) && i < n; i++ {
		lowest = append(lowest, qs[low[i]].ID)
	}
	for i := 0; i < len(wide) && i < n; i++ {
		if s := qs[wide[i]].Stats; s.Q3-s.Q1 <= 0 {
			break // no spread at all is not worth listing
		}
		spread = append(spread, qs[wide[i]].ID)
	}
	return lowest, spread
}

// apart aggregates the answers given to a wording of a question that has
// changed since, per edition and question, with the same thresholds.
func (d *Definition) apart(rs []Response, k int) []QuestionStat {
	type key struct{ edition, id string }
	type acc struct {
		q      Question
		why    string
		values []string
	}
	groups := map[key]*acc{}
	var order []key
	for _, r := range rs {
		v := r.Version
		for id, why := range v.Apart {
			val, ok := r.Answers[id]
			if !ok || (val == "" && !v.Questions[id].Scale.IsCheck()) {
				continue
			}
			kk := key{v.Edition, id}
			a := groups[kk]
			if a == nil {
				a = &acc{q: v.Questions[id], why: why}
				groups[kk] = a
				order = append(order, kk)
			}
			a.values = append(a.values, val)
		}
	}
	sort.Slice(order, func(i, j int) bool {
		if order[i].edition != order[j].edition {
			return order[i].edition < order[j].edition
		}
		return order[i].id < order[j].id
	})
	var out []QuestionStat
	for _, kk := range order {
		a := groups[kk]
		counts := make([]int, len(a.q.Scale.Levels))
		unticked := 0
		var levels []float64
		for _, val := range a.values {
			if val == "" {
				unticked++
			}
			for j, l := range a.q.Scale.Levels {
				if l.Value == val {
					counts[j]++
				}
			}
			if score, ok := checklist.Score(a.q.Scale, val); ok {
				levels = append(levels, Level(score))
			}
		}
		qs := questionStat(a.q, counts, unticked, len(a.values), levels, k)
		if qs.Hidden {
			continue // a group under k is not even listed
		}
		qs.Edition, qs.Why = kk.edition, a.why
		out = append(out, qs)
	}
	return out
}
