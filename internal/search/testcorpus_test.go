package search

import (
	"bufio"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// loadCorpus reads testdata/corpus/<lang>/*.txt: "key: value" header lines,
// a "---" line, then the body, in which "## " lines are headings.
func loadCorpus(t testing.TB) []Document {
	t.Helper()
	files, err := filepath.Glob("testdata/corpus/*/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test corpus: %v", err)
	}
	sort.Strings(files)
	var docs []Document
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d := Document{Lang: filepath.Base(filepath.Dir(f))}
		head, body, ok := strings.Cut(string(data), "\n---\n")
		if !ok {
			t.Fatalf("%s: no --- line", f)
		}
		for _, line := range strings.Split(head, "\n") {
			k, v, _ := strings.Cut(line, ":")
			v = strings.TrimSpace(v)
			switch k {
			case "id":
				d.ID = v
			case "url":
				d.URL = v
			case "type":
				d.Type = v
			case "title":
				d.Title = v
			case "description":
				d.Description = v
			case "audience":
				d.Audience = splitList(v)
			case "topics":
				d.Topics = splitList(v)
			case "updated":
				d.Updated, err = time.Parse("2006-01-02", v)
				if err != nil {
					t.Fatalf("%s: %v", f, err)
				}
			default:
				t.Fatalf("%s: unknown header %q", f, k)
			}
		}
		var text []string
		for _, line := range strings.Split(body, "\n") {
			if h, ok := strings.CutPrefix(line, "## "); ok {
				d.Headings = append(d.Headings, h)
				line = h
			}
			text = append(text, line)
		}
		d.Body = strings.TrimSpace(strings.Join(text, "\n"))
		docs = append(docs, d)
	}
	return docs
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// relevanceCase is one line of a relevance file: a query in a language,
// the page ids that must be among its first five results, and optionally
// the kind of query it is (inflection, compound, typo, ...), by which the
// test breaks its figures down.
type relevanceCase struct {
	lang, query string
	want        []string
	kind        string
	line        int
}

// loadRelevance reads testdata/relevance.txt, the set for the test corpus.
func loadRelevance(t testing.TB) []relevanceCase {
	return loadRelevanceFile(t, "testdata/relevance.txt")
}

// loadRelevanceFile reads a relevance file: lines "lang | query | ids" or
// "lang | query | ids | kind"; blank lines and lines starting with # are
// left out.
func loadRelevanceFile(t testing.TB, path string) []relevanceCase {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []relevanceCase
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, "|")
		if len(parts) != 3 && len(parts) != 4 {
			t.Fatalf("%s:%d: want lang | query | ids [| kind]", path, n)
		}
		rc := relevanceCase{lang: strings.TrimSpace(parts[0]), query: strings.TrimSpace(parts[1]), want: strings.Fields(parts[2]), line: n}
		if len(parts) == 4 {
			rc.kind = strings.TrimSpace(parts[3])
		}
		if rc.lang == "" || rc.query == "" || len(rc.want) == 0 {
			t.Fatalf("%s:%d: a language, a query and at least one id are needed", path, n)
		}
		out = append(out, rc)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return out
}

// buildTestIndex builds and opens the test corpus's index in a temporary
// directory.
func buildTestIndex(t testing.TB, docs []Document) *Index {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "search.bleve")
	if err := BuildIndex(dir, docs); err != nil {
		t.Fatal(err)
	}
	return openTestIndex(t, dir)
}

// openTestIndex opens the index in dir and closes it when the test ends.
func openTestIndex(t testing.TB, dir string) *Index {
	t.Helper()
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}
