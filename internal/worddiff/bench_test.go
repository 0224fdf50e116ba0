package worddiff

import (
	"fmt"
	"strings"
	"testing"
)

// page makes a text of n paragraphs of about 60 words each; every
// changeEvery-th paragraph (when changeEvery > 0) has a few words changed.
func page(n, changeEvery int) string {
	var b strings.Builder
	for p := 0; p < n; p++ {
		for w := 0; w < 60; w++ {
			word := fmt.Sprintf("ord%d", (p*61+w*7)%97)
			if changeEvery > 0 && p%changeEvery == 0 && w%20 == 3 {
				word = "endret"
			}
			fmt.Fprintf(&b, "%s ", word)
		}
		b.WriteString("\n\n")
	}
	return b.String()
}

func BenchmarkDiff(b *testing.B) {
	for _, size := range []int{10, 100, 1000} {
		old, new := page(size, 0), page(size, 3)
		b.Run(fmt.Sprintf("words=%d/inline", size*60), func(b *testing.B) {
			b.SetBytes(int64(len(old) + len(new)))
			for b.Loop() {
				Diff(old, new)
			}
		})
		b.Run(fmt.Sprintf("words=%d/blocks", size*60), func(b *testing.B) {
			b.SetBytes(int64(len(old) + len(new)))
			for b.Loop() {
				Blocks(old, new)
			}
		})
	}
	// The worst case: two unrelated texts, which hit the budget.
	old, new := strings.Repeat("alfa beta ", 10000), strings.Repeat("gamma delta ", 10000)
	b.Run("words=20000/unrelated", func(b *testing.B) {
		for b.Loop() {
			Diff(old, new)
		}
	})
}
