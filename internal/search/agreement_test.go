package search

import (
	"bytes"
	"context"
	"encoding/json"
	"go/build"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"
)

// The static index must behave like bleve: the same analysis in
// search.js, the same candidates, the same scores. These tests run
// search.js in Node against the exported files and compare.

const searchJS = "../../themes/default/assets/js/modules/search.js"

// node returns the node binary, skipping the test when there is none
// outside CI (in CI a missing node is a failure).
func node(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("node is needed for the search agreement tests: %v", err)
		}
		t.Skip("node not found")
	}
	return p
}

type nodeRequest struct {
	Script  string              `json:"script"`
	Dir     string              `json:"dir"`
	Stem    map[string][]string `json:"stem,omitempty"`
	Analyze []nodeAnalyze       `json:"analyze,omitempty"`
	Queries []nodeQuery         `json:"queries,omitempty"`
	Fresh   bool                `json:"fresh,omitempty"`
	// Passages makes each hit's snippet the search page's final one
	// (Engine.passage).
	Passages bool `json:"passages,omitempty"`
}

type nodeAnalyze struct {
	Lang  string `json:"lang"`
	Text  string `json:"text"`
	Query bool   `json:"query"`
}

type nodeQuery struct {
	Lang     string `json:"lang"`
	Text     string `json:"text"`
	Type     string `json:"type,omitempty"`
	Audience string `json:"audience,omitempty"`
	Limit    int    `json:"limit"`
	Facets   bool   `json:"facets"`
}

type nodeResponse struct {
	Stem    map[string][]string `json:"stem"`
	Analyze [][][2]string       `json:"analyze"`
	Results []struct {
		IDs      []string  `json:"ids"`
		Scores   []float64 `json:"scores"`
		Total    int       `json:"total"`
		Facets   Facets    `json:"facets"`
		Snippets []string  `json:"snippets"`
		Ms       float64   `json:"ms"`
		Fetched  []string  `json:"fetched"`
		// PassageFetched are the files Engine.passage loaded.
		PassageFetched []string `json:"passageFetched"`
	} `json:"results"`
}

func runNode(t testing.TB, req nodeRequest) nodeResponse {
	t.Helper()
	bin := node(t)
	req.Script = searchJS
	in, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "testdata/node/harness.js")
	cmd.Stdin = bytes.NewReader(in)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("node harness: %v\n%s", err, stderr.String())
	}
	var resp nodeResponse
	if err := json.Unmarshal(stdout.Bytes(), &resp); err != nil {
		t.Fatalf("node harness output: %v", err)
	}
	return resp
}

// writeStatic exports docs to a temporary folder.
func writeStatic(t testing.TB, docs []Document) string {
	t.Helper()
	files, err := ExportStatic(docs)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writeFiles(t, dir, files)
	return dir
}

func writeFiles(t testing.TB, dir string, files map[string][]byte) {
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// wordList reads testdata/words/<name>.txt.
func wordList(t testing.TB, name string) []string {
	data, err := os.ReadFile("testdata/words/" + name + ".txt")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, "#") {
			out = append(out, strings.Fields(line)...)
		}
	}
	return out
}

// corpusWords returns the folded words of the corpus in one language.
func corpusWords(docs []Document, lang string, nordic bool) []string {
	var out []string
	for _, d := range docs {
		if d.Lang != lang {
			continue
		}
		for _, text := range fieldTexts(&d) {
			for _, w := range tokenize(text) {
				out = append(out, fold(text[w.start:w.end], nordic))
			}
		}
	}
	return out
}

