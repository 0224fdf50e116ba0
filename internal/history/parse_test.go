package history

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// logOf writes `git log -z --name-status` output for commits given newest
// first, each as a subject and its entries ("M a", "R100 a b").
func logOf(commits ...[]string) string {
	var b strings.Builder
	for i, c := range commits {
		fmt.Fprintf(&b, "\x1e%040d\x1f%07d\x1f2024-03-%02dT12:00:00+01:00\x1fKari\x1f\x1f%s\x00", len(commits)-i, len(commits)-i, 28-i, c[0])
		for j, e := range c[1:] {
			if j == 0 {
				b.WriteString("\n")
			}
			for _, f := range strings.Split(e, " ") {
				b.WriteString(f + "\x00")
			}
		}
	}
	return b.String()
}

func TestParser(t *testing.T) {
	tests := []struct {
		name   string
		prefix string
		log    string
		want   map[string][]string // path → subjects
	}{
		{
			name: "rename chain",
			log:  logOf([]string{"3", "R090 c/b.md c/c.md"}, []string{"2", "R100 c/a.md c/b.md"}, []string{"1", "A c/a.md"}),
			want: map[string][]string{"c/c.md": {"3", "2", "1"}},
		},
		{
			name: "deleted and added again",
			log:  logOf([]string{"3", "A c/a.md"}, []string{"2", "D c/a.md"}, []string{"1", "A c/a.md"}),
			want: map[string][]string{"c/a.md": {"3"}},
		},
		{
			name: "copy keeps the source's history",
			log:  logOf([]string{"2", "C080 c/a.md c/b.md"}, []string{"1", "A c/a.md"}),
			want: map[string][]string{"c/a.md": {"1"}, "c/b.md": {"2"}},
		},
		{
			name: "renamed then deleted",
			log:  logOf([]string{"3", "D c/b.md"}, []string{"2", "R100 c/a.md c/b.md"}, []string{"1", "A c/a.md", "A c/x.md"}),
			want: map[string][]string{"c/x.md": {"1"}},
		},
		{
			name:   "paths outside the root are left out",
			prefix: "site/",
			log:    logOf([]string{"2", "M site/c/a.md", "M other/c/a.md"}, []string{"1", "A site/c/a.md", "A other/c/a.md"}),
			want:   map[string][]string{"c/a.md": {"2", "1"}},
		},
		{
			name: "merge commits without entries",
			log:  logOf([]string{"3"}, []string{"2", "M c/a.md"}, []string{"1", "A c/a.md"}),
			want: map[string][]string{"c/a.md": {"2", "1"}},
		},
		{
			name: "moved away and a new file at the old path in one commit",
			log:  logOf([]string{"2", "A c/a.md", "R100 c/a.md c/b.md"}, []string{"1", "A c/a.md"}),
			want: map[string][]string{"c/a.md": {"2"}, "c/b.md": {"2", "1"}},
		},
		{
			name: "two files swap names",
			log:  logOf([]string{"3", "R100 c/a.md c/b.md", "R100 c/b.md c/a.md"}, []string{"2", "M c/b.md"}, []string{"1", "A c/a.md", "A c/b.md"}),
			want: map[string][]string{"c/a.md": {"3", "2", "1"}, "c/b.md": {"3", "1"}},
		},
		{
			name: "type change",
			log:  logOf([]string{"2", "T c/a.md"}, []string{"1", "A c/a.md"}),
			want: map[string][]string{"c/a.md": {"2", "1"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newParser(tt.prefix)
			if err := p.parse(strings.NewReader(tt.log)); err != nil {
				t.Fatal(err)
			}
			h := &History{files: map[string][]*Commit{}}
			p.finish(h)
			got := map[string][]string{}
			for path := range h.files {
				got[path] = subjects(h, path)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
			var recent []string
			for _, c := range h.Recent(0) {
				recent = append(recent, c.Subject)
			}
			if !sort.IsSorted(sort.Reverse(sort.StringSlice(recent))) {
				t.Errorf("Recent not newest first: %q", recent)
			}
		})
	}
}

func TestParserBadInput(t *testing.T) {
	for _, log := range []string{
		"M\x00c/a.md\x00",                              // an entry before any header
		"\x1eabc\x1fdef\x00",                           // a short header
		"\x1ea\x1fb\x1fyesterday\x1fKari\x1f\x1fs\x00", // a bad date
		logOf([]string{"1"}) + "\nR100\x00c/a.md\x00",  // a rename without its second path
	} {
		if err := newParser("").parse(strings.NewReader(log)); err == nil {
			t.Errorf("parse(%q): no error", log)
		}
	}
}
