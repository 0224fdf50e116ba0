package output

// Rebuilding into the same folder without rewriting or deleting the whole
// site (issue 22).
//
// A plain Dir writes every file into a fresh staging folder and, after the
// swap, deletes the old tree: 10,000 pages allocate 20,000 inodes and free
// 20,000 on every build, and on ext4 without a journal the next build's
// inode allocator scans past every inode freed in the last minute
// (docs/performance.md). A Dir made by NewDirReusing instead keeps two
// trees that take turns: the live output, and a spare (the previous
// output, kept in the site's .varde/output/ after the swap). A build moves
// the spare in as its staging folder and brings it up to date:
//
//   - a file whose content (hash and size) equals the live output's copy,
//     as the manifest of the live output records it, is a hard link to
//     that copy: nothing is written, and when the spare holds that very
//     inode already (it was unchanged in the previous build too), nothing
//     at all is done but two lstat calls;
//   - another file is written: into the spare's file in place when no
//     other name shares its inode (link count 1), otherwise as a new file
//     after unlinking the spare's name; a file of the live output is never
//     written into, since a linked name shares its inode;
//   - what the spare holds that this build does not write is removed
//     before the swap.
//
// The swap is the same as a plain Dir's; then the old tree becomes the
// spare instead of being deleted. Folders are reused as they are, so a
// rebuild allocates and frees inodes only for changed files. Where hard
// links fail (another file system, FAT) the file is written; where the
// spare cannot be moved beside the output (another file system) the build
// starts from a fresh staging folder and deletes the old tree as before.
// The output is byte for byte what a plain Dir writes.
//
// Nothing here is trusted blindly: a manifest entry is used only when the
// live file still has the recorded inode, size, mode and modification time
// (a file someone edited or replaced no longer matches), and the spare is
// walked for files no build wrote there.

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// manifestEntry describes one file of an output folder as a build wrote it.
type manifestEntry struct {
	Hash  uint64 // contentHash of the bytes
	Size  int64
	Mode  fs.FileMode
	MTime int64 // nanoseconds
	Dev   uint64
	Ino   uint64
}

// manifestVersion changes when the manifest's meaning does; an older file
// is then ignored.
const manifestVersion = 1

