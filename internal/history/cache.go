package history

import (
	"encoding/gob"
	"fmt"
	"io"
)

// A git pack's history at its pinned commit never changes (the commit is
// immutable), so the build keeps it beside the pack's clone instead of
// running `git log` on every build (internal/pack, docs/performance.md
// "Content packs"). Encode and Decode are that cache's format.

// cacheVersion changes whenever the encoded form or the way a History is
// read from git changes, so that an old cache is read again from git.
const cacheVersion = 1

// wire is a History as it is encoded: each commit once, files naming
// their commits by index, so that the commits files share stay shared.
type wire struct {
	Version int
	Status  Status
	Shallow bool
	Commits []Commit
	Files   map[string][]int
	Born    map[string]int
	Changes []wireChange
}

type wireChange struct {
	Commit       int
	Files, Added []string
}

// Encode writes h in the cache format.
func (h *History) Encode(w io.Writer) error {
	if h == nil {
		return fmt.Errorf("history: nothing to encode")
	}
	index := map[*Commit]int{}
	out := wire{Version: cacheVersion, Status: h.Status, Shallow: h.Shallow, Files: map[string][]int{}, Born: map[string]int{}}
	id := func(c *Commit) int {
		if i, ok := index[c]; ok {
			return i
		}
		index[c] = len(out.Commits)
		out.Commits = append(out.Commits, *c)
		return index[c]
	}
	// Commits by hash as well: a Change holds a copy, not a pointer.
	byHash := map[string]int{}
	for f, cs := range h.files {
		ids := make([]int, len(cs))
		for i, c := range cs {
			ids[i] = id(c)
			byHash[c.Hash] = ids[i]
		}
		out.Files[f] = ids
	}
	for f, c := range h.born {
		out.Born[f] = id(c)
		byHash[c.Hash] = out.Born[f]
	}
	for _, c := range h.changes {
		i, ok := byHash[c.Hash]
		if !ok {
			cc := c.Commit
			i = id(&cc)
			byHash[c.Hash] = i
		}
		out.Changes = append(out.Changes, wireChange{Commit: i, Files: c.Files, Added: c.Added})
	}
	return gob.NewEncoder(w).Encode(&out)
}

// Decode reads a History that Encode wrote. A cache of another version,
// or one that does not decode, is an error: the caller reads git again.
func Decode(r io.Reader) (*History, error) {
	var in wire
	if err := gob.NewDecoder(r).Decode(&in); err != nil {
		return nil, fmt.Errorf("history: cache: %w", err)
	}
	if in.Version != cacheVersion {
		return nil, fmt.Errorf("history: cache version %d, not %d", in.Version, cacheVersion)
	}
	commits := make([]*Commit, len(in.Commits))
	for i := range in.Commits {
		c := in.Commits[i]
		c.Added = false
		commits[i] = &c
	}
	at := func(i int) (*Commit, error) {
		if i < 0 || i >= len(commits) {
			return nil, fmt.Errorf("history: cache: commit %d of %d", i, len(commits))
		}
		return commits[i], nil
	}
	h := &History{Status: in.Status, Shallow: in.Shallow, files: make(map[string][]*Commit, len(in.Files)), born: make(map[string]*Commit, len(in.Born))}
	for f, ids := range in.Files {
		cs := make([]*Commit, len(ids))
		for i, id := range ids {
			c, err := at(id)
			if err != nil {
				return nil, err
			}
			cs[i] = c
		}
		h.files[f] = cs
	}
	for f, id := range in.Born {
		c, err := at(id)
		if err != nil {
			return nil, err
		}
		h.born[f] = c
	}
	h.changes = make([]Change, len(in.Changes))
	for i, wc := range in.Changes {
		c, err := at(wc.Commit)
		if err != nil {
			return nil, err
		}
		h.changes[i] = Change{Commit: *c, Files: wc.Files, Added: wc.Added}
	}
	return h, nil
}
