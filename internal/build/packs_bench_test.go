package build

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/corpus"
	"github.com/varde-portal/varde/internal/cputime"
	"github.com/varde-portal/varde/internal/pack"
)

// packCorpus writes the same 300-page corpus twice: as a plain site, and
// as a git pack (tagged 2026.1) with a site on it that holds only
// config.toml, overrides of the first `overrides` pages (each with its
// pack_base) and a local value. The pack's cache is warmed by one build.
func packCorpus(tb testing.TB, pages, overrides int) (plain, onPack string) {
	tb.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		tb.Skip("git is not installed")
	}
	dir := tb.TempDir()
	plain = filepath.Join(dir, "plain")
	if err := corpus.Generate(plain, corpus.Options{Pages: pages, Seed: 1}); err != nil {
		tb.Fatal(err)
	}
	repo := filepath.Join(dir, "pakke")
	if err := corpus.Generate(repo, corpus.Options{Pages: pages, Seed: 1}); err != nil {
		tb.Fatal(err)
	}
	git := func(args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=KS", "GIT_AUTHOR_EMAIL=ks@example.org", "GIT_COMMITTER_NAME=KS", "GIT_COMMITTER_EMAIL=ks@example.org")
		if out, err := cmd.CombinedOutput(); err != nil {
			tb.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	git("init", "-q", "-b", "main")
	git("add", "-A")
	git("commit", "-q", "-m", "pakke")
	git("tag", "2026.1")

	onPack = filepath.Join(dir, "kommune")
	cfg, err := os.ReadFile(filepath.Join(plain, config.File))
	if err != nil {
		tb.Fatal(err)
	}
	cfg = append(cfg, fmt.Sprintf("\n[[packs]]\nname = \"ks\"\ngit = %q\nref = \"2026.1\"\n[values]\nkommune = \"Nordfjella kommune\"\n", repo)...)
	if err := os.MkdirAll(onPack, 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(onPack, config.File), cfg, 0o644); err != nil {
		tb.Fatal(err)
	}
	// Warm the cache, then override pages through the command's code.
	if _, err := Build(context.Background(), Options{Source: onPack, Dest: filepath.Join(onPack, "public")}); err != nil {
		tb.Fatal(err)
	}
	c, ds := config.Parse(cfg)
	if c == nil || len(ds) > 0 {
		tb.Fatal(ds)
	}
	n := 0
	for _, sec := range corpus.Sections {
		ents, _ := os.ReadDir(filepath.Join(repo, "content", sec))
		for _, e := range ents {
			if n == overrides || e.Name() == "_index.md" {
				continue
			}
			if _, _, err := pack.MakeOverride(context.Background(), onPack, c, "content/"+sec+"/"+e.Name(), false); err != nil {
				tb.Fatal(err)
			}
			n++
		}
	}
	return plain, onPack
}

// BenchmarkPackBuild compares a build of 300 pages as plain content with
// the same pages from a git pack with a warm cache (50 of them overridden
// by the site). The goal (issue 20) is at most 1.1× the plain build.
//
// plain is the pages in a folder that is not a git repository, so they
// have no history; plain-git the same pages committed once, as a site
// usually is, so that every page lists its history and "Hva er nytt" its
// changes as the pack's pages do (the pack's own history). Besides ns/op
// it reports cpu-ns/op: the CPU time of the process and of the git
// processes it ran, which a busy machine inflates less than wall time.
func BenchmarkPackBuild(b *testing.B) {
	plain, onPack := packCorpus(b, 300, 50)
	plainGit := filepath.Join(filepath.Dir(plain), "plain-git")
	if err := os.CopyFS(plainGit, os.DirFS(plain)); err != nil {
		b.Fatal(err)
	}
	for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"add", "-A"}, {"commit", "-q", "-m", "sider"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = plainGit
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=KS", "GIT_AUTHOR_EMAIL=ks@example.org", "GIT_COMMITTER_NAME=KS", "GIT_COMMITTER_EMAIL=ks@example.org")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	for _, c := range []struct{ name, src string }{{"plain", plain}, {"plain-git", plainGit}, {"pack", onPack}} {
		b.Run(c.name, func(b *testing.B) {
			dest := filepath.Join(b.TempDir(), "public")
			cpu0 := cputime.Self() + cputime.Children()
			for i := 0; i < b.N; i++ {
				if _, err := Build(context.Background(), Options{Source: c.src, Dest: dest}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cputime.Self()+cputime.Children()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}

// TestPackStatusSpeed holds `varde pack status` on a 300-page pack with 50
// overrides, after a new release changed every page, to under a second.
func TestPackStatusSpeed(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 300-page corpus")
	}
	_, onPack := packCorpus(t, 300, 50)
	data, err := os.ReadFile(filepath.Join(onPack, config.File))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := config.Parse(data)
	repo := c.Packs[0].Git
	// A new release that changes every page.
	err = filepath.WalkDir(filepath.Join(repo, "content"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		_, err = f.WriteString("\nEn ny setning fra 2026.2.\n")
		f.Close()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"add", "-A"}, {"commit", "-q", "-m", "2026.2"}, {"tag", "2026.2"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=KS", "GIT_AUTHOR_EMAIL=ks@example.org", "GIT_COMMITTER_NAME=KS", "GIT_COMMITTER_EMAIL=ks@example.org")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	// The first status fetches the release: that is the network's time
	// (and git's), not Varde's; the comparison is timed after it.
	start := time.Now()
	if _, err := pack.Status(context.Background(), c.Packs[0], pack.StatusOptions{Site: onPack}); err != nil {
		t.Fatal(err)
	}
	fetched := time.Since(start)
	start = time.Now()
	r, err := pack.Status(context.Background(), c.Packs[0], pack.StatusOptions{Site: onPack, Offline: true})
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("with the fetch of the release: %v", fetched)
	stale := 0
	for _, o := range r.Overrides {
		if o.Stale() && len(o.Diff) > 0 {
			stale++
		}
	}
	if len(r.Overrides) != 50 || stale != 50 || len(r.Changed) < 300 {
		t.Errorf("overrides %d, stale with a diff %d, changed %d", len(r.Overrides), stale, len(r.Changed))
	}
	t.Logf("pack status, 300 pages, 50 stale overrides: %v", took)
	// The goal (under 1 s) is reported, not asserted: the brief keeps
	// speed goals out of pass marks on a shared machine. Only a blow-up
	// (a git process per page, say) fails.
	if took > 20*time.Second {
		t.Errorf("pack status took %v: far past the 1 s goal, something runs per page", took)
	}
}
