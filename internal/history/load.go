package history

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
	"time"
	"unicode"
)

// Load reads the git history of every file under dir, a folder relative to
// root ("content"). root is the site's folder: the top of a git work tree
// or a folder inside one; paths in the History are relative to it
// ("content/veiledere/dpia.md").
//
// It runs one `git log` for the whole folder, however many files it holds,
// and follows renames: a moved file keeps the commits made under its old
// name. Outside a repository, or without git installed, it returns an empty
// History whose Status says why and no error; errors are kept for git
// failing in an unexpected way.
func Load(ctx context.Context, root, dir string) (*History, error) {
	h := &History{files: map[string][]*Commit{}, born: map[string]*Commit{}}
	prefix, shallow, err := repoPrefix(ctx, root)
	switch {
	case noGit(err):
		h.Status = NoGit
		return h, nil
	case notRepo(err):
		h.Status = NotRepo
		return h, nil
	case err != nil:
		return nil, fmt.Errorf("history: %w", err)
	}
	h.Shallow = shallow
	if ok, err := hasHead(ctx, root); err != nil {
		return nil, fmt.Errorf("history: %w", err)
	} else if !ok {
		return h, nil // a repository without commits: every file is uncommitted
	}

	if err := readLog(ctx, h, root, "HEAD", dir, prefix); err != nil {
		return nil, err
	}
	return h, nil
}

// LoadRef reads the history of every file under dir (a folder relative to
// the top of the tree, "content") as commit rev of the repository gitDir
// sees it: a bare clone such as a git pack's cache, where there is no work
// tree and no HEAD that matters. Paths in the History are relative to the
// top of the tree. Unlike Load, a missing git or repository is an error:
// the caller asked for a repository it knows is there.
func LoadRef(ctx context.Context, gitDir, rev, dir string) (*History, error) {
	if rev == "" || strings.HasPrefix(rev, "-") || strings.ContainsAny(rev, "\n\x00") {
		return nil, fmt.Errorf("history: %q is not a git ref", rev)
	}
	h := &History{files: map[string][]*Commit{}, born: map[string]*Commit{}}
	out, err := run(ctx, gitDir, "rev-parse", "--is-shallow-repository")
	switch {
	case noGit(err):
		return nil, fmt.Errorf("history: reading the history of %s needs git, which is not installed", gitDir)
	case err != nil:
		return nil, fmt.Errorf("history: %w", err)
	}
	h.Shallow = strings.TrimSpace(string(out)) == "true"
	if err := readLog(ctx, h, gitDir, rev, dir, ""); err != nil {
		return nil, err
	}
	return h, nil
}

// readLog runs one `git log` of rev over the folder dir in root and stores
// its files' commits in h. prefix is root's place in the repository.
func readLog(ctx context.Context, h *History, root, rev, dir, prefix string) error {
	spec := path.Clean("./" + strings.TrimPrefix(dir, "/"))
	if spec == ".." || strings.HasPrefix(spec, "../") {
		return fmt.Errorf("history: folder %q is outside %s", dir, root)
	}
	args := []string{"--literal-pathspecs", "log", "-z", "--name-status", "-M", "--root",
		"--date-order", "--no-color", "--format=" + logFormat, rev, "--", spec}
	cmd := command(ctx, root, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("history: %w", &GitError{Args: args, Err: err})
	}
	p := newParser(prefix)
	perr := p.parse(stdout)
	if perr != nil {
		_, _ = io.Copy(io.Discard, stdout) // let git finish writing before Wait
	}
	werr := cmd.Wait()
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case werr != nil:
		return fmt.Errorf("history: %w", &GitError{Args: args, Stderr: strings.TrimSpace(stderr.String()), Err: werr})
	case perr != nil:
		return fmt.Errorf("history: reading git log: %w", perr)
	}
	p.finish(h)
	return nil
}

// logFormat starts every commit with a record separator, so that headers
// and the NUL-separated --name-status entries between them cannot be
// confused. The subject comes last, so a stray separator in it is harmless.
// Before it come the message's trailers ("Endring: …"), unfolded, one per
// group separator, for the editor's notes to readers.
const logFormat = "%x1e%H%x1f%h%x1f%aI%x1f%aN%x1f%(trailers:only,unfold,separator=%x1d)%x1f%s"

