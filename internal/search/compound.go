package search

// Compound words are the heart of Norwegian search: "informasjonssikkerhet"
// must be found by "sikkerhet", but below a page about "sikkerhet" itself.
// Two ways were measured on the relevance set (see doc.go): indexing
// character n-grams, and splitting compounds into known words at index time
// (decompounding). Decompounding won and is what both engines use; the
// n-gram variant stays for the measurement (compoundOptions.ngrams).
//
// The splitter needs no word list of its own: a language's dictionary is
// its corpus. A compound splits into pieces that each occur in the corpus
// as a word or stem of their own, optionally joined by the linking letters
// s or e ("informasjon·s·sikkerhet", "barn·e·hage"); the last piece may be
// inflected ("…sikkerheten"), so it is matched by its stem. Pieces are
// split again, so "personvernombud" yields personvern, ombud, person, vern.
// The parts are indexed in their own field, weighted below exact words.
// A query word is looked up as a whole word and as a part, and a query
// compound also matches its pieces together (vocab.splitQuery, Pieces).

// compoundOptions tune compound handling; the zero value is the default.
type compoundOptions struct {
	disabled bool // no compound parts at all (measurement baseline)
	ngrams   bool // index character n-grams instead of parts (measurement)
	minPart  int  // shortest piece, in letters; default 4
}

func (o compoundOptions) min() int {
	if o.minPart > 0 {
		return o.minPart
	}
	return 4
}

var linkers = []string{"", "s", "e"}

// decompounder splits the words of one language's corpus.
type decompounder struct {
	an      *analyzer
	keys    map[string]uint32 // word or stem → stem id
	stems   map[string]uint32 // stem → stem id
	minPart int
}

func newDecompounder(an *analyzer, lex *lexicon, co compoundOptions) *decompounder {
	d := &decompounder{an: an, keys: map[string]uint32{}, stems: lex.stemIDs, minPart: co.min()}
	for i, s := range lex.surf {
		if len([]rune(s)) >= d.minPart {
			d.keys[s] = lex.stemOf[i]
		}
	}
	for s, id := range lex.stemIDs {
		if _, ok := d.keys[s]; !ok && len([]rune(s)) >= d.minPart {
			d.keys[s] = id
		}
	}
	return d
}

// parts returns the stem ids of the parts of a word (given as its folded
// surface and stem id), without the word's own stem; nil when it does not
// split.
func (d *decompounder) parts(surface string, own uint32) []uint32 {
	ps, _ := d.partsAndPieces(surface, own)
	return ps
}

// partsAndPieces is parts and the word's top-level pieces (its split),
// from one split.
func (d *decompounder) partsAndPieces(surface string, own uint32) ([]uint32, []piece) {
	var out []uint32
	seen := map[uint32]bool{own: true}
	top := d.collect(surface, seen, &out, 0)
	return out, top
}

// collect adds the parts of w to out and returns w's own pieces.
func (d *decompounder) collect(w string, seen map[uint32]bool, out *[]uint32, depth int) []piece {
	if depth > 4 {
		return nil
	}
	pieces := d.split(w)
	for _, p := range pieces {
		if !seen[p.stem] {
			seen[p.stem] = true
			*out = append(*out, p.stem)
		}
	}
	if len(pieces) > 1 {
		for _, p := range pieces {
			d.collect(p.text, seen, out, depth+1)
		}
	}
	return pieces
}

type piece struct {
	text string
	stem uint32
}

// split finds the segmentation of w into the fewest known pieces, then the
// fewest linking letters, then the longest last piece. It returns nil when
// w does not split into two or more. It works on byte offsets of letter
// boundaries so that looking pieces up allocates nothing.
func (d *decompounder) split(w string) []piece {
	at := make([]int, 0, len(w)+1) // byte offset of each letter, then len(w)
	for i := range w {
		at = append(at, i)
	}
	n := len(at)
	at = append(at, len(w))
	if n < 2*d.minPart {
		return nil
	}
	type state struct {
		parts, links int
		from, end    int // previous position, end of the piece (before the linker)
		ok           bool
	}
	reach := make([]state, n+1)
	reach[0] = state{ok: true}
	better := func(a, b state) bool {
		return !b.ok || a.parts < b.parts || a.parts == b.parts && a.links < b.links
	}
	for i := 0; i < n; i++ {
		if !reach[i].ok {
			continue
		}
		for k := i + d.minPart; k <= n-d.minPart; k++ {
			if _, ok := d.keys[w[at[i]:at[k]]]; !ok {
				continue
			}
			for _, l := range linkers {
				next := k + len(l)
				if next > n-d.minPart || w[at[k]:at[next]] != l {
					continue
				}
				cand := state{parts: reach[i].parts + 1, links: reach[i].links + len(l), from: i, end: k, ok: true}
				if better(cand, reach[next]) {
					reach[next] = cand
				}
			}
		}
	}
	best, bestHead, bestStem := state{}, -1, uint32(0)
	for i := d.minPart; i <= n-d.minPart; i++ {
		if !reach[i].ok {
			continue
		}
		head := w[at[i]:]
		sid, ok := d.stems[d.an.stemWord(head)]
		if !ok {
			sid, ok = d.keys[head]
		}
		if !ok {
			continue
		}
		cand := reach[i]
		cand.parts++
		if bestHead < 0 || better(cand, best) {
			best, bestHead, bestStem = cand, i, sid
		}
	}
	if bestHead < 0 {
		return nil
	}
	out := []piece{{text: w[at[bestHead]:], stem: bestStem}}
	for p := bestHead; p > 0; p = reach[p].from {
		s := reach[p]
		text := w[at[s.from]:at[s.end]]
		out = append(out, piece{text: text, stem: d.keys[text]})
	}
	// Pieces were collected from the end; put them in reading order.
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}
