package build

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/history"
	"github.com/varde-portal/varde/internal/pack"
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
	Note  string     // the editor's note to readers in the language, from the commit's trailers
	Pages []NewsPage // in the order git lists the files
	// New is set when the change created every page it lists.
	New bool
	// anchor is the change's id on the page, set once the list is final.
	anchor string
	// commit is the abbreviated hash ("" for a front-matter date without
	// a commit): it groups a commit's pages and is never shown.
	commit string
	// from is the pack whose change this is, on a site with packs; nil
	// for the site's own.
	from *pack.Pack
	// list is the title of the list the change is in, on a site with
	// packs: the feed, which has one list, starts its summary with it.
	list string
}

// ChangeList is one list of "Hva er nytt" on a site that builds on packs:
// a pack's changes ("Nasjonale endringer (KS-pakken 2026.2)"), as its
// history at the pinned version tells them, or the site's own ("Lokale
// endringer"). Readers of a municipality's portal need to tell what the
// municipality changed from what came with the national pack.
type ChangeList struct {
	Title   string
	ID      string // the heading's id: "endringer-ks", "endringer-lokalt"
	Changes []Change
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
	// lists are the packs' and the site's changes apart, on a site with
	// packs; nil without.
	lists []ChangeList
}

// addWhatsNew adds a "Hva er nytt" page to every language of the site,
// listing the most recent substantive changes to its pages, and returns
// them by language. A content page already at the path wins; the
// generated page is then left out with a warning.
func addWhatsNew(s *site.Site, h *history.History, r *render.Renderer, ps *packSite, diags *diag.List) map[string]*whatsNew {
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
		w := &whatsNew{feedFile: strings.TrimPrefix(pre+"/"+whatsNewFeed, "/")}
		w.changes, w.lists = changeLists(s, h, lang, whatsNewLimit, ps, r)
		w.feedURL = s.BasePath + w.feedFile
		p := &site.Page{
			Lang: lang, ID: "whatsnew", Type: whatsNewLayout, Layout: whatsNewLayout, Path: pre + whatsNewPath,
			Title:       r.Strings.T(lang, "whatsnew_title"),
			Description: r.Strings.T(lang, "whatsnew_description"),
			Data:        map[string]any{"changes": w.changes, "feed": w.feedURL},
		}
		if w.lists != nil {
			p.Data["lists"] = w.lists
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
// at most limit of them. On a site with packs it returns, beside them,
// the changes of each pack and the site's own as lists apart, each of at
// most limit changes; then all is every change of those lists, newest
// first, so that the feed carries all of them.
//
// A change is substantive unless the editor said otherwise: a page whose
// front matter gives `updated` was last changed in substance on that date
// (docs/format.md), so it is listed once, on that date, with the subject of the
// commit that made the change (the oldest commit on or after it), and its
// later commits (a typo fixed, a link mended) are left out. Every commit
// to any other page is a change. Without git history, the pages with an
// `updated` date are all there is.
func recentChanges(s *site.Site, h *history.History, lang string, limit int) []Change {
	all, _ := changeLists(s, h, lang, limit, nil, nil)
	return all
}

// changeLists is recentChanges with the lists of a site with packs (ps;
// r gives their titles).
func changeLists(s *site.Site, h *history.History, lang string, limit int, ps *packSite, r *render.Renderer) (all []Change, lists []ChangeList) {
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
	type key struct {
		hash, day string
		from      *pack.Pack
	}
	groups := map[key]*Change{}
	var changes []*Change
	add := func(date time.Time, note string, commit history.Commit, p *site.Page, isNew bool) {
		hash := commit.Short
		from := ps.changeSource(commit.Hash, p)
		k := key{hash, day(date), from}
		c := groups[k]
		if c == nil {
			c = &Change{Date: date, Note: note, commit: hash, from: from}
			groups[k] = c
			changes = append(changes, c)
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
				add(c.Date, note, c.Commit, p, added[f])
			}
		}
	}
	for _, p := range declared {
		u := p.Source.Meta.Updated
		if c, ok := introducing(h.Commits(p.Source.File), u); ok {
			add(u, c.NoteFor(lang, def), c, p, c.Added)
		} else {
			add(u, "", history.Commit{}, p, false)
		}
	}
	for _, c := range changes {
		c.New = true
		for _, p := range c.Pages {
			c.New = c.New && p.New
		}
	}
	sortChanges(changes)
	if ps == nil {
		if len(changes) > limit {
			changes = changes[:limit]
		}
		all = make([]Change, len(changes))
		for i, c := range changes {
			all[i] = *c
		}
		setAnchors(all)
		return all, nil
	}
	// Each list is cut to the limit on its own, so that a large update
	// of the pack does not push the municipality's own changes off the
	// page; anchors are set over all of them, unique on the page.
	byFrom := map[*pack.Pack][]*Change{}
	for _, c := range changes {
		if len(byFrom[c.from]) < limit {
			byFrom[c.from] = append(byFrom[c.from], c)
		}
	}
	titles := map[*pack.Pack]string{nil: r.Strings.T(lang, "whatsnew_local")}
	for _, p := range ps.fs.Packs {
		titles[p] = strings.ReplaceAll(r.Strings.T(lang, "whatsnew_national"), "{0}", p.Label())
	}
	var kept []*Change
	for _, cs := range byFrom {
		kept = append(kept, cs...)
	}
	sortChanges(kept)
	all = make([]Change, len(kept))
	index := map[*Change]int{}
	for i, c := range kept {
		all[i] = *c
		all[i].list = titles[c.from]
		index[c] = i
	}
	setAnchors(all)
	list := func(from *pack.Pack, id string) ChangeList {
		cs := byFrom[from]
		l := ChangeList{Title: titles[from], ID: id, Changes: make([]Change, len(cs))}
		for i, c := range cs {
			l.Changes[i] = all[index[c]]
		}
		return l
	}
	for _, p := range ps.fs.Packs {
		lists = append(lists, list(p, "endringer-"+p.Spec.Name))
	}
	return all, append(lists, list(nil, "endringer-lokalt"))
}

// sortChanges puts changes newest first; changes of the same day keep
// git's order (newest commit first), and front-matter dates without a
// commit come last.
func sortChanges(cs []*Change) {
	sort.SliceStable(cs, func(i, j int) bool {
		di, dj := day(cs[i].Date), day(cs[j].Date)
		if di != dj {
			return di > dj
		}
		if !cs[i].Date.Equal(cs[j].Date) {
			return cs[i].Date.After(cs[j].Date)
		}
		return cs[i].commit != "" && cs[j].commit == ""
	})
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
				if c.list != "" {
					// The feed is one list: each entry says which of
					// the page's lists it belongs to.
					summary = c.list + ": " + summary
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
