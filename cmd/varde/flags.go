package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// newFlags returns a flag set that prints its usage to w with the command's
// synopsis.
func newFlags(name, synopsis string, w io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(w)
	fs.Usage = func() {
		fmt.Fprintf(w, "Usage: varde %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags and positional arguments in any order ("varde search
// avvik --lang nn" and "varde search --lang nn avvik" are the same). It
// returns the positionals, or an exit code when parsing should stop: 0 after
// --help, 2 on a usage error.
func parse(fs *flag.FlagSet, args []string) ([]string, int, bool) {
	args = joinBoolValues(fs, args)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, exitOK, false
			}
			return nil, exitUsage, false
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, 0, true
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), 0, true
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// joinBoolValues rewrites "--minify false" as "--minify=false" for the
// boolean flags of fs. Go's flag package takes a boolean flag's value only
// after "=", so "--minify false" set minify to true and left "false" as an
// unexpected argument; editors write it the way they write every other
// flag. Only the words true and false are joined, so a search for "1"
// after --json stays a query. The values of the other flags are skipped,
// so "-s false" still names a folder called false.
func joinBoolValues(fs *flag.FlagSet, args []string) []string {
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		out = append(out, a)
		if a == "--" {
			return append(out, args[i+1:]...)
		}
		name, isFlag := strings.CutPrefix(a, "-")
		if !isFlag || name == "" || strings.Contains(name, "=") {
			continue
		}
		f := fs.Lookup(strings.TrimPrefix(name, "-"))
		if f == nil || i+1 >= len(args) {
			continue
		}
		if !isBoolFlag(f) {
			out = append(out, args[i+1]) // its value, whatever it looks like
			i++
			continue
		}
		if v := args[i+1]; v == "true" || v == "false" {
			out[len(out)-1] = a + "=" + v
			i++
		}
	}
	return out
}

// isBoolFlag reports whether f is a boolean flag, one that may stand alone.
func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// wantArgs checks the number of positional arguments.
func wantArgs(fs *flag.FlagSet, pos []string, min, max int, w io.Writer) bool {
	if len(pos) < min || (max >= 0 && len(pos) > max) {
		if len(pos) < min {
			fmt.Fprintf(w, "varde %s: missing argument\n", fs.Name())
		} else {
			fmt.Fprintf(w, "varde %s: unexpected argument %q\n", fs.Name(), strings.Join(pos[max:], " "))
		}
		fs.Usage()
		return false
	}
	return true
}
