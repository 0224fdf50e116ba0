package history

import "sort"

// Merge returns a History holding h's files and commits and, beside them,
// other's: the history of a second repository whose files show up in the
// same tree (a content pack's pages in the site that builds on it). name
// maps each of other's files to its path in the result; "" leaves the file
// out (a pack page the site overrides, whose history is the site's own).
// A file with commits in both has both, newest first. The commit that
// created a file stays h's; other's counts only when born is set and h has
// none (a pack's page was new when the pack added it; a local addition to
// it was not a new page).
//
// Neither h nor other is changed, and either may be nil. The result's
// Status and Shallow are h's, with Shallow also set when other is shallow:
// that is what a build says about history.
func (h *History) Merge(other *History, name func(string) string, born bool) *History {
	if other == nil || len(other.files) == 0 {
		return h
	}
	out := &History{files: map[string][]*Commit{}, born: map[string]*Commit{}}
	if h != nil {
		out.Status, out.Shallow = h.Status, h.Shallow
		for k, cs := range h.files {
			out.files[k] = cs
		}
		for k, c := range h.born {
			out.born[k] = c
		}
		out.changes = append(out.changes, h.changes...)
	}
	out.Shallow = out.Shallow || other.Shallow
	for k, cs := range other.files {
		to := name(k)
		if to == "" {
			continue
		}
		if mine := out.files[to]; len(mine) > 0 {
			all := append(append([]*Commit(nil), mine...), cs...)
			sortNewestFirst(all)
			out.files[to] = all
		} else {
			out.files[to] = cs
		}
		if c := other.born[k]; born && c != nil && out.born[to] == nil {
			out.born[to] = c
		}
	}
	for _, c := range other.changes {
		var files, added []string
		for _, f := range c.Files {
			if to := name(f); to != "" {
				files = append(files, to)
			}
		}
		if len(files) == 0 {
			continue
		}
		for _, f := range c.Added {
			// Listed as added only where the result says this commit
			// created the file, as Commits does.
			if to := name(f); to != "" && out.born[to] != nil && out.born[to].Hash == c.Hash {
				added = append(added, to)
			}
		}
		sort.Strings(files)
		sort.Strings(added)
		out.changes = append(out.changes, Change{Commit: c.Commit, Files: files, Added: added})
	}
	sort.SliceStable(out.changes, func(i, j int) bool { return out.changes[i].Date.After(out.changes[j].Date) })
	return out
}
