package build

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// A git pack's files and history at its pin are kept in
// .varde/packs/.snapshots after the first build; a build from them writes
// the same site, byte for byte, as one that reads git, and a snapshot
// that cannot be read is read from git again and replaced.
func TestPackSnapshot(t *testing.T) {
	dir := gitPackSite(t)
	minify := false
	build := func(name string) string {
		t.Helper()
		dest := filepath.Join(t.TempDir(), name)
		res, err := Build(context.Background(), Options{Source: dir, Dest: dest, IndexDir: t.TempDir(), Minify: &minify})
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, diagText(res.Diags))
		}
		return dest
	}
	cold := build("cold")
	snaps := filepath.Join(dir, ".varde", "packs", ".snapshots", "ks")
	kept, _ := filepath.Glob(filepath.Join(snaps, "*"))
	if len(kept) != 2 {
		t.Fatalf("snapshots %q, want the pin's files and history", kept)
	}
	sameOutput(t, "from the snapshot", build("warm"), cold)

	// A broken snapshot (another format, a cut file) is read again from git.
	for _, f := range kept {
		if err := os.WriteFile(f, []byte("not a snapshot"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sameOutput(t, "with broken snapshots", build("broken"), cold)
	for _, f := range kept {
		if b, err := os.ReadFile(f); err != nil || string(b) == "not a snapshot" {
			t.Errorf("%s was not written again", f)
		}
	}
	sameOutput(t, "from the rewritten snapshot", build("again"), cold)
}
