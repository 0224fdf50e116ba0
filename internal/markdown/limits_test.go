package markdown

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/varde-portal/varde/internal/diag"
)

// convertLimited converts src under lim and returns the result and how long
// it took. The time is checked only against a generous sanity bound (the
// shapes below took from 7 s to over a minute before the limits).
func convertLimited(t *testing.T, src []byte, lim Limits) (*Result, time.Duration) {
	t.Helper()
	c := New(Options{Lang: "nb", Limits: lim})
	start := time.Now()
	r := c.Convert(src, Doc{File: "content/stor.md", LineOffset: 3})
	return r, time.Since(start)
}

// wantLimitError checks that r holds one error at the given line (0: any)
// whose message contains want, and that the conversion was quick.
func wantLimitError(t *testing.T, name string, r *Result, took time.Duration, line int, want string) {
	t.Helper()
	var errs []diag.Diagnostic
	for _, d := range r.Diags {
		if d.Severity == diag.Error {
			errs = append(errs, d)
		}
	}
	if len(errs) != 1 {
		t.Fatalf("%s: want one error, got %v", name, r.Diags)
	}
	d := errs[0]
	if d.File != "content/stor.md" || (line > 0 && d.Line != line) || d.Line == 0 || !strings.Contains(d.Msg, want) {
		t.Errorf("%s: got %s; want content/stor.md:%d: error: …%s…", name, d, line, want)
	}
	if took > 5*time.Second {
		t.Errorf("%s: took %v", name, took)
	}
}

func nestedList(levels int) []byte {
	var b strings.Builder
	for i := 0; i < levels; i++ {
		b.WriteString(strings.Repeat("  ", i))
		b.WriteString("- punkt\n")
	}
	return []byte(b.String())
}

// TestPageSizeLimit: a page over the size limit is refused before it is
// parsed, naming the size, the limit and the setting.
func TestPageSizeLimit(t *testing.T) {
	// 10 MB of "*a " took 1.84 GB before.
	r, took := convertLimited(t, []byte(strings.Repeat("*a ", 10<<20/3)), Limits{})
	wantLimitError(t, "10 MB", r, took, 4, "the page's text is 10 MB, more than the 5 MB")
	if !strings.Contains(r.Diags[0].Msg, "maxPageSize") || r.HTML != "" {
		t.Errorf("message %q, html %d bytes", r.Diags[0].Msg, len(r.HTML))
	}
	r, took = convertLimited(t, []byte(strings.Repeat("Tekst. ", 300)), Limits{PageSize: 1000})
	wantLimitError(t, "configured", r, took, 4, "2.1 KB, more than the 1000 bytes")
	if r, _ := convertLimited(t, []byte(strings.Repeat("Tekst. ", 100)), Limits{PageSize: 1000}); len(r.Diags) != 0 {
		t.Errorf("a page under the limit: %v", r.Diags)
	}
}

