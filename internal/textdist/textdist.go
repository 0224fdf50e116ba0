// Package textdist finds near misses for "did you mean" suggestions in
// editor-facing messages.
package textdist

// Distance is the Levenshtein edit distance between a and b, in runes.
func Distance(a, b string) int {
	if a == b {
		return 0
	}
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Closest returns the candidate nearest to word within max edits (ties go to
// the earliest candidate), or "" when none is that close or word itself is
// a candidate.
func Closest(word string, candidates []string, max int) string {
	best, bestD := "", max+1
	for _, c := range candidates {
		if c == word {
			return ""
		}
		if d := lenGap(word, c); d >= bestD {
			continue
		}
		if d := Distance(word, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func lenGap(a, b string) int {
	d := len([]rune(a)) - len([]rune(b))
	if d < 0 {
		return -d
	}
	return d
}
