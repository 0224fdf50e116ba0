package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/varde-portal/varde/internal/check"
	"github.com/varde-portal/varde/internal/diag"
)

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", "check [-s DIR] [--format text|json] [--drafts]", stderr)
	src := siteFlag(fs)
	format := fs.String("format", "text", "output `format`: text (file:line:col: level: message) or json (for CI annotations)")
	drafts := fs.Bool("drafts", true, "check draft pages too")
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if !wantArgs(fs, pos, 0, 0, stderr) || !needSite("check", *src, stderr) {
		return exitUsage
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "varde check: --format must be text or json, not %q\n", *format)
		return exitUsage
	}
	ds := check.Run(context.Background(), check.Options{Source: *src, Drafts: *drafts})
	errs, warns := 0, 0
	for _, d := range ds {
		if d.Severity == diag.Error {
			errs++
		} else {
			warns++
		}
	}
	if *format == "json" {
		type item struct {
			File     string `json:"file"`
			Line     int    `json:"line"`
			Col      int    `json:"col"`
			Severity string `json:"severity"`
			Message  string `json:"message"`
			More     int    `json:"more,omitempty"` // on "… and N more like this": N
		}
		out := struct {
			Errors   int    `json:"errors"`
			Warnings int    `json:"warnings"`
			Items    []item `json:"diagnostics"`
		}{errs, warns, []item{}}
		// Capped as the text is (errors and warnings keep the true counts).
		for _, d := range diag.Capped(ds, diag.PerKind) {
			out.Items = append(out.Items, item{d.File, d.Line, d.Col, d.Severity.String(), d.Msg, d.More})
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(out)
	} else {
		for _, d := range diag.Capped(ds, diag.PerKind) {
			fmt.Fprintln(stdout, d.String())
		}
		switch {
		case errs == 0 && warns == 0:
			fmt.Fprintln(stdout, "No problems found.")
		default:
			fmt.Fprintf(stdout, "%d error(s), %d warning(s).\n", errs, warns)
		}
	}
	if errs > 0 {
		return exitContent
	}
	return exitOK
}
