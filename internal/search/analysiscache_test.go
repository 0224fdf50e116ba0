package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// exportAll is everything a corpus gives both engines: the static index
// files, and per language the vocab and page table of the bleve index and
// each page's field terms as bleve gets them.
func exportAll(t *testing.T, c *Corpus) map[string][]byte {
	t.Helper()
	files, err := c.ExportStatic()
	if err != nil {
		t.Fatal(err)
	}
	for _, lc := range c.langs {
		v, err := lc.queryVocab()
		if err != nil {
			t.Fatal(err)
		}
		files["vocab "+lc.lang], _ = json.Marshal(v)
		files["docs "+lc.lang], _ = json.Marshal(lc.docTable())
		var b bytes.Buffer
		for _, dt := range lc.docs {
			for f := range dt.fields {
				for _, id := range dt.fields[f] {
					b.WriteString(lc.lex.stems[lc.lex.stemOf[id]] + " ")
				}
				b.WriteString("|")
				for _, id := range dt.parts[f] {
					b.WriteString(lc.lex.stems[id] + " ")
				}
				b.WriteString("\n")
			}
		}
		files["fields "+lc.lang] = b.Bytes()
	}
	return files
}

func sameExport(t *testing.T, what string, got, want map[string][]byte) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d files, a fresh analysis %d", what, len(got), len(want))
	}
	for name, data := range want {
		if !bytes.Equal(got[name], data) {
			t.Fatalf("%s: %s differs from a fresh analysis", what, name)
		}
	}
}

// TestAnalysisCache: a build that takes pages' analysis from the cache
// gives both engines exactly what a fresh analysis gives, after a page
// changed, was removed or added, and with a corrupt or foreign file.
func TestAnalysisCache(t *testing.T) {
	file := filepath.Join(t.TempDir(), "cache", "search-analysis.bin")
	base := append(loadCorpus(t), synthCorpus(t, 150)...)
	// A word of one page that splits a compound of another: when the page
	// goes, its word must leave the dictionary the splitter uses.
	base = append(base,
		Document{ID: "hage", Lang: "nb", Title: "Hage", Body: "Om hage og stell av hagen."},
		Document{ID: "barnehage", Lang: "nb", Title: "Barnehagen", Body: "Barnehagen har rutiner for personvern."})
	run := func(what string, docs []Document, wantReused int) *Corpus {
		t.Helper()
		c, err := AnalyzeWith(docs, AnalyzeOptions{Cache: file})
		if err != nil {
			t.Fatal(err)
		}
		if wantReused >= 0 && c.AnalysisReused() != wantReused {
			t.Errorf("%s: %d pages from the cache, want %d", what, c.AnalysisReused(), wantReused)
		}
		fresh, err := Analyze(docs)
		if err != nil {
			t.Fatal(err)
		}
		sameExport(t, what, exportAll(t, c), exportAll(t, fresh))
		if err := c.SaveAnalysis(); err != nil {
			t.Fatal(err)
		}
		return c
	}
	run("cold", base, 0)
	if _, err := os.Stat(file); err != nil {
		t.Fatalf("no cache file: %v", err)
	}
	c := run("unchanged", base, len(base))
	if c.cacheDirty || c.passagesDirty() {
		t.Error("nothing changed, yet the cache is to be written again")
	}
	if n := passagesReused(c); n < len(base)/2 {
		t.Errorf("nothing changed, yet only %d pages' passages came from the cache", n)
	}
	if !splitsReused(c) {
		t.Error("nothing changed, yet the compound splits were made anew")
	}
	// A page rewritten in words the site has elsewhere: the dictionary is
	// the same, and so are its splits, though the words' ids may not be.
	same := append([]Document{}, base...)
	var nb []int
	for i, d := range base {
		if d.Lang == "nb" && d.Body != "" && i != 3 {
			nb = append(nb, i)
		}
	}
	same[nb[0]].Body = base[nb[0]].Body + " " + base[nb[1]].Title
	c = run("a page in the site's own words", same, len(base)-1)
	if !splitsReused(c) {
		t.Error("the dictionary is the same, yet the compound splits were made anew")
	}

	changed := append([]Document{}, base...)
	changed[3].Body += " Et nytt avsnitt om tofaktorautentisering."
	c = run("one page changed", changed, len(base)-2) // and the page of the step before
	if !c.passagesDirty() {
		t.Error("a page changed, yet no passages were chosen anew")
	}
	// A new word: only the words that hold a changed key are split
	// again, the others' splits come from the cache (updateSplits).
	if n, words := splitsRedone(c); n == 0 || n > words/10 {
		t.Errorf("a new word: %d of %d words split again", n, words)
	}
	// A word of the changed page on other pages now, in their passages'
	// reach: their passages are weighed by its document frequency.
	changed[4].Body = "Tofaktorautentisering og personvern. " + changed[4].Body
	changed[5].Body = "Personvern og tofaktorautentisering. " + changed[5].Body
	run("a word's document frequency changed", changed, len(changed)-2)

	var gone []Document
	for _, d := range changed {
		if d.ID != "hage" {
			gone = append(gone, d)
		}
	}
	c = run("one page removed", gone, len(gone))
	if !c.cacheDirty {
		t.Error("a page left, yet the cache is not to be written again")
	}
	if splitsReused(c) {
		t.Error("a word left the dictionary, yet the compound splits came from the cache")
	}
	if n, words := splitsRedone(c); n == 0 || n > words/10 {
		t.Errorf("a word gone: %d of %d words split again", n, words)
	}
	run("one page added back", changed, len(changed)-1)

	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][]byte{data[:len(data)/2], data[:len(analysisCacheMagic)+3], append(append([]byte{}, data...), 7), []byte("garbage")} {
		if err := os.WriteFile(file, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		run("corrupt file", changed, 0)
	}
	// Every truncation and a flipped byte here and there: an error or a
	// cache, never a panic.
	for i := 0; i < len(data); i += 1 + len(data)/500 {
		decodeAnalysisCache(data[:i], programKey())
		flip := append([]byte{}, data...)
		flip[i] ^= 0x5a
		decodeAnalysisCache(flip, programKey())
	}
	if _, err := decodeAnalysisCache(data, "another program"); err == nil {
		t.Error("a cache of another program was read")
	}
}

