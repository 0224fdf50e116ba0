package history

import (
	"context"
	"fmt"
	"io/fs"
	"testing"
)

// BenchmarkLoad reads the history of a 10,000-file repository, the size
// the portal must stay fast at: one commit adding every page, then a few
// hundred (and, for a long-lived portal, a few thousand) commits that edit,
// move and delete pages. Each repository is made once with git
// fast-import; only Load is timed.
func BenchmarkLoad(b *testing.B) {
	for _, size := range []struct{ files, commits int }{{10000, 300}, {10000, 3000}} {
		b.Run(fmt.Sprintf("files=%d/commits=%d", size.files, size.commits), func(b *testing.B) {
			r := newRepo(b)
			stream, present := synthStream(size.files, size.commits)
			r.fastImport(stream)
			ctx := context.Background()
			for b.Loop() {
				h, err := Load(ctx, r.dir, "content")
				if err != nil {
					b.Fatal(err)
				}
				if h.Len() != len(present) {
					b.Fatalf("Len() = %d, want %d", h.Len(), len(present))
				}
			}
		})
	}
}

// BenchmarkRefFS opens the 10,000-file tree of a ref and reads every file
// through it, as building an edition from a tag does.
func BenchmarkRefFS(b *testing.B) {
	r := newRepo(b)
	stream, present := synthStream(10000, 10)
	r.fastImport(stream)
	ctx := context.Background()
	for b.Loop() {
		fsys, err := RefFS(ctx, r.dir, "main")
		if err != nil {
			b.Fatal(err)
		}
		for _, p := range present {
			if _, err := fs.ReadFile(fsys, p); err != nil {
				b.Fatal(err)
			}
		}
		if err := fsys.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
