package corpus

import (
	_ "embed"
	"math/rand"
	"strings"
	"unicode"
	"unicode/utf8"
)

// seedText is real guidance in bokmål: the plain text of the bundled
// example content.
//
//go:embed norsk.txt
var seedText string

// Text writes realistic Norwegian for search benchmarks. A corpus made of
// a hundred words repeated (the default) has every word on every page, so
// every query matches every page and the dictionary stays tiny; real text
// is not like that. Text instead
//
//   - strings sentences together from second-order Markov chains over
//     seedText, so that word frequencies, inflected forms and sentence
//     shapes are those of real guidance;
//   - keeps a page on one topic: each seed page (a paragraph of seedText)
//     has its own chain, a page of text takes most of its sentences from
//     one of them (Topic) and the rest from the chain of the whole text,
//     so that a word like "personvernombud" is on the pages about it and
//     a few others, not on every page;
//   - turns some words into compounds of two words of the seed text
//     ("helse" + "opplysningene"), new ones at a rate that falls as the text
//     grows (a Pitman–Yor process), so that the vocabulary keeps growing
//     with the corpus as a real one does (Heaps' law).
//
// A Text is deterministic for a seed and not safe for concurrent use.
type Text struct {
	r         *rand.Rand
	all       chain             // the whole seed text
	topics    []chain           // each seed page
	topic     int               // the current page's topic
	nouns     map[string]string // a noun form → its stem
	heads     []string          // noun stems, one per occurrence: first parts of compounds
	compounds []string          // compounds made so far
	uses      []int32           // one entry per use of a compound: its index
}

// chain maps two words to the words that followed them, repeats kept, so
// that a uniform draw follows the text's frequencies; "" marks the start
// and end of a sentence.
type chain map[[2]string][]string

// add records one sentence.
func (c chain) add(words []string) {
	a, b := "", ""
	for _, w := range words {
		k := [2]string{a, b}
		c[k] = append(c[k], w)
		a, b = b, w
	}
	k := [2]string{a, b}
	c[k] = append(c[k], "")
}

// Tuning of the compounds: a share of the eligible words becomes a
// compound; a new one is made with probability (θ + d·K)/(θ + N) after N
// uses of K compounds, which makes K grow about as N^d.
const (
	compoundShare    = 0.25
	compoundTheta    = 50
	compoundDiscount = 0.85
	maxSentenceWords = 40
	onTopic          = 0.85 // share of a page's sentences from its topic
)

// NewText returns a Text seeded with seed.
func NewText(seed int64) *Text {
	t := &Text{r: rand.New(rand.NewSource(seed)), all: chain{}, nouns: nouns(seedText)}
	page := chain{}
	flush := func() {
		if len(page) > 0 {
			t.topics = append(t.topics, page)
			page = chain{}
		}
	}
	for _, line := range strings.Split(seedText, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "#"):
			continue
		case line == "":
			flush()
			continue
		case len(strings.Fields(line)) < 6 && !strings.ContainsAny(line[len(line)-1:], ".!?:"):
			continue // a heading ("Hvorfor"), which would only repeat
		}
		var sent []string
		end := func() {
			if len(sent) > 0 {
				t.all.add(sent)
				page.add(sent)
				sent = nil
			}
		}
		for _, w := range strings.Fields(line) {
			sent = append(sent, w)
			if h := t.nouns[strings.ToLower(strings.TrimRightFunc(w, notLetter))]; h != "" {
				t.heads = append(t.heads, h)
			}
			if strings.ContainsAny(w[len(w)-1:], ".!?") {
				end()
			}
		}
		end()
	}
	flush()
	t.Topic()
	return t
}

func notLetter(r rune) bool { return !unicode.IsLetter(r) }

// functionWords are words of five letters or more that the noun test
// below would take for nouns ("hvilke", "hvilken").
var functionWords = strings.Fields(`hvilke hvilken hvilket mellom gjennom under etter eller alltid andre annet
annen mange disse deres denne dette samme slike slikt hvordan hvorfor fordi derfor siden kunne skulle ville
blitt finnes gjelder kvifor korleis mykje nokon noko nokre eigen eige`)

