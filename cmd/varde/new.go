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
	src := fs.String("s", ".", "site `folder`")
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if !wantArgs(fs, pos, 2, 2, stderr) {
		return exitUsage
	}
	typ, rel := pos[0], filepath.ToSlash(pos[1])
	if !config.ValidType(typ) {
		fmt.Fprintf(stderr, "varde new: unknown page type %q (use one of %s)\n", typ, strings.Join(config.PageTypes, ", "))
		return exitUsage
	}
	rel = strings.TrimPrefix(path.Clean(strings.TrimPrefix(rel, "content/")), "/")
	if strings.HasPrefix(rel, "..") || rel == "." {
		fmt.Fprintf(stderr, "varde new: %q must be a path inside content/\n", pos[1])
		return exitUsage
	}
	if path.Ext(rel) != ".md" {
		rel += ".md"
	}
	target := filepath.Join(*src, "content", filepath.FromSlash(rel))
	if _, err := os.Stat(target); err == nil {
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
	now := time.Now()
	var b bytes.Buffer
	if err := tpl.Execute(&b, map[string]string{
		"Title": title, "Slug": slug.Make(base), "Date": now.Format("2006-01-02"),
		"Review": now.AddDate(1, 0, 0).Format("2006-01-02"), "Type": typ,
	}); err != nil {
		fmt.Fprintf(stderr, "varde new: archetypes/%s.md: %v\n", typ, err)
		return exitContent
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		fmt.Fprintf(stderr, "varde new: %v\n", err)
		return exitContent
	}
	if err := os.WriteFile(target, b.Bytes(), 0o644); err != nil {
		fmt.Fprintf(stderr, "varde new: %v\n", err)
		return exitContent
	}
	fmt.Fprintf(stdout, "Created %s. Fill in every \"FYLL UT\"; varde check lists what is left.\n", target)
	return exitOK
}

// titleFromName makes a first title from a file name: "åpen-dialog" gives
// "Åpen dialog". The archetypes put it between double quotes in YAML, so
// quotes and backslashes are escaped.
func titleFromName(base string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(slug.Title(base))
}