// noteKey is the trailer key of an editor's note to readers: "Endring:"
// in the site's default language, "Endring-nn:" and so on per language.
const noteKey = "endring"

// parseNotes picks the reader's notes out of a commit's trailers, each
// "Key: value", separated by \x1d. Keys are matched without regard to
// case, as git does; of two notes for one language the first counts.
func parseNotes(trailers string) map[string]string {
	var notes map[string]string
	for _, t := range strings.Split(trailers, "\x1d") {
		key, val, ok := strings.Cut(t, ":")
		if !ok {
			continue
		}
		key = strings.ToLower(strings.TrimSpace(key))
		val = strings.TrimSpace(readable(val))
		lang, isNote := "", key == noteKey
		if rest, ok := strings.CutPrefix(key, noteKey+"-"); ok && rest != "" {
			lang, isNote = rest, true
		}
		if !isNote || val == "" {
			continue
		}
		if notes == nil {
			notes = map[string]string{}
		}
		if _, seen := notes[lang]; !seen {
			notes[lang] = val
		}
	}
	return notes
}

// readable is a note as readers may see it: a control character in a
// commit message (pasted from a terminal) is dropped, since it reached the
// page's HTML as it was, a tab is a space, and bytes that are not UTF-8
// become U+FFFD.
func readable(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return ' '
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// lineage is one file through time: the commits that touched it under
// whatever names it had.
type lineage struct {
	key     string    // the file's current path, relative to root
	dead    bool      // the file has since been deleted: nobody will ask for it
	commits []*Commit // newest first, in log order
	born    *Commit   // the commit that added (or copied) the file, if seen
}

// parser turns `git log -z --name-status` output, newest commit first,
// into lineages. Walking back in time, owner maps each path as it was at
// that point to the file that path became: a rename moves the lineage from
// the new name to the old one, an addition ends it, so an older file that
// happened to live at the same path is not mixed in.
type parser struct {
	prefix  string // the root's place in the repository, "" or ending in "/"
	commits []*Commit
	owner   map[string]*lineage // path at the current point in the walk → file
	live    map[string]*lineage // current path → file, for files not deleted
	pending []change            // entries of the commit being read
	files   []*lineage          // flush's scratch space, kept between commits
}

func newParser(prefix string) *parser {
	return &parser{prefix: prefix, owner: map[string]*lineage{}, live: map[string]*lineage{}}
}

// parse reads the whole log. Tokens are NUL-terminated: a header, then per
// changed file a status ("M", "R100") and one path, or two for renames
// and copies.
func (p *parser) parse(r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	sc.Split(splitNUL)
	var cur *Commit
	for sc.Scan() {
		tok := sc.Bytes()
		tok = bytes.TrimPrefix(tok, []byte{'\n'})
		if len(tok) > 0 && tok[0] == '\x1e' {
			if cur != nil {
				p.flush(cur)
			}
			c, err := parseHeader(string(tok[1:]))
			if err != nil {
				return err
			}
			p.commits = append(p.commits, c)
			cur = c
			continue
		}
		if cur == nil || len(tok) == 0 {
			return fmt.Errorf("unexpected %q before a commit header", tok)
		}
		status := tok[0]
		paths := 1
		if status == 'R' || status == 'C' {
			paths = 2
		}
		var names [2]string
		for i := 0; i < paths; i++ {
			if !sc.Scan() {
				return fmt.Errorf("commit %s: status %q without its path", cur.Short, tok)
			}
			names[i] = sc.Text()
		}
		p.entry(status, names[0], names[1])
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if cur != nil {
		p.flush(cur)
	}
	return nil
}

// splitNUL is a bufio.SplitFunc for NUL-terminated tokens.
func splitNUL(data []byte, atEOF bool) (int, []byte, error) {
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return i + 1, data[:i], nil
	}
	if atEOF && len(data) > 0 {
		return len(data), data, nil
	}
	return 0, nil, nil
}

func parseHeader(s string) (*Commit, error) {
	f := strings.SplitN(s, "\x1f", 6)
	if len(f) != 6 {
		return nil, fmt.Errorf("malformed commit header %q", s)
	}
	date, err := time.Parse(time.RFC3339, f[2])
	if err != nil {
		return nil, fmt.Errorf("commit %s: %w", f[1], err)
	}
	return &Commit{Hash: f[0], Short: f[1], Date: date, Author: f[3], Notes: parseNotes(f[4]), Subject: f[5]}, nil
}

// change is one entry of --name-status, with paths relative to the root.
type change struct {
	status byte   // A, C, D, M, R, T, U or X
	path   string // the path after the commit
	from   string // for renames: the path before it ("" when outside the root)
}

// entry records one changed file of the current commit. For renames and
// copies a is the old path and b the new one; otherwise a is the path.
func (p *parser) entry(status byte, a, b string) {
	name := a
	if status == 'R' || status == 'C' {
		name = b
	}
	rel, ok := p.rel(name)
	if !ok {
		return
	}
	ch := change{status: status, path: rel}
	if status == 'R' {
		ch.from, _ = p.rel(a)
	}
	p.pending = append(p.pending, ch)
}

// flush applies the pending entries of commit c. Every entry is first
// matched to its file as the paths were after the commit; only then does
// the walk step back to before it, so that a commit which both moves a
// file away from a path and adds a new one there (or swaps two names)
// attributes each change to the right file.
func (p *parser) flush(c *Commit) {
	files := p.files[:0]
	for _, ch := range p.pending {
		l := p.lineageAt(ch.path, ch.status)
		l.add(c)
		if ch.status == 'A' || ch.status == 'C' {
			l.born = c // the walk goes back in time: this is where the file began
		}
		files = append(files, l)
	}
	p.files = files
	for _, ch := range p.pending {
		switch ch.status {
		case 'A', 'C', 'R':
			// The file began here, or came from elsewhere: older commits
			// at this path were another file. (A copy's source keeps its
			// own history.)
			delete(p.owner, ch.path)
		}
	}
	for i, ch := range p.pending {
		if ch.status == 'R' && ch.from != "" {
			p.owner[ch.from] = files[i] // older commits under the old name belong to this file
		}
	}
	p.pending = p.pending[:0]
}

// lineageAt returns the file that the root-relative path rel belongs to
// at the current point of the walk, starting one when the path is seen for
// the first time.
func (p *parser) lineageAt(rel string, status byte) *lineage {
	if l := p.owner[rel]; l != nil {
		return l
	}
	// First seen, walking back from HEAD: this is the path's newest
	// change. A deletion means the file that lived here is gone. Otherwise
	// the file is current, unless a current file already owns the path,
	// added after this change without a deletion in between (two branches
	// that both added it): then this is more of that file's history.
	var l *lineage
	switch {
	case status == 'D':
		l = &lineage{key: rel, dead: true}
	case p.live[rel] != nil:
		l = p.live[rel]
	default:
		l = &lineage{key: rel}
		p.live[rel] = l
	}
	p.owner[rel] = l
	return l
}

func (l *lineage) add(c *Commit) {
	if l.dead {
		return
	}
	if n := len(l.commits); n > 0 && l.commits[n-1] == c {
		return // one commit, two entries of the same file (a merge's both sides)
	}
	l.commits = append(l.commits, c)
}

// rel turns a repository path into one relative to the root.
func (p *parser) rel(name string) (string, bool) {
	if !strings.HasPrefix(name, p.prefix) {
		return "", false
	}
	return name[len(p.prefix):], true
}

// finish stores the current files' commits in h.
func (p *parser) finish(h *History) {
	if h.born == nil {
		h.born = map[string]*Commit{}
	}
	touched := map[*Commit][]string{}
	added := map[*Commit][]string{}
	for key, l := range p.live {
		if len(l.commits) == 0 {
			continue
		}
		sortNewestFirst(l.commits)
		h.files[key] = l.commits
		for _, c := range l.commits {
			touched[c] = append(touched[c], key)
		}
		if l.born != nil {
			h.born[key] = l.born
			added[l.born] = append(added[l.born], key)
		}
	}
	order := make([]*Commit, 0, len(touched))
	for _, c := range p.commits {
		if _, ok := touched[c]; ok {
			order = append(order, c)
		}
	}
	sortNewestFirst(order)
	h.changes = make([]Change, len(order))
	for i, c := range order {
		files := touched[c]
		sort.Strings(files)
		sort.Strings(added[c])
		h.changes[i] = Change{Commit: *c, Files: files, Added: added[c]}
	}
}
