package worddiff

// edit is one step of an edit script over two sequences.
type edit int8

const (
	keep   edit = iota // the element is in both
	remove             // the element is only in the old sequence
	add                // the element is only in the new sequence
)

// diffOrReplace returns the shortest edit script turning a into b, or,
// when that needs more than maxD edits, the script that removes all of a
// and adds all of b (ok false): every caller shows an over-budget region
// as replaced.
func diffOrReplace(a, b []int32, maxD int) (script []edit, ok bool) {
	if script, ok = myers(a, b, maxD); ok {
		return script, true
	}
	return replaceAll(script[:0], len(a), len(b)), false
}

// replaceAll appends to script the removal of n old elements and the
// addition of m new ones.
func replaceAll(script []edit, n, m int) []edit {
	for range n {
		script = append(script, remove)
	}
	for range m {
		script = append(script, add)
	}
	return script
}

// myers returns the shortest edit script turning a into b (Myers 1986,
// "An O(ND) difference algorithm"), or ok false when it needs more than
// maxD insertions and deletions. The budget bounds both time, about
// (len(a)+len(b))·D, and memory, about D² integers for the trace that the
// script is read back from; a caller that hits it shows the region as
// replaced instead.
func myers(a, b []int32, maxD int) (script []edit, ok bool) {
	n, m := len(a), len(b)
	if maxD > n+m {
		maxD = n + m
	}
	off := maxD + 1
	v := make([]int32, 2*maxD+3)
	var trace [][]int32 // trace[d][k+d] is the furthest x on diagonal k after d edits
	for d := 0; d <= maxD; d++ {
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = int(v[off+k+1]) // down: an addition
			} else {
				x = int(v[off+k-1]) + 1 // right: a removal
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = int32(x)
			if x >= n && y >= m {
				trace = append(trace, append([]int32(nil), v[off-d:off+d+1]...))
				return backtrack(trace, n, m), true
			}
		}
		trace = append(trace, append([]int32(nil), v[off-d:off+d+1]...))
	}
	return nil, false
}

// backtrack reads the edit script back from the trace, from the end.
func backtrack(trace [][]int32, n, m int) []edit {
	var rev []edit
	x, y := n, m
	for d := len(trace) - 1; d > 0; d-- {
		prev := trace[d-1] // diagonals -(d-1) … d-1, at index k+d-1
		at := func(k int) int { return int(prev[k+d-1]) }
		k := x - y
		var pk int
		if k == -d || (k != d && at(k-1) < at(k+1)) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := at(pk)
		py := px - pk
		// The edit moved from (px, py) down (an addition) or right (a
		// removal); the snake after it ran diagonally to (x, y).
		step, sx := remove, px+1
		if pk == k+1 {
			step, sx = add, px
		}
		for ; x > sx; x-- {
			rev = append(rev, keep)
		}
		rev = append(rev, step)
		x, y = px, py
	}
	for ; x > 0; x-- {
		rev = append(rev, keep)
	}
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	return rev
}
