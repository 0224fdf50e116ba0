package search

import "testing"

// Test helpers for the package's external tests (bundled_test.go), which
// import internal/build and so cannot live in package search.

// LoadRelevanceFile reads a relevance file (see loadRelevanceFile).
func LoadRelevanceFile(t testing.TB, path string) []relevanceCase {
	return loadRelevanceFile(t, path)
}

// CheckRelevance runs a relevance set in both engines (see checkRelevance).
func CheckRelevance(t *testing.T, docs []Document, cases []relevanceCase) {
	t.Helper()
	checkRelevance(t, docs, cases)
}

// Evaluation is a relevance set's figures in both engines (see evaluate).
type Evaluation = evaluation

// Evaluate runs a relevance set in both engines (see evaluate).
func Evaluate(t *testing.T, docs []Document, cases []relevanceCase) Evaluation {
	t.Helper()
	return evaluate(t, docs, cases)
}

// Table renders an evaluation's figures.
func (ev evaluation) Table() string { return ev.table() }
