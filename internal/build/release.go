package build

import (
	"strings"

	"github.com/varde-portal/varde/internal/render"
	"github.com/varde-portal/varde/internal/site"
)

// Letting go of each page's converted body once it is written.
//
// A cold build holds every page's HTML and plain text from the Markdown
// conversion to the end of rendering (about 120 MB of the 10,000-page
// corpus's live heap at its peak, while the search indexes are made beside
// rendering). A page's own layout is the last reader of its HTML, and the
// search documents, taken before rendering, the last of its text: once its
// file is written, varde build drops both (docs/performance.md, "Session 18:
// peak memory").
//
// That holds only where nothing else reads a page's body later:
//   - every layout is the bundled theme's, which reads the body and text of
//     the page it renders and of no other (the rendered-page cache relies
//     on the same: a page's hash holds only its own body; renderCacheKey).
//     A layout of the site's own, a pack's or a theme folder's may show
//     another page's body, so such a site keeps them all;
//   - the site has no editions: their comparison pages diff the current
//     pages' HTML after the current pages are written;
//   - the search documents are made before rendering starts, or the text
//     stays until they are made: a warm rebuild makes them beside
//     rendering and keeps the text; a cold build renders first (build.go)
//     and lets the text go once the analysis has taken the documents
//     (releaseText).
//
// The dev server and the other callers of Render keep every body: the
// server renders pages again from the same site after an edit.

// releaseBodies is off only in tests, for a build to compare with.
var releaseBodies = true

// releasingSink passes writes to out and, after a page's file is written,
// drops that page's HTML (and, with text set, its plain text).
type releasingSink struct {
	out   render.Sink
	pages map[string]*site.Page // output file → content page
	text  bool
}

// bodyReleaser returns the sink Render writes through in varde build: out
// itself when the bodies must stay. text: the search documents are taken,
// so the plain text may go too.
func bodyReleaser(l *Loaded, out render.Sink, text bool) render.Sink {
	if !releaseBodies || len(l.editions) > 0 || !bundledLayouts(l.Renderer.Theme) {
		return out
	}
	pages := make(map[string]*site.Page, len(l.Site.Pages))
	for _, p := range l.Site.Pages {
		if p.Body != "" || p.Text != "" {
			pages[p.OutFile] = p
		}
	}
	rs := &releasingSink{out: out, pages: pages, text: text}
	if k, ok := out.(keeper); ok {
		return &releasingKeeper{releasingSink: rs, keeper: k}
	}
	return rs
}

// keepText makes a releasing sink keep each page's plain text (for the
// search documents, taken after rendering) and reports whether sink is
// one; the text then goes with releaseText.
func keepText(sink render.Sink) bool {
	s := releasing(sink)
	if s == nil {
		return false
	}
	s.text = false
	return true
}

// releaseText drops the plain text of every page whose file the releasing
// sink has written (the search documents, which hold what they index of
// it, taken): what the sink dropped with text set.
func releaseText(sink render.Sink) {
	s := releasing(sink)
	if s == nil {
		return
	}
	s.text = true
	for _, p := range s.pages {
		if p.Body == "" {
			p.Text = ""
		}
	}
}

// releasing returns the releasingSink of sink, nil when it is none.
func releasing(sink render.Sink) *releasingSink {
	switch s := sink.(type) {
	case *releasingSink:
		return s
	case *releasingKeeper:
		return s.releasingSink
	}
	return nil
}

func (s *releasingSink) Write(name string, data []byte) error {
	if err := s.out.Write(name, data); err != nil {
		return err
	}
	s.release(name)
	return nil
}

// release drops the body of the page written to name. Each page is
// written by one goroutine, once, and read by no other after that.
func (s *releasingSink) release(name string) {
	if p := s.pages[name]; p != nil {
		p.Body = ""
		if s.text {
			p.Text = ""
		}
	}
}

// keeper is output.Dir's linking of an unchanged file from the previous
// output (rendercache.go and the static index look for it on the sink).
type keeper interface {
	Keep(name string, hash uint64, size int64) (bool, error)
}

// releasingKeeper is a releasingSink over a sink that can keep files.
type releasingKeeper struct {
	*releasingSink
	keeper
}

func (s *releasingKeeper) Write(name string, data []byte) error {
	return s.releasingSink.Write(name, data)
}

func (s *releasingKeeper) Keep(name string, hash uint64, size int64) (bool, error) {
	kept, err := s.keeper.Keep(name, hash, size)
	if kept && err == nil {
		s.release(name)
	}
	return kept, err
}

// bundledLayouts reports whether every layout the site renders with is the
// bundled theme's own.
func bundledLayouts(th *render.Theme) bool {
	for _, f := range th.Files("layouts") {
		_, origin, err := th.ReadFile("layouts/" + f)
		if err != nil || !strings.HasPrefix(origin, "bundled ") {
			return false
		}
	}
	return true
}
