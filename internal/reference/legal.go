package reference

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/varde-portal/varde/internal/slug"
)

const (
	unitArticle = "art" // cited as "GDPR art. 30"
	unitSection = "§"   // cited as "personopplysningsloven § 10"
)

// Law is one law that content may cite.
type Law struct {
	ID         string // slug stem, e.g. "personopplysningsloven"
	Short      string // as written in content and shown on pages, e.g. "GDPR"
	Identifier string // Lovdata identifier, e.g. "LOV-2018-06-15-38", or the EU act number
	Unit       string // "art" for laws cited by article (the GDPR), "§" otherwise
	MaxArticle int    // for Unit "art": articles 1..MaxArticle are accepted
	Aliases    []string
	Note       string // shown to editors when a section is not accepted
	Name       Titles // full name
	// Sections lists the accepted sections in legal order; for a law cited
	// by article it lists the articles that have titles.
	Sections []Section
}

// Section is one accepted section (§) or article of a law.
type Section struct {
	Number string // canonical: "12", "12 a", "4-3"
	Title  Titles
}

// LegalRef is a validated legal reference. Section is empty when the
// reference is to the law as a whole.
type LegalRef struct {
	Law     string // Law.ID
	Section string // canonical section or article number
}

// Laws returns the laws in the reference data, in the data's order.
func Laws() []Law {
	d, err := data()
	if err != nil {
		return nil
	}
	out := make([]Law, len(d.laws))
	for i, l := range d.laws {
		out[i] = l.clone()
	}
	return out
}

// LawByID returns the law with the given id.
func LawByID(id string) (Law, bool) {
	if l := lawByID(id); l != nil {
		return l.clone(), true
	}
	return Law{}, false
}

// lawByID returns the shared, read-only law for internal lookups that only
// read it, sparing the copy LawByID makes for callers.
func lawByID(id string) *Law {
	d, err := data()
	if err != nil {
		return nil
	}
	for i := range d.laws {
		if d.laws[i].ID == id {
			return &d.laws[i]
		}
	}
	return nil
}

func (l Law) clone() Law {
	l.Aliases = append([]string(nil), l.Aliases...)
	l.Sections = append([]Section(nil), l.Sections...)
	return l
}

// citeForm is how a section of this law is written: "GDPR art. 30",
// "personopplysningsloven § 10".
func (l Law) citeForm(section string) string {
	if section == "" {
		return l.Short
	}
	if l.Unit == unitArticle {
		return l.Short + " art. " + section
	}
	return l.Short + " § " + section
}

// String returns the canonical display form, e.g. "GDPR art. 30" or
// "personopplysningsloven § 12 a". It returns "" for a zero LegalRef.
func (r LegalRef) String() string {
	if l := lawByID(r.Law); l != nil {
		return l.citeForm(r.Section)
	}
	return ""
}

// Slug returns a URL-safe form: "gdpr-art-30", "personopplysningsloven-12-a",
// "sikkerhetsloven-4-3", or the law's id for a whole-law reference.
func (r LegalRef) Slug() string {
	l := lawByID(r.Law)
	if l == nil {
		return ""
	}
	if r.Section == "" {
		return l.ID
	}
	s := l.ID + "-"
	if l.Unit == unitArticle {
		s += "art-"
	}
	return s + strings.ReplaceAll(r.Section, " ", "-")
}

// LookupLegal returns the bokmål title of the cited section or article, or
// the law's full name for a whole-law reference. ok is false when the
// reference is unknown or the article has no title in the data.
func LookupLegal(ref LegalRef) (title string, ok bool) { return LegalTitle(ref, "nb") }

// LegalTitle is LookupLegal in the given language, falling back to bokmål.
func LegalTitle(ref LegalRef, lang string) (string, bool) {
	l := lawByID(ref.Law)
	if l == nil {
		return "", false
	}
	if ref.Section == "" {
		return l.Name.Get(lang), true
	}
	for _, s := range l.Sections {
		if s.Number == ref.Section {
			return s.Title.Get(lang), true
		}
	}
	return "", false
}

// articleMarker matches the ways editors introduce an article number;
// trailingArticle matches the same word left with no number after it.
var (
	articleMarker   = regexp.MustCompile(`(?i)(?:^|\s)(artikkel|article|art\.?)\s*(\d)`)
	trailingArticle = regexp.MustCompile(`(?i)\s(artikkel|article|art)\.?$`)
)