// TestNestingLimit: lists and quotes nested past the limit are refused at
// the first line that goes too deep; as deep as the limit is converted.
func TestNestingLimit(t *testing.T) {
	big := Limits{PageSize: 64 << 20}
	// The 3,000-level list (8.7 MB) that ran past a minute.
	r, took := convertLimited(t, nestedList(3000), big)
	wantLimitError(t, "list of 3,000 levels", r, took, 3+101, "nested 101 levels deep here, more than the 100")
	// 100,000 '>' took 7.5 s.
	r, took = convertLimited(t, []byte(strings.Repeat(">", 100000)+" sitat\n"), big)
	wantLimitError(t, "100,000 >", r, took, 4, "nested 100000 levels")
	r, took = convertLimited(t, []byte("Tekst.\n\n"+strings.Repeat("> ", 101)+"sitat\n"), Limits{})
	wantLimitError(t, "101 quotes", r, took, 6, "nested 101 levels")
	// Quotes and lists together, and markers chained on one line.
	r, took = convertLimited(t, []byte(strings.Repeat("> ", 60)+strings.Repeat("- ", 41)+"x\n"), Limits{})
	wantLimitError(t, "mixed", r, took, 4, "nested 101 levels")
	r, took = convertLimited(t, []byte(strings.Repeat("1. ", 200)+"x\n"), Limits{})
	wantLimitError(t, "ordered chain", r, took, 4, "nested 101 levels")
	r, took = convertLimited(t, []byte(strings.Repeat("- > ", 100000)+"x\n"), big)
	wantLimitError(t, "list and quote chain", r, took, 4, "levels deep")
	var deep strings.Builder
	for i := 0; i < 2000; i++ { // a quote in an item in a quote …, indented
		deep.WriteString(strings.Repeat("    ", i) + "- > punkt\n")
	}
	r, took = convertLimited(t, []byte(deep.String()), big)
	wantLimitError(t, "indented quotes in items", r, took, 0, "levels deep")
	r, took = convertLimited(t, nestedList(20), Limits{Nesting: 10})
	wantLimitError(t, "configured", r, took, 3+11, "more than the 10 a page")

	// At the limit: converted, every level there.
	r, _ = convertLimited(t, nestedList(100), Limits{})
	if len(r.Diags) != 0 || strings.Count(r.HTML, "<ul>") != 100 {
		t.Errorf("100 levels: %v, %d lists", r.Diags, strings.Count(r.HTML, "<ul>"))
	}
	// Siblings, lists after a paragraph and code do not add up.
	var b strings.Builder
	for i := 0; i < 300; i++ {
		fmt.Fprintf(&b, "- punkt %d\n  - under\n    - under igjen\n\nAvsnitt.\n\n", i)
	}
	b.WriteString("```\n" + strings.Repeat("- ", 300) + "\n```\n")
	b.WriteString("    " + strings.Repeat("> ", 20) + "kode\n")
	if r, _ := convertLimited(t, []byte(b.String()), Limits{Nesting: 5}); len(r.Diags) != 0 {
		t.Errorf("flat lists counted as nested: %v", r.Diags)
	}
}

// TestInlineLimits: paragraphs and headings whose inline parse is
// superlinear are refused at their line.
func TestInlineLimits(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
		line int
		want string
	}{
		{"[a]( repeated", "Innledning.\n\n" + strings.Repeat("[a](", 40000), 6, "too many brackets"},
		{"nested brackets", strings.Repeat("[", 100000) + "a" + strings.Repeat("]", 100000), 4, "too many brackets"},
		{"< repeated", strings.Repeat("<a ", 300000), 4, "too many brackets"},
		{"**a repeated", strings.Repeat("**a", 300000), 4, "too many brackets"},
		{"*a repeated, 1 MB", strings.Repeat("*a ", 1<<20/3), 4, "too many brackets"},
		{"nested emphasis", strings.Repeat("*a _", 100000) + strings.Repeat("_ a*", 100000), 4, "too many brackets"},
		// Over many short lines the line scan sees little; the paragraph
		// check sees the whole paragraph, lazy lines included.
		{"one paragraph of lines", "# Tittel\n\n" + strings.Repeat("[a](\n", 40000), 6, "too many brackets"},
		{"quoted paragraph", strings.Repeat("> [a](\n", 40000), 4, "too many brackets"},
		{"footnote references", footnotes(4900), 4, "too many brackets"},
		{"heading", "# " + strings.Repeat("[a](", 40000), 4, "too many brackets"},
		{"wide table", strings.Repeat("|a", 10000) + "|\n" + strings.Repeat("|-", 10000) + "|\n" + strings.Repeat("|a|\n", 1000), 4, "cells"},
		{"long table", tableRows(100, 3000), 4, "cells"},
	} {
		r, took := convertLimited(t, []byte(tc.src), Limits{})
		wantLimitError(t, tc.name, r, took, tc.line, tc.want)
	}
}

func footnotes(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "[^%d] ", i)
	}
	b.WriteString("\n\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "[^%d]: x\n", i)
	}
	return b.String()
}

func tableRows(cols, rows int) string {
	row := strings.Repeat("| a ", cols) + "|\n"
	return row + strings.Repeat("|---", cols) + "|\n" + strings.Repeat(row, rows)
}

