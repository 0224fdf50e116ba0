// Command varde builds, serves and checks a Varde knowledge portal.
//
// Usage:
//
//	varde init [DIR] [--example] [--force] [--baseURL URL]
//	varde build [-s DIR] [-d DIR] [--drafts] [--baseURL URL] [--minify=false] [--quiet]
//	varde serve [-s DIR] [--port 1313] [--bind 127.0.0.1] [--drafts]
//	varde check [-s DIR] [--format text|json]
//	varde search QUERY [--lang nb|nn|en] [--type T] [--audience A] [--limit N] [--json]
//	varde new TYPE PATH
//	varde export scorm COURSE-ID -o FILE.zip
//	varde edition snapshot NAME
//	varde pack status|update|override
//
// Exit codes: 0 success, 1 content errors, 2 usage errors.
package main

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// Exit codes.
const (
	exitOK      = 0
	exitContent = 1
	exitUsage   = 2
)

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"init", "make a new site: config.toml and a home page, or the example portal with --example", runInit},
		{"build", "build the site into public/", runBuild},
		{"serve", "preview the site with live reload while you edit", runServe},
		{"export", "package a course for a learning platform (SCORM 1.2)", runExport},
		{"search", "search the site from the command line", runSearch},
		{"check", "find mistakes (dead links, invalid quizzes, missing alt text…) before publishing", runCheck},
		{"new", "create a page of a type from its archetype", runNew},
		{"edition", "freeze the current content as a named edition (varde edition snapshot NAME)", runEdition},
		{"pack", "what changed upstream in the site's content packs; move a pack's pin (status, update, override)", runPack},
		{"survey", "check share files of a regional maturity survey (varde survey check FOLDER)", runSurvey},
	}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	flags, name, rest := splitCommand(args)
	if name == "" {
		for _, f := range flags {
			switch f {
			case "-h", "--help", "-help":
				usage(stdout)
				return exitOK
			case "-v", "--version", "-version":
				printVersion(stdout)
				return exitOK
			}
		}
		if len(flags) > 0 {
			fmt.Fprintf(stderr, "varde: %s needs a command after it\n\n", strings.Join(flags, " "))
		}
		usage(stderr)
		return exitUsage
	}
	switch name {
	case "help":
		return runHelp(rest, stdout, stderr)
	case "version":
		printVersion(stdout)
		return exitOK
	}
	if c, ok := findCommand(name); ok {
		// Flags written before the command go first, so that "varde -s
		// site build" means "varde build -s site" as in Hugo and git.
		return c.run(append(flags, rest...), stdout, stderr)
	}
	fmt.Fprintf(stderr, "varde: unknown command %q\n\n", name)
	usage(stderr)
	return exitUsage
}

// boolFlags are the flags of any command that take no value, so that the
// word after one of them, written before the command, is not taken for
// its value: in "varde --drafts build" build is the command. A test holds
// this list to the commands' flag sets.
var boolFlags = map[string]bool{
	"h": true, "help": true, "v": true, "version": true,
	"drafts": true, "minify": true, "quiet": true, "q": true, "json": true, "force": true, "example": true, "git": true, "offline": true, "rebase": true, "strict": true,
}

// splitCommand separates the flags written before the command from the
// command and what follows it. A flag that takes a value takes the next
// word unless it is written as -flag=value.
func splitCommand(args []string) (flags []string, name string, rest []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" || a == "-" || !strings.HasPrefix(a, "-") {
			if a == "--" {
				i++
				if i == len(args) {
					return flags, "", nil
				}
			}
			return flags, args[i], args[i+1:]
		}
		flags = append(flags, a)
		if n := strings.TrimLeft(a, "-"); !strings.Contains(n, "=") && !boolFlags[n] && i+1 < len(args) {
			flags = append(flags, args[i+1])
			i++
		}
	}
	return flags, "", nil
}

func findCommand(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// runHelp is "varde help [COMMAND]": the general help, or the command's
// own, on stdout as "go help build" does.
func runHelp(args []string, stdout, stderr io.Writer) int {
	switch len(args) {
	case 0:
		usage(stdout)
		return exitOK
	case 1:
		if c, ok := findCommand(args[0]); ok {
			return c.run([]string{"--help"}, stdout, stdout)
		}
		fmt.Fprintf(stderr, "varde help: unknown command %q\n\n", args[0])
	default:
		fmt.Fprintf(stderr, "varde help: give one command, not %q\n\n", strings.Join(args, " "))
	}
	usage(stderr)
	return exitUsage
}

const version = "0.1.0"

func printVersion(w io.Writer) { fmt.Fprintln(w, "varde", version) }

// formatDoc is where the content format (front matter, control questions,
// quizzes, config.toml) is described: in the project, so that a user of an
// installed binary can find it.
const formatDoc = "https://github.com/varde-portal/varde/blob/main/docs/format.md"

func usage(w io.Writer) {
	fmt.Fprintln(w, "Varde builds a knowledge portal on information security and privacy from Markdown.")
	fmt.Fprintln(w, "\nUsage: varde COMMAND [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "  help     show the flags of a command (varde help build)")
	fmt.Fprintln(w, "  version  print the version (also -v, --version)")
	fmt.Fprintln(w, "\nFlags may come before or after the command: varde -s SITE build is varde build -s SITE.")
	fmt.Fprintln(w, "Boolean flags take --flag, --flag=false or --flag false.")
	fmt.Fprintln(w, "Run 'varde help COMMAND' for the flags of a command.")
	fmt.Fprintf(w, "\nThe content format (front matter, control questions, quizzes, config.toml) is\ndescribed in docs/format.md: %s\n", formatDoc)
}
