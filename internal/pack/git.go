package pack

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// gitEnv keeps git's messages in English (they are quoted in errors) and
// makes sure git never waits for a terminal: a pack fetch in CI must fail,
// not hang on a password prompt.
var gitEnv = []string{
	"LC_ALL=C",
	"LANGUAGE=C",
	"GIT_TERMINAL_PROMPT=0",
	"GIT_OPTIONAL_LOCKS=0",
	"GIT_PAGER=cat",
	"GIT_ASKPASS=true",
	"SSH_ASKPASS=true",
	"GIT_SSH_COMMAND=ssh -o BatchMode=yes",
}

// git runs git in dir and returns its standard output; a failure carries
// what git said.
func git(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-c", "color.ui=false", "-c", "core.quotePath=false"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), gitEnv...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if errors.Is(err, exec.ErrNotFound) {
			return nil, errors.New("git is not installed, and a pack from a git repository needs it")
		}
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("git %s: %s", args[0], lastLines(msg, 3))
	}
	return stdout.Bytes(), nil
}

// lastLines keeps the end of a long git message, where the reason is.
func lastLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " / ")
}

// cacheDir is where the pack name's bare clone lives in the site.
func cacheDir(site, name string) string {
	return filepath.Join(site, ".varde", "packs", name)
}

// cloned reports whether dir holds a bare clone made by ensureClone.
func cloned(dir string) bool {
	st, err := os.Stat(filepath.Join(dir, "objects"))
	return err == nil && st.IsDir()
}

// urlFile, in a pack's bare clone, holds the address it was cloned from.
// The cache is named after the pack, so when config.toml gives the pack
// another git address, the clone of the old one must not go on serving
// its refs as if they were the new repository's.
const urlFile = "varde-url"

// clonedFrom reports whether dir holds a clone of url. A clone made
// before Varde recorded its address is taken to be url's.
func clonedFrom(dir, url string) bool {
	if !cloned(dir) {
		return false
	}
	b, err := os.ReadFile(filepath.Join(dir, urlFile))
	return err != nil || strings.TrimSpace(string(b)) == url
}

// clonedURL is the address the clone in dir was made from; "" when there
// is no clone or it does not say.
func clonedURL(dir string) string {
	if !cloned(dir) {
		return ""
	}
	b, _ := os.ReadFile(filepath.Join(dir, urlFile))
	return strings.TrimSpace(string(b))
}

// refspecs fetch every branch and tag of the pack as they are upstream:
// the newest ref is looked for among them by `varde pack status`.
var refspecs = []string{"+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"}

// fetch brings dir, the pack's bare clone, up to date with url, making it
// first when it is not there. A first clone goes to a temporary folder
// renamed into place, so that an interrupted one is not taken for a cache.
//
// A clone of another address (config.toml's git changed) is replaced,
// and only once the new one is complete.
func fetch(ctx context.Context, dir, url string) error {
	if clonedFrom(dir, url) {
		_, err := git(ctx, dir, append([]string{"fetch", "--quiet", "--force", "--no-write-fetch-head", url}, refspecs...)...)
		if err == nil {
			_ = os.WriteFile(filepath.Join(dir, urlFile), []byte(url+"\n"), 0o644)
		}
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), "."+filepath.Base(dir)+".tmp-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if _, err := git(ctx, tmp, "init", "--quiet", "--bare"); err != nil {
		return err
	}
	if _, err := git(ctx, tmp, append([]string{"fetch", "--quiet", "--no-write-fetch-head", url}, refspecs...)...); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(tmp, urlFile), []byte(url+"\n"), 0o644); err != nil {
		return err
	}
	_ = os.RemoveAll(dir) // a folder left by an older failure, without objects, or a clone of another address
	return os.Rename(tmp, dir)
}

// resolve returns the commit ref names in the clone dir; found is false
// when there is no such tag, branch or commit.
func resolve(ctx context.Context, dir, ref string) (commit string, found bool, err error) {
	out, err := git(ctx, dir, "rev-parse", "-q", "--verify", "--end-of-options", ref+"^{commit}")
	if err != nil {
		// rev-parse -q --verify fails without a message for an unknown name.
		if strings.HasSuffix(err.Error(), ": exit status 1") {
			return "", false, nil
		}
		return "", false, err
	}
	return strings.TrimSpace(string(out)), true, nil
}

// newestRef is the pack's newest tag (in version order: 2026.10 after
// 2026.9), or the default branch when it has no tags.
func newestRef(ctx context.Context, dir string) (string, error) {
	out, err := git(ctx, dir, "for-each-ref", "--sort=-v:refname", "--count=1", "--format=%(refname:short)", "refs/tags")
	if err != nil {
		return "", err
	}
	if t := strings.TrimSpace(string(out)); t != "" {
		return t, nil
	}
	out, err = git(ctx, dir, "symbolic-ref", "--short", "HEAD")
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// blobs lists the files of commit under the given top folders with their
// blob names: one `git ls-tree`, no file read. This is what makes `pack
// status` on hundreds of pages cheap: a page changed when its blob did.
func blobs(ctx context.Context, dir, commit string, tops ...string) (map[string]string, error) {
	args := append([]string{"ls-tree", "-r", "-z", "--full-tree", commit, "--"}, tops...)
	out, err := git(ctx, dir, args...)
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	for _, rec := range bytes.Split(out, []byte{0}) {
		// <mode> SP <type> SP <object> TAB <path>
		head, name, ok := bytes.Cut(rec, []byte{'\t'})
		if !ok {
			continue
		}
		f := strings.Fields(string(head))
		if len(f) == 3 && f[1] == "blob" {
			m[string(name)] = f[2]
		}
	}
	return m, nil
}

// readBlobs reads blobs by name (full or abbreviated) with one `git
// cat-file --batch`, keyed as asked; a name git does not have is left out.
func readBlobs(ctx context.Context, dir string, ids []string) (map[string][]byte, error) {
	cmd := exec.CommandContext(ctx, "git", "cat-file", "--batch")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), gitEnv...)
	var in bytes.Buffer
	for _, id := range ids {
		in.WriteString(id + "\n")
	}
	cmd.Stdin = &in
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git cat-file: %v", err)
	}
	m := map[string][]byte{}
	for _, id := range ids {
		// "<oid> <type> <size>\n<data>\n", or "<name> missing\n".
		nl := bytes.IndexByte(out, '\n')
		if nl < 0 {
			break
		}
		f := strings.Fields(string(out[:nl]))
		out = out[nl+1:]
		if len(f) != 3 {
			continue
		}
		size, err := strconv.Atoi(f[2])
		if err != nil || size+1 > len(out) {
			return nil, fmt.Errorf("git cat-file: unexpected output for %s", id)
		}
		if f[1] == "blob" {
			m[id] = out[:size]
		}
		out = out[size+1:]
	}
	return m, nil
}
