package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/pack"
)

const packSynopsis = `pack status [NAME] [--offline] [--ref R] [-s DIR]
       varde pack update [NAME] [--ref R] [-s DIR]
       varde pack override PATH [--rebase] [-s DIR]

status    lists, for the pinned and the newest ref of each pack, the pack's pages
          added, removed and changed, and every page the site overrides whose
          national original changed since (with a word diff)
update    moves the pin (the ref line in config.toml, nothing else) to the newest
          ref or --ref, and prints the same report
override  copies a pack page into the site's content/ to edit it there, recording
          in pack_base what it is based on; --rebase records that an existing
          override now follows the pinned national page`

// runPack is `varde pack`: what changed upstream in the site's packs, and
// moving a pack's pin. It never changes the site's own pages, except that
// override writes the one new page it is asked for.
func runPack(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("pack", packSynopsis, stderr)
	src := siteFlag(fs)
	ref := fs.String("ref", "", "the `ref` (tag or commit) to compare with or move the pin to; default the newest tag")
	offline := fs.Bool("offline", false, "status: do not fetch, compare what .varde/packs has")
	rebase := fs.Bool("rebase", false, "override: only record that the site's page now follows the pinned national page")
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		fmt.Fprintln(stderr, "varde pack: give a subcommand: status, update or override")
		fs.Usage()
		return exitUsage
	}
	sub, rest := pos[0], pos[1:]
	if sub != "status" && sub != "update" && sub != "override" {
		fmt.Fprintf(stderr, "varde pack: unknown subcommand %q; the subcommands are status, update and override\n", sub)
		fs.Usage()
		return exitUsage
	}
	if !needSite("pack", *src, stderr) {
		return exitUsage
	}
	data, err := os.ReadFile(filepath.Join(*src, config.File))
	if err != nil {
		fmt.Fprintf(stderr, "varde pack: %v\n", err)
		return exitContent
	}
	cfg, ds := config.Parse(data)
	for _, d := range ds {
		fmt.Fprintln(stderr, d.String())
	}
	if cfg == nil || hasErrors(ds) {
		return exitContent
	}
	if len(cfg.Packs) == 0 {
		fmt.Fprintf(stderr, "varde pack: %s has no [[packs]]; add one (see docs/format.md, \"Packs\")\n", filepath.Join(*src, config.File))
		return exitContent
	}
	ctx := context.Background()
	if sub == "override" {
		if len(rest) != 1 {
			fmt.Fprintln(stderr, "varde pack override: give the pack page's path, e.g. content/veiledere/dpia.md")
			return exitUsage
		}
		name, base, err := pack.MakeOverride(ctx, *src, cfg, rest[0], *rebase)
		if err != nil {
			fmt.Fprintf(stderr, "varde pack override: %v\n", err)
			return exitContent
		}
		verb := "Copied"
		if *rebase {
			verb = "Recorded in"
		}
		fmt.Fprintf(stdout, "%s %s from pack %q at %s (pack_base: %s).\nThe site's page now wins over the pack's; `varde pack status` tells you when the national page changes.\n", verb, name, base.Pack, base.Ref, base)
		for _, p := range cfg.Packs {
			if p.Name == base.Pack && p.Git == "" {
				// A folder has no history to read the old text from.
				fmt.Fprintf(stdout, "The national text is kept in %s for status's diff: commit it with the page.\n", pack.BaseFile(base.Pack, base.Blob))
			}
		}
		return exitOK
	}
	indexes, ok := pickPacks(cfg, rest, stderr)
	if !ok {
		return exitUsage
	}
	failed := false
	for _, i := range indexes {
		spec := cfg.Packs[i]
		if sub == "update" {
			if spec.Git == "" {
				fmt.Fprintf(stdout, "Pack %q is a folder (%s): there is no pin to move.\n", spec.Name, spec.Path)
				continue
			}
			to, err := pack.UpdateRef(ctx, *src, cfg, i, *ref)
			if err != nil {
				fmt.Fprintf(stderr, "varde pack update: %v\n", err)
				failed = true
				continue
			}
			fmt.Fprintf(stdout, "Pack %q: pin moved from %s to %s in %s.\n", spec.Name, spec.Ref, to, config.File)
			spec.Ref = to
		}
		r, err := pack.Status(ctx, spec, pack.StatusOptions{Site: *src, Offline: *offline, Ref: *ref})
		if err != nil {
			fmt.Fprintf(stderr, "varde pack %s: %v\n", sub, err)
			failed = true
			continue
		}
		r.Print(stdout)
	}
	if failed {
		return exitContent
	}
	return exitOK
}

// pickPacks returns the packs named (all when none is).
func pickPacks(cfg *config.Config, names []string, stderr io.Writer) ([]int, bool) {
	if len(names) == 0 {
		out := make([]int, len(cfg.Packs))
		for i := range out {
			out[i] = i
		}
		return out, true
	}
	var out []int
	for _, n := range names {
		found := false
		for i, p := range cfg.Packs {
			if p.Name == n {
				out, found = append(out, i), true
			}
		}
		if !found {
			var all []string
			for _, p := range cfg.Packs {
				all = append(all, p.Name)
			}
			fmt.Fprintf(stderr, "varde pack: no pack named %q in config.toml (it has %s)\n", n, strings.Join(all, ", "))
			return nil, false
		}
	}
	return out, true
}

func hasErrors(ds []diag.Diagnostic) bool {
	for _, d := range ds {
		if d.Severity == diag.Error {
			return true
		}
	}
	return false
}
