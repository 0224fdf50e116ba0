package site

import (
	"fmt"
	"testing"

	"golang.org/x/text/collate"
)

// less is the order by CompareString, which the kept collation keys
// (collators.sort) must give too.
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
		c.sort(lang, append([]*Page(nil), ps...)) // fills the keys
		keys := c.keys[lang]
		for _, a := range ps {
			for _, b := range ps {
				if less(col, a, b) != lessKey(keys, a, b) {
					t.Errorf("%s: %q (%d) < %q (%d): CompareString says %v", lang, a.Title, a.Weight, b.Title, b.Weight, less(col, a, b))
				}
			}
		}
	}
}