// TestLimitsKeepRealContent: long real pages, large tables and many links
// stay well inside every limit, and the page after a refused paragraph is
// still an error, not half a page.
func TestLimitsKeepRealContent(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 2000; i++ {
		fmt.Fprintf(&b, "## Del %d\n\nEt avsnitt med **uthevet** tekst, _kursiv_, `kode`, en [lenke](https://example.org/%d) og ~~strøket~~ tekst. ", i, i)
		b.WriteString(strings.Repeat("Kommunen skal ha oversikt over behandlingene sine, og [personvernombudet](https://example.org/) gir råd. ", 20))
		b.WriteString("\n\n")
	}
	b.WriteString(tableRows(20, 2000))
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&b, "- [Lenke %d](https://example.org/%d) *med* forklaring\n", i, i)
	}
	src := []byte(b.String())
	r, _ := convertLimited(t, src, Limits{})
	if len(r.Diags) != 0 {
		t.Fatalf("%d KB of real content: %v", len(src)>>10, r.Diags[0])
	}
	if !strings.Contains(r.HTML, "<h2 id=\"del-1999\">") || strings.Count(r.HTML, "<tr>") != 2001 {
		t.Error("the page was not converted whole")
	}
}

// TestLimitsBundledSite: no page of the bundled site comes near a limit
// (each is checked against a tenth of the defaults).
func TestLimitsBundledSite(t *testing.T) {
	n := 0
	err := filepath.WalkDir("../../content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		n++
		if ds := checkLimits(src, Doc{File: p}, Limits{PageSize: DefaultPageSize / 10, Nesting: DefaultNesting / 10}); ds != nil {
			t.Errorf("%v", ds[0])
		}
		return nil
	})
	if err != nil || n == 0 {
		t.Fatalf("walked %d pages: %v", n, err)
	}
}

// TestLimitsScanLinear: the line scan does the same work per byte at any
// size (it once had to, to be a guard at all): an allocation-free pass.
func TestLimitsScanLinear(t *testing.T) {
	src := []byte(strings.Repeat("- punkt med [lenke](x) og *vekt*\n  - under\n\n> sitat\n\n", 20000))
	allocs := testing.AllocsPerRun(3, func() {
		if ds := checkLimits(src, Doc{File: "a.md"}, Limits{}); ds != nil {
			t.Fatal(ds)
		}
	})
	if allocs > 4 {
		t.Errorf("the scan allocates %v times for %d KB", allocs, len(src)>>10)
	}
}

// TestBlockLimits: shapes that are linear in goldmark but with a large
// cost per line or block: many lazy lines under deep nesting, footnotes
// (quadratic in their number), headings and lines past the page's share.
func TestBlockLimits(t *testing.T) {
	var foot strings.Builder
	for i := 0; i < 6000; i++ {
		fmt.Fprintf(&foot, "Tekst[^%d]\n\n", i)
	}
	for i := 0; i < 6000; i++ {
		fmt.Fprintf(&foot, "[^%d]: note\n\n", i)
	}
	for _, tc := range []struct {
		name, src, want string
	}{
		{"lazy lines in a deep list", string(nestedList(99)) + strings.Repeat("a\n", 1<<20), "too deep for its length"},
		{"lazy lines in deep quotes", strings.Repeat("> ", 99) + "a\n" + strings.Repeat("a\n", 1<<20), "too deep for its length"},
		{"footnotes", foot.String(), "footnote marks"},
		{"headings", strings.Repeat("# a\n", 30000), "more than 20000 headings"},
		{"lines", strings.Repeat("- a\n", 400000), "more than 300000 lines"},
	} {
		r, took := convertLimited(t, []byte(tc.src), Limits{})
		wantLimitError(t, tc.name, r, took, 0, tc.want)
	}
}

// TestHeadingIDsLinear: n headings with one text get ids -1 … -(n-1), the
// same as before, in linear time (the suffix search was quadratic).
func TestHeadingIDsLinear(t *testing.T) {
	s := newIDs()
	s.Put([]byte("a-2"))
	var got []string
	for i := 0; i < 4; i++ {
		got = append(got, string(s.Generate([]byte("A"), 0)))
	}
	if strings.Join(got, " ") != "a a-1 a-3 a-4" {
		t.Errorf("ids %v", got)
	}
	r, took := convertLimited(t, []byte(strings.Repeat("## Samme\n", 19000)), Limits{})
	if len(r.Diags) != 0 || !strings.Contains(r.HTML, `id="samme-18999"`) || took > 5*time.Second {
		t.Errorf("19,000 headings: %v, took %v", r.Diags, took)
	}
}
