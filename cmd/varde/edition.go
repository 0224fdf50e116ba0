package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/edition"
)

const editionSynopsis = "edition snapshot NAME [-s DIR]   (freezes content/ into editions/NAME/content and adds the edition to config.toml)"

// runEdition manages editions. Its one subcommand, snapshot, freezes the
// current content as a named edition: the files are copied, so the
// edition stays as it is whatever happens to content/ or to git history
// later, and it is published under /NAME/ from the next build on.
func runEdition(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("edition", editionSynopsis, stderr)
	src := fs.String("s", ".", "site `folder` (holds config.toml and content/)")
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
	if !edition.ValidName(name) {
		fmt.Fprintf(stderr, "varde edition: %q cannot name an edition: use letters, digits, '.', '_' or '-', starting with a letter or digit (it becomes the address /%s/)\n", name, name)
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
	if err := edition.CopyContent(*src, filepath.Join(target, "content")); err != nil {
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