// passagesReused counts the pages whose passages the last ExportStatic of
// c took from the cache file.
func passagesReused(c *Corpus) int {
	n := 0
	for _, lc := range c.langs {
		n += int(lc.passReused.Load())
	}
	return n
}

// splitsRedone returns how many words of the Bokmål pages of c were split
// again while the others' splits came from the cache file, and how many
// words they have.
func splitsRedone(c *Corpus) (int, int) {
	for _, lc := range c.langs {
		if lc.lang == "nb" {
			return lc.splitsRedone, len(lc.lex.surf)
		}
	}
	return 0, 0
}

// updateSplits rests on the Bokmål stemmer only cutting a word: the stem
// of every ending of every word of the test corpus is a prefix of it.
func TestBokmalStemIsPrefix(t *testing.T) {
	an := analyzerFor("nb")
	seen := map[string]bool{}
	for _, d := range append(loadCorpus(t), synthCorpus(t, 50)...) {
		for _, text := range fieldTexts(&d) {
			for _, tm := range an.analyze(text, false) {
				w := tm.Surface
				for i := range w {
					head := w[i:]
					if seen[head] {
						continue
					}
					seen[head] = true
					if st := an.stemWord(head); !strings.HasPrefix(head, st) {
						t.Fatalf("the stem of %q is %q, not a prefix", head, st)
					}
				}
			}
		}
	}
	if len(seen) < 1000 {
		t.Fatalf("only %d endings checked", len(seen))
	}
}

// splitsReused reports whether the Bokmål pages of c took their compound
// splits from the cache file.
func splitsReused(c *Corpus) bool {
	for _, lc := range c.langs {
		if lc.lang == "nb" {
			return lc.splitsReused
		}
	}
	return false
}

