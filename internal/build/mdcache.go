package build

// The Markdown cache that survives between runs of varde build (issue 22):
// .varde/cache/markdown.gob holds the conversion result of every page of
// the last build, so that the next build converts only the pages whose
// text changed, in an editor's working copy and in CI jobs that restore
// .varde/ from their cache.
//
// Invalidation, from the outside in:
//
//   - the file as a whole is used only when its key matches: Varde's
//     version (module version and VCS revision, or the executable's size
//     and time for a modified or unversioned build), config.toml, every
//     UI string file of the theme and the site (labels of quizzes and
//     checklists are converted into the HTML), and the build options that
//     change how links resolve (drafts, draft links failing, base URL);
//   - an entry is used only when its own key matches (site.Cache): the
//     page's file, language, id, body line, scale, NSM references, the
//     hash of its Markdown text, and a fingerprint of every link target of
//     the site (each content file with its page's URL and key, each
//     resource), so a page added, removed or moved converts every page
//     again;
//   - a result with any diagnostic is never stored, so warnings are said
//     again, in full, on every build.
//
// What a page's HTML depends on beyond its own Markdown (menus, related
// pages, titles of other pages, dates, "Hva er nytt", collected checklist
// questions) is added by the templates on every build, never cached.

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"unsafe"

	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/markdown"
	"github.com/varde-portal/varde/internal/render"
	"github.com/varde-portal/varde/internal/site"
)

// mdCacheFormat changes whenever what the file holds changes meaning
// (markdown.Result's fields, the entry key, the layout below): an older
// file is ignored.
const mdCacheFormat = 4 // 4: the delta file (mdCacheHeader.Base)

// The file is laid out for a cheap read (docs/performance.md, session 15):
//
//	checksum  8 bytes: contentHash of everything after it
//	metaLen   8 bytes, little-endian
//	meta      gob: mdCacheHeader, then one mdCacheEntry per page, its
//	          Result without its three long texts (HTML, Text, Lead)
//	texts     the entries' HTML, Text and Lead, one after the other
//
// Decoding 10,000 pages' HTML and text from gob (130 MB) took a third of a
// CPU-second, most of it copying strings one by one; here the texts are
// one read, and each page's are slices of it. The checksum (two CRC-32 in
// hardware) makes a file damaged anywhere, in a text too, unused as a
// whole: gob would read a changed byte inside a text as another text.
type mdCacheHeader struct {
	Format  int
	Key     string
	Entries int
	// Base is, in the delta file, the checksum of the markdown.gob it adds
	// to; 0 in markdown.gob itself.
	Base uint64
}

// A build that converted a few pages does not write the whole file again
// (130 MB at 10,000 pages): it writes their results to markdown-delta.gob,
// which names the markdown.gob it adds to by its checksum and is read on
// top of it. markdown.gob keeps the entries of the pages changed since, now
// unused (their keys hold the old texts' hashes). The whole file is written
// again, and the delta removed, once the delta would hold more than a
// twentieth of the pages or a tenth of markdown.gob's entries are unused.
const (
	mdDeltaMaxPart = 20 // delta entries at most 1/mdDeltaMaxPart of the pages
	mdStaleMaxPart = 10 // unused entries of markdown.gob at most 1/mdStaleMaxPart
)

// mdBase is what a build read of markdown.gob, for writing a delta.
type mdBase struct {
	sum  uint64          // its checksum; 0: none usable
	keys map[string]bool // its entries
}

// mdDeltaPath is the delta file of a site (see mdCacheHeader.Base).
func mdDeltaPath(source string) string {
	return filepath.Join(source, ".varde", "cache", "markdown-delta.gob")
}

type mdCacheEntry struct {
	Key              string
	Result           *markdown.Result
	HTML, Text, Lead int // lengths of the texts, in the texts part
}

// mdCachePath is the cache file of a site.
func mdCachePath(source string) string {
	return filepath.Join(source, ".varde", "cache", "markdown.gob")
}

// vardeVersion identifies the code that converts: a released module
// version or a clean VCS revision names it exactly; anything else (a
// modified checkout, go run, a test binary) by the executable file.
func vardeVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		var rev, modified string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
		if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			return bi.Main.Version + " " + bi.GoVersion
		}
		if rev != "" && modified == "false" {
			return rev + " " + bi.GoVersion
		}
	}
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	st, err := os.Stat(exe)
	if err != nil {
		return ""
	}
	return fmt.Sprintf("%s %d %d", exe, st.Size(), st.ModTime().UnixNano())
}

