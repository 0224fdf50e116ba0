package checklist

import (
	"strings"
	"testing"
)

func TestCheckCore(t *testing.T) {
	page := &Source{PageID: "verktoy/kd", File: "content/verktoy/kd.md"}
	shown := []*Question{{ID: "kd-ledelse-mal"}, {ID: "kd-avvik-rutine"}, {ID: "dpia-1"}}
	tests := []struct {
		name string
		core []string
		want []string
	}{
		{"own and gathered ids", []string{"kd-ledelse-mal", "dpia-1"}, nil},
		{"a misspelt id, with the nearest", []string{"kd-ledelse-mall"},
			[]string{`content/verktoy/kd.md:7: error: core: no control question on this page has the id "kd-ledelse-mall" (did you mean "kd-ledelse-mal"?)`}},
		{"an unknown id, no suggestion", []string{"helt-annet-sporsmal"},
			[]string{`content/verktoy/kd.md:7: error: core: no control question on this page has the id "helt-annet-sporsmal"; core lists`}},
		{"twice", []string{"dpia-1", "dpia-1"}, []string{`content/verktoy/kd.md:7: warning: core: "dpia-1" is listed twice`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := CheckCore(page, tt.core, 7, shown)
			if len(ds) != len(tt.want) {
				t.Fatalf("got %v, want %v", ds, tt.want)
			}
			for i, w := range tt.want {
				if got := ds[i].String(); !strings.HasPrefix(got, w) {
					t.Errorf("got %s\nwant %s…", got, w)
				}
			}
		})
	}
}
