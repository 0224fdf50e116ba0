package build

import (
	"unicode"
	"unicode/utf8"

	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/site"
)

// Search indexes at most [search] maxPageText of a page's text (issue 15:
// bounded work for every input). Indexing a page costs about twenty times
// its text in memory and time across the analysis, the static index and
// bleve: a 20 MB page took a build from 150 MB to 630 MB. Past the limit
// the page is still published whole; only its search stops there, and the
// editor is told.

// indexedText is the part of text the search indexes: all of it within
// max bytes (or when max is 0), else up to the last space before max, so
// that no word is cut.
func indexedText(text string, max int) string {
	if max <= 0 || len(text) <= max {
		return text
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	if r, _ := utf8.DecodeRuneInString(text[cut:]); unicode.IsSpace(r) {
		return text[:cut] // the limit falls on a space
	}
	for i := cut; i > max/2; {
		r, n := utf8.DecodeLastRuneInString(text[:i])
		if unicode.IsSpace(r) {
			return text[:i-n]
		}
		i -= n
	}
	return text[:cut] // one word over half the limit: cut inside it
}

// checkSearchText warns about each page whose text search does not index
// whole.
func checkSearchText(s *site.Site, cfg *config.Config, diags *diag.List) {
	if !cfg.SearchEnabled() {
		return
	}
	max := cfg.Search.MaxPageText.Bytes
	for _, p := range s.Pages {
		if p.Draft || !p.IsContent() || len(p.Text) <= max {
			continue
		}
		diags.Warnf(p.Source.File, 1, "search indexes the first %s of this page's %s of text; words after that are not found (raise [search] maxPageText in config.toml, or split the page)", config.FormatSize(max), config.FormatSize(len(p.Text)))
	}
}
