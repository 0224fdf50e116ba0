package reference

// Titles holds a title in the site's languages: Norwegian bokmål (nb),
// nynorsk (nn) and English (en). NB is always set; the others may be empty
// where no wording exists, and Get then falls back to NB.
type Titles struct {
	NB string `toml:"nb"`
	NN string `toml:"nn"`
	EN string `toml:"en"`
}

// Get returns the title for lang ("nb", "nn" or "en"), falling back to
// bokmål when that language has no title or lang is unknown.
func (t Titles) Get(lang string) string {
	switch lang {
	case "nn":
		if t.NN != "" {
			return t.NN
		}
	case "en":
		if t.EN != "" {
			return t.EN
		}
	}
	return t.NB
}
