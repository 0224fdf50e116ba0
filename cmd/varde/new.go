package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"text/template"
	"time"

	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/render"
	"github.com/varde-portal/varde/internal/sitefs"
	"github.com/varde-portal/varde/internal/slug"
)

func runNew(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("new", "new TYPE PATH [-s DIR]   (TYPE: "+strings.Join(config.PageTypes, ", ")+"; PATH inside content/, e.g. veiledere/skytjenester.md)", stderr)
	src := siteFlag(fs)
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if !wantArgs(fs, pos, 2, 2, stderr) || !needSite("new", *src, stderr) {
		return exitUsage
	}
	typ, rel := pos[0], filepath.ToSlash(pos[1])
	if !config.ValidType(typ) {
		fmt.Fprintf(stderr, "varde new: unknown page type %q (use one of %s)\n", typ, strings.Join(config.PageTypes, ", "))
		return exitUsage
	}
	rel, ok = contentPath(pos[1])
	if !ok {
		fmt.Fprintf(stderr, "varde new: %q must be a path inside content/, relative to it, such as veiledere/skytjenester.md\n", pos[1])
		return exitUsage
	}
	if msg := ignoredName(rel); msg != "" {
		fmt.Fprintf(stderr, "varde new: %s\n", msg)
		return exitUsage
	}
	target := filepath.Join(*src, "content", filepath.FromSlash(rel))
	if _, err := os.Lstat(target); err == nil {
		fmt.Fprintf(stderr, "varde new: %s already exists\n", target)
		return exitContent
	}
	// Read through sitefs, as a build reads: no link out of the site is
	// followed, neither to read an archetype nor to write the page.
	site, err := sitefs.Open(*src)
	if err != nil {
		fmt.Fprintf(stderr, "varde new: %v\n", err)
		return exitContent
	}
	defer site.Close()
	if _, err := site.Resolve("content"); err != nil && !errors.Is(err, iofs.ErrNotExist) {
		fmt.Fprintf(stderr, "varde new: %v\n", err)
		return exitContent
	}
	cfg, ds := config.Load(site)
	if cfg == nil || len(ds) > 0 {
		printDiags(stderr, ds)
		return exitContent
	}
	th, err := render.LoadTheme(site, cfg.Theme)
	if err != nil {
		fmt.Fprintf(stderr, "varde new: %v\n", err)
		return exitContent
	}
	arch, where, err := th.ReadFile("archetypes/" + typ + ".md")
	if errors.Is(err, iofs.ErrNotExist) {
		fmt.Fprintf(stderr, "varde new: no archetype for %s (looked for archetypes/%s.md in the site and the theme)\n", typ, typ)
		return exitContent
	}
	if err != nil {
		fmt.Fprintf(stderr, "varde new: %v\n", err)
		return exitContent
	}
	tpl, err := template.New(typ).Parse(string(arch))
	if err != nil {
		fmt.Fprintf(stderr, "varde new: archetypes/%s.md (%s): %v\n", typ, where, err)
		return exitContent
	}
	base := strings.TrimSuffix(path.Base(rel), ".md")
	if i := strings.LastIndexByte(base, '.'); i > 0 { // x.nn.md
		base = base[:i]
	}
	title := titleFromName(base)
	// ID names the page's control questions and quizzes in the theme's
	// archetypes. It is made from the whole path, not the file name: ids
	// are unique in the site, and veiledere/ny.md and verktoykasse/ny.md
	// would otherwise both ask question ny-1, an error.
	id := slug.Make(path.Join(path.Dir(rel), base))
	if id == "" {
		id = "side"
	}
	now := time.Now()
	var b bytes.Buffer
	// Date stays for a site's own archetypes; the theme's write no
	// updated: field, since the last-changed date comes from git.
	if err := tpl.Execute(&b, map[string]string{
		"Title": title, "Slug": slug.Make(base), "ID": id, "Date": now.Format("2006-01-02"),
		"Review": now.AddDate(1, 0, 0).Format("2006-01-02"), "Type": typ,
	}); err != nil {
		fmt.Fprintf(stderr, "varde new: archetypes/%s.md: %v\n", typ, err)
		return exitContent
	}
	if err := writeNew(filepath.Join(*src, "content"), rel, b.Bytes()); err != nil {
		fmt.Fprintf(stderr, "varde new: %v\n", err)
		return exitContent
	}
	fmt.Fprintf(stdout, "Created %s. Fill in every \"FYLL UT\"; varde check lists what is left.\n", target)
	return exitOK
}

// contentPath turns the PATH argument of `varde new` into a slash path
// inside content/, adding .md when it has no extension. It is written
// relative to content/ or, as typed from the site root, starting with
// content/. An absolute path is refused rather than read as relative:
// "/tmp/x.md" once made content/tmp/x.md, a page nobody asked for.
func contentPath(arg string) (string, bool) {
	if arg == "" || filepath.IsAbs(arg) || path.IsAbs(filepath.ToSlash(arg)) || filepath.VolumeName(arg) != "" {
		return "", false
	}
	rel := path.Clean(filepath.ToSlash(arg))
	if r, ok := strings.CutPrefix(rel, "content/"); ok {
		rel = r
	}
	if rel == "." || rel == ".." || rel == "content" || strings.HasPrefix(rel, "../") {
		return "", false
	}
	if path.Ext(rel) != ".md" {
		rel += ".md"
	}
	return rel, true
}

// ignoredName says why a page at rel (inside content/) would never be
// published, as content.Load skips files and folders whose name starts
// with "." or ends with "~" (editor backups): varde new made such a page,
// and nothing ever said it was left out. It returns "" for a name that is
// read.
func ignoredName(rel string) string {
	for _, part := range strings.Split(rel, "/") {
		switch {
		case strings.HasPrefix(part, "."):
			return fmt.Sprintf("%q: a name starting with \".\" is ignored by Varde (hidden files are left out of the site), so the page would never be published; choose a name without the dot", part)
		case strings.HasSuffix(part, "~"):
			return fmt.Sprintf("%q: a name ending in \"~\" is ignored by Varde (editor backups are left out of the site), so the page would never be published; choose another name", part)
		}
	}
	return ""
}

// writeNew writes a new page at rel inside the content folder, making the
// folders on its way. It goes through os.Root, so a symbolic link inside
// content/ cannot lead the page outside it, and it never replaces a file
// (O_EXCL), even one made since the existence check.
func writeNew(contentDir, rel string, data []byte) error {
	if err := os.MkdirAll(contentDir, 0o755); err != nil {
		return err
	}
	root, err := os.OpenRoot(contentDir)
	if err != nil {
		return err
	}
	defer root.Close()
	name := filepath.FromSlash(rel)
	if err := root.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// titleFromName makes a first title from a file name: "åpen-dialog" gives
// "Åpen dialog". The archetypes put it between double quotes in YAML, so
// quotes and backslashes are escaped.
func titleFromName(base string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(slug.Title(base))
}
