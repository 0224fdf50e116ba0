package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/varde-portal/varde/internal/build"
	"github.com/varde-portal/varde/internal/diag"
	"github.com/varde-portal/varde/internal/output"
)

func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("build", "build [-s DIR] [-d DIR] [--drafts] [--baseURL URL] [--minify=false] [-q|--quiet] [--strict]", stderr)
	src := siteFlag(fs)
	dest := fs.String("d", "public", "output `folder`, in the site folder unless absolute; replaced only when the build succeeds, and only if Varde wrote it")
	drafts := fs.Bool("drafts", false, "include pages marked draft: true")
	baseURL := fs.String("baseURL", "", "public address of the site, overriding config.toml")
	minify := fs.Bool("minify", true, "minify HTML, CSS, JS, SVG, XML and JSON")
	quiet := fs.Bool("quiet", false, "print only warnings and errors")
	fs.BoolVar(quiet, "q", false, "short for --quiet")
	strict := fs.Bool("strict", false, "make a bad survey share file an error that stops the build (by default it is left out with a warning)")
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if !wantArgs(fs, pos, 0, 0, stderr) || !needSite("build", *src, stderr) || !checkBaseURL("build", baseURL, stderr) {
		return exitUsage
	}
	opts := build.Options{Source: *src, Dest: *dest, Drafts: *drafts, BaseURL: *baseURL, Log: stderr, Strict: *strict}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "minify" {
			opts.Minify = minify
		}
	})
	ctx, stopSignals := signalContext()
	defer stopSignals()
	stopProfiles := startProfiles(stderr)
	stopProgress := func() {}
	if wantProgress(stderr, *quiet, os.Getenv) {
		opts.Progress = &build.Progress{}
		stopProgress = progressLine(stderr, opts.Progress, time.Second, 200*time.Millisecond)
	}
	res, err := build.Build(ctx, opts)
	stopProgress()
	stopProfiles()
	if res != nil {
		printDiags(stderr, res.Diags)
	}
	shown := *dest
	if res != nil && res.Output != "" {
		shown = res.Output
	}
	var unsafe *output.UnsafeError
	var sig signalError
	switch {
	case errors.As(err, &unsafe):
		fmt.Fprintf(stderr, "varde build: %v\nChoose another output folder with -d: a relative one is in the site folder (default public).\n", err)
		return exitUsage
	case errors.As(context.Cause(ctx), &sig) && err != nil:
		fmt.Fprintf(stderr, "varde build: stopped by %v; %s was not changed\n", sig.sig, shown)
		return sig.exitCode()
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
			fmt.Fprintf(stderr, "varde build: %d error(s); %s was not changed\n", n, shown)
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

// printDiags writes diagnostics as file:line: severity: message, each kind
// capped per file (diag.Capped).
func printDiags(w io.Writer, ds []diag.Diagnostic) {
	for _, d := range diag.Capped(ds, diag.PerKind) {
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
	fmt.Fprintf(w, "Output: %s\nBuilt in %d ms\n", res.Output, st.Took.Milliseconds())
}

// signalError is the cause of a build stopped by SIGINT (Ctrl-C) or
// SIGTERM.
type signalError struct{ sig os.Signal }

func (e signalError) Error() string { return "stopped by " + e.sig.String() }

// exitCode is the shell's code for death by the signal: 130 for SIGINT,
// 143 for SIGTERM.
func (e signalError) exitCode() int {
	if s, ok := e.sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return exitContent
}

// signalContext returns a context that SIGINT or SIGTERM cancels with a
// signalError: the build then removes its staging folder and exits non-zero
// (the default action would kill it and leave the folder behind).
func signalContext() (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case s := <-sigs:
			cancel(signalError{s})
		case <-ctx.Done():
		}
	}()
	return ctx, func() {
		signal.Stop(sigs)
		cancel(nil)
	}
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
