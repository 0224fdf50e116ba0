package diag

import (
	"errors"
	"strings"
	"sync"
	"testing"
)

func TestListSortsDedupsAndFails(t *testing.T) {
	var l List
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); l.Warnf("content/b.md", 3, "warn") }()
	}
	wg.Wait()
	l.Errorf("content/b.md", 1, "first")
	l.Add(Diagnostic{File: "content/a.md", Line: 9, Col: 4, Msg: "col"})
	items := l.Items()
	if len(items) != 3 || items[0].String() != "content/a.md:9:4: error: col" || items[1].Line != 1 || items[2].Severity != Warning {
		t.Errorf("items = %v", items)
	}
	if !l.HasErrors() || len(l.Errors()) != 2 || len(l.Warnings()) != 1 {
		t.Error("error counts")
	}
	var f *Failure
	if err := l.Err(); !errors.As(err, &f) || !strings.HasPrefix(err.Error(), "2 error(s):") {
		t.Errorf("Err() = %v", err)
	}
	var empty List
	empty.Warnf("x", 0, "only a warning")
	if empty.Err() != nil || (Diagnostic{File: "x", Msg: "m", Severity: Warning}).String() != "x: warning: m" {
		t.Error("warnings alone are not a failure")
	}
}

// TestStringKeepsOneLine: a file named "a\nb.md" or holding an escape
// sequence (a name anyone can commit) printed "content/a", a line break
// and "b.md:4: error: …", breaking the one-line file:line form CI reads,
// and sent the escape to the terminal. A name or message with a character
// that is not printable is shown escaped; others are as written.
func TestStringKeepsOneLine(t *testing.T) {
	for _, c := range []struct {
		d    Diagnostic
		want string
	}{
		{Errorf("content/a\nb.md", 4, "link to %q: x", "n"), `"content/a\nb.md":4: error: link to "n": x`},
		{Warnf("content/c\x1b[31mred.md", 1, "no description"), `"content/c\x1b[31mred.md":1: warning: no description`},
		{Errorf("content/x.md", 2, "which content/a\nb.md uses"), `content/x.md:2: error: which content/a\nb.md uses`},
		{Errorf("content/bilde av æøå.md", 2, "«FYLL UT» – tab\there"), "content/bilde av æøå.md:2: error: «FYLL UT» – tab\there"},
		{Errorf("content/ok.md", 0, "fine"), "content/ok.md: error: fine"},
		{Errorf("content/\xff.md", 0, "byte \xff and \uFFFD"), `"content/\xff.md": error: byte \xff and ` + "\uFFFD"},
	} {
		if got := c.d.String(); got != c.want {
			t.Errorf("got  %s\nwant %s", got, c.want)
		}
	}
}
