package main

import (
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	varde "github.com/varde-portal/varde"
	"github.com/varde-portal/varde/internal/config"
)

const initSynopsis = "init [DIR] [--example | --pack PATH-or-URL [--ref R]] [--force] [--baseURL URL]   (makes a new site in DIR, by default the current folder)"

// runInit makes a new site, as `hugo new site` does: a commented
// config.toml, a home page in bokmål and nynorsk, and a .gitignore, or with
// --example the bundled portal's content as a starting point. The result
// builds and checks without a single error or warning, so the first thing
// an editor sees from `varde check` is about their own pages.
func runInit(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("init", initSynopsis, stderr)
	example := fs.Bool("example", false, "start from the bundled portal's content (guides, checklists, norms, courses) instead of an empty home page")
	force := fs.Bool("force", false, "write into a folder that is not empty: nothing is deleted, but files init writes replace those of the same name")
	useGit := fs.Bool("git", true, "make the folder a git repository (git init) unless it is inside one: Varde takes each page's last-changed date and history from git")
	packArg := fs.String("pack", "", "build the new site on a content `pack`: a folder, or a git repository (address or local clone) pinned to its newest tag or --ref; the site then holds only config.toml, and its own pages override the pack's")
	packRef := fs.String("ref", "", "with --pack and a git repository: the tag or commit to pin (default the newest tag)")
	baseURL := fs.String("baseURL", "", "public `address` the portal will have, written into config.toml (default "+initBaseURL+", to be changed before publishing)")
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if !wantArgs(fs, pos, 0, 1, stderr) {
		return exitUsage
	}
	dir := "."
	if len(pos) == 1 {
		dir = pos[0]
	}
	if *baseURL != "" {
		// The same rule config.toml is held to, so that init never writes a
		// file the next build refuses.
		if _, ds := config.Parse([]byte("baseURL = " + tomlString(*baseURL) + "\n")); len(ds) > 0 {
			fmt.Fprintf(stderr, "varde init: --baseURL %q is not an http(s) address such as https://personvern.kommune.no/\n", *baseURL)
			return exitUsage
		}
	}

	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		fmt.Fprintf(stderr, "varde init: %s is a file, not a folder\n", dir)
		return exitUsage
	}
	if names, err := folderEntries(dir); err != nil {
		fmt.Fprintf(stderr, "varde init: %v\n", err)
		return exitContent
	} else if len(names) > 0 && !*force {
		fmt.Fprintf(stderr, "varde init: %s is not empty (it holds %s): choose a new or empty folder, or pass --force to add the site's files to it (nothing is deleted, but files of the same name are replaced)\n",
			shownDir(dir), listSome(names, 3))
		return exitContent
	}

	if *packArg != "" && *example {
		fmt.Fprintln(stderr, "varde init: --example copies the bundled content and --pack builds on a pack; choose one")
		return exitUsage
	}
	files, err := initFiles(*example, *baseURL)
	if err != nil {
		fmt.Fprintf(stderr, "varde init: %v\n", err)
		return exitContent
	}
	if *packArg != "" {
		// Fetching a git pack makes .varde/packs/ in the new site; a refused
		// init takes it away again, or the next try found the folder "not
		// empty (it holds .varde)".
		_, dirErr := os.Lstat(dir)
		_, vardeErr := os.Lstat(filepath.Join(dir, ".varde"))
		if files, err = initPackFiles(dir, files, *packArg, *packRef); err != nil {
			if errors.Is(vardeErr, iofs.ErrNotExist) {
				_ = os.RemoveAll(filepath.Join(dir, ".varde"))
			}
			if errors.Is(dirErr, iofs.ErrNotExist) {
				_ = os.Remove(dir) // only if empty
			}
			fmt.Fprintf(stderr, "varde init: --pack: %v\n", err)
			return exitContent
		}
	}
	if err := writeFiles(dir, files); err != nil {
		fmt.Fprintf(stderr, "varde init: %v\n", err)
		return exitContent
	}
	gitNote := ""
	if *useGit && gitInstalled() && !inGitRepo(dir) {
		if _, err := git(dir, "init", "-q"); err != nil {
			// The site is made; without git it only lacks page history,
			// which `varde build` says itself.
			fmt.Fprintf(stderr, "varde init: the site is made, but %v\n", err)
		} else {
			gitNote = " It is a new git repository: commit your pages, since each page's last-changed date comes from git."
		}
	}

	what := "config.toml, a home page in bokmål and nynorsk (content/_index.md, content/_index.nn.md) and .gitignore"
	if *packArg != "" {
		what = fmt.Sprintf("config.toml (on the pack %s, with [values] to fill in) and .gitignore", *packArg)
	}
	if *example {
		what = fmt.Sprintf("config.toml, .gitignore and the example portal's %d content files", len(files)-2)
	}
	fmt.Fprintf(stdout, "Created a Varde site in %s: %s.%s\n\nNext:\n", shownDir(dir), what, gitNote)
	for _, c := range nextCommands(dir) {
		fmt.Fprintf(stdout, "  %s\n", c)
	}
	fmt.Fprintf(stdout, "\nvarde build writes the site to public/. Before you publish, set baseURL in config.toml to the portal's address.\nThe content format is described in docs/format.md: %s\n", formatDoc)
	return exitOK
}

// initBaseURL is the address init writes when none is given, as `hugo new
// site` does: config.toml says to change it before publishing. An address
// is written rather than none because without one the sitemap, robots.txt,
// canonical links and feeds hold relative URLs, which `varde check` warns
// about, and a new site is to check clean.
const initBaseURL = "https://example.org/"

