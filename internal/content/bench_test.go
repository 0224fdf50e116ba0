package content

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

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

// BenchmarkLoadCached is a rebuild's "content read" on a 2,000-page search
// corpus with the parsed-page cache of the build before, decoded each time
// as varde build does: every file read and hashed ("read"), and files
// whose stat is the one kept taken unread ("stat", Options.TrustStat).
func BenchmarkLoadCached(b *testing.B) {
	defer func(m time.Duration) { RacyMargin = m }(RacyMargin)
	RacyMargin = 0 // the corpus was just written; its files count as settled
	dir := filepath.Join(b.TempDir(), "site")
	if err := corpus.Generate(dir, corpus.Options{Pages: 2000, Seed: 1, Search: true}); err != nil {
		b.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	sfs, err := sitefs.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer sfs.Close()
	cfg, ds := config.Load(sfs)
	if cfg == nil {
		b.Fatal(ds)
	}
	c := NewCache()
	Load(sfs, cfg, Options{Cache: c, TrustStat: true})
	var buf bytes.Buffer
	if err := c.WriteTo(&buf, "k"); err != nil {
		b.Fatal(err)
	}
	file := buf.Bytes()
	for _, trust := range []bool{false, true} {
		name := "read"
		if trust {
			name = "stat"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				c := ReadCache(bytes.NewReader(file), "k")
				Load(sfs, cfg, Options{Cache: c, TrustStat: trust})
				if trust && c.Statted() < 1900 {
					b.Fatalf("%d files taken by stat", c.Statted())
				}
			}
		})
	}
}
