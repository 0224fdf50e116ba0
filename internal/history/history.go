// Package history reads what git knows about a site's files: for every file
// under a folder, the commits that touched it (one `git log` for the whole
// tree, following renames), and, for editions, a read-only fs.FS over a tag
// or branch that never touches the working tree or the index.
//
// Git is optional for a build: outside a repository, or where git is not
// installed, Load returns an empty History whose Status says why, so the
// build can say so once and carry on with front-matter dates.
package history

import (
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Status says whether history could be read at all.
type Status int

const (
	// OK: the folder is in a git work tree and its history was read.
	OK Status = iota
	// NotRepo: the folder is not inside a git repository.
	NotRepo
	// NoGit: git is not installed (not found on PATH).
	NoGit
)

func (s Status) String() string {
	switch s {
	case NotRepo:
		return "not a git repository"
	case NoGit:
		return "git not installed"
	}
	return "ok"
}

// Commit is one commit that touched a file.
type Commit struct {
	Hash    string    // full object name
	Short   string    // abbreviated object name, as git shows it
	Date    time.Time // author date: when the change was made
	Author  string    // author name, after .mailmap
	Subject string    // first paragraph of the message, on one line
	// Notes are the editor's notes for readers, from the message's
	// trailers: "Endring: …" under the key "", "Endring-nn: …" under "nn"
	// (any language code). The subject is written for editors and is
	// never shown to readers; a note is. Nil when the commit has none.
	Notes map[string]string
	// Added is set, in a file's list of commits (Commits), on the commit
	// that created the file: its page was new then. A copy counts as new;
	// a rename does not.
	Added bool
}

// NoteFor returns the reader's note of the commit for a page in lang:
// the trailer for that language ("Endring-nn:"), else, for the site's
// default language only, the plain "Endring:". A nynorsk page never
// shows a note written in bokmål, nor the other way round; it shows
// "Oppdatert" instead. "" when there is no note.
func (c Commit) NoteFor(lang string, defaultLang bool) string {
	if n := c.Notes[strings.ToLower(lang)]; n != "" {
		return n
	}
	if defaultLang {
		return c.Notes[""]
	}
	return ""
}

// Change is a commit with the files it touched, for "what is new" lists.
type Change struct {
	Commit
	Files []string // paths relative to the root given to Load, sorted
	Added []string // those of Files that the commit created, sorted
}

// History is the git history of the files under one folder. It is
// read-only after Load and safe for concurrent use. A nil *History has no
// history, like one read outside a repository.
type History struct {
	// Status says whether history was read; when it is not OK every file
	// has no history.
	Status Status
	// Shallow is set for a shallow clone, where the oldest commits are
	// missing: dates and history lists may be incomplete.
	Shallow bool

	files   map[string][]*Commit // root-relative path → commits, newest first
	born    map[string]*Commit   // root-relative path → the commit that created it
	changes []Change             // every commit touching a current file, newest first
}

// Commits returns the commits that touched the file at path, newest first.
// path is relative to the root given to Load, slash- or OS-separated
// ("content/veiledere/dpia.md"). A file that was moved keeps the commits
// made under its old names. An uncommitted file has none.
func (h *History) Commits(path string) []Commit {
	if h == nil {
		return nil
	}
	cs := h.files[clean(path)]
	if len(cs) == 0 {
		return nil
	}
	born := h.born[clean(path)]
	out := make([]Commit, len(cs))
	for i, c := range cs {
		out[i] = *c
		out[i].Added = c == born
	}
	return out
}

// LastChanged returns the date of the newest commit that touched the file
// at path, and false when it has none.
func (h *History) LastChanged(path string) (time.Time, bool) {
	if h == nil {
		return time.Time{}, false
	}
	cs := h.files[clean(path)]
	if len(cs) == 0 {
		return time.Time{}, false
	}
	return cs[0].Date, true
}

// Len returns the number of files that have history.
func (h *History) Len() int {
	if h == nil {
		return 0
	}
	return len(h.files)
}

// Recent returns the newest n commits that touched files still present,
// each with those files; n <= 0 returns all of them.
func (h *History) Recent(n int) []Change {
	if h == nil {
		return nil
	}
	if n <= 0 || n > len(h.changes) {
		n = len(h.changes)
	}
	out := make([]Change, n)
	for i, c := range h.changes[:n] {
		out[i] = Change{Commit: c.Commit, Files: append([]string(nil), c.Files...), Added: append([]string(nil), c.Added...)}
	}
	return out
}

// Note returns the one line a build should print about history, or "" when
// there is nothing to say.
func (h *History) Note() string {
	switch {
	case h == nil:
		return ""
	case h.Status == NoGit:
		return "git is not installed: page history is not shown and last-changed dates come from front matter only"
	case h.Status == NotRepo:
		return "not a git repository: page history is not shown and last-changed dates come from front matter only"
	case h.Shallow:
		return "shallow git clone: page history and last-changed dates may be incomplete (fetch the full history, e.g. `git fetch --unshallow`, or `fetch-depth: 0` in CI)"
	}
	return ""
}

// clean turns a caller's path into the form used as key.
func clean(p string) string {
	return strings.TrimPrefix(path.Clean(filepath.ToSlash(p)), "./")
}

// sortNewestFirst orders commits by author date, newest first. The log is
// read in topological order, which the rename tracking needs; the stable
// sort keeps that order among commits with the same date, so a rebased
// commit whose author date is older than its parent's still lists
// consistently with LastChanged.
func sortNewestFirst(cs []*Commit) {
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Date.After(cs[j].Date) })
}
