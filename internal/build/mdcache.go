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
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"

	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/markdown"
	"github.com/varde-portal/varde/internal/render"
	"github.com/varde-portal/varde/internal/site"
)

// mdCacheFormat changes whenever what the file holds changes meaning
// (markdown.Result's fields, the entry key): an older file is ignored.
const mdCacheFormat = 2

// The file is a header and then one gob value per entry, so that neither
// writing nor reading holds the encoding of the whole file in memory (one
// gob value of 10,000 pages would be buffered whole, about as large as
// the file).
type mdCacheHeader struct {
	Format  int
	Key     string
	Entries int
}

type mdCacheEntry struct {
	Key    string
	Result *markdown.Result
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

// loadMarkdownCache returns the cache of the last build when its key is
// key, else an empty one.
func loadMarkdownCache(source, key string) *site.Cache {
	f, err := os.Open(mdCachePath(source))
	if err != nil {
		return site.NewCache()
	}
	defer f.Close()
	dec := gob.NewDecoder(bufio.NewReaderSize(f, 1<<16))
	var h mdCacheHeader
	if err := dec.Decode(&h); err != nil || h.Format != mdCacheFormat || h.Key != key || h.Entries < 0 {
		return site.NewCache()
	}
	m := make(map[string]*markdown.Result, min(h.Entries, 1<<20))
	for range h.Entries {
		var e mdCacheEntry
		if err := dec.Decode(&e); err != nil || e.Result == nil {
			return site.NewCache() // cut short or damaged: none of it
		}
		m[e.Key] = e.Result
	}
	return site.NewCacheOf(m)
}

// saveMarkdownCache keeps the results of this build's pages for the next,
// when any was converted anew (the file of a build that converted nothing
// holds the same entries already). Written beside and renamed, so a
// reader sees a whole file; a failure only costs the next build the reuse.
func saveMarkdownCache(source, key string, c *site.Cache) (reused int) {
	used, found := c.Used()
	keep := make(map[string]*markdown.Result, len(used))
	for k, r := range used {
		if r != nil && len(r.Diags) == 0 {
			keep[k] = r
		}
	}
	if found == len(used) && found == len(keep) {
		return found
	}
	file := mdCachePath(source)
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return found
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), "markdown-*.tmp")
	if err != nil {
		return found
	}
	w := bufio.NewWriterSize(tmp, 1<<16)
	enc := gob.NewEncoder(w)
	err = enc.Encode(mdCacheHeader{Format: mdCacheFormat, Key: key, Entries: len(keep)})
	for k, r := range keep {
		if err != nil {
			break
		}
		err = enc.Encode(mdCacheEntry{Key: k, Result: r})
	}
	if err == nil {
		err = w.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), file)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
	}
	return found
}
