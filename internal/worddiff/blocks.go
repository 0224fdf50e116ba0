package worddiff

import (
	"html/template"
	"strings"
)

// Kind says how a paragraph changed.
type Kind int8

const (
	Same    Kind = iota // unchanged
	Changed             // reworded: its spans mark the words
	Added               // only in the new text
	Removed             // only in the old text
	// The two places of a block moved unchanged (Tree only): where it was,
	// its text marked deleted there, and where it is now, marked inserted.
	MovedAway
	MovedHere
)

func (k Kind) String() string {
	switch k {
	case Changed:
		return "changed"
	case Added:
		return "added"
	case Removed:
		return "removed"
	case MovedAway:
		return "moved-away"
	case MovedHere:
		return "moved-here"
	}
	return "same"
}

// Block is one paragraph of a block diff. Its spans reproduce the old
// paragraph (Equal and Delete) and the new one (Equal and Insert): one
// Equal span for Same, one Insert for Added, one Delete for Removed.
type Block struct {
	Kind  Kind
	Spans []Span
}

// HTML renders the block's text with <ins> and <del> marks; Added and
// Removed paragraphs are marked whole.
func (b Block) HTML() template.HTML { return HTML(b.Spans) }

// Class is the CSS class BlocksHTML gives the block's paragraph:
// diff-same, diff-changed, diff-added or diff-removed.
func (b Block) Class() string { return "diff-" + b.Kind.String() }

// similar is how much two paragraphs must share, as the Dice coefficient
// of their words, to be shown as one reworded paragraph rather than one
// removed and one added. Below it, word marks would be more noise than help.
const similar = 0.5

// maxPairing bounds the removed × added paragraphs of one changed region
// that are aligned by similarity; larger regions pair by position.
const maxPairing = 10000

// Blocks compares two plain-text documents paragraph by paragraph
// (paragraphs are separated by blank lines; line breaks inside one are
// kept). Unchanged paragraphs come once; a removed and an added paragraph
// that share most of their words become one Changed block with word
// marks; the rest are Removed or Added whole, as is a paragraph pair too
// large to diff word by word within the budget.
func Blocks(old, new string) []Block {
	pa, pb := paragraphs(old), paragraphs(new)
	ia, ib := intern(pa, pb)
	script, _ := diffOrReplace(ia, ib, maxEdits)
	var out []Block
	var dels, adds []string
	i, j := 0, 0
	for _, e := range script {
		switch e {
		case keep:
			out = appendRegion(out, dels, adds)
			dels, adds = dels[:0], adds[:0]
			out = append(out, Block{Same, []Span{{Equal, pa[i]}}})
			i++
			j++
		case remove:
			dels = append(dels, pa[i])
			i++
		case add:
			adds = append(adds, pb[j])
			j++
		}
	}
	return appendRegion(out, dels, adds)
}

// appendRegion appends the blocks of one changed region: dels removed and
// adds added paragraphs, in order, paired where they are similar.
func appendRegion(out []Block, dels, adds []string) []Block {
	i, j := 0, 0
	for _, p := range pairs(dels, adds) {
		for ; i < p[0]; i++ {
			out = append(out, Block{Removed, []Span{{Delete, dels[i]}}})
		}
		for ; j < p[1]; j++ {
			out = append(out, Block{Added, []Span{{Insert, adds[j]}}})
		}
		if spans, ok := diff(dels[i], adds[j]); ok {
			out = append(out, Block{Changed, spans})
		} else {
			out = append(out, Block{Removed, []Span{{Delete, dels[i]}}}, Block{Added, []Span{{Insert, adds[j]}}})
		}
		i++
		j++
	}
	for ; i < len(dels); i++ {
		out = append(out, Block{Removed, []Span{{Delete, dels[i]}}})
	}
	for ; j < len(adds); j++ {
		out = append(out, Block{Added, []Span{{Insert, adds[j]}}})
	}
	return out
}

