package build

import (
	"html/template"
	"strings"

	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/edition"
	"github.com/varde-portal/varde/internal/site"
	"github.com/varde-portal/varde/internal/worddiff"
)

// An edition's comparison views and changelog are generated pages of the
// edition, below its language prefix:
//
//	/2024/sammenlign/veiledere/dpia/   DPIA in 2024 compared with the current DPIA
//	/2024/endringer/                   everything that changed since 2024
//
// The comparison views sit in a folder of their own rather than below each
// page, so that no page's slug can collide with them.
const (
	comparePath     = "/sammenlign"
	compareLayout   = "compare" // themes/<name>/layouts/compare.html
	changelogPath   = "/endringer/"
	changelogLayout = "changelog" // themes/<name>/layouts/changelog.html
)

// Comparison is an edition's page compared with the current one, for the
// comparison view: its text block by block, as the page's own headings,
// paragraphs, lists, tables and code, with the inserted and deleted words
// marked (worddiff.Tree on the converted pages).
type Comparison struct {
	Body  template.HTML  // the comparison, ready for the layout
	Words worddiff.Stats // words inserted and deleted in the text
	// Title is the word diff of the titles; nil when the title is the same.
	Title []DiffSpan
}

// Changed reports whether the text or the title differs.
func (c Comparison) Changed() bool { return c.Words.Changed() || c.Title != nil }

// DiffSpan is a run of text of a diff, for the layouts to mark up. Op is
// "insert", "delete" or "" for unchanged text. The white space at the ends
// of an inserted or deleted run is moved out of it into Lead and Trail:
// the marks then underline and strike through words, not the spaces
// between them, and the space survives beside the hidden labels a layout
// puts inside a mark for screen readers.
type DiffSpan struct {
	Op, Lead, Text, Trail string
}

// compare compares an edition's page with the current one. t gives the
// UI strings of the page's language: the hidden words around each mark and
// the tags of blocks added, removed or moved whole.
func compare(old, cur *site.Page, t func(key string) string) Comparison {
	changes := worddiff.Tree(string(old.Body), string(cur.Body))
	c := Comparison{Words: worddiff.CountTree(changes), Body: worddiff.TreeHTML(changes, worddiff.Labels{
		InsStart: t("diff_ins_start"), InsEnd: t("diff_ins_end"),
		DelStart: t("diff_del_start"), DelEnd: t("diff_del_end"),
		Added: t("diff_added"), Removed: t("diff_removed"),
		MovedAway: t("diff_moved_away"), MovedHere: t("diff_moved_here"),
	})}
	if strings.Join(strings.Fields(old.Title), " ") != strings.Join(strings.Fields(cur.Title), " ") {
		c.Title = diffSpans(worddiff.Diff(old.Title, cur.Title))
	}
	return c
}

// diffSpans prepares a word diff for the layouts.
func diffSpans(spans []worddiff.Span) []DiffSpan {
	out := make([]DiffSpan, 0, len(spans))
	for _, s := range spans {
		d := DiffSpan{Text: s.Text}
		switch s.Op {
		case worddiff.Insert:
			d.Op = "insert"
		case worddiff.Delete:
			d.Op = "delete"
		}
		if d.Op != "" {
			body := strings.TrimSpace(s.Text)
			if body == "" {
				continue // white space alone: nothing a reader could see marked
			}
			start := strings.Index(s.Text, body)
			d.Lead, d.Text, d.Trail = s.Text[:start], body, s.Text[start+len(body):]
		}
		out = append(out, d)
	}
	return out
}

// paragraphText turns a page's plain text, one block (paragraph, heading,
// list item) per line, into paragraphs separated by blank lines, which is
// what the word diff and the changelog compare paragraph by paragraph.
func paragraphText(text string) string {
	return strings.ReplaceAll(strings.TrimSpace(text), "\n", "\n\n")
}

