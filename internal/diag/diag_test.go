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
