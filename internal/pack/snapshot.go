package pack

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"os"
	"path/filepath"
	"testing/fstest"
	"time"

	"github.com/varde-portal/varde/internal/history"
)

// A git pack is pinned to a commit, and what a commit holds never changes:
// its files, their blob names and the history of its pages are the same
// on every build. Reading them from git costs several git processes and a
// request per file (and a `git log` over the pack's whole history), which
// on a busy machine took a build on a 300-page pack to 1.33× the same pages
// as plain content (docs/performance.md, "Content packs"). So the first
// build that reads a commit keeps them in .varde/packs/.snapshots/NAME/
// (a name starts with a letter or digit, so no pack's clone is called
// .snapshots), and later builds read one file instead of asking git.
// Anything wrong with a snapshot (another format, a partial file) just
// means git is asked again and the snapshot written anew.

// snapshotVersion changes with the snapshot's format or with what is
// kept in it.
const snapshotVersion = 1

// snapshot is a git pack's files at one commit.
type snapshot struct {
	Version int
	Commit  string
	Time    time.Time         // the commit's time, the files' modification time
	Files   map[string][]byte // pack.toml, config.toml and every file under Parts
	Blobs   map[string]string // every file under Parts → its blob name
}

// snapshotDir is where the snapshots of the pack name are kept.
func snapshotDir(site, name string) string {
	return filepath.Join(site, ".varde", "packs", ".snapshots", name)
}

// readSnapshot returns the snapshot of commit, or nil when there is none
// that can be used.
func readSnapshot(dir, commit string) *snapshot {
	data, err := os.ReadFile(filepath.Join(dir, commit+".files"))
	if err != nil {
		return nil
	}
	var s snapshot
	if gob.NewDecoder(bytes.NewReader(data)).Decode(&s) != nil || s.Version != snapshotVersion || s.Commit != commit || s.Files == nil || s.Blobs == nil {
		return nil
	}
	return &s
}

// writeFileAtomic writes a file of the snapshot folder through a
// temporary file renamed into place, so that a build that stops half-way,
// or another build reading at the same time, never sees part of it.
func writeFileAtomic(dir, name string, data []byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+name+".tmp-")
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Rename(f.Name(), filepath.Join(dir, name)); err != nil {
		os.Remove(f.Name())
		return err
	}
	return nil
}

// writeSnapshot keeps s. Failing to is not an error for the build (a
// read-only .varde, a full disk): the next build asks git again.
func writeSnapshot(dir string, s *snapshot) {
	var buf bytes.Buffer
	if gob.NewEncoder(&buf).Encode(s) != nil {
		return
	}
	_ = writeFileAtomic(dir, s.Commit+".files", buf.Bytes())
}

// use makes the snapshot the pack's files.
func (p *Pack) use(s *snapshot) {
	mem := make(fstest.MapFS, len(s.Files))
	for name, data := range s.Files {
		mem[name] = &fstest.MapFile{Data: data, Mode: 0o644, ModTime: s.Time}
	}
	p.fsys = mem
	p.blobs = s.Blobs
}

// History is the history of a git pack's pages (content/) at its pinned
// commit, from the snapshot folder when an earlier build kept it there,
// else from git (and then kept). A folder pack has none that Varde reads:
// nil, nil.
func (p *Pack) History(ctx context.Context) (*history.History, error) {
	if p.gitDir == "" {
		return nil, nil
	}
	name := p.Commit + ".history"
	if p.snapDir != "" {
		if data, err := os.ReadFile(filepath.Join(p.snapDir, name)); err == nil {
			if h, err := history.Decode(bytes.NewReader(data)); err == nil {
				return h, nil
			}
		}
	}
	h, err := history.LoadRef(ctx, p.gitDir, p.Commit, "content")
	if err != nil {
		return nil, err
	}
	// A shallow clone's history grows when it is deepened: only a full
	// one is the commit's for good.
	if p.snapDir != "" && !h.Shallow {
		var buf bytes.Buffer
		if h.Encode(&buf) == nil {
			_ = writeFileAtomic(p.snapDir, name, buf.Bytes())
		}
	}
	return h, nil
}
