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
