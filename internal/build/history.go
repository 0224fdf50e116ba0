package build

import (
	"context"
	"time"

	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/history"
	"github.com/varde-portal/varde/internal/site"
)

// historyLimit bounds the commits listed in one page's change history. The
// list sits folded in every page, so a file edited hundreds of times must
// not make its page heavy; git keeps the rest.
const historyLimit = 100

// HistoryEntry is one commit in a page's change history, with the fields
// the theme's history partial shows. Readers see the date and the editor's
// note, or "Ny side"/"Oppdatert" where there is none: a commit's subject
// is written for editors (in English, about code as often as content) and
// its hash means nothing to a reader, so neither is carried here.
type HistoryEntry struct {
	Date time.Time
	Note string // the editor's note to readers in the page's language, from the commit's trailers
	New  bool   // the commit created the page
	// commit is the abbreviated hash, kept for tests and never given to
	// the theme (templates cannot read unexported fields).
	commit string
}

// pendingHistory is the git history of content/, read by one `git log`
// while the content files are parsed.
type pendingHistory struct {
	done chan struct{}
	h    *history.History
	err  error
}

// startHistory starts reading the history of the site's content/ folder.
// Only a site read from disk has one: an edition, read from a git ref or
// a snapshot folder through o.FS, is frozen and has no history of its own.
func startHistory(ctx context.Context, o Options) *pendingHistory {
	if o.FS != nil || o.NoHistory {
		return nil
	}
	ph := &pendingHistory{done: make(chan struct{})}
	go func() {
		defer close(ph.done)
		ph.h, ph.err = history.Load(ctx, o.Source, "content")
	}()
	return ph
}

// wait returns the history once read. Git is optional for a build: when
// history cannot be read, or is incomplete (outside a repository, git not
// installed, a shallow clone), the build says so once, as a warning, and
// carries on with the dates front matter gives.
//
// On a site with packs (ps), the note is about the site's own pages only:
// a git pack's pages have the pack's history however the site is kept.
func (ph *pendingHistory) wait(diags *diag.List, ps *packSite) *history.History {
	if ph == nil {
		return nil
	}
	<-ph.done
	if ph.err != nil {
		diags.Warnf("content", 0, "page history is not shown: %v", ph.err)
		return nil
	}
	if note := ps.historyNote(ph.h); note != "" {
		diags.Warnf("content", 0, "%s", note)
	}
	return ph.h
}

// applyHistory gives every content page without an `updated` date in its
// front matter the date of the last commit that touched its file. Front
// matter wins, because an editor who fixes a typo does not want the page
// to claim a new revision.
func applyHistory(s *site.Site, h *history.History) {
	if h.Len() == 0 {
		return
	}
	for _, p := range s.Pages {
		if p.Source == nil || p.Source.Auto || !p.Source.Meta.Updated.IsZero() {
			continue
		}
		if t, ok := h.LastChanged(p.Source.File); ok {
			p.Updated = t
		}
	}
}

// pageHistory returns the commits that touched a page's file, newest
// first, at most historyLimit of them.
// defaultLang is the site's default language, the one the plain
// "Endring:" trailer is written in.
func pageHistory(h *history.History, p *site.Page, defaultLang string) []HistoryEntry {
	if p.Source == nil || p.Source.Auto {
		return nil
	}
	cs := h.Commits(p.Source.File)
	if len(cs) > historyLimit {
		cs = cs[:historyLimit]
	}
	if len(cs) == 0 {
		return nil
	}
	def := p.Lang == defaultLang
	out := make([]HistoryEntry, len(cs))
	for i, c := range cs {
		out[i] = HistoryEntry{Date: c.Date, Note: c.NoteFor(p.Lang, def), New: c.Added, commit: c.Short}
	}
	return out
}

// historyExtra adds a page's history data to its template data:
//
//   - "history": its commits ([]HistoryEntry), for the change history;
//   - "version": its version label from front matter `version`; a commit
//     hash is never shown to readers, so a page without one has none;
//   - "whatsnew" (home pages) and "whatsnew_feed" (every page): the URLs
//     of the "Hva er nytt" page and feed of the page's language.
func (l *Loaded) historyExtra(p *site.Page, m map[string]any) {
	hist := pageHistory(l.history, p, l.Site.Config.DefaultLanguage)
	if len(hist) > 0 {
		m["history"] = hist
	}
	if v := p.Meta().Version; v != "" {
		m["version"] = v
	}
	if w := l.whatsnew[p.Lang]; w != nil {
		if p.Kind == site.KindHome {
			m["whatsnew"] = w.page.URL
		}
		m["whatsnew_feed"] = w.feedURL
	}
}
