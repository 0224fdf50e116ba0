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
	flags := newFlags("search", "search QUERY [-s DIR] [--lang nb|nn|en] [--type T] [--audience A] [--limit N] [--json]", stderr)
	src := siteFlag(flags)
	lang := flags.String("lang", "", "search only pages in this `language` (default: all)")
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
	if *lang != "" {
		if _, ok := cfg.Languages[*lang]; !ok {
			fmt.Fprintf(stderr, "varde search: --lang %q is not one of the site's languages (%s)\n", *lang, strings.Join(cfg.LanguageOrder, ", "))
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
	res, err := idx.Search(context.Background(), search.Query{Text: query, Lang: *lang, Type: *typ, Audience: *audience, Limit: *limit})
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
		fmt.Fprintf(stdout, "No results for %q.\n", query)
		return exitOK
	}
	for i, h := range res.Hits {
		fmt.Fprintf(stdout, "%2d. %s [%s, %s]\n    %s\n", i+1, h.Title, h.Type, h.Lang, h.URL)
		if h.Snippet != "" {
			fmt.Fprintf(stdout, "    %s\n", plainSnippet(h.Snippet))
		}
	}
	fmt.Fprintf(stdout, "%d of %d result(s) in %.1f ms\n", len(res.Hits), res.Total, res.TookMs)
	return exitOK
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
