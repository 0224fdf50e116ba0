package search

import (
	"fmt"
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
	return nil
}
