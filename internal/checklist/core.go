package checklist

import (
	"fmt"
	"strings"

	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/textdist"
)

// CheckCore checks the core front matter of a checklist page: the ids of
// the questions that make its short path ("Start her"), a subset a
// director can answer first. Each must be a question shown on the page,
// its own or gathered (shown); coreLine is the field's line in page.File.
// An id no shown question has is an error, with the nearest id as a
// suggestion; an id listed twice is a warning.
func CheckCore(page *Source, core []string, coreLine int, shown []*Question) []diag.Diagnostic {
	var ds []diag.Diagnostic
	ids := make(map[string]bool, len(shown))
	for _, q := range shown {
		ids[q.ID] = true
	}
	listed := map[string]bool{}
	for _, id := range core {
		switch {
		case listed[id]:
			ds = append(ds, diag.Warnf(page.File, coreLine, "core: %q is listed twice", id))
		case !ids[id]:
			ds = append(ds, diag.Errorf(page.File, coreLine,
				"core: no control question on this page has the id %q%s; core lists the ids ({#id}) of questions the page shows, its own or gathered",
				id, suggestQuestion(id, shown)))
		}
		listed[id] = true
	}
	return ds
}

// suggestQuestion proposes a question id close to a misspelt one.
func suggestQuestion(id string, qs []*Question) string {
	best, bestD := "", 4
	for _, q := range qs {
		if d := textdist.Distance(strings.ToLower(id), strings.ToLower(q.ID)); d < bestD {
			best, bestD = q.ID, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}
