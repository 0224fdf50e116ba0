package reference

import "github.com/varde-portal/varde/internal/textdist"

// closest returns the candidate nearest to s and whether it is near enough
// to be worth suggesting: within a quarter of the longer string's length, and
// never more than maxEdits edits, so that a wild guess is not offered as a
// correction. When unique is set, a tie for nearest suggests nothing (for
// short section numbers a tie means the guess would be arbitrary); otherwise
// the earlier candidate wins.
func closest(s string, candidates []string, maxEdits int, unique bool) (string, bool) {
	best, bestD, tie := "", -1, false
	for _, c := range candidates {
		d := textdist.Distance(s, c)
		switch {
		case bestD < 0 || d < bestD:
			best, bestD, tie = c, d, false
		case d == bestD:
			tie = true
		}
	}
	if bestD < 0 || (unique && tie) {
		return "", false
	}
	limit := max(len([]rune(s)), len([]rune(best)))/4 + 1
	if limit > maxEdits {
		limit = maxEdits
	}
	return best, bestD <= limit
}