// TestLexSigFromFile: the dictionary's signature taken from the cache
// file's words (made when the file is read) is the one the dictionary
// gives, when the splits are reused whole and when they are brought up to
// date; a file split with other options is not used for them.
func TestLexSigFromFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "search-analysis.bin")
	docs := append(loadCorpus(t), synthCorpus(t, 100)...)
	analyze := func(docs []Document, co compoundOptions) *Corpus {
		t.Helper()
		c, err := analyzeCached(docs, co, features{}, file)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.saveAnalysis(); err != nil {
			t.Fatal(err)
		}
		return c
	}
	analyze(docs, compoundOptions{})
	c := analyze(docs, compoundOptions{})
	reused := 0
	for _, lc := range c.langs {
		if lc.splitsReused {
			reused++
			if lc.lexSig != lexiconSig(lc.lex, lc.co) {
				t.Errorf("%s: the signature from the file is not the dictionary's", lc.lang)
			}
		}
	}
	if reused == 0 {
		t.Fatal("no language reused its splits")
	}
	// Another minimum piece: the file's signature is of other options.
	c = analyze(docs, compoundOptions{minPart: 5})
	for _, lc := range c.langs {
		if lc.splitsReused {
			t.Errorf("%s: splits of minimum piece 4 reused for 5", lc.lang)
		}
	}
	fresh, err := analyzeWith(docs, compoundOptions{minPart: 5})
	if err != nil {
		t.Fatal(err)
	}
	sameExport(t, "minimum piece 5", exportAll(t, c), exportAll(t, fresh))
}

// TestDecodeIDs: the file's word numbers decode as binary.Uvarint reads
// them, one to ten bytes long, minimal or not, and a number not below the
// limit or a cut number is refused.
func TestDecodeIDs(t *testing.T) {
	var b []byte
	var want []uint32
	for _, v := range []uint64{0, 1, 127, 128, 300, 16383, 16384, 99999, 1 << 21, 1<<32 - 1} {
		b = binary.AppendUvarint(b, v)
		want = append(want, uint32(v))
	}
	b = append(b, 0x85, 0x00) // 5, in two bytes
	want = append(want, 5)
	b = append(b, 0x81, 0x80, 0x00) // 1, in three
	want = append(want, 1)
	got := make([]uint32, len(want))
	rest, ok := decodeIDs(append(b, 9), got, 1<<32)
	if !ok || !reflect.DeepEqual(got, want) || len(rest) != 1 || rest[0] != 9 {
		t.Fatalf("got %v %v (rest %v), want %v", got, ok, rest, want)
	}
	if _, ok := decodeIDs(b, got, 1<<32-1); ok {
		t.Error("a number at the limit was read")
	}
	for i := range b {
		if _, ok := decodeIDs(b[:i], got, 1<<32); ok {
			t.Errorf("cut at %d, read", i)
		}
	}
}

// TestAnalysisKeyAsFieldTexts: a page's analysis key is the SHA-256 of its
// language and of each of fieldTexts, each after its length, as it was
// made from the joined texts: for the test corpus and for pages with no
// headings or topics, one, several, hyphenated topics and empty texts.
func TestAnalysisKeyAsFieldTexts(t *testing.T) {
	docs := append(loadCorpus(t), synthCorpus(t, 50)...)
	docs = append(docs,
		Document{ID: "a", Lang: "nb"},
		Document{ID: "b", Lang: "nn", Title: "T", Headings: []string{"én"}, Topics: []string{"it-sikkerhet"}},
		Document{ID: "c", Lang: "nb", Headings: []string{"", "to", ""}, Topics: []string{"a-b-c", "", "-"}, Body: strings.Repeat("lang tekst ", 200)},
		Document{ID: "d", Lang: "nb", Headings: []string{strings.Repeat("overskrift ", 200)}, Description: "beskrivelse"})
	for _, d := range docs {
		h := sha256.New()
		var n [binary.MaxVarintLen64]byte
		put := func(s string) {
			h.Write(n[:binary.PutUvarint(n[:], uint64(len(s)))])
			h.Write([]byte(s))
		}
		put(d.Lang)
		for _, s := range fieldTexts(&d) {
			put(s)
		}
		var want docKey
		copy(want[:], h.Sum(nil))
		if got := analysisKey(d.Lang, &d); got != want {
			t.Errorf("%s: key %x, want %x", d.ID, got, want)
		}
	}
}
