package worddiff

import "strings"

// Change is one block of a structural comparison (Tree).
//
// A Same block is the newer block, unchanged. A Changed leaf's spans mark
// its words (Equal and Delete give the older text, Equal and Insert the
// newer); a Changed container holds the comparison of its blocks. An
// Added, Removed or moved block is the whole block, every leaf in it one
// Insert (Added, MovedHere) or Delete (Removed, MovedAway) span, and its
// blocks carry its kind.
type Change struct {
	Kind     Kind
	Tag      string   // as Node.Tag; of the newer block when both have one
	Spans    []Span   // a leaf's text
	Children []Change // a container's blocks
}

// Tree compares two pages given as HTML fragments, keeping their
// structure (see Node). Blocks that are the same are matched as in Blocks;
// a removed and an added block of the same sort (two paragraphs, two
// lists, two rows) that share most of their words become one Changed
// block, compared inside; a heading in place of another heading is always
// shown as renamed, since headings are what a reader steers by; a block
// that only moved is shown at both places as moved. The cells of two
// matched rows are matched by column.
func Tree(old, new string) []Change { return TreeNodes(Parse(old), Parse(new)) }

// TreeNodes is Tree on parsed pages.
func TreeNodes(old, new []*Node) []Change { return diffSeq(old, new, false) }

// key identifies a block with everything in it: equal keys, equal blocks.
// Text written straight in a list item and a paragraph there read alike,
// so they share a tag in the key.
func (n *Node) keyOf() string {
	if n.key == "" {
		var b strings.Builder
		tag := n.Tag
		if tag == "" {
			tag = "p"
		}
		b.WriteString(tag)
		b.WriteByte(0)
		b.WriteString(n.Text)
		for _, c := range n.Children {
			b.WriteByte(1)
			b.WriteString(c.keyOf())
		}
		b.WriteByte(2)
		n.key = b.String()
	}
	return n.key
}

// words counts the words of the block and everything in it.
func (n *Node) words() bag {
	if n.bag == nil {
		b := bag{words: map[string]int{}}
		var add func(*Node)
		add = func(n *Node) {
			for _, t := range tokenize(n.Text) {
				if isWord(t) {
					b.words[strings.ToLower(t)]++
					b.n++
				}
			}
			for _, c := range n.Children {
				add(c)
			}
		}
		add(n)
		n.bag = &b
	}
	return *n.bag
}

// family groups the tags whose blocks can be one block changed: a paragraph
// and text in an item, the heading levels, the two kinds of list, the two
// kinds of cell.
func family(tag string) string {
	switch tag {
	case "", "p":
		return "p"
	case "h1", "h2", "h3", "h4", "h5", "h6":
		return "h"
	case "ul", "ol":
		return "list"
	case "td", "th":
		return "cell"
	}
	return tag
}

// score says whether a removed and an added block may be shown as one
// changed block, and how alike they are. In a table cell (cell true), the
// text in place of other text is that cell's new value, however unlike.
func score(a, b *Node, cell bool) (float64, bool) {
	if family(a.Tag) != family(b.Tag) {
		return 0, false
	}
	if !a.leaf() {
		// A list or table that grew or shrank is still that list or
		// table: what matters is how much of the smaller is in the larger.
		s := overlap(a.words(), b.words())
		return s, s >= similar
	}
	s := dice(a.words(), b.words())
	if family(a.Tag) == "h" || cell {
		return .5 + s/2, true
	}
	return s, s >= similar
}

// overlap returns shared / (words of the smaller of a and b): 1 when one
// holds all the words of the other, 0 for none in common or no words.
func overlap(a, b bag) float64 {
	if a.n == 0 || b.n == 0 {
		return 0
	}
	if len(a.words) > len(b.words) {
		a, b = b, a
	}
	shared := 0
	for w, c := range a.words {
		shared += min(c, b.words[w])
	}
	return float64(shared) / float64(min(a.n, b.n))
}

