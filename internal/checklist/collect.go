package checklist

import (
	"github.com/varde-portal/varde/internal/diag"
)

// Source is a page as the checklist model sees it: where its questions
// come from, for grouping, back-links and diagnostics.
type Source struct {
	PageID    string
	Title     string
	URL       string // the page's URL, for back-links from a checklist page
	File      string // site-relative path, for diagnostics
	Type      string // page type; checklist pages are not gathered by "all"
	Questions []*Question
}

// CollectAll is the collect value that gathers every page with questions.
const CollectAll = "all"

// Collect gathers the questions a checklist page names in its collect
// front matter (collectLine is that field's line in page.File). pool holds
// the candidate pages of the page's language, in the order "all" lists
// them. It returns the sources to show, in collect order (for "all", pool
// order), each with its questions in source order.
//
// page's own id is never gathered. Errors: an id in collect that no page
// has. Warnings: a named page without questions, an id listed twice, the
// page itself, and ids listed beside "all". A question id used on two
// pages is CheckIDs' to report, once for the site rather than once more on
// every checklist page that shows both.
func Collect(page *Source, collect []string, collectLine int, pool []*Source) ([]*Source, []diag.Diagnostic) {
	var ds []diag.Diagnostic
	warn := func(format string, args ...any) {
		ds = append(ds, diag.Warnf(page.File, collectLine, format, args...))
	}
	byID := make(map[string]*Source, len(pool))
	for _, s := range pool {
		if _, dup := byID[s.PageID]; !dup {
			byID[s.PageID] = s
		}
	}
	var out []*Source
	if containsAll(collect) {
		if len(collect) > 1 {
			warn("collect: %q already gathers every page with control questions; the other ids are ignored", CollectAll)
		}
		for _, s := range pool {
			if s.PageID != page.PageID && s.Type != "checklist" && len(s.Questions) > 0 {
				out = append(out, s)
			}
		}
	} else {
		listed := map[string]bool{}
		for _, id := range collect {
			switch s := byID[id]; {
			case listed[id]:
				warn("collect: %q is listed twice", id)
			case id == page.PageID:
				warn("collect: %q is this page itself; its own questions are shown anyway", id)
			case s == nil:
				ds = append(ds, diag.Errorf(page.File, collectLine, "collect: no page has the id %q%s", id, suggestID(id, pool)))
			case len(s.Questions) == 0:
				warn("collect: page %q (%s) has no control questions", id, s.File)
			default:
				out = append(out, s)
			}
			listed[id] = true
		}
	}
	return out, ds
}

func containsAll(collect []string) bool {
	for _, id := range collect {
		if id == CollectAll {
			return true
		}
	}
	return false
}

// CheckIDs reports a question id used on two different pages. Answers are
// stored in the browser by question id alone, so two such questions would
// share one answer. Translations of a page (same PageID) share ids on
// purpose, and get a warning when a question's scale differs between them
// (an answer given on one scale means nothing on the other); sources may
// hold every language. Duplicates on one page are
// reported by the markdown converter and are not repeated here.
func CheckIDs(sources []*Source) []diag.Diagnostic {
	type where struct {
		page, file, scale string
		line              int
	}
	var ds []diag.Diagnostic
	seen := map[string]where{}
	for _, s := range sources {
		for _, q := range s.Questions {
			first, dup := seen[q.ID]
			if !dup {
				seen[q.ID] = where{s.PageID, s.File, q.Scale, q.Line}
				continue
			}
			switch {
			case first.page != s.PageID:
				ds = append(ds, diag.Errorf(s.File, q.Line,
					"control question id %q is also used at %s:%d; answers are kept by id, so the two would share one answer — give one of them another {#id}",
					q.ID, first.file, first.line))
			case first.scale != q.Scale:
				ds = append(ds, diag.Warnf(s.File, q.Line,
					"control question %q has the scale %q here but %q in the translation %s:%d; translations share one answer, so give them the same scale",
					q.ID, q.Scale, first.scale, first.file, first.line))
			}
		}
	}
	return ds
}

// suggestID proposes a page id close to a misspelt one.
func suggestID(id string, pool []*Source) string {
	ids := make([]string, len(pool))
	for i, s := range pool {
		ids[i] = s.PageID
	}
	return nearestID(id, ids)
}
