package build

import (
	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/render"
	"github.com/varde-portal/varde/internal/site"
)

// coursesPath is where the "Mine kurs" page of a language lives, below the
// language's prefix: /mine-kurs/, /nn/mine-kurs/. It sits beside the
// sections, not inside the course section, so that it never depends on
// what the editors named that folder.
const coursesPath = "/mine-kurs/"

// coursesLayout is the layout (themes/<name>/layouts/mycourses.html) and
// the page type of the "Mine kurs" page.
const coursesLayout = "mycourses"

// addCoursePages adds a "Mine kurs" page to every language of a site that
// has course pages. The page lists every course and leaves the status of
// each (ikke startet, påbegynt, bestått) to the browser, which alone knows
// it: results live in localStorage (see assets/js/modules/course.js).
//
// A course not translated into a language is listed there in the language
// it has, so that a reader of nynorsk still finds a course written only in
// bokmål. Its data-course-status key is the page id, which translations
// share, so progress shows in every language.
//
// A content page already at the path wins: the generated page is left out
// with a warning, and the layouts link to whatever page is there.
func addCoursePages(s *site.Site, r *render.Renderer, diags *diag.List) {
	byID := map[string][]*site.Page{} // course id → its pages, in language order
	var ids []string
	for _, lang := range s.Langs {
		for _, p := range s.ContentPages(lang) {
			if p.Kind != site.KindPage || p.Type != "course" {
				continue
			}
			if byID[p.ID] == nil {
				ids = append(ids, p.ID)
			}
			byID[p.ID] = append(byID[p.ID], p)
		}
	}
	if len(ids) == 0 {
		return
	}
	for _, lang := range s.Langs {
		if s.Home[lang] == nil {
			continue
		}
		path := s.LangPrefix(lang) + coursesPath
		if q := s.ByPath(path); q != nil {
			file := "content"
			if q.Source != nil {
				file = q.Source.File
			}
			diags.Warnf(file, 0, "this page is written to %s, where Varde puts the list of the reader's courses (%q); that list is left out", path, r.Strings.T(lang, "course.mine_title"))
			continue
		}
		var courses []*site.Page
		for _, id := range ids {
			courses = append(courses, pick(byID[id], lang, s.Config.DefaultLanguage))
		}
		s.SortPages(lang, courses)
		s.AddSpecial(&site.Page{
			Lang: lang, ID: "mine-kurs", Type: coursesLayout, Layout: coursesLayout, Path: path,
			Title: r.Strings.T(lang, "course.mine_title"),
			Data:  map[string]any{"courses": courses},
		}, diags)
	}
}

// pick returns the translation of a page in lang, else the one in the
// default language, else the first.
func pick(pages []*site.Page, lang, def string) *site.Page {
	for _, want := range []string{lang, def} {
		for _, p := range pages {
			if p.Lang == want {
				return p
			}
		}
	}
	return pages[0]
}