// diffSeq compares two runs of blocks, the blocks of a table cell when
// cell is true.
func diffSeq(a, b []*Node, cell bool) []Change {
	ka, kb := make([]string, len(a)), make([]string, len(b))
	for i, n := range a {
		ka[i] = n.keyOf()
	}
	for j, n := range b {
		kb[j] = n.keyOf()
	}
	ia, ib := intern(ka, kb)
	script, _ := diffOrReplace(ia, ib, maxEdits)
	// A removed block that comes back unchanged elsewhere moved.
	away := map[string][]int{}
	for i, j, k := 0, 0, 0; k < len(script); k++ {
		switch script[k] {
		case keep:
			i++
			j++
		case remove:
			away[ka[i]] = append(away[ka[i]], i)
			i++
		case add:
			j++
		}
	}
	movedA, movedB := map[int]bool{}, map[int]bool{}
	for i, j, k := 0, 0, 0; k < len(script); k++ {
		switch script[k] {
		case keep:
			i++
			j++
		case remove:
			i++
		case add:
			if l := away[kb[j]]; len(l) > 0 && b[j].words().n > 0 {
				movedA[l[0]], movedB[j] = true, true
				away[kb[j]] = l[1:]
			}
			j++
		}
	}
	var out []Change
	var dels, adds []int
	i, j := 0, 0
	for _, e := range script {
		switch e {
		case keep:
			out = appendChanged(out, a, b, dels, adds, movedA, movedB, cell)
			dels, adds = dels[:0], adds[:0]
			out = append(out, whole(b[j], Same, Equal))
			i++
			j++
		case remove:
			dels = append(dels, i)
			i++
		case add:
			adds = append(adds, j)
			j++
		}
	}
	return appendChanged(out, a, b, dels, adds, movedA, movedB, cell)
}

// appendChanged appends the blocks of one changed region, the blocks
// a[dels] removed and b[adds] added, in order, pairing those that are one
// block changed.
func appendChanged(out []Change, a, b []*Node, dels, adds []int, movedA, movedB map[int]bool, cell bool) []Change {
	gone := func(i int) Change {
		if movedA[i] {
			return whole(a[i], MovedAway, Delete)
		}
		return whole(a[i], Removed, Delete)
	}
	come := func(j int) Change {
		if movedB[j] {
			return whole(b[j], MovedHere, Insert)
		}
		return whole(b[j], Added, Insert)
	}
	ps := pairBy(len(dels), len(adds), func(x, y int) (float64, bool) {
		if movedA[dels[x]] || movedB[adds[y]] {
			return 0, false
		}
		return score(a[dels[x]], b[adds[y]], cell)
	})
	x, y := 0, 0
	for _, p := range ps {
		for ; x < p[0]; x++ {
			out = append(out, gone(dels[x]))
		}
		for ; y < p[1]; y++ {
			out = append(out, come(adds[y]))
		}
		out = append(out, pair(a[dels[x]], b[adds[y]])...)
		x++
		y++
	}
	for ; x < len(dels); x++ {
		out = append(out, gone(dels[x]))
	}
	for ; y < len(adds); y++ {
		out = append(out, come(adds[y]))
	}
	return out
}

// pair compares two blocks of the same sort: a leaf word by word (or, over
// the budget, as removed and added whole), a container block by block, a
// row cell by cell.
func pair(x, y *Node) []Change {
	if x.leaf() {
		spans, ok := diff(x.Text, y.Text)
		if !ok {
			return []Change{whole(x, Removed, Delete), whole(y, Added, Insert)}
		}
		return []Change{{Kind: Changed, Tag: y.Tag, Spans: spans}}
	}
	var kids []Change
	if y.Tag == "tr" {
		kids = diffCells(x.Children, y.Children)
	} else {
		kids = diffSeq(x.Children, y.Children, family(y.Tag) == "cell")
	}
	return []Change{{Kind: Changed, Tag: y.Tag, Children: kids}}
}

// diffCells compares the cells of two rows by column: a cell is where it
// is because of its column, and a changed cell must stay in it.
func diffCells(a, b []*Node) []Change {
	var out []Change
	for k := 0; k < len(a) || k < len(b); k++ {
		switch {
		case k >= len(b):
			out = append(out, whole(a[k], Removed, Delete))
		case k >= len(a):
			out = append(out, whole(b[k], Added, Insert))
		case a[k].keyOf() == b[k].keyOf():
			out = append(out, whole(b[k], Same, Equal))
		default:
			out = append(out, pair(a[k], b[k])...)
		}
	}
	return out
}

// whole is a block shown entire, of one kind, its text as one span of op.
func whole(n *Node, k Kind, op Op) Change {
	c := Change{Kind: k, Tag: n.Tag}
	if n.leaf() {
		c.Spans = []Span{{op, n.Text}}
	}
	if len(n.Children) > 0 {
		c.Children = make([]Change, len(n.Children))
		for i, ch := range n.Children {
			c.Children[i] = whole(ch, k, op)
		}
	}
	return c
}

// CountTree returns the words inserted and deleted across a structural
// comparison. Moved blocks count as neither: their words are the same.
func CountTree(cs []Change) Stats {
	var s Stats
	var walk func([]Change)
	walk = func(cs []Change) {
		for _, c := range cs {
			if c.Kind == MovedAway || c.Kind == MovedHere {
				continue
			}
			n := Count(c.Spans)
			s.Inserted += n.Inserted
			s.Deleted += n.Deleted
			walk(c.Children)
		}
	}
	walk(cs)
	return s
}