// addComparePages adds a comparison view for every content page of the
// edition that still exists in the current portal.
func (e *editionSite) addComparePages(diags *diag.List) {
	s := e.l.Site
	e.compareOf = map[*site.Page]*site.Page{}
	e.compareSource = map[*site.Page]*site.Page{}
	pages := append([]*site.Page(nil), s.Pages...) // AddSpecial appends to s.Pages
	for _, p := range pages {
		if !p.IsContent() {
			continue
		}
		cur := find(e.cur.Site, p)
		if cur == nil {
			continue
		}
		pre := s.LangPrefix(p.Lang)
		t := e.l.Renderer.Strings
		c := &site.Page{
			Lang: p.Lang, ID: "compare:" + p.ID, Type: compareLayout, Layout: compareLayout,
			Path:        pre + comparePath + strings.TrimPrefix(p.Path, pre),
			Title:       fill(t.T(p.Lang, "compare_title"), p.Title),
			Description: fill(t.T(p.Lang, "compare_description"), p.Title, e.cfg.Name),
			Parent:      p,
			Data:        map[string]any{"old": p, "current": cur, "edition": e.cfg.Name},
		}
		n := len(s.Pages)
		s.AddSpecial(c, diags)
		if len(s.Pages) == n {
			continue // its path was taken; AddSpecial reported it
		}
		e.compareOf[p] = c
		e.compareSource[c] = p
	}
}

// fill puts args into the {0}, {1} … of a UI string.
func fill(s string, args ...string) string {
	for i, a := range args {
		s = strings.ReplaceAll(s, "{"+string(rune('0'+i))+"}", a)
	}
	return s
}

// ChangelogView is an edition's changelog as its page shows it.
type ChangelogView struct {
	Edition   string
	Added     []edition.Page // in the current portal only; URLs there
	Removed   []edition.Page // in the edition only; URLs in the edition
	Changed   []ChangedPage
	Questions edition.QuestionChanges
	Reworded  []RewordedQuestion // Questions.Reworded with their word diffs
	Empty     bool
}

// ChangedPage is a page in both editions that differs.
type ChangedPage struct {
	edition.PageChange
	CompareURL string // the comparison view in the edition
}

// RewordedQuestion is a control question whose text changed.
type RewordedQuestion struct {
	edition.QuestionChange
	Diff []DiffSpan // from the old text to the new, word by word
}

// addChangelogPages adds to the edition a page per language listing what
// changed from the edition to the current portal.
func (e *editionSite) addChangelogPages(diags *diag.List) {
	s, cur := e.l.Site, e.cur.Site
	e.changelog = map[string]*site.Page{}
	for _, lang := range s.Langs {
		if s.Home[lang] == nil || cur.Home[lang] == nil {
			continue
		}
		log := edition.Compare(changelogPages(s, lang), changelogPages(cur, lang))
		v := ChangelogView{
			Edition: e.cfg.Name, Added: log.Added, Removed: log.Removed,
			Questions: log.Questions, Empty: log.Empty(),
		}
		for _, ch := range log.Changed {
			cp := ChangedPage{PageChange: ch}
			if c := e.compareOf[s.ByID(ch.Old.ID, lang)]; c != nil {
				cp.CompareURL = c.URL
			}
			v.Changed = append(v.Changed, cp)
		}
		for _, q := range log.Questions.Reworded {
			v.Reworded = append(v.Reworded, RewordedQuestion{QuestionChange: q, Diff: diffSpans(worddiff.Diff(q.Old, q.New))})
		}
		t := e.l.Renderer.Strings
		p := &site.Page{
			Lang: lang, ID: "changelog", Type: changelogLayout, Layout: changelogLayout,
			Path:        s.LangPrefix(lang) + changelogPath,
			Title:       fill(t.T(lang, "changelog_title"), e.cfg.Name),
			Description: fill(t.T(lang, "changelog_description"), e.cfg.Name),
			Data:        map[string]any{"log": v, "edition": e.cfg.Name, "current": homeURL(cur, lang)},
		}
		n := len(s.Pages)
		s.AddSpecial(p, diags)
		if len(s.Pages) > n {
			e.changelog[lang] = p
		}
	}
}

// changelogPages lists the content pages of a language as the changelog
// compares them, in the order a reader meets them.
func changelogPages(s *site.Site, lang string) []edition.Page {
	var out []edition.Page
	for _, p := range contentInMenuOrder(s) {
		if p.Lang != lang {
			continue
		}
		ep := edition.Page{ID: p.ID, Lang: p.Lang, Title: p.Title, URL: p.URL, Path: p.Path, Text: paragraphText(p.Text), HTML: string(p.Body)}
		for _, q := range p.Questions {
			ep.Questions = append(ep.Questions, edition.Question{ID: q.ID, Text: q.Text})
		}
		out = append(out, ep)
	}
	return out
}
