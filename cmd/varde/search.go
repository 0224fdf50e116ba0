package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	iofs "io/fs"
	"os"
	"slices"
	"strings"

	"github.com/varde-portal/varde/internal/build"
	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/search"
	"github.com/varde-portal/varde/internal/sitefs"
	"github.com/varde-portal/varde/internal/textdist"
)

func runSearch(args []string, stdout, stderr io.Writer) int {
	flags := newFlags("search", "search QUERY [-s DIR] [--lang CODE|all] [--type T] [--audience A] [--limit N] [--json]", stderr)
	src := siteFlag(flags)
	lang := flags.String("lang", "", "search pages in this `language`: a code of the site's, or all for every language, grouped (default: the site's default language)")
	typ := flags.String("type", "", "only pages of this `type` ("+strings.Join(config.PageTypes, ", ")+")")
	audience := flags.String("audience", "", "only pages for this `audience`, as the pages name it (ansatt, leder, …)")
	limit := flags.Int("limit", 10, "at most `N` results (1–100)")
	asJSON := flags.Bool("json", false, "print the results as JSON")
	pos, code, ok := parse(flags, args)
	if !ok {
		return code
	}
	if !wantArgs(flags, pos, 1, -1, stderr) || !needSite("search", *src, stderr) {
		return exitUsage
	}
	if *limit < 1 || *limit > 100 {
		fmt.Fprintf(stderr, "varde search: --limit must be from 1 to 100, not %d\n", *limit)
		return exitUsage
	}
	query := strings.Join(pos, " ")
	// A query needs only config.toml and the index; the whole site is
	// loaded only when there is no usable index to search yet.
	site, err := sitefs.Open(*src) // config.toml is read as a build reads it: never through a link out of the site
	if err != nil {
		fmt.Fprintf(stderr, "varde search: %v\n", err)
		return exitContent
	}
	cfg, ds := config.Load(site)
	site.Close()
	if cfg == nil || len(ds) > 0 {
		printDiags(stderr, ds)
		return exitContent
	}
	if !cfg.SearchEnabled() {
		// It built an index anyway and said "No results" of words the
		// site holds, or searched an index left from before.
		fmt.Fprintln(stderr, "varde search: search is turned off for this site ([search] enabled = false in config.toml), so varde build keeps no index to search")
		return exitUsage
	}
	if *lang != "" && *lang != allLanguages {
		if _, ok := cfg.Languages[*lang]; !ok {
			fmt.Fprintf(stderr, "varde search: --lang %q is not one of the site's languages (%s) nor %s\n", *lang, strings.Join(cfg.LanguageOrder, ", "), allLanguages)
			return exitUsage
		}
	}
	dir := build.IndexDir(*src, cfg)
	idx, err := search.Open(dir)
	if errors.Is(err, iofs.ErrNotExist) || os.IsNotExist(err) || errors.Is(err, search.ErrOutdated) {
		// No index yet, or one from an older Varde (varde build makes one):
		// build it now from the site.
		l, lerr := build.Load(context.Background(), build.Options{Source: *src})
		if lerr != nil {
			if l != nil && len(l.Diags) > 0 {
				printDiags(stderr, l.Diags)
				fmt.Fprintln(stderr, "varde search: the site has errors, so no search index could be built")
			} else {
				fmt.Fprintf(stderr, "varde search: %v\n", lerr)
			}
			return exitContent
		}
		fmt.Fprintln(stderr, "Building the search index (varde build keeps it up to date)…")
		if err := build.BuildSearchIndex(l, *src); err != nil {
			fmt.Fprintf(stderr, "varde search: %v\n", err)
			return exitContent
		}
		idx, err = search.Open(dir)
	}
	if err != nil {
		fmt.Fprintf(stderr, "varde search: %v\n", err)
		return exitContent
	}
	defer idx.Close()
	if msg := badFilter(idx, *typ, *audience); msg != "" {
		fmt.Fprintf(stderr, "varde search: %s\n", msg)
		return exitUsage
	}
	groups, res, err := searchLanguages(idx, cfg, search.Query{Text: query, Lang: *lang, Type: *typ, Audience: *audience, Limit: *limit})
	if err != nil {
		fmt.Fprintf(stderr, "varde search: %v\n", err)
		return exitContent
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if res.Hits == nil {
			res.Hits = []search.Hit{}
		}
		_ = enc.Encode(res)
		return exitOK
	}
	if len(res.Hits) == 0 {
		fmt.Fprintf(stdout, "No results for %q%s.\n", query, langNote(cfg, *lang))
		return exitOK
	}
	for _, g := range groups {
		if len(groups) > 1 {
			if len(g.res.Hits) == 0 {
				fmt.Fprintf(stdout, "%s (%s): no results\n", languageName(cfg, g.lang), g.lang)
				continue
			}
			fmt.Fprintf(stdout, "%s (%s): %d of %d result(s)\n", languageName(cfg, g.lang), g.lang, len(g.res.Hits), g.res.Total)
		}
		for i, h := range g.res.Hits {
			fmt.Fprintf(stdout, "%2d. %s [%s, %s]\n    %s\n", i+1, h.Title, h.Type, h.Lang, h.URL)
			if h.Snippet != "" {
				fmt.Fprintf(stdout, "    %s\n", plainSnippet(h.Snippet))
			}
		}
	}
	fmt.Fprintf(stdout, "%d of %d result(s)%s in %.1f ms\n", len(res.Hits), res.Total, langNote(cfg, *lang), res.TookMs)
	return exitOK
}