// mdCacheKey is the key of the whole cache file (see the top of the file).
// It is "" when Varde's version is unknown: then nothing is cached.
func mdCacheKey(fsys fs.FS, o Options, r *render.Renderer) string {
	v := vardeVersion()
	if v == "" {
		return ""
	}
	h := sha256.New()
	fmt.Fprintf(h, "%d\x00%s\x00%t\x00%t\x00%s\x00", mdCacheFormat, v, o.Drafts, o.DraftLinksFail, o.BaseURL)
	cfg, _ := fs.ReadFile(fsys, config.File)
	fmt.Fprintf(h, "%d\x00", len(cfg))
	h.Write(cfg)
	files := r.Theme.Files("i18n")
	sort.Strings(files)
	for _, f := range files {
		b, _, err := r.Theme.ReadFile("i18n/" + f)
		if err != nil {
			return ""
		}
		fmt.Fprintf(h, "%s\x00%d\x00", f, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// mdAhead is the Markdown cache's files being read before the cache's key
// is known (the key needs the theme): Load starts reading them beside
// parsing the content and building the site graph, most of which keeps
// one core busy, and takes them at the conversion.
type mdAhead struct {
	done      chan struct{}
	m, d      map[string]*markdown.Result // markdown.gob's entries, the delta's
	sum, on   uint64                      // markdown.gob's checksum, the one the delta adds to
	key, dkey string                      // the keys they were written under
}

// readMarkdownAhead starts reading the Markdown cache files of a site.
func readMarkdownAhead(source string) *mdAhead {
	a := &mdAhead{done: make(chan struct{})}
	go func() {
		defer close(a.done)
		a.m, a.sum, _, a.key = readMDFileAny(mdCachePath(source))
		if a.m != nil {
			a.d, _, a.on, a.dkey = readMDFileAny(mdDeltaPath(source))
		}
	}()
	return a
}

// take waits for the files and returns the cache of the last build when
// they were written under key, else an empty one, and what it read of
// markdown.gob.
func (a *mdAhead) take(key string) (*site.Cache, *mdBase) {
	<-a.done
	m := a.m
	if m == nil || a.key != key {
		return site.NewCache(), &mdBase{}
	}
	base := &mdBase{sum: a.sum, keys: make(map[string]bool, len(m))}
	for k := range m {
		base.keys[k] = true
	}
	if a.d != nil && a.dkey == key && a.on == a.sum {
		maps.Copy(m, a.d)
	}
	return site.NewCacheOf(m), base
}

// readMDFile reads a cache file (markdown.gob or the delta) of key: its
// entries (nil when it is missing, damaged, of another format or key), its
// checksum and the checksum of the file it adds to (mdCacheHeader.Base).
func readMDFile(path, key string) (map[string]*markdown.Result, uint64, uint64) {
	m, sum, base, k := readMDFileAny(path)
	if m == nil || k != key {
		return nil, 0, 0
	}
	return m, sum, base
}

// readMDFileAny is readMDFile for whatever key the file was written
// under, which it returns.
func readMDFileAny(path string) (map[string]*markdown.Result, uint64, uint64, string) {
	b, err := os.ReadFile(path)
	if err != nil || len(b) < 16 || binary.LittleEndian.Uint64(b[:8]) != checksum(b[8:]) {
		return nil, 0, 0, ""
	}
	sum := binary.LittleEndian.Uint64(b[:8])
	metaLen := binary.LittleEndian.Uint64(b[8:16])
	if metaLen > uint64(len(b)-16) {
		return nil, 0, 0, ""
	}
	meta, texts := b[16:16+metaLen], b[16+metaLen:]
	// The texts are never written to again: the pages' strings share
	// them rather than each being copied out of the file.
	all := ""
	if len(texts) > 0 {
		all = unsafe.String(&texts[0], len(texts))
	}
	dec := gob.NewDecoder(bytes.NewReader(meta))
	var h mdCacheHeader
	if err := dec.Decode(&h); err != nil || h.Format != mdCacheFormat || h.Entries < 0 {
		return nil, 0, 0, ""
	}
	m := make(map[string]*markdown.Result, min(h.Entries, 1<<20))
	off := 0
	text := func(n int) (string, bool) {
		if n < 0 || n > len(all)-off {
			return "", false
		}
		off += n
		return all[off-n : off], true
	}
	for range h.Entries {
		var e mdCacheEntry
		if err := dec.Decode(&e); err != nil || e.Result == nil {
			return nil, 0, 0, "" // damaged: none of it
		}
		var ok1, ok2, ok3 bool
		e.Result.HTML, ok1 = text(e.HTML)
		e.Result.Text, ok2 = text(e.Text)
		e.Result.Lead, ok3 = text(e.Lead)
		if !ok1 || !ok2 || !ok3 {
			return nil, 0, 0, ""
		}
		m[e.Key] = e.Result
	}
	if off != len(all) {
		return nil, 0, 0, ""
	}
	return m, sum, h.Base, h.Key
}

// checksum is what the cache file's first 8 bytes hold for the rest.
func checksum(b []byte) uint64 {
	return uint64(crc32.Checksum(b, crc32.MakeTable(crc32.Castagnoli)))<<32 | uint64(crc32.ChecksumIEEE(b))
}

// saveMarkdownCache keeps the results of this build's pages for the next,
// when any was converted anew (the file of a build that converted nothing
// holds the same entries already): in the delta file when few were
// (mdDeltaMaxPart), else in markdown.gob. Written beside and renamed, so a
// reader sees a whole file; a failure only costs the next build the reuse.
func saveMarkdownCache(source, key string, c *site.Cache, base *mdBase) (reused int) {
	used, found := c.Used()
	keys := make([]string, 0, len(used))
	for k, r := range used {
		if r != nil && len(r.Diags) == 0 {
			keys = append(keys, k)
		}
	}
	if found == len(used) && found == len(keys) {
		return found
	}
	sort.Strings(keys)
	if base != nil && base.sum != 0 {
		var fresh []string
		for _, k := range keys {
			if !base.keys[k] {
				fresh = append(fresh, k)
			}
		}
		stale := len(base.keys) - (len(keys) - len(fresh))
		if len(fresh)*mdDeltaMaxPart <= len(keys) && stale*mdStaleMaxPart <= len(base.keys) {
			writeMDFile(mdDeltaPath(source), "markdown-delta-*.tmp", mdCacheHeader{Format: mdCacheFormat, Key: key, Entries: len(fresh), Base: base.sum}, fresh, used)
			return found
		}
	}
	// The whole file, then the delta goes: a delta left beside names
	// another checksum and is not read.
	if writeMDFile(mdCachePath(source), "markdown-*.tmp", mdCacheHeader{Format: mdCacheFormat, Key: key, Entries: len(keys)}, keys, used) {
		_ = os.Remove(mdDeltaPath(source))
	}
	return found
}

// writeMDFile writes a cache file holding the entries keys of used;
// false when it could not.
func writeMDFile(path, pattern string, h mdCacheHeader, keys []string, used map[string]*markdown.Result) bool {
	var meta bytes.Buffer
	enc := gob.NewEncoder(&meta)
	err := enc.Encode(h)
	for _, k := range keys {
		if err != nil {
			break
		}
		r := *used[k]
		e := mdCacheEntry{Key: k, Result: &r, HTML: len(r.HTML), Text: len(r.Text), Lead: len(r.Lead)}
		r.HTML, r.Text, r.Lead = "", "", ""
		err = enc.Encode(e)
	}
	if err != nil {
		return false
	}
	return replaceFile(path, pattern, func(tmp *os.File) error {
		var err error
		// The checksum goes first, once the rest is written: two CRC-32 of
		// the parts as they are written.
		castagnoli, ieee := crc32.New(crc32.MakeTable(crc32.Castagnoli)), crc32.NewIEEE()
		w := bufio.NewWriterSize(io.MultiWriter(tmp, castagnoli, ieee), 1<<16)
		if _, err = tmp.Write(make([]byte, 8)); err == nil {
			_, err = w.Write(binary.LittleEndian.AppendUint64(nil, uint64(meta.Len())))
		}
		if err == nil {
			_, err = w.Write(meta.Bytes())
		}
		for _, k := range keys {
			if err != nil {
				break
			}
			r := used[k]
			for _, s := range []string{r.HTML, r.Text, r.Lead} {
				if _, err = w.WriteString(s); err != nil {
					break
				}
			}
		}
		if err == nil {
			err = w.Flush()
		}
		if err == nil {
			sum := uint64(castagnoli.Sum32())<<32 | uint64(ieee.Sum32())
			_, err = tmp.WriteAt(binary.LittleEndian.AppendUint64(nil, sum), 0)
		}
		return err
	}) == nil
}
