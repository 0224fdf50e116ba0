package search_test

import (
	"testing"

	"github.com/varde-portal/varde/internal/search"
)

// The evaluation of issue 17 on the bundled portal: two sets of 160
// queries written by someone who had not seen a result. eval_dev.txt is
// the set to tune on; eval_test_frozen.txt is only ever run, and its
// per-query results are never printed, so that nobody tunes on it by
// accident. Each test fails below floors set under the figures achieved
// (docs/performance.md), with room for the bundled content, which is still
// being written, so a regression shows; the goals of the
// issue (recall@5 ≥ 0.90, no kind below 0.8, agreement ≥ 0.95) are
// reported, not asserted.

// evalFloors are the lowest figures a set may give before the test fails.
type evalFloors struct {
	recall, mrr, agreement float64
	kinds                  map[string]float64 // recall@5 per kind
}

func runEval(t *testing.T, path string, floors evalFloors, showQueries bool) {
	runEvalMin(t, path, 150, floors, showQueries)
}

// runEvalMin is runEval for a set that must hold at least minQueries.
func runEvalMin(t *testing.T, path string, minQueries int, floors evalFloors, showQueries bool) {
	docs := bundledDocs(t)
	cases := search.LoadRelevanceFile(t, path)
	if len(cases) < minQueries {
		t.Fatalf("%s: %d queries, want at least %d", path, len(cases), minQueries)
	}
	ev := search.Evaluate(t, docs, cases)
	t.Logf("%s:\n%s", path, ev.Table())
	if showQueries {
		for engine, misses := range ev.Misses {
			for _, m := range misses {
				t.Logf("%s miss: %s", engine, m)
			}
		}
		for _, d := range ev.Differ {
			t.Logf("top 5 differ: %s", d)
		}
	}
	for engine, figs := range ev.Engines {
		all := figs["all"]
		if all.Recall < floors.recall {
			t.Errorf("%s: recall@5 %.3f, below the floor %.2f", engine, all.Recall, floors.recall)
		}
		if all.MRR < floors.mrr {
			t.Errorf("%s: MRR %.3f, below the floor %.2f", engine, all.MRR, floors.mrr)
		}
		for kind, floor := range floors.kinds {
			if f, ok := figs[kind]; !ok {
				t.Errorf("%s: no queries of kind %q", engine, kind)
			} else if f.Recall < floor {
				t.Errorf("%s: %s recall@5 %.3f, below the floor %.2f", engine, kind, f.Recall, floor)
			}
		}
	}
	if ev.Agreement >= 0 && ev.Agreement < floors.agreement {
		t.Errorf("top-5 agreement %.3f, below the floor %.2f", ev.Agreement, floors.agreement)
	}
}

// TestEvalDev runs the development set and prints every miss and every
// query on which the engines differ: the set to tune on.
func TestEvalDev(t *testing.T) {
	// The floors sit below the achieved figures so that CI catches a
	// regression, with room for the bundled content, which editors keep
	// changing (condensing three guides to print on one A4 page moved
	// multiword from 1.0 to 0.86 with no change to the engine). Compound
	// (81 queries since session 15) gave 0.94.
	runEval(t, "testdata/eval_dev.txt", evalFloors{
		recall: 0.88, mrr: 0.8, agreement: 0.95,
		kinds: map[string]float64{
			"synonym": 0.85, "compound": 0.85, "generated": 0.85, "multiword": 0.8,
			"plain": 0.9, "inflection": 0.85, "typo": 0.9, "question": 0.8,
		},
	}, true)
}

// TestEvalFrozen runs the frozen test set and prints only its figures.
func TestEvalFrozen(t *testing.T) {
	runEval(t, "testdata/eval_test_frozen.txt", evalFloors{
		recall: 0.88, mrr: 0.8, agreement: 0.95,
		kinds: map[string]float64{
			"synonym": 0.8, "compound": 0.8, "generated": 0.85, "multiword": 0.9,
			"plain": 0.85, "inflection": 0.85, "typo": 0.9, "question": 0.85,
		},
	}, false)
}

// TestEvalCompoundHeldout runs the held-out set of compound queries
// (session 15), written before compound handling was tuned and never tuned
// on: like the frozen set, it prints only its figures. Its kinds are the
// ways a compound is built (closed, linking, hyphen, synpart, threepart).
func TestEvalCompoundHeldout(t *testing.T) {
	// Before session 15's compound rules the set gave recall@5 0.725 and
	// MRR 0.628 in both engines, after them 0.923 and 0.784
	// (docs/performance.md); the floors leave room for content edits.
	runEvalMin(t, "testdata/eval_compound_heldout.txt", 60, evalFloors{
		recall: 0.85, mrr: 0.7, agreement: 0.95,
	}, false)
}
