package search

import (
	"embed"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/varde-portal/varde/internal/diag"
)

// The thesaurus meets readers where they are: they type ROS, PVO, 2FA,
// backup or ransomware, and the pages say risikovurdering, personvernombud,
// tofaktor, sikkerhetskopi, løsepengevirus. Groups of words that mean the
// same are kept as data, one file a language (thesaurus/nb.txt and
// thesaurus/nn.txt, embedded), and a site adds its own groups in
// data/synonymer.txt (docs/format.md). A file holds one group a line:
//
//	ROS = risiko- og sårbarhetsanalyse = risikovurdering  # why, or where from
//
// Words are written as people write them; each is analyzed like a query
// (folded, stop words dropped, stemmed), so a word of a group matches every
// inflection of itself and a group entry of several words is a phrase. At
// build time each language's groups are compiled against its dictionary
// (compileThesaurus): for every entry, the other entries of its groups that
// can match something on the site. That table travels with both indexes,
// so bleve and the browser expand a query alike, and an expansion is
// scored with boostThesaurus, below the reader's own word.

//go:embed thesaurus/*.txt
var thesaurusFiles embed.FS

// maxPhraseWords bounds the words of one thesaurus entry (after stop words
// are dropped): a longer entry is a sentence, not a name for something.
const maxPhraseWords = 4

// maxExpansions bounds the expansions of one entry, so that a query word
// in a large group costs a bounded number of postings lists.
const maxExpansions = 12

// thesGroup is one group line: its entries as written.
type thesGroup struct {
	file    string
	line    int
	entries []string
	reason  string
}

// Thesaurus is a set of synonym groups read from a file.
type Thesaurus struct {
	groups []thesGroup
}

// Groups is the number of groups.
func (t *Thesaurus) Groups() int {
	if t == nil {
		return 0
	}
	return len(t.groups)
}

// ParseThesaurus reads a thesaurus file: one group a line, entries joined
// by "=", an optional "# reason" after them; blank lines and lines starting
// with # are left out. Malformed lines are reported as diagnostics naming
// file and line, and left out of the result.
func ParseThesaurus(file string, data []byte) (*Thesaurus, []diag.Diagnostic) {
	t := &Thesaurus{}
	var ds []diag.Diagnostic
	nb := analyzerFor("nb")
	for i, raw := range strings.Split(string(data), "\n") {
		line := strings.TrimSpace(strings.TrimSuffix(raw, "\r"))
		n := i + 1
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		text, reason := line, ""
		if k := commentStart(line); k >= 0 {
			text, reason = strings.TrimSpace(line[:k]), strings.TrimSpace(line[k+1:])
		}
		if !strings.Contains(text, "=") {
			ds = append(ds, diag.Errorf(file, n, "a synonym group is words joined by '=' (ROS = risikovurdering), got %q", text))
			continue
		}
		g := thesGroup{file: file, line: n, reason: reason}
		bad := false
		seen := map[string]bool{}
		for _, e := range strings.Split(text, "=") {
			e = strings.Join(strings.Fields(e), " ")
			if e == "" {
				ds = append(ds, diag.Errorf(file, n, "empty word in the synonym group (two '=' in a row, or one at the start or end)"))
				bad = true
				break
			}
			terms := nb.analyze(e, true)
			if len(terms) == 0 {
				ds = append(ds, diag.Errorf(file, n, "%q has no word search can use (only stop words, single letters or punctuation)", e))
				bad = true
				break
			}
			if len(terms) > maxPhraseWords {
				ds = append(ds, diag.Errorf(file, n, "%q has %d words; an entry has at most %d", e, len(terms), maxPhraseWords))
				bad = true
				break
			}
			if k := strings.ToLower(e); !seen[k] {
				seen[k] = true
				g.entries = append(g.entries, e)
			}
		}
		if bad {
			continue
		}
		if len(g.entries) < 2 {
			ds = append(ds, diag.Errorf(file, n, "a synonym group needs at least two different words"))
			continue
		}
		t.groups = append(t.groups, g)
	}
	return t, ds
}

// commentStart returns the index of the # that starts a line's reason: the
// first # at the start or after a space.
func commentStart(line string) int {
	for i := 0; i < len(line); i++ {
		if line[i] == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t') {
			return i
		}
	}
	return -1
}

var (
	builtinOnce sync.Once
	builtin     map[string]*Thesaurus // by analyzer kind: nb, nn
	builtinErr  error
)