// nextCommands are the three commands to run after init: into the site
// (unless it is the current folder), a first page, the preview, and
// `varde check`.
func nextCommands(dir string) []string {
	var cmds []string
	if filepath.Clean(dir) != "." {
		cmds = append(cmds, "cd "+shellQuote(dir))
	}
	cmds = append(cmds,
		"varde new onepager veiledere/min-forste-veileder.md   # a page to fill in",
		"varde serve                                         # preview it while you write",
		"varde check                                         # find mistakes before you publish")
	return cmds[:3]
}

// shellQuote quotes a folder name for the shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/-") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// folderEntries returns the names in dir, or none when it does not exist
// yet. A .git folder alone does not count, so that `git init x` followed by
// `varde init x` works.
func folderEntries(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, iofs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range ents {
		if e.Name() != ".git" {
			names = append(names, e.Name())
		}
	}
	return names, nil
}

// listSome names up to n of names, and how many more there are.
func listSome(names []string, n int) string {
	sort.Strings(names)
	if len(names) <= n {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:n], ", "), len(names)-n)
}

// initFile is one file init writes, by slash path inside the site.
type initFile struct {
	name string
	data []byte
}

// initFiles returns the files of a new site.
func initFiles(example bool, baseURL string) ([]initFile, error) {
	if baseURL == "" {
		baseURL = initBaseURL
	}
	files := []initFile{
		{config.File, []byte(strings.Replace(initConfig, "{{baseURL}}", tomlString(baseURL), 1))},
		{".gitignore", []byte(initGitignore)},
	}
	if !example {
		return append(files,
			initFile{"content/_index.md", []byte(initHomeNB)},
			initFile{"content/_index.nn.md", []byte(initHomeNN)}), nil
	}
	src, err := varde.ExampleContent()
	if err != nil {
		return nil, err
	}
	err = iofs.WalkDir(src, ".", func(p string, d iofs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := iofs.ReadFile(src, p)
		if err != nil {
			return err
		}
		files = append(files, initFile{path.Join("content", p), data})
		return nil
	})
	return files, err
}

// writeFiles writes files into dir, making it and the folders on the way.
// It goes through os.Root, so a symbolic link in a folder given --force
// cannot lead a file outside it.
func writeFiles(dir string, files []initFile) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	for _, f := range files {
		name := filepath.FromSlash(f.name)
		if err := root.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return err
		}
		if err := root.WriteFile(name, f.data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// tomlString writes s as a TOML basic string.
func tomlString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\t", `\t`).Replace(s) + `"`
}

// initConfig is the config.toml of a new site. Its comments are Norwegian:
// the file is read and changed by the municipality's editors.
const initConfig = `# Innstillinger for portalen. Alle innstillinger og hele innholdsformatet
# (forsidefelt, kontrollspørsmål, quiz, seksjoner) er beskrevet i docs/format.md
# i Varde-prosjektet: ` + formatDoc + `

# Navnet på portalen, vist øverst på hver side og i fanen i nettleseren.
title = "Personvern og informasjonssikkerhet i kommunen"

# Adressen portalen skal publiseres på. Bytt den ut før dere publiserer: den
# brukes i sitemap.xml, robots.txt, lenker til hver side og nyhetsstrømmene.
baseURL = {{baseURL}}

# Språk: bokmål er hovedspråket (sider som x.md), nynorsk står ved siden av
# (x.nn.md, samme navn). Skal portalen bare være på bokmål, fjerner dere
# [languages.nn].
defaultLanguage = "nb"

[languages.nb]
name = "Bokmål"
weight = 1

[languages.nn]
name = "Nynorsk"
title = "Personvern og informasjonstryggleik i kommunen"
weight = 2

# Seksjoner er mappene under content/. type er sidetypen sidene i mappen får
# når de ikke sier noe selv (varde new TYPE mappe/side.md skriver den
# uansett), og weight er rekkefølgen i hovedmenyen. En seksjon uten sider
# vises ikke.
[sections.veiledere]
type = "onepager"
weight = 1

[sections.verktoykasse]
type = "checklist"
weight = 2

[sections.adferdsnorm]
type = "norm"
weight = 3

[sections.kurs]
type = "course"
weight = 4

[sections.om]
type = "page"
weight = 5
`

// initGitignore keeps what varde writes out of git: the built site and
// the search index and lock of .varde/.
const initGitignore = `# Laget av varde build og varde serve: skal ikke i git.
public/
.varde/
`

const initHomeNB = `---
title: "Personvern og informasjonssikkerhet i kommunen"
description: "Veiledere, sjekklister og kurs om personvern og informasjonssikkerhet for ansatte og ledere i kommunen."
---

Velkommen! Her samler kommunen det ansatte og ledere trenger for å jobbe godt med
personvern og informasjonssikkerhet.

Dette er forsiden. Skriv den om i ` + "`content/_index.md`" + ` (bokmål) og
` + "`content/_index.nn.md`" + ` (nynorsk).
`

const initHomeNN = `---
title: "Personvern og informasjonstryggleik i kommunen"
description: "Rettleiarar, sjekklister og kurs om personvern og informasjonstryggleik for tilsette og leiarar i kommunen."
---

Velkomen! Her samlar kommunen det tilsette og leiarar treng for å arbeide godt med
personvern og informasjonstryggleik.

Dette er framsida. Skriv ho om i ` + "`content/_index.nn.md`" + ` (nynorsk) og
` + "`content/_index.md`" + ` (bokmål).
`
