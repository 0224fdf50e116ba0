package search

import (
	"bytes"
	"math/rand"
	"path/filepath"
	"reflect"
	"testing"
)

// buildRefIndex builds and opens an index of docs in the reference layout:
// the ten analysed fields as separate bleve fields, as before the packed
// field (fields.go), which bleve's own searchers can score.
func buildRefIndex(t testing.TB, docs []Document) *Index {
	t.Helper()
	c, err := Analyze(docs)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "ref.bleve")
	if err := c.buildIndex(dir, compoundOptions{separate: true}); err != nil {
		t.Fatal(err)
	}
	return openTestIndex(t, dir)
}

// TestPackTF: packTF and unpackTF are inverses on the vectors that fit,
// the common ones pack small, and the rest spill.
func TestPackTF(t *testing.T) {
	var tf [nStatFields]uint32
	tf[fBody] = 1
	if v, ok := packTF(&tf); !ok || v != 1 {
		t.Errorf("once in the body: %d %v, want 1", v, ok)
	}
	rng := rand.New(rand.NewSource(1))
	fits, spills := 0, 0
	for i := 0; i < 200000; i++ {
		var in [nStatFields]uint32
		for f := range in {
			switch rng.Intn(4) {
			case 0:
				in[f] = uint32(rng.Intn(4))
			case 1:
				in[f] = uint32(rng.Intn(1 << uint(rng.Intn(17))))
			}
		}
		if i%1000 == 0 {
			in[rng.Intn(nStatFields)] = spillCount + uint32(rng.Intn(3)) - 1
		}
		if in == ([nStatFields]uint32{}) {
			continue // a page's term is in one field at least
		}
		v, ok := packTF(&in)
		big := false
		for _, c := range in {
			big = big || c >= spillCount
		}
		if !ok {
			spills++
			continue
		}
		fits++
		if big {
			t.Fatalf("%v packs although a count is %d or more", in, spillCount)
		}
		if v >= 1<<63 || v == 0 {
			t.Fatalf("%v packs to %d", in, v)
		}
		var out [nStatFields]uint32
		if !unpackTF(v, &out) || out != in {
			t.Fatalf("%v packs to %d, unpacks to %v", in, v, out)
		}
	}
	if fits == 0 || spills == 0 {
		t.Errorf("%d vectors fit, %d spill: the test does not try both", fits, spills)
	}
	if unpackTF(0, &tf) || unpackTF(3, &tf) || unpackTF(1<<40, &tf) {
		t.Error("unpackTF takes a value packTF does not make")
	}
}

// TestPackedSpill: with pages whose terms spill into the separate fields
// (packBits lowered to 6 bits, so that a term of a page that is in two
// fields, or four times in one, spills), direct
// scoring on the packed index still gives the reference's results, with
// the same scores, and its per-field counts are the dictionary's.
func TestPackedSpill(t *testing.T) {
	defer func(b int) { packBits = b }(packBits)
	packBits = 6
	docs := loadCorpus(t)
	ix := buildTestIndex(t, docs)
	spilled := 0
	for _, li := range ix.langs {
		spilled += len(li.direct.spill)
	}
	if spilled == 0 {
		t.Fatal("no term spills")
	}
	packBits = 63
	refIx := buildRefIndex(t, docs)
	for _, li := range refIx.langs {
		li.viaSearchers = true
	}
	var queries []Query
	for _, path := range []string{"testdata/eval_dev.txt", "testdata/bundled_relevance.txt"} {
		for _, rc := range loadRelevanceFile(t, path) {
			queries = append(queries, Query{Text: rc.query, Lang: rc.lang, Limit: 20})
		}
	}
	for _, q := range queries {
		a, b := search(t, ix, q), search(t, refIx, q)
		if a.Total != b.Total || !reflect.DeepEqual(a.Facets, b.Facets) || len(a.Hits) != len(b.Hits) {
			t.Errorf("%+v: total %d, %d hits; reference %d, %d", q, a.Total, len(a.Hits), b.Total, len(b.Hits))
			continue
		}
		for i, h := range a.Hits {
			r := b.Hits[i]
			if h.ID != r.ID || h.tier != r.tier || h.Snippet != r.Snippet || relDiff(h.Score, r.Score) > 1e-12 {
				t.Errorf("%+v: hit %d is %s (%.17g), reference %s (%.17g)", q, i, h.ID, h.Score, r.ID, r.Score)
				break
			}
		}
	}
	t.Logf("%d terms spill, %d queries", spilled, len(queries))
}

// TestPageEntryAsBleveDoc: the page fingerprints hash what appendEntry
// encodes of a page's bleveDoc, without making it.
func TestPageEntryAsBleveDoc(t *testing.T) {
	c, err := Analyze(append(loadCorpus(t), synthCorpus(t, 100)...))
	if err != nil {
		t.Fatal(err)
	}
	for _, co := range []compoundOptions{{}, {separate: true}} {
		for _, lc := range c.langs {
			hashes := make([]uint64, len(lc.lex.stems))
			for i := range hashes {
				hashes[i] = uint64(i)*0x9e3779b97f4a7c15 + 1
			}
			for _, dt := range lc.docs {
				got := lc.appendPageEntry(nil, dt, co, hashes)
				want := appendEntry(nil, lc.bleveDoc(dt, co), hashes)
				if !bytes.Equal(got, want) {
					t.Fatalf("%s %s: entries differ", lc.lang, dt.doc.ID)
				}
			}
		}
	}
}

// TestFieldTableSpill: the field table's spilled terms, found once per
// count vector, are those a posting-by-posting pass finds (packBits
// lowered so that many spill, and at its value).
func TestFieldTableSpill(t *testing.T) {
	defer func(b int) { packBits = b }(packBits)
	c, err := Analyze(append(loadCorpus(t), synthCorpus(t, 300)...))
	if err != nil {
		t.Fatal(err)
	}
	for _, bits := range []int{packBits, 8, 6} {
		packBits = bits
		for _, lc := range c.langs {
			st := lc.stats()
			var want []string
			var tf [nStatFields]uint32
			for _, ts := range st.terms {
				for _, p := range ts.postings {
					for f, n := range st.tf(p) {
						tf[f] = uint32(n)
					}
					if _, ok := packTF(&tf); !ok {
						want = append(want, ts.term)
						break
					}
				}
			}
			got := lc.fieldTable()
			if !reflect.DeepEqual(got.Spill, want) {
				t.Errorf("packBits %d, %s: %d terms spill, want %d", bits, lc.lang, len(got.Spill), len(want))
			}
			if bits == 6 && len(want) == 0 {
				t.Errorf("%s: no term spills at 6 bits", lc.lang)
			}
			if len(got.Lens) != st.n {
				t.Errorf("%s: %d lengths for %d pages", lc.lang, len(got.Lens), st.n)
			}
		}
	}
}
