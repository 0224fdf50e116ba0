package site

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"golang.org/x/text/collate"
)

// less is the order by CompareString, which collators.sort (collation
// keys made once, an unstable sort with the position as the last tie
// breaker) must give too, as sort.SliceStable gives it.
func less(col *collate.Collator, a, b *Page) bool {
	if a.Weight != b.Weight {
		if a.Weight == 0 || b.Weight == 0 {
			return b.Weight == 0
		}
		return a.Weight < b.Weight
	}
	if r := col.CompareString(a.Title, b.Title); r != 0 {
		return r < 0
	}
	return a.ID < b.ID
}

func TestCollationKeysOrderAsCompareString(t *testing.T) {
	titles := []string{"", " ", "a", "A", "å", "Å", "aa", "Aa", "æ", "Æble", "ø", "Ø", "z", "Z", "zz",
		"Øvelse", "øvelse", "Åpenhet", "Aapenhet", "Ærlig", "e-post", "epost", "E-post", "E post", "10 regler", "2 regler",
		"Personvern", "personvern", "Personvern i skolen", "Personvernombud", "NSM 2.1", "NSM 2.10", "NSM 2.9",
		"ü", "u", "y", "ÿ", "ß", "ss", "IT", "it", "Itsikkerhet", "«Sitat»", "\"Sitat\"", "§ 12", "Ǿ", "ö", "Ö", "ä",
		"Tittel\u00a0med", "Tittel med", "a\u0301", "á", "İ", "i", "ı"}
	for _, lang := range []string{"nb", "nn", "en", "se"} {
		col := collate.New(collationTag(lang), collate.IgnoreCase)
		c := newCollators([]string{lang})
		var ps []*Page
		for i, ti := range titles {
			for w := range 2 {
				ps = append(ps, &Page{Title: ti, ID: fmt.Sprintf("p%02d-%d", i, w), Weight: w})
			}
		}
		for range 4 { // equal in every way: the stable order keeps them as they came
			ps = append(ps, &Page{Title: "Lik", ID: "lik"}, &Page{Title: "lik", ID: "lik", Weight: 1})
		}
		rand.New(rand.NewPCG(1, 2)).Shuffle(len(ps), func(i, j int) { ps[i], ps[j] = ps[j], ps[i] })
		want := slices.Clone(ps)
		sort.SliceStable(want, func(i, j int) bool { return less(col, want[i], want[j]) })
		got := slices.Clone(ps)
		c.sort(lang, got)
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s: at %d %q (%s), CompareString's order has %q (%s)", lang, i, got[i].Title, got[i].ID, want[i].Title, want[i].ID)
				break
			}
		}
	}
}
