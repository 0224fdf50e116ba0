package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/varde-portal/varde/internal/build"
	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/edition"
	"github.com/varde-portal/varde/internal/pack"
	"github.com/varde-portal/varde/internal/sitefs"
)

const editionSynopsis = "edition snapshot NAME [-s DIR]   (freezes content/ into editions/NAME/content and adds the edition to config.toml)"

// runEdition manages editions. Its one subcommand, snapshot, freezes the
// current content as a named edition: the files are copied, so the
// edition stays as it is whatever happens to content/ or to git history
// later, and it is published under /NAME/ from the next build on.
func runEdition(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("edition", editionSynopsis, stderr)
	src := siteFlag(fs)
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if !wantArgs(fs, pos, 2, 2, stderr) {
		return exitUsage
	}
	if pos[0] != "snapshot" {
		fmt.Fprintf(stderr, "varde edition: unknown subcommand %q; the subcommand is snapshot\n", pos[0])
		fs.Usage()
		return exitUsage
	}
	name := pos[1]
	if len(name) > edition.MaxNameLen {
		fmt.Fprintf(stderr, "varde edition: the name is %d characters long; use a short one such as 2025 or utgave-2025 (at most %d)\n", len(name), edition.MaxNameLen)
		return exitUsage
	}
	if !edition.ValidName(name) {
		fmt.Fprintf(stderr, "varde edition: %q cannot name an edition: use letters, digits, '.', '_' or '-', starting with a letter or digit (it becomes the address /%s/)\n", name, name)
		return exitUsage
	}
	if !needSite("edition", *src, stderr) {
		return exitUsage
	}
	content := filepath.Join(*src, "content")
	if st, err := os.Stat(content); err != nil || !st.IsDir() {
		fmt.Fprintf(stderr, "varde edition: %s is not a folder; run the command in a site, or give the site with -s DIR\n", content)
		return exitContent
	}
	dir := "editions/" + name // as written in config.toml
	target := filepath.Join(*src, "editions", name)
	if _, err := os.Lstat(target); err == nil {
		fmt.Fprintf(stderr, "varde edition: %s already exists; choose another name, or remove the folder to snapshot again\n", target)
		return exitContent
	}
	cfgPath := filepath.Join(*src, config.File)
	if err := edition.CheckAdd(cfgPath, name, dir); err != nil {
		fmt.Fprintf(stderr, "varde %v\n", err)
		return exitContent
	}
	if !editionNameFree(*src, name, stderr) {
		return exitContent
	}
	warnUncommitted(*src, stderr)
	if err := copyEditionContent(*src, filepath.Join(target, "content")); err != nil {
		// CopyTree made editions/NAME for its temporary copy: take it (and
		// editions/, if it was new) away again, but only when empty.
		_ = os.Remove(target)
		_ = os.Remove(filepath.Dir(target))
		fmt.Fprintf(stderr, "varde %v\n", err)
		return exitContent
	}
	if err := edition.AddToConfig(cfgPath, name, dir); err != nil {
		_ = os.RemoveAll(target)
		_ = os.Remove(filepath.Dir(target))
		fmt.Fprintf(stderr, "varde %v\n", err)
		return exitContent
	}
	fmt.Fprintf(stdout, "Froze %s into %s and added edition %q to %s.\nThe next build publishes it under /%s/, with a banner linking each page to its current version.\n",
		content, filepath.Join(target, "content"), name, cfgPath, name)
	return exitOK
}

