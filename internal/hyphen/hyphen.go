// Package hyphen inserts soft hyphens (U+00AD) into long Norwegian words
// with Liang's algorithm, the one TeX uses, and the Norwegian patterns of
// the hyph-utf8 project (patterns/, kept verbatim with their licence).
//
// Why at build time: on a 360 px phone a heading such as
// "Personvernkonsekvensvurdering" does not fit one line. CSS `hyphens:
// auto` would break it with a hyphen, but only where the browser has a
// Norwegian dictionary, which Chromium on Linux and many readers' browsers
// lack; they fall back to overflow-wrap and break the word anywhere,
// without a hyphen ("personvernkonsekven/ser"). A soft hyphen is honoured
// by every browser, is invisible unless the line breaks there, and does
// not disturb find-in-page.
//
// Soft hyphens belong only in text that is shown as a heading. Ids,
// <title>, meta tags, feeds, JSON and the search index must never get
// them: a search for "personvern" would not match "per\u00ADsonvern".
package hyphen

import (
	"embed"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// SoftHyphen is the character inserted at each break point.
const SoftHyphen = "\u00AD"

// Settings used for headings. TeX's Norwegian setup and hyph-nb.tex's
// header say 2 letters on the left and 2 on the right; a heading is
// typeset large, and a line that starts with two letters ("...vurderin-
// ga") reads worse than in body text, so the right minimum is 3.
const (
	LeftMin  = 2
	RightMin = 3
	// MinWordLength is the shortest word that gets soft hyphens: shorter
	// words fit a phone's heading line, and hyphenating them would only
	// invite breaks where a whole word could move to the next line.
	MinWordLength = 12
)

//go:embed patterns/*.tex
var patternFS embed.FS

// files names each language's pattern file in patterns/. hyph-nb.tex and
// hyph-nn.tex both \input the shared hyph-no.tex and add the exceptions
// that differ between bokmål and nynorsk.
var files = map[string]string{
	"nb": "hyph-nb.tex",
	"nn": "hyph-nn.tex",
	"no": "hyph-nb.tex", // the macro language code; bokmål is its default written form
}

// Hyphenator finds the break points of words in one language.
type Hyphenator struct {
	*table
	leftMin, rightMin int
	memo              *memo // words already hyphenated; nil: none kept
}

// memo keeps Hyphenate's answer per word. A site's headings and page
// lists repeat the same few thousand words on every page (a related page's
// title is shown on every page that lists it), and Liang's algorithm looks
// up every substring of a word in the pattern map: at 10,000 pages the
// same words were hyphenated hundreds of thousands of times.
type memo struct {
	words sync.Map     // word → hyphenated word
	n     atomic.Int64 // entries stored
}

// memoMax bounds the words a memo keeps: a site's vocabulary of words of
// MinWordLength letters or more is far smaller; text beyond it (a huge
// generated site) is hyphenated afresh rather than held in memory.
const memoMax = 1 << 16

// table is what one pattern file gives, with the files it \inputs.
type table struct {
	patterns   map[string][]byte // letters of a pattern → its digits (one more than letters)
	maxLen     int               // longest pattern in runes, dots included
	exceptions map[string][]int  // lower-case word → break positions (letters before each break)
}

var (
	loadMu sync.Mutex
	tables = map[string]*table{} // by file name: nb and nn share hyph-no.tex's 27,000 patterns
	failed = map[string]error{}
	byLang sync.Map // language as given → *Hyphenator (nil for none), once loaded
)

// For returns the hyphenator for lang ("nb", "nn"; a region such as
// "nb-NO" is ignored), or nil and no error for a language without
// patterns. The patterns are parsed once, on first use, and every call for
// the same lang returns the same Hyphenator, which remembers the words it
// hyphenated: the theme calls this for every heading of every page.
func For(lang string) (*Hyphenator, error) {
	if h, ok := byLang.Load(lang); ok {
		return h.(*Hyphenator), nil
	}
	h, err := forLang(lang)
	if err != nil {
		return nil, err // not kept: the error is reported on every call
	}
	h2, _ := byLang.LoadOrStore(lang, h)
	return h2.(*Hyphenator), nil
}

// forLang makes the hyphenator for lang.
func forLang(lang string) (*Hyphenator, error) {
	lang = strings.ToLower(lang)
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	name, ok := files[lang]
	if !ok {
		return nil, nil
	}
	loadMu.Lock()
	defer loadMu.Unlock()
	t, err := loadTable(name, 0)
	if err != nil {
		return nil, fmt.Errorf("hyphenation patterns %s: %w", name, err)
	}
	return &Hyphenator{table: t, leftMin: LeftMin, rightMin: RightMin, memo: &memo{}}, nil
}

// loadTable returns the parsed file name, parsing it on first use. The
// caller holds loadMu.
func loadTable(name string, depth int) (*table, error) {
	if t := tables[name]; t != nil {
		return t, nil
	}
	if err := failed[name]; err != nil {
		return nil, err
	}
	t, err := parseFile(name, depth)
	if err != nil {
		failed[name] = err
		return nil, err
	}
	tables[name] = t
	return t, nil
}

// parseFile reads one TeX pattern file: the \patterns{…} and
// \hyphenation{…} groups and \input of another embedded file. Those are
// the only commands hyph-utf8 allows in its pattern files, so anything
// else is an error.
func parseFile(name string, depth int) (*table, error) {
	if depth > 4 {
		return nil, fmt.Errorf("\\input nested too deep at %s", name)
	}
	b, err := patternFS.ReadFile("patterns/" + name)
	if err != nil {
		return nil, err
	}
	t := &table{patterns: map[string][]byte{}, exceptions: map[string][]int{}}
	shared := false // t.patterns is an \input file's map, to be copied before a change
	var sb strings.Builder
	sb.Grow(len(b))
	for line := range strings.SplitSeq(string(b), "\n") {
		if i := strings.IndexByte(line, '%'); i >= 0 {
			line = line[:i]
		}
		sb.WriteString(line)
		sb.WriteByte('\n')
	}
	s := sb.String()
	for {
		i := strings.IndexByte(s, '\\')
		if i < 0 {
			if strings.TrimSpace(s) != "" {
				return nil, fmt.Errorf("%s: text outside a command: %.40q", name, strings.TrimSpace(s))
			}
			return t, nil
		}
		if strings.TrimSpace(s[:i]) != "" {
			return nil, fmt.Errorf("%s: text outside a command: %.40q", name, strings.TrimSpace(s[:i]))
		}
		s = s[i+1:]
		j := strings.IndexFunc(s, func(r rune) bool { return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') })
		if j < 0 {
			j = len(s)
		}
		cmd := s[:j]
		s = strings.TrimLeft(s[j:], " \t\r\n")
		switch cmd {
		case "input":
			f := strings.Fields(s)
			if len(f) == 0 {
				return nil, fmt.Errorf("%s: \\input without a file", name)
			}
			in, err := loadTable(f[0], depth+1)
			if err != nil {
				return nil, err
			}
			// The included file's patterns are shared, not copied: they are
			// most of the memory, and nb and nn both include hyph-no.tex.
			if len(t.patterns) == 0 {
				t.patterns, shared = in.patterns, true
			} else {
				t.ownPatterns(&shared)
				for k, v := range in.patterns {
					t.patterns[k] = v
				}
			}
			t.maxLen = max(t.maxLen, in.maxLen)
			for k, v := range in.exceptions {
				t.exceptions[k] = v
			}
			s = s[strings.Index(s, f[0])+len(f[0]):]
		case "patterns", "hyphenation":
			if !strings.HasPrefix(s, "{") {
				return nil, fmt.Errorf("%s: \\%s without {", name, cmd)
			}
			end := strings.IndexByte(s, '}')
			if end < 0 {
				return nil, fmt.Errorf("%s: \\%s{ without }", name, cmd)
			}
			for _, tok := range strings.Fields(s[1:end]) {
				if cmd == "patterns" {
					t.ownPatterns(&shared)
					if err := t.addPattern(tok); err != nil {
						return nil, fmt.Errorf("%s: %w", name, err)
					}
				} else {
					t.addException(tok)
				}
			}
			s = s[end+1:]
		default:
			return nil, fmt.Errorf("%s: unexpected command \\%s", name, cmd)
		}
	}
}

// ownPatterns copies a shared pattern map before t changes it.
func (t *table) ownPatterns(shared *bool) {
	if !*shared {
		return
	}
	m := make(map[string][]byte, len(t.patterns))
	for k, v := range t.patterns {
		m[k] = v
	}
	t.patterns, *shared = m, false
}

// addPattern stores a pattern such as "ab4ba" or ".ad1s2": the letters
// ("abba") as the key and the digit before, between and after them as
// values, 0 where no digit is written.
func (t *table) addPattern(p string) error {
	var letters strings.Builder
	vals := []byte{0}
	for _, r := range p {
		if '0' <= r && r <= '9' {
			vals[len(vals)-1] = byte(r - '0')
			continue
		}
		letters.WriteRune(unicode.ToLower(r))
		vals = append(vals, 0)
	}
	key := letters.String()
	if key == "" {
		return fmt.Errorf("pattern %q has no letters", p)
	}
	t.patterns[key] = vals
	t.maxLen = max(t.maxLen, len(vals)-1)
	return nil
}

// addException stores a word from \hyphenation{}, such as "at-ten-de",
// with its breaks. A later entry for the same word replaces an earlier
// one, as in TeX: hyph-nb.tex's "at-ten-de" overrides hyph-no.tex's
// "atten-de".
func (t *table) addException(w string) {
	var word strings.Builder
	var breaks []int
	n := 0
	for _, r := range w {
		if r == '-' {
			breaks = append(breaks, n)
			continue
		}
		word.WriteRune(unicode.ToLower(r))
		n++
	}
	t.exceptions[word.String()] = breaks
}

// Breaks returns the positions in word, counted in letters (runes), where
// a hyphen may go, honouring LeftMin and RightMin. word is one word of
// letters; case does not matter.
func (h *Hyphenator) Breaks(word string) []int {
	lower := strings.ToLower(word)
	n := utf8.RuneCountInString(lower)
	if n != utf8.RuneCountInString(word) || n < h.leftMin+h.rightMin {
		return nil
	}
	if ex, ok := h.exceptions[lower]; ok {
		var out []int
		for _, b := range ex {
			if b >= h.leftMin && n-b >= h.rightMin {
				out = append(out, b)
			}
		}
		return out
	}
	// w is ".word." and offs the byte offset of each of its runes, so that
	// every substring is a slice of w: the map lookups allocate nothing.
	w := "." + lower + "."
	offs := make([]int, 0, n+3)
	for i := range w {
		offs = append(offs, i)
	}
	offs = append(offs, len(w))
	runes := len(offs) - 1
	// levels[k] is the value between rune k-1 and rune k of w.
	levels := make([]byte, runes+1)
	for i := 0; i < runes; i++ {
		for j := i + 1; j <= runes && j-i <= h.maxLen; j++ {
			vals, ok := h.patterns[w[offs[i]:offs[j]]]
			if !ok {
				continue
			}
			for k, v := range vals {
				if v > levels[i+k] {
					levels[i+k] = v
				}
			}
		}
	}
	var out []int
	// A break after letter k of the word lies between w's runes k and k+1.
	for k := h.leftMin; k <= n-h.rightMin; k++ {
		if levels[k+1]%2 == 1 {
			out = append(out, k)
		}
	}
	return out
}

// Hyphenate returns word with a soft hyphen at each break point.
func (h *Hyphenator) Hyphenate(word string) string {
	if h.memo == nil {
		return h.hyphenate(word)
	}
	if w, ok := h.memo.words.Load(word); ok {
		return w.(string)
	}
	w := h.hyphenate(word)
	if h.memo.n.Load() < memoMax {
		// strings.Clone: word may be a slice of a long text (a page's
		// body) that the memo must not keep alive.
		key := strings.Clone(word)
		if w == word {
			w = key // no break: the value must not hold the text either
		}
		if _, loaded := h.memo.words.LoadOrStore(key, w); !loaded {
			h.memo.n.Add(1)
		}
	}
	return w
}

func (h *Hyphenator) hyphenate(word string) string {
	br := h.Breaks(word)
	if len(br) == 0 {
		return word
	}
	var b strings.Builder
	b.Grow(len(word) + len(br)*len(SoftHyphen))
	k, next := 0, 0
	for _, r := range word {
		if next < len(br) && k == br[next] {
			b.WriteString(SoftHyphen)
			next++
		}
		b.WriteRune(r)
		k++
	}
	return b.String()
}

// Text returns s with soft hyphens in its words of MinWordLength letters
// or more. It leaves alone:
//   - text that already holds a soft hyphen (the editor placed them);
//   - words with two or more capitals (acronyms and product names such as
//     "SharePointOnline" are not Norwegian words; "eForvaltningsforskriften"
//     and "Personvernombudet" are);
//   - a run of letters right after '&' (an entity name in HTML or
//     Markdown source, which a soft hyphen would break).
//
// Text is what the theme and the Markdown heading renderer call. For a
// language without patterns, s is returned as it is.
func (h *Hyphenator) Text(s string) string {
	if h == nil || strings.Contains(s, SoftHyphen) || !hasLongWord(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	start := -1 // byte offset where the current run of letters began
	flush := func(end int) {
		word := s[start:end]
		if utf8.RuneCountInString(word) >= MinWordLength && !manyCapitals(word) && !(start > 0 && s[start-1] == '&') {
			// "eForvaltningsforskriften": the patterns know words from
			// their start, so the word is hyphenated from its capital on,
			// and the prefix stays joined to it.
			if i := strings.IndexFunc(word, unicode.IsUpper); i > 0 {
				word = word[:i] + h.Hyphenate(word[i:])
			} else {
				word = h.Hyphenate(word)
			}
		}
		b.WriteString(word)
		start = -1
	}
	for i, r := range s {
		if unicode.IsLetter(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			flush(i)
		}
		b.WriteRune(r)
	}
	if start >= 0 {
		flush(len(s))
	}
	return b.String()
}

// hasLongWord reports whether s has a run of MinWordLength letters: most
// headings have none, and then Text returns at once.
func hasLongWord(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if n++; n >= MinWordLength {
				return true
			}
		} else {
			n = 0
		}
	}
	return false
}

func manyCapitals(word string) bool {
	n := 0
	for _, r := range word {
		if unicode.IsUpper(r) {
			if n++; n > 1 {
				return true
			}
		}
	}
	return false
}

// Text hyphenates s for lang; see Hyphenator.Text. A language without
// patterns gets s back unchanged. The embedded patterns are checked by
// this package's tests, so a load error cannot reach a build; should it
// happen all the same, s is returned unchanged rather than failing a page
// over typography.
func Text(lang, s string) string {
	h, err := For(lang)
	if err != nil || h == nil {
		return s
	}
	return h.Text(s)
}
