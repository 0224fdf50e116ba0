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
	ids := make([]string, len(qs))
	for i, q := range qs {
		ids[i] = q.ID
	}
	return nearestID(id, ids)
}

// nearestID returns " (did you mean "x"?)" for the id in ids nearest to
// id, ignoring case, within three edits; "" when none is that close.
func nearestID(id string, ids []string) string {
	lower := strings.ToLower(id)
	low := make([]string, len(ids))
	for i, c := range ids {
		low[i] = strings.ToLower(c)
		if low[i] == lower { // the same id in other letters
			return fmt.Sprintf(" (did you mean %q?)", c)
		}
	}
	if near := textdist.Closest(lower, low, 3); near != "" {
		for i := range low {
			if low[i] == near {
				return fmt.Sprintf(" (did you mean %q?)", ids[i])
			}
		}
	}
	return ""
}