// allLanguages is the --lang value that searches every language of the
// site, the results grouped by language.
const allLanguages = "all"

// langResults are the results of one language of a search.
type langResults struct {
	lang string
	res  *search.Results
}

// searchLanguages runs q in the language it names, in the site's default
// language when it names none, or in each language in the site's order
// for --lang all. Bokmål and nynorsk pages are translations of each other,
// so searching both at once listed each page twice, the two copies
// interleaved by score; a reader reads one language. It returns the
// results per language and all of them together, grouped by language,
// with the totals and facet counts summed.
func searchLanguages(idx *search.Index, cfg *config.Config, q search.Query) ([]langResults, *search.Results, error) {
	langs := []string{q.Lang}
	switch q.Lang {
	case "":
		langs = []string{cfg.DefaultLanguage}
	case allLanguages:
		langs = cfg.LanguageOrder
	}
	all := &search.Results{Hits: []search.Hit{}, Facets: search.Facets{Type: map[string]int{}, Audience: map[string]int{}}}
	var groups []langResults
	for _, l := range langs {
		q.Lang = l
		res, err := idx.Search(context.Background(), q)
		if err != nil {
			return nil, nil, err
		}
		groups = append(groups, langResults{l, res})
		all.Hits = append(all.Hits, res.Hits...)
		all.Total += res.Total
		all.TookMs += res.TookMs
		for k, n := range res.Facets.Type {
			all.Facets.Type[k] += n
		}
		for k, n := range res.Facets.Audience {
			all.Facets.Audience[k] += n
		}
	}
	return groups, all, nil
}

// langNote says which language a search without --lang covered, on a site
// with more than one, so that a reader who finds nothing knows where else
// to look.
func langNote(cfg *config.Config, lang string) string {
	if lang != "" || len(cfg.LanguageOrder) < 2 {
		return ""
	}
	return fmt.Sprintf(" in %s (%s; --lang %s searches every language)", languageName(cfg, cfg.DefaultLanguage), cfg.DefaultLanguage, allLanguages)
}

// languageName is a language's name as config.toml gives it, else its code.
func languageName(cfg *config.Config, code string) string {
	if l, ok := cfg.Languages[code]; ok && l.Name != "" {
		return l.Name
	}
	return code
}

// badFilter says what is wrong with a --type or --audience value that no
// page of the site can have, naming the values it can: such a filter used
// to give "No results" and exit 0, as if the words had not been found. A
// page type no page of this site has yet is still valid.
func badFilter(idx *search.Index, typ, audience string) string {
	types, audiences := idx.Values()
	if typ != "" && !slices.Contains(types, typ) && !config.ValidType(typ) {
		valid := slices.Clone(config.PageTypes)
		for _, t := range types {
			if !slices.Contains(valid, t) {
				valid = append(valid, t)
			}
		}
		return fmt.Sprintf("--type %q is not a page type%s; use one of %s", typ, didYouMean(typ, valid), strings.Join(valid, ", "))
	}
	if audience != "" && !slices.Contains(audiences, audience) {
		if len(audiences) == 0 {
			return fmt.Sprintf("--audience %q: no page of this site names an audience", audience)
		}
		return fmt.Sprintf("--audience %q is not an audience of this site's pages%s; use one of %s", audience, didYouMean(audience, audiences), strings.Join(audiences, ", "))
	}
	return ""
}

// didYouMean names the value closest to s, if one is close.
func didYouMean(s string, values []string) string {
	if best := textdist.Closest(s, values, 2); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}

// plainSnippet turns the HTML snippet into terminal text, marking the
// matched words with «».
func plainSnippet(s string) string {
	s = strings.NewReplacer("<mark>", "«", "</mark>", "»").Replace(s)
	return html.UnescapeString(s)
}
