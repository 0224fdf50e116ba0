package history

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// testRepo is a throwaway git repository for tests. Every git command
// gets its identity, dates and an empty global configuration from the
// environment, so tests pass on machines (and CI runners) with no git
// identity configured and are not affected by the developer's settings.
type testRepo struct {
	t    testing.TB
	dir  string
	tick int // commits made so far; each is one day after the last
}

// base is the author date of the first commit made by testRepo.
var base = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

func needGit(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
}

func newRepo(t testing.TB) *testRepo {
	t.Helper()
	needGit(t)
	r := &testRepo{t: t, dir: t.TempDir()}
	r.git("init", "-q", "-b", "main")
	return r
}

// gitEnvFor returns the environment for test git commands at a date.
func gitEnvFor(dir string, when time.Time) []string {
	date := when.Format(time.RFC3339)
	return append(os.Environ(),
		"GIT_CONFIG_GLOBAL="+os.DevNull,
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=Kari Nordmann",
		"GIT_AUTHOR_EMAIL=kari@example.org",
		"GIT_COMMITTER_NAME=Kari Nordmann",
		"GIT_COMMITTER_EMAIL=kari@example.org",
		"GIT_AUTHOR_DATE="+date,
		"GIT_COMMITTER_DATE="+date,
		"GIT_CEILING_DIRECTORIES="+filepath.Dir(dir),
	)
}

// gitIn runs git in dir and fails the test if it fails.
func gitIn(t testing.TB, dir string, when time.Time, stdin []byte, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = gitEnvFor(dir, when)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String()
}

func (r *testRepo) git(args ...string) string {
	r.t.Helper()
	return gitIn(r.t, r.dir, r.date(r.tick), nil, args...)
}

// date is the date of the n-th commit (0-based).
func (r *testRepo) date(n int) time.Time { return base.AddDate(0, 0, n) }

func (r *testRepo) write(name, content string) {
	r.t.Helper()
	p := filepath.Join(r.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

// mv moves a file with git mv, making the target folder first.
func (r *testRepo) mv(from, to string) {
	r.t.Helper()
	if err := os.MkdirAll(filepath.Join(r.dir, filepath.FromSlash(filepath.Dir(to))), 0o755); err != nil {
		r.t.Fatal(err)
	}
	r.git("mv", from, to)
}

// commit stages everything and commits it with msg, dated r.date(r.tick).
func (r *testRepo) commit(msg string) {
	r.t.Helper()
	r.git("add", "-A")
	r.git("commit", "-q", "--no-verify", "-m", msg)
	r.tick++
}

// fastImport fills an empty repository from a fast-import stream. The
// work tree stays empty: history is read from the object database.
func (r *testRepo) fastImport(stream []byte) {
	r.t.Helper()
	gitIn(r.t, r.dir, base, stream, "fast-import", "--quiet", "--done")
}

// synthStream writes a fast-import stream for a repository with files
// pages under content/ and commits commits after the first (which adds
// every page): each later commit edits a few pages, and every fifth also
// moves one page to another folder, every seventh deletes one. It returns
// the stream and the paths present at the end, so tests can check the
// history read back against git's own.
func synthStream(files, commits int) ([]byte, []string) {
	var b bytes.Buffer
	paths := make([]string, files)
	for i := range paths {
		paths[i] = fmt.Sprintf("content/seksjon-%02d/side-%05d.md", i%50, i)
	}
	alive := make([]bool, files)
	page := func(i, rev int) {
		text := fmt.Sprintf("---\ntitle: Side %d\n---\n\nInnhold for side %d, revisjon %d.\n", i, i, rev)
		fmt.Fprintf(&b, "M 100644 inline %s\ndata %d\n%s\n", paths[i], len(text), text)
	}
	for n := 0; n <= commits; n++ {
		when := base.Add(time.Duration(n) * time.Hour).Unix()
		msg := fmt.Sprintf("Endring %d", n)
		if n == 0 {
			msg = "Første utgave"
		}
		fmt.Fprintf(&b, "commit refs/heads/main\nmark :%d\n", n+1)
		fmt.Fprintf(&b, "author Kari Nordmann <kari@example.org> %d +0100\n", when)
		fmt.Fprintf(&b, "committer Kari Nordmann <kari@example.org> %d +0100\n", when)
		fmt.Fprintf(&b, "data %d\n%s\n", len(msg), msg)
		if n == 0 {
			for i := range paths {
				page(i, 0)
				alive[i] = true
			}
			b.WriteString("\n")
			continue
		}
		fmt.Fprintf(&b, "from :%d\n", n)
		for k := 0; k < 8; k++ {
			i := (n*7919 + k*104729) % files
			if alive[i] {
				page(i, n)
			}
		}
		if n%5 == 0 {
			i := (n * 31) % files
			if alive[i] {
				moved := fmt.Sprintf("content/flyttet-%02d/side-%05d.md", n%13, i)
				fmt.Fprintf(&b, "R %s %s\n", paths[i], moved)
				paths[i] = moved
			}
		}
		if n%7 == 0 {
			i := (n * 17) % files
			if alive[i] {
				fmt.Fprintf(&b, "D %s\n", paths[i])
				alive[i] = false
			}
		}
		b.WriteString("\n")
	}
	b.WriteString("done\n")
	var present []string
	for i, p := range paths {
		if alive[i] {
			present = append(present, p)
		}
	}
	return b.Bytes(), present
}
