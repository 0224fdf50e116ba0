package markdown

import (
	"bytes"
	"testing"

	"github.com/yuin/goldmark/renderer/html"
)

// FuzzPlainWriter: plainWriter writes what goldmark's writer writes, for
// text with and without escapes, entities and characters to escape.
func FuzzPlainWriter(f *testing.F) {
	for _, s := range []string{"", "tekst uten noe", "a & b", "&amp; &#42; &#x2a; &nosuch;", "\\* \\a \\", "<a href=\"x\">", "nul\x00", "æøå – «»"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		w := plainWriter{html.DefaultWriter}
		for _, raw := range []bool{false, true} {
			var want, got bytes.Buffer
			if raw {
				html.DefaultWriter.RawWrite(directWriter{&want}, src)
				w.RawWrite(directWriter{&got}, src)
			} else {
				html.DefaultWriter.Write(directWriter{&want}, src)
				w.Write(directWriter{&got}, src)
			}
			if !bytes.Equal(want.Bytes(), got.Bytes()) {
				t.Fatalf("raw %v, %q: goldmark writes %q, plainWriter %q", raw, src, want.Bytes(), got.Bytes())
			}
		}
	})
}
