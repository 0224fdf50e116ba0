package reference

// distance is the Levenshtein edit distance between a and b, counted in
// runes so that æ, ø and å weigh one edit each.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// closest returns the candidate nearest to s and whether it is near enough
// to be worth suggesting: within a quarter of the longer string's length, and
// never more than maxEdits edits, so that a wild guess is not offered as a
// correction. When unique is set, a tie for nearest suggests nothing (for
// short section numbers a tie means the guess would be arbitrary); otherwise
// the earlier candidate wins.
func closest(s string, candidates []string, maxEdits int, unique bool) (string, bool) {
	best, bestD, tie := "", -1, false
	for _, c := range candidates {
		d := distance(s, c)
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