// builtinThesaurus returns the shipped thesaurus of an analyzer kind (nil
// when there is none, as for English). The files are checked by the tests,
// so an error here is a broken release; it is reported, never ignored.
func builtinThesaurus(kind string) (*Thesaurus, error) {
	builtinOnce.Do(func() {
		builtin = map[string]*Thesaurus{}
		for _, k := range []string{"nb", "nn"} {
			name := "thesaurus/" + k + ".txt"
			data, err := thesaurusFiles.ReadFile(name)
			if err != nil {
				builtinErr = err
				return
			}
			t, ds := ParseThesaurus("internal/search/"+name, data)
			if len(ds) > 0 {
				builtinErr = fmt.Errorf("search: the shipped thesaurus is broken: %v", ds[0])
				return
			}
			builtin[k] = t
		}
	})
	return builtin[kind], builtinErr
}

// thesTable is a compiled thesaurus: entry key (the entry's stems joined by
// spaces) → its expansions (each a list of stems, all in the dictionary).
type thesTable map[string][][]string

// compileThesaurus compiles groups for one language. An expansion is kept
// only when every stem of it is a term of the index (known), since it
// could match nothing otherwise; an entry is kept when it has expansions,
// whether or not it is known itself (ROS need not be on the site).
func compileThesaurus(an *analyzer, known func(string) bool, sets ...*Thesaurus) thesTable {
	type entry struct {
		key   string
		stems []string
	}
	out := thesTable{}
	have := map[string]map[string]bool{}
	for _, t := range sets {
		if t == nil {
			continue
		}
		for _, g := range t.groups {
			var es []entry
			for _, e := range g.entries {
				var stems []string
				for _, tm := range an.analyze(e, true) {
					stems = append(stems, tm.Stem)
				}
				if len(stems) > 0 && len(stems) <= maxPhraseWords {
					es = append(es, entry{strings.Join(stems, " "), stems})
				}
			}
			for _, k := range es {
				for _, x := range es {
					if x.key == k.key || !allKnown(x.stems, known) {
						continue
					}
					if have[k.key] == nil {
						have[k.key] = map[string]bool{}
					}
					if have[k.key][x.key] || len(out[k.key]) >= maxExpansions {
						continue
					}
					have[k.key][x.key] = true
					out[k.key] = append(out[k.key], x.stems)
				}
			}
		}
	}
	return out
}

func allKnown(stems []string, known func(string) bool) bool {
	for _, s := range stems {
		if !known(s) {
			return false
		}
	}
	return true
}

// keys returns the table's keys, sorted.
func (t thesTable) keys() []string {
	ks := make([]string, 0, len(t))
	for k := range t {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// UnusedSynonyms warns about the site's synonym groups (AnalyzeOptions)
// of which no word occurs on the site: such a group can never lead a
// reader to a page, which is most often a misspelling or a group written
// for another language. A group of the file for every language counts as
// used when one of its words occurs in any language; a group of a
// language's file, when one occurs in that language. A word of several
// words occurs when each of its words does.
func (c *Corpus) UnusedSynonyms() []diag.Diagnostic {
	known := map[string]func(string) bool{}
	for _, lc := range c.langs {
		known[lc.lang] = lc.stats().vocab().known
	}
	used := func(g thesGroup, langs []*langCorpus) bool {
		for _, lc := range langs {
			for _, e := range g.entries {
				var stems []string
				for _, tm := range lc.an.analyze(e, true) {
					stems = append(stems, tm.Stem)
				}
				if len(stems) > 0 && allKnown(stems, known[lc.lang]) {
					return true
				}
			}
		}
		return false
	}
	var ds []diag.Diagnostic
	check := func(t *Thesaurus, langs []*langCorpus, where string) {
		if t == nil {
			return
		}
		for _, g := range t.groups {
			if !used(g, langs) {
				ds = append(ds, diag.Warnf(g.file, g.line, "no word of this synonym group occurs on any page%s, so it can lead no reader to a page: check the spelling (%s)", where, strings.Join(g.entries, " = ")))
			}
		}
	}
	check(c.site.Thesaurus, c.langs, "")
	codes := make([]string, 0, len(c.site.Lang))
	for code := range c.site.Lang {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		var langs []*langCorpus
		k, _ := langKey(code)
		for _, lc := range c.langs {
			if lc.lang == k {
				langs = append(langs, lc)
			}
		}
		check(c.site.Lang[code], langs, " in language "+code)
	}
	return ds
}

// JoinThesauri returns one thesaurus holding the groups of all of ts, in
// order (nil ones are skipped): a site's synonym file and those of the
// content packs it builds on all apply, each group still naming its own
// file and line. nil when none has a group.
func JoinThesauri(ts ...*Thesaurus) *Thesaurus {
	var out *Thesaurus
	for _, t := range ts {
		if t == nil || len(t.groups) == 0 {
			continue
		}
		if out == nil {
			out = &Thesaurus{}
		}
		out.groups = append(out.groups, t.groups...)
	}
	return out
}
