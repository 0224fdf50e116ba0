package build

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/history"
	"github.com/varde-portal/varde/internal/render"
	"github.com/varde-portal/varde/internal/site"
)

// "Hva er nytt" lives at these paths below each language's prefix
// (/hva-er-nytt/ and /hva-er-nytt.xml, /nn/hva-er-nytt/ …), beside the
// sections, like the search page.
const (
	whatsNewPath   = "/hva-er-nytt/"
	whatsNewFeed   = "hva-er-nytt.xml"
	whatsNewLayout = "whatsnew" // themes/<name>/layouts/whatsnew.html
	// whatsNewLimit is how many changes the page lists; the feed lists
	// config.toml's feed.limit entries.
	whatsNewLimit = 50
)

// Change is one entry of "Hva er nytt": a commit, or a date an editor gave
// as `updated` in front matter, with the pages of one language it changed.
// Readers see the date and the editor's note, or "Ny side"/"Oppdatert"
// where there is none; never the commit's subject or hash, which are
// written for editors.
type Change struct {
	Date  time.Time
	Note  string        // the editor's note to readers in the language, from the commit's trailers
	Pages []NewsPage // in the order git lists the files
	// New is set when the change created every page it lists.
	New bool
	// anchor is the change's id on the page, set once the list is final.
	anchor string
	// commit is the abbreviated hash ("" for a front-matter date without
	// a commit): it groups a commit's pages and is never shown.
	commit string
}

// NewsPage is a page a change touched, and whether the change made it.
type NewsPage struct {
	*site.Page
	New bool
}

// Anchor is the change's id on the "Hva er nytt" page, which the feed's
// entries use in their ids too: "endring-2024-03-01-1215" from the day and
// time of the commit (in its author's time zone), "endring-2024-03-01" for
// a front-matter date with no commit, with "-2", "-3" … after it when two
// changes would share one. The day is part of it because one commit may be
// listed on two days: on its own and on the date an editor gave to a page
// it changed. No hash: the id shows in links readers share.
func (c Change) Anchor() string { return c.anchor }

// setAnchors gives each change its id, unique on the page; ids of older
// changes do not move when a newer one arrives on the same day, since the
// counter is needed only for changes made in the same minute.
func setAnchors(cs []Change) {
	seen := map[string]int{}
	for i := len(cs) - 1; i >= 0; i-- {
		a := "endring-" + day(cs[i].Date)
		if cs[i].commit != "" {
			a += "-" + cs[i].Date.Format("1504")
		}
		seen[a]++
		if n := seen[a]; n > 1 {
			a += "-" + strconv.Itoa(n)
		}
		cs[i].anchor = a
	}
}

// whatsNew is the "Hva er nytt" page and feed of one language.
type whatsNew struct {
	page     *site.Page
	feedFile string // output file, e.g. nn/hva-er-nytt.xml
	feedURL  string
	changes  []Change // newest first
}

// addWhatsNew adds a "Hva er nytt" page to every language of the site,
// listing the most recent substantive changes to its pages, and returns
// them by language. A content page already at the path wins; the
// generated page is then left out with a warning.
func addWhatsNew(s *site.Site, h *history.History, r *render.Renderer, diags *diag.List) map[string]*whatsNew {
	out := map[string]*whatsNew{}
	for _, lang := range s.Langs {
		if s.Home[lang] == nil {
			continue
		}
		pre := s.LangPrefix(lang)
		if q := s.ByPath(pre + whatsNewPath); q != nil {
			file := "page " + q.Path
			if q.Source != nil {
				file = q.Source.File
			}
			diags.Warnf(file, 0, "this page is at %s, where the generated \"Hva er nytt\" page would be; it is left out", pre+whatsNewPath)
			continue
		}
		w := &whatsNew{
			feedFile: strings.TrimPrefix(pre+"/"+whatsNewFeed, "/"),
			changes:  recentChanges(s, h, lang, whatsNewLimit),
		}
		w.feedURL = s.BasePath + w.feedFile
		p := &site.Page{
			Lang: lang, ID: "whatsnew", Type: whatsNewLayout, Layout: whatsNewLayout, Path: pre + whatsNewPath,
			Title:       r.Strings.T(lang, "whatsnew_title"),
			Description: r.Strings.T(lang, "whatsnew_description"),
			Data:        map[string]any{"changes": w.changes, "feed": w.feedURL},
		}
		if len(w.changes) > 0 {
			p.Updated = w.changes[0].Date
		}
		s.AddSpecial(p, diags)
		w.page = p
		out[lang] = w
	}
	return out
}

