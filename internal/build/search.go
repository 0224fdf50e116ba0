package build

import (
	"context"
	"path/filepath"

	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/output"
	"github.com/varde-portal/varde/internal/render"
	"github.com/varde-portal/varde/internal/search"
	"github.com/varde-portal/varde/internal/site"
)

// SearchDocs returns one search document per content page and section of
// the site (drafts never; the home page and generated pages have no text of
// their own worth finding).
func SearchDocs(s *site.Site) []search.Document {
	var docs []search.Document
	for _, p := range s.Pages {
		if !p.IsContent() || p.Draft || (p.Kind != site.KindPage && p.Kind != site.KindSection) {
			continue
		}
		m := p.Source.Meta
		d := search.Document{
			ID: p.ID, Lang: p.Lang, URL: p.URL, Title: p.Title, Description: p.Description,
			Body: p.Text, Type: p.Type, Audience: m.Audience, Topics: m.Topics, Updated: p.Updated,
		}
		for _, h := range p.Headings {
			d.Headings = append(d.Headings, h.Text)
		}
		docs = append(docs, d)
	}
	return docs
}

// IndexDir is where the bleve index of a site goes: outside public/, so
// the published site never carries it.
func (l *Loaded) IndexDir(source string) string {
	if l.indexDir != "" {
		return l.indexDir
	}
	return IndexDir(source, l.Config)
}

// IndexDir is where a site's bleve index lives by its configuration, for
// readers that need no more of the site than its config.toml.
func IndexDir(source string, cfg *config.Config) string {
	return filepath.Join(source, filepath.FromSlash(cfg.Search.Dir))
}

// analyzeSearch runs the shared Norwegian analysis once for both engines.
func analyzeSearch(l *Loaded) (*search.Corpus, error) {
	return search.Analyze(SearchDocs(l.Site))
}

// writeStaticSearch writes the static index the browser searches under
// search/ in the output.
func writeStaticSearch(c *search.Corpus, r *render.Renderer, out render.Sink) error {
	files, err := c.ExportStatic()
	if err != nil {
		return err
	}
	for name, data := range files {
		if data, err = r.MinifyFile(name, data); err != nil {
			return err
		}
		if err := out.Write("search/"+name, data); err != nil {
			return err
		}
	}
	return nil
}

// RenderSearch writes the static search index of a loaded site to out (the
// dev server's full renders; varde build does this beside its bleve index).
func RenderSearch(l *Loaded, out render.Sink) error {
	if !l.Config.SearchEnabled() {
		return nil
	}
	c, err := analyzeSearch(l)
	if err != nil {
		return err
	}
	return writeStaticSearch(c, l.Renderer, out)
}

// BuildSearchIndex builds the bleve index of a loaded site in its index
// folder (the dev server, and varde search when no index exists yet).
func BuildSearchIndex(l *Loaded, source string) error {
	c, err := analyzeSearch(l)
	if err != nil {
		return err
	}
	return WriteSearchIndex(context.Background(), l, source, c, nil)
}

// SearchOutputs analyzes a loaded site once and returns the static index
// files (paths under the output root) and the corpus for a bleve index.
func SearchOutputs(l *Loaded) (map[string][]byte, *search.Corpus, error) {
	c, err := analyzeSearch(l)
	if err != nil {
		return nil, nil, err
	}
	mem := output.NewMemory()
	if err := writeStaticSearch(c, l.Renderer, mem); err != nil {
		return nil, nil, err
	}
	files := map[string][]byte{}
	for _, name := range mem.Names() {
		files[name], _ = mem.Get(name)
	}
	return files, c, nil
}
