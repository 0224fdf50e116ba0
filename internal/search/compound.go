package search

import (
	"strings"
	"unicode/utf8"
)

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
	separate bool // bleve index in ten fields, not packed (fields.go): the tests' reference
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
	// The lexicon's surfaces and their stem ids: a piece that is a word of
	// the dictionary has the stem the analyzer gave it there, which split
	// takes instead of running the stemmer on it again.
	surfIDs map[string]uint32
	stemOf  []uint32
}

func newDecompounder(an *analyzer, lex *lexicon, co compoundOptions) *decompounder {
	d := &decompounder{an: an, keys: map[string]uint32{}, stems: lex.stemIDs, minPart: co.min(), surfIDs: lex.surfIDs, stemOf: lex.stemOf}
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

// splitStack is the longest word, in letters, whose split needs no
// memory from the heap.
const splitStack = 48

type piece struct {
	text string
	stem uint32
}

// split finds the segmentation of w into the fewest known pieces, then the
// fewest linking letters, then the longest last piece. It returns nil when
// w does not split into two or more. It works on byte offsets of letter
// boundaries so that looking pieces up allocates nothing.
func (d *decompounder) split(w string) []piece {
	// at and reach live on the stack for words of up to splitStack
	// letters (nearly all): split runs for every word of the dictionary
	// and every piece of it, and these two were a twentieth of all the
	// memory a cold build allocated.
	var atBuf [splitStack + 1]int
	at := atBuf[:0] // byte offset of each letter, then len(w)
	for i := range w {
		at = append(at, i)
	}
	n := len(at)
	at = append(at, len(w))
	if n < 2*d.minPart {
		return nil
	}
	type state struct { // int32: half the bytes to clear on the stack
		parts, links int32
		from, end    int32 // previous position, end of the piece (before the linker)
		ok           bool
	}
	var reachBuf [splitStack + 1]state
	reach := reachBuf[:0]
	if n+1 <= len(reachBuf) {
		reach = reachBuf[:n+1]
	} else {
		reach = make([]state, n+1)
	}
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
				cand := state{parts: reach[i].parts + 1, links: reach[i].links + int32(len(l)), from: int32(i), end: int32(k), ok: true}
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
		var sid uint32
		var ok bool
		if id, known := d.surfIDs[head]; known {
			// What d.stems[d.an.stemWord(head)] gives: the lexicon's stem
			// of a surface is d.an.stemWord of it (langCorpus.internWord).
			sid, ok = d.stemOf[id], true
		} else {
			sid, ok = d.stems[d.an.stemWord(head)]
		}
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
	for p := bestHead; p > 0; p = int(reach[p].from) {
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

// Query-side decompounding (issue 17): an unknown query word is split into
// the dictionary terms it is a compound of (splitQuery), or after a short
// abbreviation (splitShortPrefix), and a hyphenated word at its hyphens
// (analyzer.queryWords). The clause of such a word (vocab.wordClause)
// then holds, below the reader's own word and its typo, head and
// completion candidates:
//
//   - the pieces together (boostCompound), the page that has every piece
//     first, however they are inflected or ordered there;
//   - the pieces with one replaced by a thesaurus expansion
//     (boostCompound·boostThesaurus): passord+handtering also as
//     passord+behandling;
//   - each piece alone (boostPiece), added last: a compound is often
//     written apart and half of it said another way ("Sjekk mottakeren"
//     for mottakerkontroll), so a page with one piece follows the pages
//     with all of them instead of the query finding nothing. A piece
//     alone scores so far below the pieces together that a page with
//     every piece stays ahead of one with a single piece in its title.
//
// search.js (splitQuery, addPieces, wordClause) makes the same
// alternatives in the same order: the engines must agree on the top 5.

// maxPieceSynonyms bounds the alternatives addPieces makes from the
// synonyms of a compound's pieces: each is a postings list a piece, in the
// browser a shard.
const maxPieceSynonyms = 6

// queryEdgeMin is the shortest first or last piece of a query compound,
// and of a piece's stem: three letters hold the short words that often
// end or begin a compound (lån in familielån, lyd in lydopptak, kod in
// tofaktorkode), while a piece inside a compound keeps queryPartMin, so
// that an unknown word does not fall apart into short words by chance.
const queryEdgeMin = 3

// boostPiece weights one piece of a query compound matched alone.
const boostPiece = 0.1

// derivSuffixes are the endings of verbal nouns whose verb is on the page
// instead: a compound names the act (lagring, rydding, deling, varsling,
// registrering, drøftelse) where the text tells the reader to do it
// (lagre, rydd, dele, varsle, registrer, drøfte). The verb's stem is the
// noun without the ending, or without -ning (åpning: åpn).
var derivSuffixes = []string{"ing", "else"}

// addPieces adds the alternatives of a query compound's pieces (split at
// query time or at hyphens): the pieces together when each is a term, and
// the pieces with one of them replaced by one of its thesaurus expansions
// (passord+handtering also as passord+behandling, KI-verktøy as kunstig
// intelligens+verktøy), when every term of the result is known. A piece's
// synonym is a guess twice removed from the reader's word, so it weighs
// boostCompound·boostThesaurus. search.js (addPieces) makes the same.
func (v *vocab) addPieces(alts []alt, ps []string) []alt {
	if allKnown(ps, v.known) {
		alts = addAlt(alts, alt{ps, boostCompound})
	}
	n := 0
	for j, p := range ps {
		for _, e := range v.Thes[p] {
			if n >= maxPieceSynonyms {
				return alts
			}
			var terms []string
			for k, q := range ps {
				if k != j {
					if !hasString(terms, q) {
						terms = append(terms, q)
					}
					continue
				}
				for _, x := range e {
					if !hasString(terms, x) {
						terms = append(terms, x)
					}
				}
			}
			if len(terms) >= 2 && allKnown(terms, v.known) {
				alts = addAlt(alts, alt{terms, boostCompound * boostThesaurus})
				n++
			}
		}
	}
	return alts
}

// addPieceAlone adds each known piece of a query compound as an
// alternative of its own, with boostPiece (see above), when the pieces
// together are likely on fewer than graceMin pages: as the other words of
// a query (minMatch), the pieces of a compound are only let go of when
// requiring all of them finds little. The number is estimated as if the
// pieces fell on pages independently, N·Π(CDF/N), so that search.js,
// which has the same counts, decides alike without the postings of the
// conjunction. The alternatives come after every other of the clause, so
// that a piece that is also a synonym of the word keeps the synonym's
// weight.
func (v *vocab) addPieceAlone(alts []alt, ps []string) []alt {
	if len(ps) < 2 {
		return alts
	}
	est := float64(v.N)
	for _, p := range ps {
		i, ok := v.lookup(p)
		if !ok {
			est = 0
			break
		}
		est *= float64(v.CDF[i]) / float64(v.N)
	}
	if est >= graceMin {
		return alts
	}
	for _, p := range ps {
		if v.known(p) {
			alts = addAlt(alts, alt{[]string{p}, boostPiece})
		}
	}
	return alts
}

// knownPrefixMin is the shortest known beginning addKnownPrefix takes.
const knownPrefixMin = 5

// addKnownPrefix is the last resort of an unknown query word that finds
// nothing else (no typo, head, completion, split or synonym): its longest
// beginning of knownPrefixMin+ letters that is a piece (queryPiece),
// leaving queryEdgeMin+ letters, alone with boostPiece. A compound whose
// other half the pages never use (passordgjenbruk where they say "brukte
// fleire stader") then still finds the pages about its first half. Every
// candidate lies in the dictionary range search.js loads for the split
// from the word's start.
func (v *vocab) addKnownPrefix(an *analyzer, alts []alt, w string) []alt {
	r := []rune(w)
	for k := len(r) - queryEdgeMin; k >= knownPrefixMin; k-- {
		if t, ok := v.queryPiece(an, string(r[:k])); ok {
			return addAlt(alts, alt{[]string{t}, boostPiece})
		}
	}
	return alts
}

// splitShortPrefix splits an unknown query word that begins with a short
// word the thesaurus knows (KI, IT, IKT, USB, PC: abbreviations too short
// to be a piece of splitQuery) from a rest that is a term or splits: the
// reader who writes kiverktøy or usbpinne means KI-verktøy and USB-pinne.
// The prefix is tried from the longest (minPart-1 letters) down to two;
// nil when none fits.
func (v *vocab) splitShortPrefix(an *analyzer, w string) []string {
	r := []rune(w)
	for k := min(queryPartMin-1, len(r)-queryPartMin); k >= minTermLen; k-- {
		pre, rest := string(r[:k]), string(r[k:])
		if len(v.Thes[pre]) == 0 {
			continue
		}
		var tail []string
		if st := an.stemWord(rest); v.known(st) {
			tail = []string{st}
		} else if ps := v.splitQuery(an, rest); len(ps) >= 2 {
			tail = ps
		} else {
			continue
		}
		return append([]string{pre}, tail...)
	}
	return nil
}

// queryPiece returns the term a piece s of a query compound stands for:
// its stem, when the stem begins s and has queryEdgeMin+ letters
// (personvernkonsekvens for personvernkonsekvensene); s itself; or, for a
// verbal noun (derivSuffixes), its verb's stem. Each candidate is a
// prefix of s of at least queryEdgeMin letters, so every term a split
// can use from a position i lies between w[i:i+queryEdgeMin] and w[i:]
// in dictionary order, which is all search.js loads for it.
func (v *vocab) queryPiece(an *analyzer, s string) (string, bool) {
	// The stem first, as for a word of its own: "mottaker" is a term (the
	// stem of "mottakeren") but the reader's "mottaker" stems to "mottak",
	// as it does on the pages that say "mottaker".
	st := an.stemWord(s)
	if utf8.RuneCountInString(st) >= queryEdgeMin && strings.HasPrefix(s, st) && v.known(st) {
		return st, true
	}
	if v.known(s) {
		return s, true
	}
	for _, suf := range derivSuffixes {
		base, ok := strings.CutSuffix(s, suf)
		if !ok {
			continue
		}
		for _, b := range []string{base, strings.TrimSuffix(base, "n")} {
			if utf8.RuneCountInString(b) >= queryEdgeMin && v.known(b) {
				return b, true
			}
		}
	}
	return "", false
}

// splitQuery splits an unknown query word (folded) into the dictionary
// terms it is a compound of (queryPiece), with the linking letters s and
// e between pieces, as compound.go does at index time; nil when it does
// not split into two or more. A piece has queryPartMin+ letters, the
// first and the last queryEdgeMin+. The split with the fewest pieces,
// then the fewest linking letters, then the longest last piece wins.
func (v *vocab) splitQuery(an *analyzer, w string) []string {
	r := []rune(w)
	n := len(r)
	const minPart, edge = queryPartMin, queryEdgeMin
	if n < 2*edge {
		return nil
	}
	type state struct {
		parts, links int
		from         int
		term         string
		ok           bool
	}
	var reachBuf [splitStack + 1]state
	reach := reachBuf[:0]
	if n+1 <= len(reachBuf) {
		reach = reachBuf[:n+1]
	} else {
		reach = make([]state, n+1)
	}
	reach[0] = state{ok: true}
	better := func(a, b state) bool {
		return !b.ok || a.parts < b.parts || a.parts == b.parts && a.links < b.links
	}
	bestAt, best, bestTerm := -1, state{}, ""
	for i := 0; i < n; i++ {
		if !reach[i].ok {
			continue
		}
		if i >= edge && n-i >= edge {
			if t, ok := v.queryPiece(an, string(r[i:])); ok {
				cand := reach[i]
				cand.parts++
				if bestAt < 0 || better(cand, best) {
					bestAt, best, bestTerm = i, cand, t
				}
			}
		}
		least := minPart
		if i == 0 {
			least = edge
		}
		for k := i + least; k <= n-edge; k++ {
			t, ok := v.queryPiece(an, string(r[i:k]))
			if !ok {
				continue
			}
			for _, l := range linkers {
				next := k + len(l)
				if next > n-edge || string(r[k:next]) != l {
					continue
				}
				cand := state{parts: reach[i].parts + 1, links: reach[i].links + len(l), from: i, term: t, ok: true}
				if better(cand, reach[next]) {
					reach[next] = cand
				}
			}
		}
	}
	if bestAt < 0 {
		return nil
	}
	out := []string{bestTerm}
	for p := bestAt; p > 0; p = reach[p].from {
		out = append(out, reach[p].term)
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	// A piece twice (sikkerhetssikkerhet) is one term of the conjunction.
	var uniq []string
	for _, t := range out {
		if !hasString(uniq, t) {
			uniq = append(uniq, t)
		}
	}
	return uniq
}