// pairs chooses which removed and added paragraphs are rewordings of each
// other: those whose words are similar (pairBy).
func pairs(dels, adds []string) [][2]int {
	if len(dels) == 0 || len(adds) == 0 {
		return nil
	}
	bd, ba := bags(dels), bags(adds)
	return pairBy(len(dels), len(adds), func(i, j int) (float64, bool) {
		s := dice(bd[i], ba[j])
		return s, s >= similar
	})
}

// pairBy chooses which of n removed and m added blocks are rewordings of
// each other, given score, which says whether removed block i and added
// block j may pair and how well: the order-keeping pairing with the
// greatest total score (a small dynamic programme), or, for a very large
// region, each block with the one at the same position where they may pair.
func pairBy(n, m int, score func(i, j int) (float64, bool)) [][2]int {
	if n == 0 || m == 0 {
		return nil
	}
	if n*m > maxPairing {
		var out [][2]int
		for k := 0; k < n && k < m; k++ {
			if _, ok := score(k, k); ok {
				out = append(out, [2]int{k, k})
			}
		}
		return out
	}
	sim := make([]float64, n*m)          // negative: may not pair
	best := make([]float64, (n+1)*(m+1)) // best[i*(m+1)+j]: dels[i:] with adds[j:]
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			s, ok := score(i, j)
			if !ok {
				s = -1
			}
			sim[i*m+j] = s
			v := max(best[(i+1)*(m+1)+j], best[i*(m+1)+j+1])
			if ok {
				v = max(v, s+best[(i+1)*(m+1)+j+1])
			}
			best[i*(m+1)+j] = v
		}
	}
	var out [][2]int
	for i, j := 0, 0; i < n && j < m; {
		s := sim[i*m+j]
		switch {
		case s >= 0 && best[i*(m+1)+j] == s+best[(i+1)*(m+1)+j+1]:
			out = append(out, [2]int{i, j})
			i++
			j++
		case best[i*(m+1)+j] == best[(i+1)*(m+1)+j]:
			i++
		default:
			j++
		}
	}
	return out
}

// bag counts a paragraph's words.
type bag struct {
	words map[string]int
	n     int
}

func bags(ps []string) []bag {
	out := make([]bag, len(ps))
	for i, p := range ps {
		b := bag{words: map[string]int{}}
		for _, t := range tokenize(p) {
			if isWord(t) {
				b.words[strings.ToLower(t)]++
				b.n++
			}
		}
		out[i] = b
	}
	return out
}

// dice returns 2·shared / (words of a + words of b): 1 for the same words,
// 0 for none in common.
func dice(a, b bag) float64 {
	if a.n+b.n == 0 {
		return 0
	}
	if len(a.words) > len(b.words) {
		a, b = b, a
	}
	shared := 0
	for w, c := range a.words {
		shared += min(c, b.words[w])
	}
	return 2 * float64(shared) / float64(a.n+b.n)
}

// paragraphs splits a text at blank lines. Each paragraph is trimmed of
// surrounding white space; line breaks inside it are kept, as "\n".
func paragraphs(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	var out []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.TrimSpace(strings.Join(cur, "\n")))
			cur = cur[:0]
		}
	}
	for _, line := range strings.Split(s, "\n") {
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		cur = append(cur, line)
	}
	flush()
	return out
}

// BlocksHTML renders blocks as paragraphs, each with its Class:
// <p class="diff-changed">Kommunen <del>bør</del><ins>skal</ins> …</p>.
// Style the container with `white-space: pre-line` to show line breaks
// inside paragraphs.
func BlocksHTML(blocks []Block) template.HTML {
	var b strings.Builder
	for _, bl := range blocks {
		b.WriteString(`<p class="`)
		b.WriteString(bl.Class())
		b.WriteString(`">`)
		writeSpans(&b, bl.Spans)
		b.WriteString("</p>\n")
	}
	return template.HTML(b.String())
}

// CountBlocks returns the words inserted and deleted across blocks.
func CountBlocks(blocks []Block) Stats {
	var s Stats
	for _, b := range blocks {
		c := Count(b.Spans)
		s.Inserted += c.Inserted
		s.Deleted += c.Deleted
	}
	return s
}
