package search

import (
	"strings"
	"testing"
)

// TestTextCache: the snippet text of a page is the same from the cache as
// from bleve, and the cache stays within its bytes.
func TestTextCache(t *testing.T) {
	ix := buildTestIndex(t, loadCorpus(t))
	for _, li := range ix.langs {
		r, err := li.adv.Reader()
		if err != nil {
			t.Fatal(err)
		}
		c := newTextCache(len(li.docs.IDs), 8<<10)
		for round := 0; round < 2; round++ {
			for num, id := range li.docs.IDs {
				d0, b0, err := stored(r, id)
				if err != nil {
					t.Fatal(err)
				}
				d1, b1, err := c.text(r, int32(num), id)
				if err != nil {
					t.Fatal(err)
				}
				if d0 != d1 || b0 != b1 {
					t.Fatalf("%s %s: cached text differs", li.lang, id)
				}
				if n := c.bytes.Load(); n > c.maxBytes {
					t.Fatalf("%s: cache holds %d bytes, at most %d", li.lang, n, c.maxBytes)
				}
			}
		}
		var held int64
		for i := range c.texts {
			if p := c.texts[i].Load(); p != nil {
				held += p.size()
			}
		}
		if held != c.bytes.Load() || held == 0 {
			t.Errorf("%s: the cache counts %d bytes and holds %d", li.lang, c.bytes.Load(), held)
		}
		r.Close()
	}
	big := &pageText{body: strings.Repeat("x", 4<<10)}
	c := newTextCache(1, 8<<10)
	if c.add(0, big); c.texts[0].Load() != nil {
		t.Error("a text of more than a quarter of the cache was kept")
	}
}
