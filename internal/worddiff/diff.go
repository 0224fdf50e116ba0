// Package worddiff shows how a text changed, word by word, for readers
// rather than for patch tools: a director comparing an old edition of a
// one-pager with the current one sees the inserted and deleted words marked
// with <ins> and <del> (so the change is carried by markup, not by colour
// alone), whole changed phrases rather than a scatter of single words, and
// unchanged paragraphs once.
//
// The texts are plain text (no HTML). Every result reproduces both inputs
// exactly: the old text is the Equal and Delete spans in order, the new
// text the Equal and Insert spans. Time is bounded: regions that would need
// more than a fixed number of edits are shown as replaced whole instead of
// being diffed in quadratic time.
//
// Tree compares two pages as HTML instead, block by block, and keeps their
// structure: headings, lists, tables and code blocks are shown as such,
// with the word marks inside them (see tree.go).
package worddiff

// Op says which text a span belongs to.
type Op int8

const (
	Equal  Op = iota // in both texts
	Delete           // only in the old text
	Insert           // only in the new text
)

func (o Op) String() string {
	switch o {
	case Delete:
		return "delete"
	case Insert:
		return "insert"
	}
	return "equal"
}

// Span is a run of text with one Op.
type Span struct {
	Op   Op
	Text string
}

// Limits on the work of one diff. Beyond them the changed region is shown
// as deleted and inserted whole, which is also what a reader would make of
// a text changed that much.
const (
	maxEdits  = 1000  // insertions plus deletions, in tokens
	maxTokens = 50000 // tokens of both texts, once common ends are set aside
)

// Diff compares two texts word by word. In the result, each changed
// region is one Delete span followed by one Insert span (either may be
// missing), and short unchanged stretches between changes, such as the
// space between two replaced words, are folded into the change so that it
// reads as one phrase replaced by another.
func Diff(old, new string) []Span {
	spans, _ := diff(old, new)
	return spans
}

// diff is Diff that also reports whether the texts were diffed within the
// budget (false: the changed middle is shown replaced whole).
func diff(old, new string) ([]Span, bool) {
	a, b := tokenize(old), tokenize(new)
	script, ok := diffTokens(a, b)
	return cleanup(groups(script, a, b), old, new), ok
}

// diffTokens returns an edit script over the token lists: common ends
// first, then Myers on the middle within the budget, else (ok false) the
// middle replaced whole.
func diffTokens(a, b []string) (script []edit, ok bool) {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	midA, midB := a[pre:len(a)-suf], b[pre:len(b)-suf]
	script = make([]edit, 0, len(a)+len(b))
	for range pre {
		script = append(script, keep)
	}
	var mid []edit
	if len(midA)+len(midB) <= maxTokens {
		ia, ib := intern(midA, midB)
		mid, ok = myers(ia, ib, maxEdits)
	}
	if !ok {
		mid = replaceAll(mid[:0], len(midA), len(midB))
	}
	script = append(script, mid...)
	for range suf {
		script = append(script, keep)
	}
	return script, ok
}

// intern numbers the distinct strings (tokens, or paragraphs) so that the
// diff compares integers.
func intern(a, b []string) ([]int32, []int32) {
	ids := make(map[string]int32, len(a))
	num := func(toks []string) []int32 {
		out := make([]int32, len(toks))
		for i, t := range toks {
			id, ok := ids[t]
			if !ok {
				id = int32(len(ids))
				ids[t] = id
			}
			out[i] = id
		}
		return out
	}
	return num(a), num(b)
}

// group is an unchanged run or a change, as byte ranges of the two texts:
// old[a0:a1] and new[b0:b1]. Tokens are substrings in order, so adjacent
// groups are adjacent ranges and merging them is arithmetic, not copying.
type group struct {
	same           bool
	a0, a1, b0, b1 int
}

// groups turns an edit script into groups: unchanged runs, and changes
// holding all deleted and inserted text between two unchanged runs.
func groups(script []edit, a, b []string) []group {
	var out []group
	i, j := 0, 0 // tokens consumed
	x, y := 0, 0 // bytes consumed
	for _, e := range script {
		g := group{same: e == keep, a0: x, b0: y}
		if e != add {
			x += len(a[i])
			i++
		}
		if e != remove {
			y += len(b[j])
			j++
		}
		g.a1, g.b1 = x, y
		if n := len(out); n > 0 && out[n-1].same == g.same {
			out[n-1].a1, out[n-1].b1 = x, y
			continue
		}
		out = append(out, g)
	}
	return out
}

// cleanup folds an unchanged run into the changes around it when it is no
// longer than the larger side of the change on each side of it (the rule
// of diff-match-patch's semantic cleanup): "the cat" → "a dog" reads as
// one replaced phrase, not as two replaced words around a kept space.
// It returns the groups as spans of old and new.
func cleanup(gs []group, old, new string) []Span {
	var st []group
	for _, g := range gs {
		st = append(st, g)
		for len(st) >= 3 {
			c1, eq, c2 := st[len(st)-3], st[len(st)-2], st[len(st)-1]
			if c1.same || !eq.same || c2.same || !foldable(eq, c1, c2) {
				break
			}
			st = append(st[:len(st)-3], group{a0: c1.a0, a1: c2.a1, b0: c1.b0, b1: c2.b1})
		}
	}
	if len(st) == 0 {
		return nil
	}
	out := make([]Span, 0, len(st)+len(st)/2)
	for _, g := range st {
		switch {
		case g.same:
			out = append(out, Span{Equal, old[g.a0:g.a1]})
		default:
			if g.a1 > g.a0 {
				out = append(out, Span{Delete, old[g.a0:g.a1]})
			}
			if g.b1 > g.b0 {
				out = append(out, Span{Insert, new[g.b0:g.b1]})
			}
		}
	}
	return out
}

// foldable reports whether the unchanged run eq between changes c1 and
// c2 is short enough to fold into them. Lengths are in bytes: cheap, and
// near enough to characters for this judgement.
func foldable(eq, c1, c2 group) bool {
	n := eq.a1 - eq.a0
	return n <= max(c1.a1-c1.a0, c1.b1-c1.b0) && n <= max(c2.a1-c2.a0, c2.b1-c2.b0)
}

// Stats counts the words a diff inserts and deletes, for a summary such as
// "+12 / −3 ord".
type Stats struct {
	Inserted, Deleted int
}

// Changed reports whether any word was inserted or deleted.
func (s Stats) Changed() bool { return s.Inserted > 0 || s.Deleted > 0 }

// Count returns the Stats of spans.
func Count(spans []Span) Stats {
	var s Stats
	for _, sp := range spans {
		if sp.Op == Equal {
			continue
		}
		words := 0
		for _, t := range tokenize(sp.Text) {
			if isWord(t) {
				words++
			}
		}
		if sp.Op == Insert {
			s.Inserted += words
		} else {
			s.Deleted += words
		}
	}
	return s
}
