package render

// Dependency recording for the rendered-page cache of varde build
// (internal/build/rendercache.go, issue 22).
//
// Most of what a page's HTML depends on is data the build can hash before
// rendering: the page itself, the pages it points to in the site graph
// (parent, children, translations, related pages, terms), the extra data
// of later stages, the pages that every page of a language shows (menus,
// taxonomy lists, generated pages), the site's config and theme. What it
// cannot know in advance is what the templates ask the View for beyond
// that: every content page of the language (Recent, PagesOfType), the
// build time (Now), whether a review date has passed (Overdue). While the
// cache is on, each page's View records those reads in a Deps, and the
// build stores them with the page's output: the next build renders the
// page again when what it read is no longer the same.

import (
	"sync"
	"time"

	"github.com/varde-portal/varde/internal/site"
)

// Deps is what one page's templates read through its View that the build
// cannot derive from the page's data.
type Deps struct {
	// AllPages: the templates listed the content pages of the page's
	// language (Recent, PagesOfType), so any page's title, date or type
	// may show.
	AllPages bool
	// Now: the templates read the build time itself.
	Now bool
	// Overdue holds each date the templates compared with the build time,
	// and the answer: the page is the same while every answer is.
	Overdue []OverdueCheck
}

// OverdueCheck is one call of View.Overdue.
type OverdueCheck struct {
	T    time.Time
	Past bool
}

// Same reports whether every recorded comparison with the build time gives
// the same answer at now.
func (d *Deps) Same(now time.Time) bool {
	if d.Now {
		return false
	}
	for _, c := range d.Overdue {
		if overdue(c.T, now) != c.Past {
			return false
		}
	}
	return true
}

func overdue(t, now time.Time) bool { return !t.IsZero() && t.Before(now) }

// The recording methods take a nil *Deps (recording off) and do nothing.

func (d *Deps) readAll() {
	if d != nil {
		d.AllPages = true
	}
}

func (d *Deps) readNow() {
	if d != nil {
		d.Now = true
	}
}

func (d *Deps) readOverdue(t time.Time, past bool) bool {
	if d != nil {
		d.Overdue = append(d.Overdue, OverdueCheck{T: t, Past: past})
	}
	return past
}

func (d *Deps) merge(o *Deps) {
	if d == nil || o == nil {
		return
	}
	d.AllPages = d.AllPages || o.AllPages
	d.Now = d.Now || o.Now
	d.Overdue = append(d.Overdue, o.Overdue...)
}

// depsLog holds the recorded Deps of one build's pages.
type depsLog struct {
	pages     sync.Map // *site.Page → *Deps
	fragments sync.Map // View.Cached key → *Deps of the fragment's rendering
}

// RecordDeps makes the renderer record, for every page it renders from now
// on, what its templates read (see DepsOf).
func (r *Renderer) RecordDeps() { r.deps = &depsLog{} }

// DepsOf returns what the templates read while rendering p, nil when p was
// not rendered with recording on.
func (r *Renderer) DepsOf(p *site.Page) *Deps {
	if r.deps == nil {
		return nil
	}
	if d, ok := r.deps.pages.Load(p); ok {
		return d.(*Deps)
	}
	return nil
}

// startDeps returns the Deps a page's View records into, nil when off.
func (r *Renderer) startDeps() *Deps {
	if r.deps == nil {
		return nil
	}
	return &Deps{}
}

// endDeps keeps what p's rendering recorded.
func (r *Renderer) endDeps(p *site.Page, d *Deps) {
	if r.deps != nil && d != nil {
		r.deps.pages.Store(p, d)
	}
}

// beginFragment starts recording a Cached fragment's reads apart from the
// page's, so that every later page reusing the fragment gets them too; it
// returns the page's Deps for endFragment.
func (v *View) beginFragment() *Deps {
	outer := v.deps
	if outer != nil {
		v.deps = &Deps{}
	}
	return outer
}

// endFragment keeps the fragment's reads under its key and adds them to
// the page's.
func (v *View) endFragment(key string, outer *Deps) {
	if outer == nil {
		return
	}
	if v.r.deps != nil {
		v.r.deps.fragments.Store(key, v.deps)
	}
	outer.merge(v.deps)
	v.deps = outer
}

// reuseFragment adds a reused fragment's reads to the page's.
func (v *View) reuseFragment(key string) {
	if v.deps == nil || v.r.deps == nil {
		return
	}
	if d, ok := v.r.deps.fragments.Load(key); ok {
		v.deps.merge(d.(*Deps))
	} else {
		// Rendered before recording began, or by a build that does not
		// record: what it read is unknown.
		v.deps.Now = true
	}
}
