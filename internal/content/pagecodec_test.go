package content

import (
	"bytes"
	"crypto/sha256"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/varde-portal/varde/internal/sitefs"
)

// TestPageCodecFields: the cache file's codec (pagecodec.go) writes every
// field of a page; a field added to Page, Meta or sitefs.FileStat must be
// added there too (and cacheFormat raised), or it would come back empty.
func TestPageCodecFields(t *testing.T) {
	for _, c := range []struct {
		v    any
		want int
	}{{Page{}, 14}, {Meta{}, 26}, {sitefs.FileStat{}, 5}, {cacheEntry{}, 8}} {
		if n := reflect.TypeOf(c.v).NumField(); n != c.want {
			t.Errorf("%T has %d fields, the page cache's codec knows %d: teach pagecodec.go the new ones and raise cacheFormat", c.v, n, c.want)
		}
	}
}

// TestPageCodecRoundTrip: entries with every field set, and params of
// every plain kind, come back as they went, on one chunk and on several;
// a file whose bytes are changed after its sum is made again (so that
// only the codec's own checks stand) is an empty cache, not a panic.
func TestPageCodecRoundTrip(t *testing.T) {
	when := time.Date(2026, 12, 7, 12, 0, 0, 5, time.UTC)
	full := func(i int) cacheEntry {
		return cacheEntry{
			File: "content/a" + string(rune('a'+i%26)) + ".md", Sum: [32]byte{1, byte(i)}, BodyOff: 40 + i, BodyNil: i%2 == 0,
			Stat: sitefs.FileStat{Size: 123, Mtime: -5, Ctime: 1 << 60, Ino: 1<<64 - 1, Dev: 7}, BodySum: [32]byte{2, byte(i)}, Braces: true,
			Page: Page{
				File: "content/a.md", Rel: "a.md", Dir: "d", Section: "s", Base: "a", Lang: "nn", Kind: KindSection, ID: "id", Type: "onepager",
				BodyLine: 4, Auto: true, Body: []byte("kropp"),
				Meta: Meta{
					Title: "T", Description: "D", Type: "t", ID: "i", Audience: []string{"a", "b"}, Topics: []string{"x"}, NSM: []string{"1.1"},
					Legal: []string{"§ 1"}, Version: "v", Updated: when, Review: when.Add(time.Hour), Owner: "o", Related: []string{"r"},
					Scale: "sc", Collect: []string{"c"}, Core: []string{"k"}, Pass: -80, Statement: "st", Draft: true, Weight: -3,
					Aliases: []string{"/al/"}, Slug: "sl", Layout: "la", Unknown: []string{"u"}, Lines: map[string]int{"title": 2, "x": -1},
					Params: map[string]any{"s": "tekst", "b": false, "i": 3, "i64": int64(12345678901), "f": 0.5, "t": when,
						"l": []any{"a", 1, 2.5, []any{true}}, "m": map[string]any{"d": when, "n": map[string]any{"e": "f"}}},
				},
			},
		}
	}
	for _, n := range []int{1, 3, 1200} {
		in := make([]cacheEntry, n)
		for i := range in {
			in[i] = full(i)
		}
		in[0].Page.Meta = Meta{} // nothing set: empty lists and tables come back nil
		in[0].Page.Body = nil
		b, err := encodeEntries(nil, in)
		if err != nil {
			t.Fatal(err)
		}
		out, err := decodeEntries(b, n)
		if err != nil {
			t.Fatalf("%d entries: %v", n, err)
		}
		if !reflect.DeepEqual(out, in) {
			for i := range in {
				if !reflect.DeepEqual(out[i], in[i]) {
					t.Fatalf("%d entries: entry %d:\n got %+v\nwant %+v", n, i, out[i], in[i])
				}
			}
		}
		if _, err := decodeEntries(b, n+1); err == nil {
			t.Errorf("%d entries read as %d", n, n+1)
		}
		if _, err := decodeEntries(b[:len(b)-1], n); err == nil {
			t.Errorf("%d entries: cut short, read", n)
		}
	}

	// A whole file, then changed bytes with a sum made for them.
	c := NewCache()
	for i := range 50 {
		e := full(i)
		p := e.Page
		c.m[e.File] = cached{sum: e.Sum, page: &p, bodyOff: e.BodyOff, st: e.Stat}
		c.seen[e.File] = true
	}
	var buf bytes.Buffer
	if err := c.WriteTo(&buf, "k"); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	if got := ReadCache(bytes.NewReader(good), "k"); len(got.m) != len(c.m) {
		t.Fatalf("%d of %d entries read back", len(got.m), len(c.m))
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		bad := bytes.Clone(good)
		switch r.IntN(3) {
		case 0:
			bad[sha256.Size+r.IntN(len(bad)-sha256.Size)] ^= byte(1 + r.IntN(255))
		case 1:
			bad = bad[:sha256.Size+r.IntN(len(bad)-sha256.Size)]
		case 2:
			i := sha256.Size + r.IntN(len(bad)-sha256.Size)
			bad = append(bad[:i:i], append([]byte{byte(r.IntN(256))}, bad[i:]...)...)
		}
		sum := sha256.Sum256(bad[sha256.Size:])
		copy(bad, sum[:])
		got := ReadCache(bytes.NewReader(bad), "k") // must not panic
		if len(got.m) != 0 && len(got.m) != len(c.m) {
			t.Fatalf("a damaged file gave %d entries", len(got.m))
		}
	}
}
