package search

import (
	"bytes"
	"math/rand"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
	"time"
	"unicode/utf8"
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
				want := appendEntry(nil, lc.bleveDoc(dt, co), analysisKey(lc.lang, dt.doc), hashes)
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

// TestDocPrintsFollowEntries: a page's fingerprint, which stands for its
// texts by its analysis key, changes exactly when everything the page
// puts into bleve does (its plain fields as stored, the terms of every
// field, its compound parts), from one build to the next, whether its
// analysis came from the cache file or not; and it is the same with and
// without the cache.
func TestDocPrintsFollowEntries(t *testing.T) {
	file := filepath.Join(t.TempDir(), "search-analysis.bin")
	base := append(loadCorpus(t), synthCorpus(t, 120)...)
	base = append(base,
		Document{ID: "hage", Lang: "nb", URL: "/hage/", Title: "Hage", Body: "Om hage og stell av hagen."},
		Document{ID: "barnehage", Lang: "nb", URL: "/barnehage/", Title: "Barnehagen", Body: "Barnehagen har rutiner for personvern."})
	// entries is the complete encoding of every page's bleve entry, text
	// and terms as they are, by language and id.
	entries := func(c *Corpus) map[string]string {
		out := map[string]string{}
		for _, lc := range c.langs {
			for _, dt := range lc.docs {
				bd := lc.bleveDoc(dt, compoundOptions{})
				var b []byte
				b = appendPlain(b, bd.plain)
				for _, f := range bd.fields {
					b = append(b, f.name...)
					for _, s := range f.terms {
						b = append(b, 0)
						b = append(b, lc.lex.stems[s]...)
					}
				}
				out[lc.lang+" "+dt.doc.ID] = string(b)
			}
		}
		return out
	}
	prints := func(c *Corpus) map[string]string {
		out := map[string]string{}
		ps := c.docPrints(compoundOptions{})
		for i, lc := range c.langs {
			for n, dt := range lc.docs {
				out[lc.lang+" "+dt.doc.ID] = ps[i][n]
			}
		}
		return out
	}
	analyze := func(docs []Document, cached bool) *Corpus {
		t.Helper()
		opt := AnalyzeOptions{}
		if cached {
			opt.Cache = file
		}
		c, err := AnalyzeWith(docs, opt)
		if err != nil {
			t.Fatal(err)
		}
		if cached {
			if err := c.SaveAnalysis(); err != nil {
				t.Fatal(err)
			}
		}
		return c
	}
	find := func(docs []Document, id string) *Document {
		for i := range docs {
			if docs[i].ID == id && docs[i].Lang == "nb" {
				return &docs[i]
			}
		}
		t.Fatalf("no page %s", id)
		return nil
	}
	some := synthCorpus(t, 120)[7].ID
	steps := []struct {
		name   string
		change func(docs []Document) []Document
	}{
		{"nothing", func(docs []Document) []Document { return docs }},
		{"a body", func(docs []Document) []Document {
			find(docs, some).Body += " Et nytt avsnitt om kvantekryptering."
			return docs
		}},
		{"a description", func(docs []Document) []Document { find(docs, some).Description = "Ny beskrivelse"; return docs }},
		{"a title", func(docs []Document) []Document { find(docs, some).Title = "Ny tittel om sjøormvarsling"; return docs }},
		{"an address", func(docs []Document) []Document { find(docs, some).URL = "/flyttet/"; return docs }},
		{"a type", func(docs []Document) []Document { find(docs, some).Type = "norm"; return docs }},
		{"an audience", func(docs []Document) []Document {
			d := find(docs, some)
			d.Audience = append(d.Audience, "ny")
			return docs
		}},
		{"a date", func(docs []Document) []Document {
			find(docs, some).Updated = time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
			return docs
		}},
		{"a word that splits another page's compound, gone", func(docs []Document) []Document {
			var out []Document
			for _, d := range docs {
				if d.ID != "hage" {
					out = append(out, d)
				}
			}
			return out
		}},
	}
	docs := append([]Document(nil), base...)
	for _, cached := range []bool{false, true} {
		prev := analyze(docs, cached)
		prevE, prevP := entries(prev), prints(prev)
		for _, st := range steps {
			docs = st.change(append([]Document(nil), docs...))
			c := analyze(docs, cached)
			e, p := entries(c), prints(c)
			if !cached {
				// The same pages, keyed by the analysis cache: the same prints.
				for k, v := range prints(analyze(docs, true)) {
					if p[k] != v {
						t.Fatalf("%s: %s: print %s without the cache, %s with it", st.name, k, p[k], v)
					}
				}
			}
			changed := 0
			for k, pr := range p {
				was, ok := prevP[k]
				if !ok {
					continue
				}
				if sameEntry, samePrint := e[k] == prevE[k], pr == was; sameEntry != samePrint {
					t.Errorf("cache %t, %s: %s: entry the same %t, print the same %t", cached, st.name, k, sameEntry, samePrint)
				} else if !samePrint {
					changed++
				}
			}
			if st.name != "nothing" && changed == 0 {
				t.Errorf("cache %t, %s: no page's entry changed", cached, st.name)
			}
			prevE, prevP = e, p
		}
		docs = append([]Document(nil), base...)
	}
}

// TestVocabIndex: the reversed dictionary holds each term of three
// letters or more reversed as reverse makes it (invalid UTF-8 included),
// sorted, with the number of its term.
func TestVocabIndex(t *testing.T) {
	terms := []string{"ab", "abc", "øre", "ære", "bil", "lib", "x\xffy", "x\xfey", "\xe2\x82abc", "\xc3\xa9\xa9z", "sjøorm"}
	sort.Strings(terms)
	v := &vocab{Terms: terms}
	v.index()
	var want []string
	for _, t := range terms {
		if utf8.RuneCountInString(t) >= fuzzyRevMin {
			want = append(want, reverse(t))
		}
	}
	sort.Strings(want)
	if !reflect.DeepEqual(v.rev, want) {
		t.Fatalf("reversed %q, want %q", v.rev, want)
	}
	for i, r := range v.rev {
		if reverse(terms[v.revTerm[i]]) != r {
			t.Errorf("%q is given term %q", r, terms[v.revTerm[i]])
		}
		if i > 0 && v.rev[i-1] == r && v.revTerm[i-1] > v.revTerm[i] {
			t.Errorf("equal reversals out of term order at %d", i)
		}
	}
}
