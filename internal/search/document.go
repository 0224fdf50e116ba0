package search

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// Document is one page as the search engines see it: the build hands over
// one per page of the current edition, drafts left out.
type Document struct {
	ID          string    // stable page id, unique within a language
	Lang        string    // language code: nb, nn, en, ...
	URL         string    // the page's URL, as links in results use it
	Title       string    //
	Description string    // one-sentence summary
	Headings    []string  // the page's headings, in order
	Body        string    // plain text of the body
	Type        string    // onepager, checklist, norm, course, page
	Audience    []string  // audience slugs (a taxonomy)
	Topics      []string  // topic slugs (a taxonomy)
	Updated     time.Time // last substantive change; zero when unknown

	// Prior weighs the page against pages that match a query as well: both
	// engines multiply its score by it. Zero means 1 (a content page); a
	// generated page that lists other pages takes PriorList, so that an
	// audience page titled "Personvernombud" comes after the guide on
	// personvernombud, and a generated page that is an answer of its own
	// (an NSM principle, a legal provision) PriorReference.
	Prior float64
}

// Priors of generated pages (Document.Prior).
const (
	PriorList      = 0.6 // audience, topic, "Hva er nytt", the NSM and legal index pages
	PriorReference = 0.8 // an NSM principle, a page per cited legal provision
)

// prior is the weight both engines apply to the document's score.
func (d *Document) prior() float64 {
	if d.Prior == 0 {
		return 1
	}
	return d.Prior
}

// langKey normalises a language code to the key that names its index
// ("nb-NO" → "nb-no"); it reports false for codes that cannot name a
// folder or a file.
func langKey(lang string) (string, bool) {
	k := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(lang), "_", "-"))
	if k == "" || len(k) > 16 {
		return "", false
	}
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return "", false
		}
	}
	return k, true
}

// validate reports the first problem that would make the document
// unindexable; i is its position in the input, for the message.
func (d *Document) validate(i int) error {
	if strings.TrimSpace(d.ID) == "" {
		return fmt.Errorf("search: document %d (%q): empty id", i, d.URL)
	}
	if _, ok := langKey(d.Lang); !ok {
		return fmt.Errorf("search: document %q: bad language code %q", d.ID, d.Lang)
	}
	if math.IsNaN(d.Prior) || d.Prior < 0 || d.Prior > 1 {
		return fmt.Errorf("search: document %q: prior %v is outside 0 to 1", d.ID, d.Prior)
	}
	return nil
}