type manifestFile struct {
	Version int
	Dest    string
	Files   map[string]manifestEntry
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// contentHash is 64 bits from two CRC-32 with different polynomials, both
// computed in hardware on amd64 and arm64 (about 5 GB/s, against about
// 0.3 GB/s for SHA-256 on the build machine). It only has to tell a build's
// new bytes from the previous build's bytes at the same path and size, not
// resist an attacker: whoever can choose the bytes writes the site anyway.
func contentHash(b []byte) uint64 {
	return uint64(crc32.Checksum(b, castagnoli))<<32 | uint64(crc32.ChecksumIEEE(b))
}

// matches reports whether fi is still the file the entry describes.
func (e manifestEntry) matches(fi fs.FileInfo) bool {
	if !fi.Mode().IsRegular() || fi.Size() != e.Size || fi.Mode() != e.Mode || fi.ModTime().UnixNano() != e.MTime {
		return false
	}
	if dev, ino, ok := fileID(fi); ok {
		return dev == e.Dev && ino == e.Ino
	}
	return true
}

func entryOf(hash uint64, fi fs.FileInfo) manifestEntry {
	e := manifestEntry{Hash: hash, Size: fi.Size(), Mode: fi.Mode(), MTime: fi.ModTime().UnixNano()}
	e.Dev, e.Ino, _ = fileID(fi)
	return e
}

// reuse is the state of a Dir that reuses the previous output.
type reuse struct {
	dest     string
	spare    string // where the old tree goes after the swap
	manifest string // the manifest file of dest
	old      map[string]manifestEntry

	mu      sync.Mutex
	written map[string]manifestEntry // slash-separated name → what was written

	// walked lists what the adopted spare held (full paths), read in the
	// background while the build renders; nil when staging started empty.
	walkDone chan struct{}
	walked   []walkedEntry
}

type walkedEntry struct {
	path string
	dir  bool
}

// stateKey names the spare and the manifest of one output folder in the
// state folder: one site may build into several.
func stateKey(dest string) string {
	sum := sha256.Sum256([]byte(dest))
	return filepath.Base(dest) + "-" + hex.EncodeToString(sum[:6])
}

// NewDirReusing is NewDir for a build that keeps what it needs to rebuild
// dest cheaply in state, a folder of its own (the site's .varde/output): the
// manifest of dest and the spare tree (see the comment at the top of
// reuse.go). When the spare cannot be used the build starts from an empty
// staging folder, as NewDir's does.
func NewDirReusing(dest, state string) (*Dir, error) {
	abs, err := filepath.Abs(dest)
	if err != nil {
		return nil, err
	}
	if _, err := Check(abs); err != nil {
		return nil, err
	}
	if state, err = filepath.Abs(state); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(state, 0o755); err != nil {
		return NewDir(abs) // a read-only site: build as before
	}
	key := stateKey(abs)
	r := &reuse{
		dest:     abs,
		spare:    filepath.Join(state, key+".spare"),
		manifest: filepath.Join(state, key+".manifest"),
		written:  map[string]manifestEntry{},
	}
	r.old = readManifest(r.manifest, abs)
	d, err := adoptSpare(abs, r.spare)
	if err != nil {
		return nil, err
	}
	if d == nil {
		if d, err = NewDir(abs); err != nil {
			return nil, err
		}
	} else {
		r.walkDone = make(chan struct{})
		go r.walk(d.staging)
	}
	d.reuse = r
	return d, nil
}

// adoptSpare moves the spare tree in as the staging folder, under the
// staging folder's usual name so that a build killed from here on leaves
// what Clean removes. It returns nil (and no error) when there is no
// usable spare.
func adoptSpare(dest, spare string) (*Dir, error) {
	if !marked(spare) {
		// Only a marked (or empty) folder is ever deleted, even here: an
		// unmarked one is left alone and unused, and the old tree is then
		// removed after the swap, as a plain Dir removes it.
		if empty(spare) {
			_ = os.Remove(spare)
		}
		return nil, nil
	}
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	// Reserve a staging name, then move the spare onto it.
	staging, err := os.MkdirTemp(parent, stagingPrefix(dest))
	if err != nil {
		return nil, fmt.Errorf("cannot create a staging folder beside %s: %v", dest, err)
	}
	if err := os.Remove(staging); err != nil {
		return nil, err
	}
	if err := os.Rename(spare, staging); err != nil {
		// Another file system than the output's: a spare cannot be used
		// there, so keep none.
		_ = removeOutput(spare)
		return nil, nil
	}
	if err := os.Chmod(staging, 0o755); err != nil {
		_ = removeOutput(staging)
		return nil, err
	}
	d := &Dir{dest: dest, staging: staging}
	d.made.Store(staging, true)
	return d, nil
}

// walk lists the adopted spare. It runs beside the build's writes: what it
// sees of them is in written, so it does not matter whether it sees them.
func (r *reuse) walk(root string) {
	defer close(r.walkDone)
	_ = filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			if e != nil && e.IsDir() && p != root {
				return filepath.SkipDir
			}
			return nil
		}
		if p == root {
			return nil
		}
		r.walked = append(r.walked, walkedEntry{path: p, dir: e.IsDir()})
		return nil
	})
}

func readManifest(file, dest string) map[string]manifestEntry {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil
	}
	var m manifestFile
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&m); err != nil || m.Version != manifestVersion || m.Dest != dest {
		return nil
	}
	return m.Files
}

// writeManifest replaces the manifest in one rename, so a reader sees the
// old one or the new one.
func (r *reuse) writeManifest() error {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(manifestFile{Version: manifestVersion, Dest: r.dest, Files: r.written}); err != nil {
		return err
	}
	tmp := r.manifest + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, r.manifest)
}

