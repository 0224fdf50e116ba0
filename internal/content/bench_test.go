package content

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/corpus"
	"github.com/varde-portal/varde/internal/sitefs"
)

// BenchmarkLoadCorpus reads the content of a 1,000-page search corpus
// (varde-corpus --search) from disk as varde build does (through sitefs,
// no parse cache): what the cold build's "content read" stage spends,
// mostly front matter (docs/performance.md).
func BenchmarkLoadCorpus(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "site")
	if err := corpus.Generate(dir, corpus.Options{Pages: 1000, Seed: 1, Search: true}); err != nil {
		b.Fatal(err)
	}
	fsys, err := sitefs.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	cfg, ds := config.Load(os.DirFS(dir))
	if cfg == nil {
		b.Fatal(ds)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		set, ds := Load(fsys, cfg, Options{})
		if len(set.Pages) < 1000 || len(ds) > 0 {
			b.Fatal(len(set.Pages), ds)
		}
	}
}
