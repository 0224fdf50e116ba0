package build

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
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

// The pack's cache is named after the pack: when config.toml gives the
// pack another git address, the clone of the old one is not used; an
// address that cannot be fetched is an error naming the pack, however
// many refs the old clone has.
func TestPackAddressChanged(t *testing.T) {
	dir := gitPackSite(t)
	build := func() (*Result, error) {
		return Build(context.Background(), Options{Source: dir, Dest: filepath.Join(t.TempDir(), "public"), IndexDir: t.TempDir(), NoHistory: true})
	}
	if res, err := build(); err != nil {
		t.Fatalf("%v\n%s", err, diagText(res.Diags))
	}
	cfgFile := filepath.Join(dir, "config.toml")
	data, err := os.ReadFile(cfgFile)
	if err != nil {
		t.Fatal(err)
	}
	gone := filepath.ToSlash(filepath.Join(t.TempDir(), "finnes-ikke"))
	cfg := regexp.MustCompile(`git = ".*"`).ReplaceAllString(string(data), `git = "`+gone+`"`)
	if err := os.WriteFile(cfgFile, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := build()
	if err == nil {
		t.Fatal("built from the clone of the old address")
	}
	if all := diagText(res.Diags); !strings.Contains(all, `pack "ks" (`+gone+`@2026.2): cannot fetch the repository, which config.toml now names in place of`) {
		t.Errorf("no message naming the pack and its new address:\n%s", all)
	}
}
