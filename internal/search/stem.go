package search

import (
	"strings"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/norwegian"
)

// stemNorwegian is the Snowball Norwegian stemmer, the one bleve's
// analysis/lang/no uses.
func stemNorwegian(w string) string {
	env := snowballstem.NewEnv(w)
	norwegian.Stem(env)
	return env.Current()
}

// stemEnglish is the Snowball English (Porter2) stemmer.
func stemEnglish(w string) string {
	env := snowballstem.NewEnv(w)
	english.Stem(env)
	return env.Current()
}

// nynorskRules rewrite nynorsk endings that the Snowball Norwegian stemmer
// (written for bokmål) leaves alone into their bokmål shape before it runs.
// Measured on the forms in analysis_test.go: Snowball already strips the
// nynorsk noun endings -a, -ar, -ane, -inga, -ingar, -ingane, -ene and the
// verb endings -ar, -ast, -ande, so only -heit (bokmål -het) needs help:
// without the rule "sikkerheit" keeps its ending while bokmål "sikkerhet"
// stems to "sikker", and the nynorsk word never meets its compound parts.
// The longest matching suffix wins; search.js reads the same table from the
// index manifest.
var nynorskRules = [][2]string{
	{"heitene", "hetene"},
	{"heitane", "hetene"},
	{"heiter", "heter"},
	{"heita", "heten"},
	{"heiten", "heten"},
	{"heit", "het"},
}

// applyRules rewrites the longest suffix of w found in rules, keeping at
// least three letters before it.
func applyRules(w string, rules [][2]string) string {
	best := -1
	for i, r := range rules {
		if strings.HasSuffix(w, r[0]) && len([]rune(w))-len([]rune(r[0])) >= 3 &&
			(best < 0 || len(r[0]) > len(rules[best][0])) {
			best = i
		}
	}
	if best < 0 {
		return w
	}
	return strings.TrimSuffix(w, rules[best][0]) + rules[best][1]
}
