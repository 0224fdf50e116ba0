package reference

import (
	"fmt"
	"strconv"
	"strings"
)

// Category is one of the four categories of NSM's principles.
type Category struct {
	Number     int
	Title      Titles
	Principles []Principle
}

// Principle is one of NSM's 21 principles, such as 2.3.
type Principle struct {
	Category int
	Number   int
	Title    Titles
	// Measures is the highest measure number known to exist; measures
	// 1..Measures may be cited. Zero when none could be confirmed.
	Measures int
	// Complete reports whether Measures is the principle's last measure.
	// When false, NSM may define measures above Measures that Varde cannot
	// yet vouch for.
	Complete bool
	// Titled lists the measures for which the data has a short title of its
	// own, in increasing order; it may leave gaps.
	Titled []Measure
}

// ID returns the principle's number as written, e.g. "2.10".
func (p Principle) ID() string { return fmt.Sprintf("%d.%d", p.Category, p.Number) }

// Measure is one measure (tiltak) under a principle, with a short title in
// Varde's own words.
type Measure struct {
	Number int
	Title  Titles
}

// NSMLevel tells what an NSMRef points at.
type NSMLevel int

const (
	NSMCategory NSMLevel = iota + 1
	NSMPrinciple
	NSMMeasure
)

// NSMRef is a validated reference to a category ("2"), a principle ("2.3")
// or a measure ("2.3.1"). Principle and Measure are zero when absent.
type NSMRef struct {
	Category  int
	Principle int
	Measure   int
}

// Level returns whether the reference names a category, principle or measure.
func (r NSMRef) Level() NSMLevel {
	switch {
	case r.Measure > 0:
		return NSMMeasure
	case r.Principle > 0:
		return NSMPrinciple
	default:
		return NSMCategory
	}
}

// String returns the canonical form, e.g. "2.3.1".
func (r NSMRef) String() string {
	switch r.Level() {
	case NSMMeasure:
		return fmt.Sprintf("%d.%d.%d", r.Category, r.Principle, r.Measure)
	case NSMPrinciple:
		return fmt.Sprintf("%d.%d", r.Category, r.Principle)
	default:
		return strconv.Itoa(r.Category)
	}
}

// Slug returns the reference in a form usable in URLs and ids, e.g. "2-3-1".
func (r NSMRef) Slug() string { return strings.ReplaceAll(r.String(), ".", "-") }

// PrincipleRef returns the principle a measure belongs to, or r itself when
// it is not a measure.
func (r NSMRef) PrincipleRef() NSMRef { r.Measure = 0; return r }

// NSMVersion returns the version of NSM's principles the data describes.
func NSMVersion() string {
	d, err := data()
	if err != nil {
		return ""
	}
	return d.nsmVersion
}

// NSMCategories returns the four categories with their principles, in order.
// It returns nil only if the embedded data is broken, which the package's
// tests rule out.
func NSMCategories() []Category {
	d, err := data()
	if err != nil {
		return nil
	}
	out := make([]Category, len(d.categories))
	for i, c := range d.categories {
		c.Principles = append([]Principle(nil), c.Principles...)
		for j := range c.Principles {
			c.Principles[j].Titled = append([]Measure(nil), c.Principles[j].Titled...)
		}
		out[i] = c
	}
	return out
}

const nsmForms = `write a category ("2"), a principle ("2.3") or a measure ("2.3.1")`

// ParseNSM validates an NSM reference as editors write it in `nsm:` front
// matter and returns it in canonical form. Errors are plain English for
// editors and say what the valid range is.
func ParseNSM(s string) (NSMRef, error) {
	d, err := data()
	if err != nil {
		return NSMRef{}, err
	}
	t := strings.TrimSpace(s)
	if t == "" {
		return NSMRef{}, fmt.Errorf("empty NSM reference: %s", nsmForms)
	}
	parts := strings.Split(t, ".")
	if len(parts) > 3 {
		return NSMRef{}, fmt.Errorf("invalid NSM reference %q: %s", s, nsmForms)
	}
	nums := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || p == "" || p[0] == '+' {
			return NSMRef{}, fmt.Errorf("invalid NSM reference %q: %s", s, nsmForms)
		}
		nums[i] = n
	}
	ref := NSMRef{Category: nums[0]}
	if ref.Category < 1 || ref.Category > len(d.categories) {
		return NSMRef{}, fmt.Errorf("unknown NSM category %q: the categories are 1–%d", t, len(d.categories))
	}
	cat := d.categories[ref.Category-1]
	if len(nums) == 1 {
		return ref, nil
	}
	ref.Principle = nums[1]
	if ref.Principle < 1 || ref.Principle > len(cat.Principles) {
		return NSMRef{}, fmt.Errorf("unknown NSM principle %q: category %d has principles %d.1–%d.%d",
			t, cat.Number, cat.Number, cat.Number, len(cat.Principles))
	}
	p := cat.Principles[ref.Principle-1]
	if len(nums) == 2 {
		return ref, nil
	}
	ref.Measure = nums[2]
	if ref.Measure >= 1 && ref.Measure <= p.Measures {
		return ref, nil
	}
	id := p.ID()
	switch {
	case p.Complete || ref.Measure < 1:
		if p.Measures == 0 {
			return NSMRef{}, fmt.Errorf("unknown NSM measure %q: measures are numbered from 1; cite the principle %q instead", t, id)
		}
		return NSMRef{}, fmt.Errorf("unknown NSM measure %q: principle %s has measures %s.1–%s.%d", t, id, id, id, p.Measures)
	case p.Measures == 0:
		return NSMRef{}, fmt.Errorf("NSM measure %q is not in Varde's reference data: the measures of principle %s are not verified yet; cite the principle %q instead", t, id, id)
	default:
		return NSMRef{}, fmt.Errorf("NSM measure %q is not in Varde's reference data: only %s.1–%s.%d of principle %s are verified; cite the principle %q instead",
			t, id, id, p.Measures, id, id)
	}
}

// LookupNSM returns the bokmål title of a reference: the category's or
// principle's title, or the measure's short title. ok is false when the
// reference is unknown or, for a valid measure, when the data holds no title
// for it (callers then show the number alone).
func LookupNSM(ref NSMRef) (title string, ok bool) { return NSMTitle(ref, "nb") }

// NSMTitle is LookupNSM in the given language ("nb", "nn" or "en"), falling
// back to bokmål where a language has no title.
func NSMTitle(ref NSMRef, lang string) (string, bool) {
	d, err := data()
	if err != nil {
		return "", false
	}
	if ref.Category < 1 || ref.Category > len(d.categories) {
		return "", false
	}
	cat := d.categories[ref.Category-1]
	if ref.Principle == 0 {
		if ref.Measure != 0 {
			return "", false
		}
		return cat.Title.Get(lang), true
	}
	if ref.Principle < 1 || ref.Principle > len(cat.Principles) {
		return "", false
	}
	p := cat.Principles[ref.Principle-1]
	if ref.Measure == 0 {
		return p.Title.Get(lang), true
	}
	for _, m := range p.Titled {
		if m.Number == ref.Measure {
			return m.Title.Get(lang), true
		}
	}
	return "", false
}