// goSourceWords returns English words from the comments of Go's own
// package documentation, a large and varied vocabulary that is on every
// machine with Go.
func goSourceWords(limit int) []string {
	files, _ := filepath.Glob(filepath.Join(build.Default.GOROOT, "src", "*", "*", "doc.go"))
	seen := map[string]bool{}
	var out []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, w := range strings.FieldsFunc(string(data), func(r rune) bool { return !unicode.IsLetter(r) }) {
			w = strings.ToLower(w)
			if len(w) > 2 && !seen[w] && len(out) < limit {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	return out
}

// inflect adds every Snowball Norwegian suffix to every base word.
func inflect(bases []string) []string {
	suffixes := []string{"a", "e", "ede", "ande", "ende", "ane", "ene", "hetene", "erte", "en", "heten", "ar", "er",
		"heter", "s", "as", "es", "edes", "endes", "enes", "hetenes", "ens", "hetens", "ers", "ets", "et", "het", "ert",
		"ast", "dt", "vt", "leg", "eleg", "ig", "eig", "lig", "elig", "els", "lov", "elov", "slov", "hetslov", "ks", "heit", "heita"}
	var out []string
	for _, b := range bases {
		for _, s := range suffixes {
			out = append(out, b+s)
		}
	}
	return out
}

func TestStemmerAgreement(t *testing.T) {
	docs := loadCorpus(t)
	nb := append(wordList(t, "nb"), corpusWords(docs, "nb", true)...)
	nb = append(nb, corpusWords(docs, "nn", true)...)
	nb = append(nb, inflect([]string{"hus", "bil", "kommun", "sikker", "vurder", "led", "avvik", "ta", "kraft", "sterk", "park", "øy", "ære", "pris", "ab"})...)
	en := append(wordList(t, "en"), corpusWords(docs, "en", false)...)
	en = append(en, goSourceWords(20000)...)
	resp := runNode(t, nodeRequest{Stem: map[string][]string{"nb": nb, "en": en}})
	for kind, words := range map[string][]string{"nb": nb, "en": en} {
		stem := stemNorwegian
		if kind == "en" {
			stem = stemEnglish
		}
		bad := 0
		for i, w := range words {
			if got, want := resp.Stem[kind][i], stem(w); got != want {
				if bad++; bad <= 20 {
					t.Errorf("%s stem(%q): search.js %q, Go %q", kind, w, got, want)
				}
			}
		}
		t.Logf("%s: %d words, %d disagree", kind, len(words), bad)
	}
}

func TestAnalyzerAgreement(t *testing.T) {
	docs := loadCorpus(t)
	dir := writeStatic(t, docs)
	tricky := []string{
		"E-post, IT-sikkerhet og ROS-analysen: «personvern»!", "NAV's rutiner; don't", "Café – naïve façade Smörgåsbord ÆØÅ æøå",
		"2.3.1 og 1,5 % av 10 000", "a\u030angstrom A\u030a", "ﬁre ｆｕｌｌｗｉｄｔｈ Straße", "x y z", "<script>alert(1)</script>",
		"\"*:~^+-() sikkerhet\"", "tryggleiken i verksemdene – sikkerheita", "émojis 🙂 and ‘quotes’ and ’s", "co-operation e-mail",
	}
	var reqs []nodeAnalyze
	for _, lang := range []string{"nb", "nn", "en"} {
		texts := append([]string{}, tricky...)
		for _, d := range docs {
			if d.Lang == lang {
				texts = append(texts, d.Title, d.Description, d.Body)
			}
		}
		for _, text := range texts {
			reqs = append(reqs, nodeAnalyze{lang, text, false}, nodeAnalyze{lang, text, true})
		}
	}
	resp := runNode(t, nodeRequest{Dir: dir, Analyze: reqs})
	for i, r := range reqs {
		var want [][2]string
		for _, tm := range analyzerFor(r.Lang).analyze(r.Text, r.Query) {
			want = append(want, [2]string{tm.Surface, tm.Stem})
		}
		got := resp.Analyze[i]
		if len(got) == 0 && len(want) == 0 {
			continue
		}
		if !equalPairs(got, want) {
			t.Errorf("%s analyze(%q, query=%v):\nsearch.js %v\nGo        %v", r.Lang, r.Text, r.Query, got, want)
		}
	}
}

func equalPairs(a, b [][2]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// agreementQueries are the relevance queries plus filters, all languages,
// typos, prefixes and bad input.
func agreementQueries(t testing.TB) []nodeQuery {
	var qs []nodeQuery
	for _, rc := range loadRelevance(t) {
		qs = append(qs, nodeQuery{Lang: rc.lang, Text: rc.query, Limit: 10, Facets: true})
	}
	more := []nodeQuery{
		{Lang: "nb", Text: "personvern", Type: "onepager", Limit: 10, Facets: true},
		{Lang: "nb", Text: "sikkerhet", Audience: "leder", Limit: 10, Facets: true},
		{Lang: "nb", Text: "sikkerhet", Type: "checklist", Audience: "kommunedirektor", Limit: 10, Facets: true},
		{Lang: "", Text: "passord", Limit: 10, Facets: true},
		{Lang: "", Text: "personvernombud data protection", Limit: 10, Facets: true},
		{Lang: "nb", Text: "person", Limit: 10, Facets: true},
		{Lang: "nb", Text: "personv", Limit: 10, Facets: true},
		{Lang: "nb", Text: "kommunedir", Limit: 10, Facets: true},
		{Lang: "nb", Text: "melde avvik personopplysninger frist datatilsynet", Limit: 10, Facets: true},
		{Lang: "nb", Text: "og i på", Limit: 10, Facets: true},
		{Lang: "nb", Text: "\"*:~^+-()<script>", Limit: 10, Facets: true},
		{Lang: "nn", Text: "kva gjer personvernombodet", Limit: 10, Facets: true},
		{Lang: "en", Text: "reporting breaches", Limit: 10, Facets: true},
		{Lang: "xx", Text: "passord", Limit: 10, Facets: true},
	}
	return append(qs, more...)
}

func TestEngineAgreement(t *testing.T) {
	docs := loadCorpus(t)
	ix := buildTestIndex(t, docs)
	dir := writeStatic(t, docs)
	qs := agreementQueries(t)
	resp := runNode(t, nodeRequest{Dir: dir, Queries: qs})
	var overlapSum float64
	for i, q := range qs {
		res, err := ix.Search(context.Background(), Query{Text: q.Text, Lang: q.Lang, Type: q.Type, Audience: q.Audience, Limit: q.Limit})
		if err != nil {
			t.Fatal(err)
		}
		js := resp.Results[i]
		var goIDs []string
		for _, h := range res.Hits {
			goIDs = append(goIDs, h.Lang+":"+h.ID)
		}
		ov := overlap(goIDs, js.IDs, 5)
		overlapSum += ov
		if ov < 1 || res.Total != js.Total {
			t.Logf("%s %q: bleve %v (total %d), static %v (total %d)", q.Lang, q.Text, goIDs, res.Total, js.IDs, js.Total)
		}
		if res.Total != js.Total {
			t.Errorf("%s %q type=%q audience=%q: total bleve %d, static %d", q.Lang, q.Text, q.Type, q.Audience, res.Total, js.Total)
		}
		if !equalCounts(res.Facets.Type, js.Facets.Type) || !equalCounts(res.Facets.Audience, js.Facets.Audience) {
			t.Errorf("%s %q: facets bleve %v, static %v", q.Lang, q.Text, res.Facets, js.Facets)
		}
		for k, h := range res.Hits {
			if k < len(js.Scores) && js.IDs[k] == h.Lang+":"+h.ID && relDiff(h.Score, js.Scores[k]) > 0.03 {
				t.Errorf("%s %q: %s scores bleve %.4f, static %.4f", q.Lang, q.Text, h.ID, h.Score, js.Scores[k])
			}
		}
	}
	avg := overlapSum / float64(len(qs))
	t.Logf("top-5 overlap of bleve and the static index: %.3f over %d queries", avg, len(qs))
	if avg < 0.8 {
		t.Errorf("top-5 overlap %.3f, want at least 0.8", avg)
	}
}

// overlap is |top-k(a) ∩ top-k(b)| / max(|top-k(a)|, |top-k(b)|); two
// empty lists agree fully.
func overlap(a, b []string, k int) float64 {
	if len(a) > k {
		a = a[:k]
	}
	if len(b) > k {
		b = b[:k]
	}
	n := max(len(a), len(b))
	if n == 0 {
		return 1
	}
	in := map[string]bool{}
	for _, x := range a {
		in[x] = true
	}
	common := 0
	for _, x := range b {
		if in[x] {
			common++
		}
	}
	return float64(common) / float64(n)
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	keys := make([]string, 0, len(a))
	for k := range a {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if a[k] != b[k] {
			return false
		}
	}
	return true
}

func relDiff(a, b float64) float64 {
	if a == b {
		return 0
	}
	d := a - b
	if d < 0 {
		d = -d
	}
	return d / max(a, b)
}

func execLookNode() (string, error) { return exec.LookPath("node") }

func isCI() bool { return os.Getenv("CI") != "" }

// dirSize is the total size of the files under dir.
func dirSize(t testing.TB, dir string) int64 {
	var n int64
	err := filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n += fi.Size()
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
