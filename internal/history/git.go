package history

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// gitEnv is added to the environment of every git process. LC_ALL and
// LANGUAGE keep git's messages in English, which notRepo relies on;
// GIT_OPTIONAL_LOCKS=0 stops read-only commands from refreshing the index,
// so a build never contends with an editor's `git commit`; the prompt and
// pager settings make sure git never waits for a terminal.
var gitEnv = []string{
	"LC_ALL=C",
	"LANGUAGE=C",
	"GIT_OPTIONAL_LOCKS=0",
	"GIT_TERMINAL_PROMPT=0",
	"GIT_PAGER=cat",
}

// gitConfig overrides user and repository settings that would change the
// shape of the output parsed here (a relative diff, a hidden root commit,
// signature checks printed between commits, colour codes).
var gitConfig = []string{
	"-c", "diff.relative=false",
	"-c", "log.showRoot=true",
	"-c", "log.showSignature=false",
	"-c", "color.ui=false",
	"-c", "core.quotePath=false",
}

// command prepares a git process running in dir.
func command(ctx context.Context, dir string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "git", append(append([]string{}, gitConfig...), args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), gitEnv...)
	return cmd
}

// GitError is a git command that failed, with what git said about it.
type GitError struct {
	Args   []string // the git subcommand and its arguments
	Stderr string   // git's message, trimmed
	Err    error    // the underlying *exec.ExitError or start error
}

func (e *GitError) Error() string {
	msg := e.Stderr
	if msg == "" {
		msg = e.Err.Error()
	}
	return fmt.Sprintf("git %s: %s", strings.Join(e.Args, " "), msg)
}

func (e *GitError) Unwrap() error { return e.Err }

// exitCode returns git's exit status, or -1 when it did not run or was killed.
func (e *GitError) exitCode() int {
	var ee *exec.ExitError
	if errors.As(e.Err, &ee) {
		return ee.ExitCode()
	}
	return -1
}

// run runs git in dir and returns its standard output.
func run(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := command(ctx, dir, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &GitError{Args: args, Stderr: strings.TrimSpace(stderr.String()), Err: err}
	}
	return stdout.Bytes(), nil
}

// notRepo reports whether err is git saying that the folder is not inside a
// repository (exit status 128 with its usual message).
func notRepo(err error) bool {
	var ge *GitError
	return errors.As(err, &ge) && ge.exitCode() == 128 && strings.Contains(ge.Stderr, "not a git repository")
}

// noGit reports whether err means that git is not installed.
func noGit(err error) bool { return errors.Is(err, exec.ErrNotFound) }

// repoPrefix returns where dir lies inside its repository ("" at the top,
// else a slash path ending in "/") and whether the clone is shallow.
func repoPrefix(ctx context.Context, dir string) (prefix string, shallow bool, err error) {
	out, err := run(ctx, dir, "rev-parse", "--is-shallow-repository", "--show-prefix")
	if err != nil {
		return "", false, err
	}
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) < 1 || (lines[0] != "true" && lines[0] != "false") {
		return "", false, fmt.Errorf("git rev-parse: unexpected output %q (git 2.15 or newer is needed)", out)
	}
	if len(lines) > 1 {
		prefix = lines[1]
	}
	return prefix, lines[0] == "true", nil
}

// hasHead reports whether the repository has a commit checked out; a
// freshly made repository has none.
func hasHead(ctx context.Context, dir string) (bool, error) {
	_, err := run(ctx, dir, "rev-parse", "-q", "--verify", "HEAD^{commit}")
	var ge *GitError
	if errors.As(err, &ge) && ge.exitCode() == 1 {
		return false, nil
	}
	return err == nil, err
}