// nouns finds the nouns of a text without a dictionary, by their forms: a
// lower-case stem of four letters or more that occurs in two or more of
// the forms stem, stem+e, +en, +et, +er, +ene, +a, +ar, +ane, one of them
// a definite form (+en, +et, +ene, +a, +ane: verbs and adjectives have
// none), is taken for a noun. It maps each such form to the stem
// ("minnepinner" → "minnepinn"), which is what a compound begins with.
func nouns(text string) map[string]string {
	seen := map[string]bool{}
	for _, w := range strings.Fields(text) {
		w = strings.ToLower(strings.TrimFunc(w, notLetter))
		if w != "" && !strings.ContainsFunc(w, notLetter) {
			seen[w] = true
		}
	}
	for _, f := range functionWords {
		delete(seen, f)
	}
	endings := []string{"", "e", "en", "et", "er", "ene", "a", "ar", "ane"}
	out := map[string]string{}
	for w := range seen {
		for _, e := range endings {
			stem, ok := strings.CutSuffix(w, e)
			if !ok || utf8.RuneCountInString(stem) < 4 {
				continue
			}
			forms, definite := 0, false
			for _, e2 := range endings {
				if seen[stem+e2] {
					forms++
					definite = definite || e2 == "en" || e2 == "et" || e2 == "ene" || e2 == "a" || e2 == "ane"
				}
			}
			if forms >= 2 && definite {
				out[w] = stem
				break
			}
		}
	}
	return out
}

// Topic starts a new page: the following text is mostly about one topic,
// drawn at random.
func (t *Text) Topic() { t.topic = t.r.Intn(len(t.topics)) }

// sentence returns the words of one sentence, from the page's topic or
// from the whole text.
func (t *Text) sentence() []string {
	c := t.all
	if t.r.Float64() < onTopic {
		c = t.topics[t.topic]
	}
	var out []string
	a, b := "", ""
	for len(out) < maxSentenceWords {
		choices := c[[2]string{a, b}]
		if len(choices) == 0 {
			break
		}
		w := choices[t.r.Intn(len(choices))]
		if w == "" {
			break
		}
		out = append(out, t.compound(w))
		a, b = b, w
	}
	return out
}

// compound turns some nouns into compounds of two nouns, keeping the
// word's inflection and punctuation: "opplysningene," →
// "helseopplysningene,".
func (t *Text) compound(w string) string {
	core := strings.TrimRightFunc(w, notLetter)
	if t.nouns[core] == "" || t.r.Float64() >= compoundShare {
		return w
	}
	rest := w[len(core):]
	n, k := float64(len(t.uses)), float64(len(t.compounds))
	if t.r.Float64() < (compoundTheta+compoundDiscount*k)/(compoundTheta+n) || len(t.uses) == 0 {
		head := t.heads[t.r.Intn(len(t.heads))]
		if strings.HasPrefix(core, head) {
			return w
		}
		link := []string{"", "", "s", "e"}[t.r.Intn(4)]
		t.compounds = append(t.compounds, head+link+core)
		t.uses = append(t.uses, int32(len(t.compounds)-1))
		return head + link + core + rest
	}
	i := t.uses[t.r.Intn(len(t.uses))]
	t.uses = append(t.uses, i)
	return t.compounds[i] + rest
}

// Words returns about n words: for n up to 8 a phrase of at most n words
// from the start of a sentence, capitalised and without a final stop (a
// title or a heading); for more, whole sentences until there are n words
// or more.
func (t *Text) Words(n int) string {
	if n <= 8 {
		var ws []string
		for try := 0; try < 5 && len(ws) < n; try++ {
			if s := t.sentence(); len(s) > len(ws) {
				ws = s
			}
		}
		if len(ws) > n {
			ws = ws[:n]
		}
		s := strings.TrimRightFunc(strings.Join(ws, " "), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		return capitalise(s)
	}
	var b strings.Builder
	count := 0
	for count < n {
		s := t.sentence()
		if len(s) == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(capitalise(strings.Join(s, " ")))
		count += len(s)
	}
	return b.String()
}

// Compounds returns how many compounds the text has made so far.
func (t *Text) Compounds() int { return len(t.compounds) }

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