// write stores data at full (name in the staging folder), reusing the live
// output's file or the spare's where it can.
func (r *reuse) write(full, name string, data []byte) error {
	hash := contentHash(data)
	var cur fs.FileInfo
	exists := false
	if r.walkDone != nil {
		// Only an adopted spare holds files this build did not write; in
		// a staging folder that started empty, O_EXCL below tells.
		var err error
		cur, err = os.Lstat(full)
		exists = err == nil
	}
	if e, ok := r.old[name]; ok && e.Hash == hash && e.Size == int64(len(data)) {
		live := filepath.Join(r.dest, filepath.FromSlash(name))
		if fi, err := os.Lstat(live); err == nil && e.matches(fi) {
			if exists && os.SameFile(cur, fi) {
				r.record(name, e)
				return nil
			}
			if exists {
				if err := removeAny(full, cur); err != nil {
					return err
				}
				exists = false
			}
			if err := os.Link(live, full); err == nil {
				r.record(name, e)
				return nil
			}
			// No hard links here: write the bytes instead.
		}
	}
	flag := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if exists {
		if cur.Mode().IsRegular() && cur.Mode().Perm() == 0o644 && links(cur) == 1 {
			// No other name shares this inode (it is not a link to the
			// live output): rewriting it in place frees no inode.
			flag = os.O_WRONLY | os.O_TRUNC
		} else if err := removeAny(full, cur); err != nil {
			return err
		}
	}
	f, err := os.OpenFile(full, flag, 0o644)
	if err != nil && !exists && errors.Is(err, fs.ErrExist) && r.walkDone == nil {
		// Written twice in one build: as into a spare's file.
		if cur, err = os.Lstat(full); err != nil {
			return err
		}
		if err = removeAny(full, cur); err != nil {
			return err
		}
		f, err = os.OpenFile(full, flag, 0o644)
	}
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	var fi fs.FileInfo
	if err == nil {
		fi, err = f.Stat()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	r.record(name, entryOf(hash, fi))
	return nil
}

// keepLive is Dir.Keep: write's path for bytes equal to the live copy's,
// told by the hash and size the caller knows instead of by the bytes.
func (r *reuse) keepLive(full, name string, hash uint64, size int64) (bool, error) {
	e, ok := r.old[name]
	if !ok || e.Hash != hash || e.Size != size {
		return false, nil
	}
	live := filepath.Join(r.dest, filepath.FromSlash(name))
	fi, err := os.Lstat(live)
	if err != nil || !e.matches(fi) {
		return false, nil
	}
	if r.walkDone != nil {
		if cur, err := os.Lstat(full); err == nil {
			if os.SameFile(cur, fi) {
				r.record(name, e)
				return true, nil
			}
			if err := removeAny(full, cur); err != nil {
				return false, err
			}
		}
	}
	if err := os.Link(live, full); err != nil {
		// No hard links here, or written already in this build: Write
		// deals with it.
		return false, nil
	}
	r.record(name, e)
	return true, nil
}

func (r *reuse) record(name string, e manifestEntry) {
	r.mu.Lock()
	r.written[name] = e
	r.mu.Unlock()
}

// removeAny removes what the spare holds at p, a folder with all it holds.
func removeAny(p string, fi fs.FileInfo) error {
	if fi.IsDir() {
		return os.RemoveAll(p)
	}
	return os.Remove(p)
}

// prune removes from the staging folder what the spare held and this build
// did not write: files not written, and folders the build did not make.
// It runs in Commit, after every write.
func (r *reuse) prune(d *Dir) error {
	if r.walkDone == nil {
		return nil
	}
	<-r.walkDone
	made := func(dir string) bool {
		_, ok := d.made.Load(dir)
		return ok
	}
	for _, e := range r.walked {
		parent := filepath.Dir(e.path)
		if !made(parent) {
			continue // inside a folder removed already
		}
		rel, err := filepath.Rel(d.staging, e.path)
		if err != nil {
			return err
		}
		name := filepath.ToSlash(rel)
		if _, ok := r.written[name]; ok || made(e.path) || name == Marker {
			continue // written or made by this build (perhaps since the walk saw it)
		}
		var err2 error
		if e.dir {
			err2 = os.RemoveAll(e.path)
		} else {
			err2 = os.Remove(e.path)
		}
		if err2 != nil && !errors.Is(err2, fs.ErrNotExist) {
			return fmt.Errorf("cannot remove %s from the staging folder: %v", rel, err2)
		}
	}
	return nil
}

// keep makes the old tree, moved out of dest by the swap, the next build's
// spare; if that fails it is removed, as a plain Dir removes it.
func (r *reuse) keep(old string) error {
	if err := os.Rename(old, r.spare); err != nil {
		return removeOutput(old)
	}
	return nil
}