// ParseLegal validates a legal reference as editors write it in `legal:`
// front matter ("GDPR art. 30", "personvernforordningen artikkel 30",
// "pol. § 10", "personopplysningsloven § 12a", or a law's name alone) and
// returns it in canonical form. Errors are plain English for editors; an
// unknown law or section comes with the nearest accepted one.
func ParseLegal(s string) (LegalRef, error) {
	d, err := data()
	if err != nil {
		return LegalRef{}, err
	}
	t := strings.Join(strings.Fields(s), " ")
	if t == "" {
		return LegalRef{}, fmt.Errorf(`empty legal reference: write e.g. "GDPR art. 30" or "personopplysningsloven § 10"`)
	}

	// Split into the law's name and the part that cites a section.
	namePart, citePart, marker := t, "", ""
	if i := strings.Index(t, "§"); i >= 0 {
		namePart, citePart, marker = t[:i], t[i+len("§"):], unitSection
		if strings.HasPrefix(citePart, "§") {
			return LegalRef{}, fmt.Errorf("legal reference %q cites several sections: give each section as its own entry", s)
		}
	} else if m := articleMarker.FindStringSubmatchIndex(t); m != nil {
		namePart, citePart, marker = t[:m[0]], t[m[4]:], unitArticle
	} else if i := strings.IndexAny(t, "0123456789"); i >= 0 {
		namePart, citePart = t[:i], t[i:]
	}
	if marker == "" {
		if loc := trailingArticle.FindStringIndex(namePart); loc != nil {
			namePart, marker = namePart[:loc[0]], unitArticle
		}
	}
	namePart = strings.TrimRight(strings.TrimSpace(namePart), ".,")
	if namePart == "" {
		return LegalRef{}, fmt.Errorf(`legal reference %q names no law: write e.g. "personopplysningsloven § 10"`, s)
	}

	li, ok := d.lawByKey[slug.Make(namePart)]
	if !ok {
		return LegalRef{}, unknownLawError(d, namePart)
	}
	law := d.laws[li]

	citePart = strings.TrimSpace(citePart)
	if citePart == "" {
		if marker != "" {
			return LegalRef{}, fmt.Errorf("legal reference %q has no %s number", s, unitNoun(law))
		}
		return LegalRef{Law: law.ID}, nil
	}
	if marker != "" && marker != law.Unit {
		return LegalRef{}, wrongUnitError(d, law, citePart)
	}

	key, rest, ok := scanSectionNumber(citePart)
	if !ok {
		return LegalRef{}, fmt.Errorf("legal reference %q: %q is not a valid %s number", s, citePart, unitNoun(law))
	}
	if rest = strings.TrimSpace(strings.TrimLeft(rest, ".")); rest != "" {
		return LegalRef{}, fmt.Errorf("legal reference %q is more precise than Varde accepts: cite the whole %s, as in %q",
			s, unitNoun(law), law.citeForm(key.String()))
	}
	number := key.String()

	if law.Unit == unitArticle {
		if key.sub != 0 || key.letter != "" || key.main > law.MaxArticle {
			return LegalRef{}, fmt.Errorf("unknown %s article %q: the %s has articles 1–%d", law.Short, number, law.Short, law.MaxArticle)
		}
		return LegalRef{Law: law.ID, Section: strconv.Itoa(key.main)}, nil
	}
	if _, ok := d.sections[li][number]; ok {
		return LegalRef{Law: law.ID, Section: number}, nil
	}
	return LegalRef{}, unknownSectionError(law, number)
}

func unitNoun(l Law) string {
	if l.Unit == unitArticle {
		return "article"
	}
	return "section"
}

func unknownLawError(d *db, name string) error {
	var names []string
	for _, l := range d.laws {
		names = append(names, l.Short)
	}
	// Compare against every name and alias, sorted so that the suggestion
	// does not depend on map order; suggest the law's short name.
	keys := slices.Sorted(maps.Keys(d.lawByKey))
	if best, ok := closest(slug.Make(name), keys, 4, false); ok {
		return fmt.Errorf("unknown law %q: did you mean %q?", name, d.laws[d.lawByKey[best]].Short)
	}
	return fmt.Errorf("unknown law %q: the laws Varde knows are %s", name, strings.Join(names, ", "))
}

func wrongUnitError(d *db, law Law, citePart string) error {
	if law.Unit == unitArticle {
		return fmt.Errorf("the %s is cited by article, not §: write %q", law.Short, law.Short+" art. "+strings.TrimSpace(citePart))
	}
	msg := fmt.Sprintf("%s is cited by section (§), not article: write %q", law.Short, law.Short+" § "+strings.TrimSpace(citePart))
	for _, l := range d.laws {
		if l.Unit == unitArticle {
			msg += fmt.Sprintf(", or %q if you mean the %s article", l.Short+" art. "+strings.TrimSpace(citePart), l.Short)
			break
		}
	}
	return fmt.Errorf("%s", msg)
}

func unknownSectionError(law Law, number string) error {
	cite := law.citeForm(number)
	if len(law.Sections) == 0 {
		msg := fmt.Sprintf("%q is not in Varde's reference data: no sections of %s are listed", cite, law.Short)
		if law.Note != "" {
			msg += ". " + law.Note
		}
		return fmt.Errorf("%s", msg)
	}
	var numbers []string
	for _, s := range law.Sections {
		numbers = append(numbers, s.Number)
	}
	msg := fmt.Sprintf("unknown section %q", cite)
	if best, ok := closest(number, numbers, 2, true); ok {
		msg += fmt.Sprintf(": did you mean %q?", law.citeForm(best))
	}
	msg += fmt.Sprintf(" (accepted sections of %s: %s)", law.Short, strings.Join(numbers, ", "))
	if law.Note != "" {
		msg += ". " + law.Note
	}
	return fmt.Errorf("%s", msg)
}
