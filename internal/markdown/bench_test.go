package markdown

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/varde-portal/varde/internal/corpus"
	"github.com/varde-portal/varde/internal/cputime"
)

// BenchmarkConvertCorpus converts the bodies of a 1,000-page search corpus
// (varde-corpus --search: realistic Norwegian, headings, lists, tables,
// code blocks and links) one after the other: goldmark and Varde's
// extensions, without the file system or the site graph. CPU per page is
// what the cold build's Markdown stage spends (docs/performance.md).
func BenchmarkConvertCorpus(b *testing.B) {
	bodies, size := corpusBodies(b)
	c := New(Options{Lang: "nb"})
	resolve := func(target string) (string, string, error) {
		return "/" + strings.TrimSuffix(target, ".md") + "/", "nb:" + target, nil
	}
	for _, bench := range []struct {
		name    string
		convert func(src []byte, doc Doc) *Result
	}{
		{"gated", c.Convert},
		{"linkify", func(src []byte, doc Doc) *Result { return c.convert(c.md, src, doc) }},
	} {
		b.Run(bench.name, func(b *testing.B) {
			b.SetBytes(int64(size))
			b.ReportAllocs()
			cpu := cputime.Self()
			for i := 0; i < b.N; i++ {
				for _, body := range bodies {
					res := bench.convert(body, Doc{File: "content/x.md", LineOffset: 5, PageID: "x", ResolveLink: resolve})
					if len(res.Diags) > 0 {
						b.Fatal(res.Diags[0])
					}
				}
			}
			// CPU time, not wall: the machine is shared.
			b.ReportMetric(float64((cputime.Self()-cpu).Microseconds())/float64(b.N*len(bodies)), "cpu-µs/page")
		})
	}
}

// corpusBodies generates the 1,000-page search corpus and returns its
// pages' bodies (without front matter) and their size in bytes.
func corpusBodies(b *testing.B) ([][]byte, int) {
	dir := filepath.Join(b.TempDir(), "site")
	if err := corpus.Generate(dir, corpus.Options{Pages: 1000, Seed: 1, Search: true}); err != nil {
		b.Fatal(err)
	}
	var bodies [][]byte
	var size int
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if _, body, ok := bytes.Cut(bytes.TrimPrefix(src, []byte("---\n")), []byte("\n---\n")); ok {
			src = body
		}
		bodies = append(bodies, src)
		size += len(src)
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return bodies, size
}

// BenchmarkCountWords counts the words of the plain text of a 1,000-page
// corpus, as Convert does for every page.
func BenchmarkCountWords(b *testing.B) {
	var texts []string
	var n int64
	bodies, _ := corpusBodies(b)
	for _, src := range bodies {
		t := New(Options{Lang: "nb"}).Convert(src, Doc{File: "content/a.md"}).Text
		texts = append(texts, t)
		n += int64(len(t))
	}
	b.SetBytes(n)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			countWords(t)
		}
	}
}
