package search

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

// The evaluation harness of issue 17: a relevance set run in both engines,
// with recall@5 and MRR overall and per kind of query, and the top-5
// agreement of the engines. checkRelevance (relevance_test.go) asserts the
// fixed thresholds of the older sets; evaluate only measures, so that each
// set can hold its own floors (eval_test.go).

// figures are one engine's results on a set or on one kind of its queries.
type figures struct {
	Recall, MRR float64
	Queries     int
}

// evaluation is a set's figures per engine: "all" and one entry per kind.
type evaluation struct {
	Engines   map[string]map[string]figures // engine → kind ("all", "synonym", …) → figures
	Agreement float64                       // mean top-5 overlap of bleve and static; -1 without node
	Misses    map[string][]string           // engine → the wanted pages not in the top 5
	Differ    []string                      // queries whose top 5 differ between the engines
}

// evaluate runs cases on docs in bleve and, when node is there, in the
// static engine.
func evaluate(t *testing.T, docs []Document, cases []relevanceCase) evaluation {
	t.Helper()
	ix := buildTestIndex(t, docs)
	engines := map[string][][]string{"bleve": bleveRanked(t, ix, cases)}
	if ranked, ok := staticRanked(t, docs, cases); ok {
		engines["static"] = ranked
	}
	ev := evaluation{Engines: map[string]map[string]figures{}, Agreement: -1, Misses: map[string][]string{}}
	byKind := map[string][]int{}
	for i, rc := range cases {
		byKind["all"] = append(byKind["all"], i)
		if rc.kind != "" {
			byKind[rc.kind] = append(byKind[rc.kind], i)
		}
	}
	for name, ranked := range engines {
		ev.Engines[name] = map[string]figures{}
		for kind, idx := range byKind {
			var sub []relevanceCase
			var subRanked [][]string
			for _, i := range idx {
				sub = append(sub, cases[i])
				subRanked = append(subRanked, ranked[i])
			}
			r, m, misses := relevance(sub, subRanked)
			ev.Engines[name][kind] = figures{r, m, len(sub)}
			if kind == "all" {
				ev.Misses[name] = misses
			}
		}
	}
	if st, ok := engines["static"]; ok {
		var sum float64
		for i, rc := range cases {
			ov := overlap(engines["bleve"][i], st[i], 5)
			sum += ov
			if ov < 1 {
				ev.Differ = append(ev.Differ, fmt.Sprintf("line %d: %s %q: bleve %v, static %v", rc.line, rc.lang, rc.query, head(engines["bleve"][i], 5), head(st[i], 5)))
			}
		}
		ev.Agreement = sum / float64(len(cases))
	}
	return ev
}

// table renders the figures as the table docs/performance.md shows.
func (ev evaluation) table() string {
	var kinds []string
	for _, figs := range ev.Engines {
		for k := range figs {
			if k != "all" && !contains(kinds, k) {
				kinds = append(kinds, k)
			}
		}
	}
	sort.Strings(kinds)
	kinds = append(kinds, "all")
	var b strings.Builder
	fmt.Fprintf(&b, "%-11s %7s %15s %15s\n", "kind", "queries", "bleve R@5 MRR", "static R@5 MRR")
	for _, k := range kinds {
		bl := ev.Engines["bleve"][k]
		fmt.Fprintf(&b, "%-11s %7d     %.3f %.3f", k, bl.Queries, bl.Recall, bl.MRR)
		if st, ok := ev.Engines["static"][k]; ok {
			fmt.Fprintf(&b, "     %.3f %.3f", st.Recall, st.MRR)
		}
		b.WriteString("\n")
	}
	if ev.Agreement >= 0 {
		fmt.Fprintf(&b, "top-5 agreement of the engines: %.3f\n", ev.Agreement)
	} else {
		b.WriteString("node not found: the static engine was not measured\n")
	}
	return b.String()
}
