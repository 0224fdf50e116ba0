// Command varde builds, serves and checks a Varde knowledge portal.
//
// Usage:
//
//	varde build [-s DIR] [-d DIR] [--drafts] [--baseURL URL] [--minify=false] [--quiet]
//	varde serve [-s DIR] [--port 1313] [--bind 127.0.0.1] [--drafts]
//	varde check [-s DIR] [--format text|json]
//	varde search QUERY [--lang nb|nn|en] [--type T] [--audience A] [--limit N] [--json]
//	varde new TYPE PATH
//	varde export scorm COURSE-ID -o FILE.zip
//	varde edition snapshot NAME
//
// Exit codes: 0 success, 1 content errors, 2 usage errors.
package main

import (
	"fmt"
	"io"
	"os"
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
		{"build", "build the site into public/", runBuild},
		{"serve", "preview the site with live reload while you edit", runServe},
		{"export", "package a course for a learning platform (SCORM 1.2)", runExport},
		{"search", "search the site from the command line", runSearch},
		{"check", "find mistakes (dead links, invalid quizzes, missing alt text…) before publishing", runCheck},
		{"new", "create a page of a type from its archetype", runNew},
		{"edition", "freeze the current content as a named edition (varde edition snapshot NAME)", runEdition},
	}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "--help", "-help", "help":
		usage(stdout)
		return exitOK
	case "version", "--version":
		fmt.Fprintln(stdout, "varde", version)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "varde: unknown command %q\n\n", args[0])
	usage(stderr)
	return exitUsage
}

const version = "0.1.0"

func usage(w io.Writer) {
	fmt.Fprintln(w, "Varde builds a knowledge portal on information security and privacy from Markdown.")
	fmt.Fprintln(w, "\nUsage: varde COMMAND [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'varde COMMAND --help' for the flags of a command.")
}
