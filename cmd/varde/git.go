package main

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
)

// git runs git in dir and returns its standard output. LC_ALL=C keeps
// git's output in English and GIT_OPTIONAL_LOCKS=0 keeps a read-only
// command from touching the index while an editor commits, as in
// internal/history; core.quotePath=false leaves æ, ø and å in file names
// as they are.
func git(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", append([]string{"-c", "core.quotePath=false", "-c", "color.ui=false"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "LC_ALL=C", "LANGUAGE=C", "GIT_OPTIONAL_LOCKS=0", "GIT_TERMINAL_PROMPT=0")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		if msg := strings.TrimSpace(errb.String()); msg != "" {
			return "", &gitError{msg}
		}
		return "", err
	}
	return out.String(), nil
}

type gitError struct{ msg string }

func (e *gitError) Error() string { return "git: " + e.msg }

// inGitRepo reports whether dir is inside a git work tree. A folder git
// cannot look at (git missing, not a repository) is not.
func inGitRepo(dir string) bool {
	out, err := git(dir, "rev-parse", "--is-inside-work-tree")
	return err == nil && strings.TrimSpace(out) == "true"
}

// gitInstalled reports whether git can be run.
func gitInstalled() bool {
	_, err := exec.LookPath("git")
	return err == nil
}
