package diag

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestCapped: after PerKind diagnostics of one kind in one file the rest
// are one line with their count; other kinds, files and severities are
// counted apart, and nothing is lost below the cap.
func TestCapped(t *testing.T) {
	var l List
	const many = 100_000
	for i := 1; i <= many; i++ {
		l.Warnf("content/stor.md", i, "link to %q: no such file content/%s", fmt.Sprint("x", i), fmt.Sprint("x", i))
	}
	for i := 1; i <= 3; i++ {
		l.Warnf("content/stor.md", i, "image %q has no alt text", fmt.Sprint("b", i))
	}
	for i := 1; i <= 25; i++ {
		l.Errorf("content/stor.md", 1000+i, "unknown page type %q", fmt.Sprint("t", i))
		l.Warnf("content/annen.md", i, "link to %q: no such file content/%s", "x", "x")
	}
	all := l.Items()
	got := Capped(all, PerKind)
	count := map[string]int{}
	var summaries []Diagnostic
	for _, d := range got {
		if d.More > 0 {
			summaries = append(summaries, d)
			continue
		}
		count[d.File+" "+d.Severity.String()]++
	}
	if count["content/stor.md warning"] != PerKind+3 || count["content/stor.md error"] != PerKind || count["content/annen.md warning"] != PerKind {
		t.Errorf("shown: %v", count)
	}
	want := []string{
		"content/annen.md:21: warning: … and 5 more like this (lines 21–25)",
		"content/stor.md:21: warning: … and 99980 more like this (lines 21–100000)",
		"content/stor.md:1021: error: … and 5 more like this (lines 1021–1025)",
	}
	if len(summaries) != len(want) {
		t.Fatalf("summaries: %v", summaries)
	}
	for i, w := range want {
		if summaries[i].String() != w {
			t.Errorf("summary %d = %q, want %q", i, summaries[i].String(), w)
		}
	}
	if summaries[1].More != many-PerKind {
		t.Errorf("More = %d", summaries[1].More)
	}
	// The summary follows the last one shown of its kind.
	for i, d := range got {
		if d.More > 0 && (got[i-1].File != d.File || got[i-1].Severity != d.Severity) {
			t.Errorf("summary %v after %v", d, got[i-1])
		}
	}
	b, _ := json.Marshal(summaries[0])
	if !strings.Contains(string(b), `"more":5`) {
		t.Errorf("json: %s", b)
	}
	if short := all[:PerKind]; len(Capped(short, PerKind)) != PerKind {
		t.Error("a list at the cap lost lines")
	}
	// The failure lists the errors capped, with the true count.
	var f *Failure
	if err := l.Err(); !errors.As(err, &f) || !strings.HasPrefix(err.Error(), "25 error(s):") || strings.Count(err.Error(), "\n") != PerKind+1 {
		t.Errorf("Err() = %v", err)
	}
}

// TestKindOf: diagnostics made from one format are one kind whatever they
// name; ones made from "%s" (a whole message) are told apart by the words
// of the message, without the names and numbers in it.
func TestKindOf(t *testing.T) {
	a := Errorf("f", 1, "link to %q: %v", "a.md", "no such file content/a.md")
	b := Errorf("f", 2, "link to %q: %v", "b/c.md", "the folder content/b has no page")
	if kindOf(a) != kindOf(b) {
		t.Errorf("%q != %q", kindOf(a), kindOf(b))
	}
	c := Errorf("f", 1, "%s", `yaml: line 3: mapping values are not allowed in this context`)
	d := Errorf("f", 9, "%s", `yaml: line 12: mapping values are not allowed in this context`)
	e := Errorf("f", 9, "%s", `yaml: line 12: did not find expected key`)
	if kindOf(c) != kindOf(d) || kindOf(c) == kindOf(e) {
		t.Errorf("shapes: %q %q %q", kindOf(c), kindOf(d), kindOf(e))
	}
	lit := Diagnostic{File: "f", Msg: `unknown front matter field "tittel"`}
	lit2 := Diagnostic{File: "f", Msg: `unknown front matter field "forfatter"`}
	if kindOf(lit) != kindOf(lit2) {
		t.Errorf("literals: %q %q", kindOf(lit), kindOf(lit2))
	}
	if stripVerbs("%s: %-5.2f%% %[1]q") != ":  " {
		t.Errorf("stripVerbs = %q", stripVerbs("%s: %-5.2f%% %[1]q"))
	}
}
