package reference

import (
	"fmt"
	"regexp"
	"testing"
)

// TestNSMDataComplete checks the shape of NSM's principles 2.1 as published
// (4 categories; 3, 10, 4 and 4 principles) and that every entry carries its
// titles, so the principle pages and coverage page never show a blank.
func TestNSMDataComplete(t *testing.T) {
	cats := NSMCategories()
	wantPrinciples := []int{3, 10, 4, 4}
	if len(cats) != len(wantPrinciples) {
		t.Fatalf("got %d categories, want %d", len(cats), len(wantPrinciples))
	}
	total, completeSum := 0, 0
	for i, c := range cats {
		if c.Number != i+1 {
			t.Errorf("category %d numbered %d", i+1, c.Number)
		}
		if c.Title.NB == "" || c.Title.NN == "" || c.Title.EN == "" {
			t.Errorf("category %d lacks a title in some language: %+v", c.Number, c.Title)
		}
		if len(c.Principles) != wantPrinciples[i] {
			t.Errorf("category %d has %d principles, want %d", c.Number, len(c.Principles), wantPrinciples[i])
		}
		for j, p := range c.Principles {
			total++
			if p.Category != c.Number || p.Number != j+1 {
				t.Errorf("principle %s out of place at %d.%d", p.ID(), c.Number, j+1)
			}
			if p.Title.NB == "" || p.Title.NN == "" || p.Title.EN == "" {
				t.Errorf("principle %s lacks a title in some language: %+v", p.ID(), p.Title)
			}
			if p.Complete {
				completeSum += p.Measures
			}
			last := 0
			for _, m := range p.Titled {
				if m.Number <= last || m.Number > p.Measures {
					t.Errorf("measure %s.%d out of order or beyond %d", p.ID(), m.Number, p.Measures)
				}
				last = m.Number
				if m.Title.NB == "" || m.Title.EN == "" {
					t.Errorf("measure %s.%d lacks a bokmål or English title", p.ID(), m.Number)
				}
			}
			for m := 1; m <= p.Measures; m++ {
				ref := fmt.Sprintf("%s.%d", p.ID(), m)
				if _, err := ParseNSM(ref); err != nil {
					t.Errorf("listed measure %s does not parse: %v", ref, err)
				}
			}
		}
	}
	if total != 21 {
		t.Errorf("got %d principles, want NSM's 21", total)
	}
	// NSM's version 2.1 has 118 measures in all; the principles whose count
	// is complete cannot add up to more than that.
	if completeSum > 118 {
		t.Errorf("complete principles hold %d measures, more than NSM's 118", completeSum)
	}
}

// identifierPattern accepts Lovdata's identifiers of laws (LOV-…) and of
// regulations (FOR-…), which content cites too, and EU act numbers.
var identifierPattern = regexp.MustCompile(`^((LOV|FOR)-\d{4}-\d{2}-\d{2}(-\d+)?|\(EU\) \d{4}/\d+)$`)

// TestLegalDataComplete checks that every law has its names, a well-formed
// identifier and titled sections, and that everything listed can be cited
// by its canonical form and by every alias.
func TestLegalDataComplete(t *testing.T) {
	laws := Laws()
	if len(laws) != 14 {
		t.Errorf("got %d laws, want the 14 the portal cites", len(laws))
	}
	for _, l := range laws {
		if l.Name.NB == "" || l.Name.NN == "" || l.Name.EN == "" {
			t.Errorf("law %s lacks a name in some language: %+v", l.ID, l.Name)
		}
		if !identifierPattern.MatchString(l.Identifier) {
			t.Errorf("law %s: identifier %q is not LOV-yyyy-mm-dd[-nr], FOR-yyyy-mm-dd-nr or (EU) yyyy/nr", l.ID, l.Identifier)
		}
		whole, err := ParseLegal(l.Short)
		if err != nil || whole.Law != l.ID || whole.Section != "" {
			t.Errorf("law %s: its short name %q does not cite the whole law: %+v, %v", l.ID, l.Short, whole, err)
		}
		for _, alias := range l.Aliases {
			ref, err := ParseLegal(alias)
			if err != nil || ref.Law != l.ID {
				t.Errorf("law %s: alias %q resolves to %+v, %v", l.ID, alias, ref, err)
			}
		}
		for _, s := range l.Sections {
			if s.Title.NB == "" || s.Title.EN == "" {
				t.Errorf("%s: section %s lacks a bokmål or English title", l.ID, s.Number)
			}
			cite := l.citeForm(s.Number)
			ref, err := ParseLegal(cite)
			if err != nil || ref.Law != l.ID || ref.Section != s.Number || ref.String() != cite {
				t.Errorf("listed section %q does not round-trip: %+v, %v", cite, ref, err)
			}
		}
	}
	gdpr, ok := LawByID("gdpr")
	if !ok || gdpr.MaxArticle != 99 {
		t.Fatalf("GDPR missing or not articles 1–99: %+v", gdpr)
	}
	// The articles the portal's one-pagers rely on must carry titles.
	titled := map[string]bool{}
	for _, s := range gdpr.Sections {
		titled[s.Number] = true
	}
	for _, a := range []int{4, 5, 6, 9, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 24, 25, 28, 30, 32, 33, 34, 35, 37, 38, 39} {
		if !titled[fmt.Sprint(a)] {
			t.Errorf("GDPR art. %d has no title", a)
		}
	}
}
