// Package search is Varde's search: Norwegian analysis, a bleve index for
// the CLI and the dev server, and a static index for the browser that
// answers the same way.
//
// # One analysis, two engines
//
// Text is analyzed here once (analyzer.go): words are cut by simple rules
// (tokenize.go), folded to lower case without accents but with æ, ø and å
// kept as letters (fold.go), stop words dropped, and stemmed with Snowball
// Norwegian (bokmål; nynorsk after a few suffix rewrites, stem.go) or
// Snowball English. Compound words are split into known parts at index
// time (compound.go). bleve then indexes the analyzed terms as they are
// (bleve_build.go), and the static export (static.go) writes the same terms
// with the same statistics. search.js (themes/default/assets/js) repeats
// the analysis from the manifest, picks the same typo, prefix and compound
// candidates from the same dictionary (vocab.go), and scores with bleve's
// tf-idf as score.go describes, so the two engines agree; agreement_test.go
// runs search.js in Node to check it word by word and query by query.
//
// # Typos, prefixes, compounds at query time
//
// A query word that is not in the dictionary expands to the terms one edit
// away (a letter added, dropped or changed, or two neighbours swapped) if
// it has five letters or more, to the compounds that end in it, and, as the
// last word of the query, to its completions. A last word with completions
// is a word being typed and gets no typo candidates (vocab.go).
//
// # Synonyms, query compounds and graceful ranking (issue 17)
//
// A thesaurus of the field (thesaurus.go; thesaurus/nb.txt and nn.txt,
// plus a site's own groups, data/synonymer.txt and
// data/synonymer.<lang>.txt, through AnalyzeWith; UnusedSynonyms names
// the groups of which no word is on the site) is compiled at build time
// against each language's dictionary and travels with both indexes (the
// vocab file, the static index's y/ shards). A query word, or a run of
// words that is a thesaurus entry, becomes a clause of alternatives: the
// reader's word, its synonyms (boostThesaurus), and, for a compound, its
// pieces together (boostCompound: split at index time for a known word
// on fewer than graceMin pages, split over the dictionary at query time
// for an unknown one, and at hyphens; a first piece may be a short
// abbreviation the thesaurus knows, kiverktøy, and a piece may be replaced
// by its synonyms, boostCompound·boostThesaurus). Each clause is one bleve search;
// collect.go merges them as search.js does. Pages matching (nearly) every
// clause come first; when fewer than graceMin do, pages matching fewer
// follow, by how many they match. eval_test.go measures all of it on two
// query sets nobody tuned the engine with (docs/performance.md).
//
// # Priors
//
// Every generated page is a document (audience and topic pages, the NSM
// and legal pages, "Hva er nytt"), and a list page's title is often the
// reader's word exactly ("Personvernombud"). Each document carries a
// prior (Document.Prior: PriorList for a list page, PriorReference for an
// NSM principle or a legal provision, 1 for content) that both engines
// multiply into a page's final score (collect.go from the page table,
// search.js from the manifest's priors), so a list page comes after the
// content pages that match as well. Tiers still come first: a list page
// matching more of the query's clauses stays above a page matching fewer.
//
// # Snippets
//
// bleve's hits show the stretch of the stored text with the most matched
// words (snippet.go). The static index cannot hold every page's text in
// what a query fetches, so the export keeps a few passages of each page,
// chosen to hold the words it is most likely found by (passages.go), in
// shards of their own that the search page fetches for the results in
// view (Engine.passage in search.js), after the results are shown.
//
// # Answering a query
//
// bleve finds and scores the matches; the rest is done here (collect.go):
// one pass over the matches gives the total, both facets (each under the
// other's filter) and the best hits, from a page table the build writes
// beside the index, instead of bleve's collector, which looked up every
// match's id, read its doc values and ran one more search per filter. On
// 10,000 pages that took p95 latency from about 10 ms to under 5 ms
// (docs/performance.md).
//
// # Use
//
//	c, err := search.Analyze(docs)       // once per build
//	err = c.BuildIndex(".varde/search.bleve")
//	files, err := c.ExportStatic()       // write each under public/search/
//
//	ix, err := search.Open(".varde/search.bleve")
//	res, err := ix.Search(ctx, search.Query{Text: "personvernombud", Lang: "nb"})
//
// BuildIndex and ExportStatic also exist as functions taking the documents,
// for callers that need only one of them.
//
// # Compound words: the measurement
//
// The issue asked to choose between n-grams and decompounding by measuring
// both on the relevance set. TestCompoundStrategies does that on
// testdata/corpus (17 bokmål, 5 nynorsk, 3 English pages) with the 59
// queries of testdata/relevance.txt; on 2026-11-23 it gave
//
//	strategy     recall@5  MRR    hits/query  bleve index
//	none         0.985     1.000  1.76        265 KB
//	4-grams      1.000     1.000  2.03        303 KB
//	decompound   1.000     1.000  1.97        269 KB
//
// Both find the compound pages that plain stemming misses ("sikkerhet" →
// "Styring av informasjonssikkerhet"); n-grams match more unrelated pages
// (a query's letter sequences occur across different words), grow the
// index by a seventh here, and would need every n-gram's postings in the
// browser, where decompounding needs only one more postings list per query
// word. Decompounding was chosen. Its weakness, a last part that never
// occurs on its own ("virus" in "løsepengevirus"), is covered at query
// time: an unknown query word also matches the terms that end with it,
// which the reversed dictionary already provides for typo matching.
//
// # Relevance
//
// Two relevance sets hold the engines to account: testdata/relevance.txt on
// the small test corpus (testdata/corpus), and testdata/bundled_relevance.txt,
// 69 queries of municipal employees in bokmål and nynorsk on the bundled
// example content (content/ in the repository). Both engines must find 90%
// of the wanted pages in their first five results and agree on 80% of them;
// the figures are in docs/performance.md.
//
// # Limits
//
// A query compound splits only into pieces of four letters or more, but
// for a first piece that is a short abbreviation of the thesaurus (USB,
// KI, IT). The static snippet of a word outside a page's passages (far
// into a long page) is the description. Typos are matched on stems, so
// a typo in an inflection ending ("sikkerhetn") is not corrected. Key
// order in the static index assumes letters of the Basic Multilingual
// Plane (JavaScript compares UTF-16 code units).
package search
