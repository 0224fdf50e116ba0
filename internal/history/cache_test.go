package history

import (
	"bytes"
	"context"
	"reflect"
	"testing"
)

// TestEncodeDecode: a History read back from its cache answers every
// question as the one read from git: commits per file (with the one that
// created it), last change, and the recent changes with their files.
func TestEncodeDecode(t *testing.T) {
	r := newRepo(t)
	r.write("content/a.md", "# A\n")
	r.commit("content: first\n\nEndring: Ny veileder.\nEndring-nn: Ny rettleiar.")
	r.write("content/a.md", "# A2\n")
	r.write("content/b.md", "# B\n")
	r.commit("second")
	r.mv("content/a.md", "content/c/a.md")
	r.commit("move")
	h, err := Load(context.Background(), r.dir, "content")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := h.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if got.Len() != h.Len() || got.Status != h.Status || got.Shallow != h.Shallow {
		t.Fatalf("decoded: %d files, %v, shallow %v; want %d, %v, %v", got.Len(), got.Status, got.Shallow, h.Len(), h.Status, h.Shallow)
	}
	for _, f := range []string{"content/c/a.md", "content/b.md", "content/a.md"} {
		if a, b := got.Commits(f), h.Commits(f); !reflect.DeepEqual(a, b) {
			t.Errorf("Commits(%s) = %+v, want %+v", f, a, b)
		}
		a, aok := got.LastChanged(f)
		b, bok := h.LastChanged(f)
		if !a.Equal(b) || aok != bok {
			t.Errorf("LastChanged(%s) = %v %v, want %v %v", f, a, aok, b, bok)
		}
	}
	if a, b := got.Recent(0), h.Recent(0); !reflect.DeepEqual(a, b) {
		t.Errorf("Recent = %+v, want %+v", a, b)
	}
	// A cache that does not decode is an error, not an empty history.
	if _, err := Decode(bytes.NewReader([]byte("not gob"))); err == nil {
		t.Error("Decode of garbage: no error")
	}
}
