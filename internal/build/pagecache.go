package build

// The parsed pages of the last build (content.ReadCache): varde build keeps
// them in .varde/cache/pages.gob, so the next build parses the front matter
// of changed files only, and does not read a file whose stat is the one
// kept. An entry is used for its file's content (see
// internal/content/persist.go); the file as a whole by Varde's version and
// config.toml, which a page's language, type and defaults come from.

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/content"
)

// pageCachePath is the parsed-page cache file of a site.
func pageCachePath(source string) string {
	return filepath.Join(source, ".varde", "cache", "pages.gob")
}

// pageCacheKey is the key of the whole file; "" when Varde's version is
// unknown (then nothing is kept).
func pageCacheKey(fsys fs.FS) string {
	v := vardeVersion()
	if v == "" {
		return ""
	}
	cfg, err := fs.ReadFile(fsys, config.File)
	if err != nil {
		return ""
	}
	h := sha256.New()
	fmt.Fprintf(h, "pages\x00%s\x00%d\x00", v, len(cfg))
	h.Write(cfg)
	return hex.EncodeToString(h.Sum(nil))
}

// loadPageCache returns the parsed pages of the last build when they were
// kept under key, else an empty cache.
func loadPageCache(source, key string) *content.Cache {
	f, err := os.Open(pageCachePath(source))
	if err != nil {
		return content.NewCache()
	}
	defer f.Close()
	return content.ReadCache(f, key)
}

// savePageCache keeps this build's parsed pages for the next, when any
// changed. Written beside and renamed, so a reader sees a whole file; a
// failure only costs the next build the reuse.
func savePageCache(source, key string, c *content.Cache) {
	if !c.Changed() {
		return
	}
	_ = replaceFile(pageCachePath(source), "pages-*.tmp", func(tmp *os.File) error {
		return c.WriteTo(tmp, key)
	})
}