// recentChanges returns the newest changes to the pages of a language,
// at most limit of them.
//
// A change is substantive unless the editor said otherwise: a page whose
// front matter gives `updated` was last changed in substance on that date
// (FORMAT.md), so it is listed once, on that date, with the subject of the
// commit that made the change (the oldest commit on or after it), and its
// later commits (a typo fixed, a link mended) are left out. Every commit
// to any other page is a change. Without git history, the pages with an
// `updated` date are all there is.
func recentChanges(s *site.Site, h *history.History, lang string, limit int) []Change {
	byFile := map[string]*site.Page{}
	var declared []*site.Page
	for _, p := range s.ContentPages(lang) {
		switch p.Kind {
		case site.KindPage, site.KindSection, site.KindHome:
		default:
			continue
		}
		if !p.Source.Meta.Updated.IsZero() {
			declared = append(declared, p)
			continue
		}
		byFile[p.Source.File] = p
	}
	def := lang == s.Config.DefaultLanguage
	type key struct{ hash, day string }
	groups := map[key]*Change{}
	var all []*Change
	add := func(date time.Time, note, hash string, p *site.Page, isNew bool) {
		k := key{hash, day(date)}
		c := groups[k]
		if c == nil {
			c = &Change{Date: date, Note: note, commit: hash}
			groups[k] = c
			all = append(all, c)
		}
		c.Pages = append(c.Pages, NewsPage{Page: p, New: isNew})
	}
	for _, c := range h.Recent(0) {
		added := map[string]bool{}
		for _, f := range c.Added {
			added[f] = true
		}
		note := c.NoteFor(lang, def)
		for _, f := range c.Files {
			if p := byFile[f]; p != nil {
				add(c.Date, note, c.Short, p, added[f])
			}
		}
	}
	for _, p := range declared {
		u := p.Source.Meta.Updated
		if c, ok := introducing(h.Commits(p.Source.File), u); ok {
			add(u, c.NoteFor(lang, def), c.Short, p, c.Added)
		} else {
			add(u, "", "", p, false)
		}
	}
	for _, c := range all {
		c.New = true
		for _, p := range c.Pages {
			c.New = c.New && p.New
		}
	}
	// Newest first; changes of the same day keep git's order (newest
	// commit first), and front-matter dates without a commit come last.
	sort.SliceStable(all, func(i, j int) bool {
		di, dj := day(all[i].Date), day(all[j].Date)
		if di != dj {
			return di > dj
		}
		if !all[i].Date.Equal(all[j].Date) {
			return all[i].Date.After(all[j].Date)
		}
		return all[i].commit != "" && all[j].commit == ""
	})
	if len(all) > limit {
		all = all[:limit]
	}
	out := make([]Change, len(all))
	for i, c := range all {
		out[i] = *c
	}
	setAnchors(out)
	return out
}

// introducing returns the commit that made the change an editor dated u:
// the oldest of commits (newest first) made on that day or later.
func introducing(commits []history.Commit, u time.Time) (history.Commit, bool) {
	d := day(u)
	for i := len(commits) - 1; i >= 0; i-- {
		if day(commits[i].Date) >= d {
			return commits[i], true
		}
	}
	return history.Commit{}, false
}

// day is a date as YYYY-MM-DD in its own time zone: the calendar day the
// author or editor meant.
func day(t time.Time) string { return t.Format("2006-01-02") }

// writeWhatsNewFeeds writes the Atom feed of "Hva er nytt" of each
// language: one entry per page changed, newest first, linking the page.
func writeWhatsNewFeeds(l *Loaded, out render.Sink) []diag.Diagnostic {
	var diags diag.List
	limit := l.Config.Feed.Limit
	for _, lang := range l.Site.Langs {
		w := l.whatsnew[lang]
		if w == nil {
			continue
		}
		var es []render.FeedEntry
		for _, c := range w.changes {
			for _, p := range c.Pages {
				if len(es) == limit {
					break
				}
				// The editor's note, else what the page is about: never
				// the commit's subject, which is written for editors.
				summary := c.Note
				if summary == "" {
					summary = p.Description
				}
				es = append(es, render.FeedEntry{
					Title: p.Title, URL: p.URL, Summary: summary, Updated: c.Date,
					ID: p.Permalink + "#" + c.Anchor(),
				})
			}
		}
		title := l.Renderer.Strings.T(lang, "whatsnew_title") + " – " + l.Config.LangTitle(lang)
		if err := l.Renderer.Feed(l.Site, out, w.feedFile, lang, title, es); err != nil {
			diags.Errorf(w.feedFile, 0, "%v", err)
		}
	}
	return diags.Items()
}
