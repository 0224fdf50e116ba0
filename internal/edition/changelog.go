// Package edition holds what Varde knows about editions (named, frozen
// states of the portal) apart from building them: what changed between an
// edition and the current portal, for its changelog page, and the snapshot
// command's file work (copying content into editions/<name>/ and adding
// the edition to config.toml).
package edition

import (
	"strings"

	"github.com/varde-portal/varde/internal/worddiff"
)

// Page is a page as the changelog sees it, from either edition.
type Page struct {
	ID    string // the page's id, unique per language
	Lang  string
	Title string
	URL   string // in its own edition, for links: /2024/veiledere/dpia/
	// Path is the page's address below its edition's base URL
	// (/veiledere/dpia/): the same in every edition for a page that did not
	// move. When either page has none, URLs are compared instead.
	Path string
	Text string // plain text of the body; paragraphs separated by blank lines
	// HTML is the converted body, when known: the changed words are then
	// counted on the same tree diff the compare view marks (worddiff.Tree),
	// so the changelog's count and the marks a reader sees agree.
	HTML string
	// Questions are the control questions written on this page, not those
	// a checklist page gathers from others (each question is counted once,
	// on the page that owns it).
	Questions []Question
}

// Question is a control question.
type Question struct {
	ID   string // stable id; answers are stored by it
	Text string
}

// Changelog is what changed from an old edition to the current one.
type Changelog struct {
	Added   []Page       // only in the current edition, in its order
	Removed []Page       // only in the old edition, in its order
	Changed []PageChange // in both but different, in the current order
	// Questions lists the control questions added, removed, reworded and
	// moved to another page, matched by id across all pages of a language,
	// since a question's id (and so its stored answer) does not depend on
	// the page it stands on.
	Questions QuestionChanges
}

// PageChange is a page found in both editions that differs.
type PageChange struct {
	Old, New     Page
	TitleChanged bool
	TextChanged  bool
	Moved        bool           // its URL changed
	Words        worddiff.Stats // words inserted and deleted in the text
}

// QuestionChanges groups question changes by kind. Each list is in page
// order (of the current edition, for Removed of the old one), then in
// question order, so a template can put a page heading wherever the page
// changes.
type QuestionChanges struct {
	Added    []QuestionChange // new id
	Removed  []QuestionChange // id gone
	Reworded []QuestionChange // same id, different text (possibly also moved)
	Moved    []QuestionChange // same id and text, on another page
}

// Len is the number of question changes.
func (q QuestionChanges) Len() int {
	return len(q.Added) + len(q.Removed) + len(q.Reworded) + len(q.Moved)
}

// QuestionChange is one control question in the changelog.
type QuestionChange struct {
	ID, Lang string
	Old, New string  // the question's text; Old is "" when added, New when removed
	OldPage  PageRef // the page it stood on in the old edition; zero when added
	NewPage  PageRef // the page it stands on now; zero when removed
}

// PageRef names a page for a link.
type PageRef struct {
	ID, Title, URL string
}

// Empty reports whether nothing changed.
func (c *Changelog) Empty() bool {
	return len(c.Added) == 0 && len(c.Removed) == 0 && len(c.Changed) == 0 && c.Questions.Len() == 0
}

// Compare computes the changelog from the old edition's pages to the
// current ones. Pages are matched by language and id, questions by
// language and id. Texts are compared with runs of white space made one
// space, so that re-wrapping a paragraph is not a change.
func Compare(old, cur []Page) *Changelog {
	c := &Changelog{}
	oldByKey := make(map[string]*Page, len(old))
	for i := range old {
		k := key(old[i].Lang, old[i].ID)
		if _, dup := oldByKey[k]; !dup {
			oldByKey[k] = &old[i]
		}
	}
	seen := make(map[string]bool, len(cur))
	for _, p := range cur {
		k := key(p.Lang, p.ID)
		if seen[k] {
			continue
		}
		seen[k] = true
		o := oldByKey[k]
		if o == nil {
			c.Added = append(c.Added, p)
			continue
		}
		ch := PageChange{
			Old:          *o,
			New:          p,
			TitleChanged: normalize(o.Title) != normalize(p.Title),
			TextChanged:  normalize(o.Text) != normalize(p.Text),
			Moved:        moved(o, &p),
		}
		if ch.TextChanged {
			if o.HTML != "" && p.HTML != "" {
				ch.Words = worddiff.CountTree(worddiff.Tree(o.HTML, p.HTML))
			} else {
				ch.Words = worddiff.CountBlocks(worddiff.Blocks(o.Text, p.Text))
			}
		}
		if ch.TitleChanged || ch.TextChanged || ch.Moved {
			c.Changed = append(c.Changed, ch)
		}
	}
	for _, p := range old {
		if k := key(p.Lang, p.ID); !seen[k] {
			seen[k] = true
			c.Removed = append(c.Removed, p)
		}
	}
	c.Questions = compareQuestions(old, cur)
	return c
}

// moved reports whether a page's address changed between editions.
func moved(old, cur *Page) bool {
	if old.Path != "" && cur.Path != "" {
		return old.Path != cur.Path
	}
	return old.URL != cur.URL
}

// placed is a question with the page it stands on.
type placed struct {
	q    Question
	lang string
	page PageRef
}

func compareQuestions(old, cur []Page) QuestionChanges {
	oldQ, oldOrder := questions(old)
	curQ, curOrder := questions(cur)
	var out QuestionChanges
	for _, k := range curOrder {
		n := curQ[k]
		o, ok := oldQ[k]
		ch := QuestionChange{ID: n.q.ID, Lang: n.lang, New: n.q.Text, NewPage: n.page}
		switch {
		case !ok:
			out.Added = append(out.Added, ch)
		case normalize(o.q.Text) != normalize(n.q.Text):
			ch.Old, ch.OldPage = o.q.Text, o.page
			out.Reworded = append(out.Reworded, ch)
		case o.page.ID != n.page.ID:
			ch.Old, ch.OldPage = o.q.Text, o.page
			out.Moved = append(out.Moved, ch)
		}
	}
	for _, k := range oldOrder {
		if _, ok := curQ[k]; !ok {
			o := oldQ[k]
			out.Removed = append(out.Removed, QuestionChange{ID: o.q.ID, Lang: o.lang, Old: o.q.Text, OldPage: o.page})
		}
	}
	return out
}

// questions indexes the questions of pages by language and id, in page
// and question order; the first of a repeated id wins (the build reports
// repeats as errors).
func questions(pages []Page) (map[string]placed, []string) {
	byKey := map[string]placed{}
	var order []string
	for _, p := range pages {
		ref := PageRef{ID: p.ID, Title: p.Title, URL: p.URL}
		for _, q := range p.Questions {
			k := key(p.Lang, q.ID)
			if _, dup := byKey[k]; dup {
				continue
			}
			byKey[k] = placed{q: q, lang: p.Lang, page: ref}
			order = append(order, k)
		}
	}
	return byKey, order
}

func key(lang, id string) string { return lang + "\x00" + id }

// normalize makes every run of white space one space and trims the ends.
func normalize(s string) string { return strings.Join(strings.Fields(s), " ") }
