package build

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/varde-portal/varde/internal/testsite"
)

// gitSite is a site in a throwaway git repository. Every git command gets
// its identity and dates from the environment and an empty global
// configuration, so the tests pass on CI runners with no git identity and
// are not affected by the developer's settings.
type gitSite struct {
	t   *testing.T
	dir string
	day int // commits made so far; each is one day after the last
}

// firstCommit is the author date of the first commit of a gitSite.
var firstCommit = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

func newGitSite(t *testing.T) *gitSite {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	s := &gitSite{t: t, dir: filepath.Join(t.TempDir(), "site")}
	if err := os.MkdirAll(s.dir, 0o755); err != nil {
		t.Fatal(err)
	}
	s.git("init", "-q", "-b", "main")
	return s
}

// date is the date of the n-th commit (0-based).
func (s *gitSite) date(n int) time.Time { return firstCommit.AddDate(0, 0, n) }

func (s *gitSite) git(args ...string) string {
	s.t.Helper()
	when := s.date(s.day).Format(time.RFC3339)
	cmd := exec.Command("git", args...)
	cmd.Dir = s.dir
	cmd.Env = append(os.Environ(),
		"GIT_CONFIG_GLOBAL="+os.DevNull,
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=Kari Nordmann",
		"GIT_AUTHOR_EMAIL=kari@example.org",
		"GIT_COMMITTER_NAME=Kari Nordmann",
		"GIT_COMMITTER_EMAIL=kari@example.org",
		"GIT_AUTHOR_DATE="+when,
		"GIT_COMMITTER_DATE="+when,
		"GIT_CEILING_DIRECTORIES="+filepath.Dir(s.dir),
	)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		s.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String()
}

// write writes files, given as name and content pairs, relative to the site.
func (s *gitSite) write(files map[string]string) {
	s.t.Helper()
	testsite.Write(s.t, s.dir, files)
}

// commit stages everything and commits it, dated one day after the last.
func (s *gitSite) commit(msg string) string {
	s.t.Helper()
	s.git("add", "-A")
	s.git("commit", "-q", "--no-verify", "-m", msg)
	s.day++
	return strings.TrimSpace(s.git("rev-parse", "--short", "HEAD"))
}
