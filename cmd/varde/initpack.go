package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/varde-portal/varde/internal/config"
	"github.com/varde-portal/varde/internal/pack"
)

// initPackFiles makes init's files those of a site built on a pack: the
// home pages go (the pack has its own), and config.toml gets the
// [[packs]] block and the [values] the pack's pages use, to fill in.
func initPackFiles(dir string, files []initFile, arg, ref string) ([]initFile, error) {
	block := "\n# Innholdspakken portalen bygger på: sidene, malene og tekstene kommer\n# herfra, og en side med samme navn under content/ erstatter pakkens.\n# `varde pack status` viser hva som er endret nasjonalt, `varde pack update`\n# flytter festet til nyeste versjon.\n[[packs]]\nname = \"nasjonal\"\n"
	if pack.IsGit(arg) {
		url := arg
		if st, err := os.Stat(arg); err == nil && st.IsDir() {
			abs, err := filepath.Abs(arg)
			if err != nil {
				return nil, err
			}
			url = abs
		}
		var err error
		if ref, err = pack.Pin(context.Background(), dir, "nasjonal", url, ref); err != nil {
			return nil, err
		}
		block += "git = " + tomlString(url) + "\nref = " + tomlString(ref) + "\n"
	} else {
		if ref != "" {
			return nil, fmt.Errorf("%s is a folder, not a git repository, so it has no ref to pin", arg)
		}
		if _, err := os.Stat(arg); err != nil {
			// The usual slip: a path written from the new site's folder.
			wd, _ := os.Getwd()
			return nil, fmt.Errorf("there is no folder or git repository %s (the path is relative to the folder varde runs in, %s)", arg, wd)
		}
		st, err := os.Stat(filepath.Join(arg, "content"))
		if err != nil || !st.IsDir() {
			return nil, fmt.Errorf("%s has no content/ folder; a pack is laid out like a site", arg)
		}
		rel, err := relativeTo(dir, arg)
		if err != nil {
			return nil, err
		}
		block += "path = " + tomlString(rel) + "\n"
	}
	block += "\n# Kommunens egne opplysninger, som pakkens sider viser der de skriver\n# {{kommune}}, {{personvernombud.epost}} osv. (se docs/format.md, «Packs»).\n# Fyll inn og fjern #: en verdi som mangler, nevner varde check ved siden og linjen.\n[values]\n# kommune = \"Nordfjella kommune\"\n\n# [values.personvernombud]\n# navn = \"Kari Nordmann\"\n# epost = \"personvernombud@nordfjella.kommune.no\"\n"
	var out []initFile
	for _, f := range files {
		switch {
		case strings.HasPrefix(f.name, "content/"):
			continue
		case f.name == config.File:
			f.data = append(append([]byte{}, f.data...), block...)
		}
		out = append(out, f)
	}
	return out, nil
}

// relativeTo writes target relative to the site folder dir, as config.toml
// wants a pack's path, falling back to the absolute path.
func relativeTo(dir, target string) (string, error) {
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	absT, err := filepath.Abs(target)
	if err != nil {
		return "", err
	}
	if rel, err := filepath.Rel(absDir, absT); err == nil {
		return filepath.ToSlash(rel), nil
	}
	return filepath.ToSlash(absT), nil
}
