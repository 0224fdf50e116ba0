package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/varde-portal/varde/internal/build"
	"github.com/varde-portal/varde/internal/diag"
)

func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("build", "build [-s DIR] [-d DIR] [--drafts] [--baseURL URL] [--minify=false] [--quiet]", stderr)
	src := fs.String("s", ".", "site `folder` (holds config.toml and content/)")
	dest := fs.String("d", "public", "output `folder`, replaced only when the build succeeds")
	drafts := fs.Bool("drafts", false, "include pages marked draft: true")
	baseURL := fs.String("baseURL", "", "public address of the site, overriding config.toml")
	minify := fs.Bool("minify", true, "minify HTML, CSS, JS, SVG, XML and JSON")
	quiet := fs.Bool("quiet", false, "print only warnings and errors")
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if !wantArgs(fs, pos, 0, 0, stderr) {
		return exitUsage
	}
	opts := build.Options{Source: *src, Dest: *dest, Drafts: *drafts, BaseURL: *baseURL}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "minify" {
			opts.Minify = minify
		}
	})
	stopProfiles := startProfiles(stderr)
	res, err := build.Build(context.Background(), opts)
	stopProfiles()
	if res != nil {
		printDiags(stderr, res.Diags)
	}
	if err != nil {
		var fail *diag.Failure
		if errors.As(err, &fail) {
			n := 0
			for _, d := range fail.Diags {
				if d.Severity == diag.Error {
					n++
				}
			}
			fmt.Fprintf(stderr, "varde build: %d error(s); %s was not changed\n", n, *dest)
			return exitContent
		}
		fmt.Fprintf(stderr, "varde build: %v\n", err)
		return exitContent
	}
	if !*quiet {
		printSummary(stdout, res)
	}
	return exitOK
}

// printDiags writes diagnostics as file:line: severity: message.
func printDiags(w io.Writer, ds []diag.Diagnostic) {
	for _, d := range ds {
		fmt.Fprintln(w, d.String())
	}
}

// printSummary prints a Hugo-like table of what was built.
func printSummary(w io.Writer, res *build.Result) {
	st := res.Stats
	langs := res.Config.LanguageOrder
	fmt.Fprintf(w, "\n%-16s", "")
	for _, l := range langs {
		fmt.Fprintf(w, " %6s", strings.ToUpper(l))
	}
	fmt.Fprintf(w, "\n%s\n%-16s", strings.Repeat("-", 16+7*len(langs)), "Pages")
	for _, l := range langs {
		fmt.Fprintf(w, " %6d", st.Pages[l])
	}
	fmt.Fprintf(w, "\n%-16s %6d\n%-16s %6d\n%-16s %6d\n%-16s %6s\n\n", "Sections", st.Sections, "Aliases", st.Aliases, "Output files", st.Files, "Output size", humanBytes(st.Bytes))
	fmt.Fprintf(w, "Built in %d ms\n", st.Took.Milliseconds())
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