// copyEditionContent freezes the content a site builds from into dst. On a
// site with packs that is the packs' content under the site's own (the
// site's files winning, exclusions applied), each pack page with the
// site's local addition (lokalt/) in its place: the edition keeps the
// national text of the day, which a later pack update must not change.
// Values ({{name}}) stay as written and take config.toml's values when the
// edition is built, as in the site's own pages.
func copyEditionContent(src, dst string) error {
	site, err := sitefs.Open(src)
	if err != nil {
		return fmt.Errorf("edition: %w", err)
	}
	defer site.Close()
	cfg, _ := config.Load(site)
	if cfg == nil || len(cfg.Packs) == 0 {
		return edition.CopyContent(src, dst)
	}
	if refused := site.Check("content"); len(refused) > 0 {
		return edition.CopyContent(src, dst) // names the links
	}
	abs, err := filepath.Abs(src)
	if err != nil {
		return fmt.Errorf("edition: %w", err)
	}
	layered, ds := pack.Open(context.Background(), site, cfg, pack.Options{Site: abs})
	if layered == nil {
		for _, d := range ds {
			if d.Severity == diag.Error {
				return fmt.Errorf("edition: %s", d)
			}
		}
		return errors.New("edition: the site's packs cannot be read")
	}
	content, err := fs.Sub(layered, "content")
	if err != nil {
		return fmt.Errorf("edition: %w", err)
	}
	if err := edition.CopyTree(content, dst); err != nil {
		return err
	}
	err = fs.WalkDir(site, pack.LocalDir, func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.EqualFold(filepath.Ext(name), ".md") {
			return err
		}
		rel := strings.TrimPrefix(name, pack.LocalDir+"/")
		if layered.Origin("content/"+rel) == nil {
			return nil // the site's own page: the build warns, as it does for the site
		}
		add, err := fs.ReadFile(site, name)
		if err != nil {
			return err
		}
		file := filepath.Join(dst, filepath.FromSlash(rel))
		page, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		out, _, _, _ := pack.Splice(page, add)
		return os.WriteFile(file, out, 0o644)
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		_ = os.RemoveAll(dst)
		return fmt.Errorf("edition: local additions: %w", err)
	}
	return nil
}

// editionNameFree loads the site and refuses a name under whose address
// the site already publishes something (a section, a page, a language):
// the snapshot used to succeed, and from then on the site did not build.
// A site with errors is refused too, since its snapshot would carry them
// into every later build. It reports false when the name is not free,
// which is exit 1 like a name config.toml already has (the site's state),
// while a name that can never be one is a usage error.
func editionNameFree(src, name string, stderr io.Writer) bool {
	l, err := build.Load(context.Background(), build.Options{Source: src})
	if err != nil {
		if l != nil {
			var errs []diag.Diagnostic
			for _, d := range l.Diags {
				if d.Severity == diag.Error {
					errs = append(errs, d)
				}
			}
			printDiags(stderr, errs)
			fmt.Fprintln(stderr, "varde edition: the site has errors; fix them first, since a snapshot would carry them into every later build")
		} else {
			fmt.Fprintf(stderr, "varde edition: %v\n", err)
		}
		return false
	}
	who := edition.Occupant(name, l.Site)
	if who == "" {
		if st, err := os.Stat(filepath.Join(src, "static", name)); err == nil && st.IsDir() {
			who = filepath.Join(src, "static", name)
		}
	}
	if who != "" {
		fmt.Fprintf(stderr, "varde edition: %q cannot name an edition: it would be published under /%s/, where the site already has %s; choose another name, such as 2025 or utgave-2025\n", name, name, who)
		return false
	}
	return true
}

// warnUncommitted warns when content/ has changes git has not committed:
// the snapshot copies the files as they are, and an edition named after a
// release would quietly differ from the commit it is thought to be. A site
// outside git, or a machine without it, gets no warning.
func warnUncommitted(src string, stderr io.Writer) {
	out, err := git(src, "status", "--porcelain", "--untracked-files=all", "--", "content")
	if err != nil || strings.TrimSpace(out) == "" {
		return
	}
	var names []string
	for _, l := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		if len(l) > 3 {
			names = append(names, l[3:])
		}
	}
	fmt.Fprintf(stderr, "varde edition: warning: content/ has %d uncommitted change(s) (%s); they go into the edition as they are now. Commit them first if the edition should match the git history.\n",
		len(names), listSome(names, 3))
}
